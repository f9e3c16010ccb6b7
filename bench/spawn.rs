//! `spawn REPORT PROGRAM [ARGS...]`: runs PROGRAM, then writes its wall time, CPU time (user +
//! sys) and peak RSS to REPORT as JSON, and exits with PROGRAM's exit code.
//!
//! Why not time from Python: Linux starts a child's peak RSS at the resident size of the process
//! it was forked from (exec records the old address space's high-water mark), so every child of
//! the bench's Python would report at least that Python's RSS. This launcher is small, so the
//! peak RSS of its children is their own. The figures cover PROGRAM and the children it waited
//! for (the kubectl stand-in included).

use std::os::unix::process::ExitStatusExt;
use std::process::{exit, Command};
use std::time::Instant;

#[repr(C)]
struct Timeval {
    sec: i64,
    usec: i64,
}

/// `struct rusage` on 64-bit Linux: two timevals, then fourteen longs.
#[repr(C)]
struct Rusage {
    utime: Timeval,
    stime: Timeval,
    maxrss_kib: i64,
    rest: [i64; 13],
}

const RUSAGE_CHILDREN: i32 = -1;

extern "C" {
    fn getrusage(who: i32, usage: *mut Rusage) -> i32;
}

fn seconds(t: &Timeval) -> f64 {
    t.sec as f64 + t.usec as f64 / 1e6
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(report), Some(program)) = (args.next(), args.next()) else {
        eprintln!("usage: spawn REPORT PROGRAM [ARGS...]");
        exit(2);
    };
    let start = Instant::now();
    let status = Command::new(&program)
        .args(args)
        .status()
        .unwrap_or_else(|e| {
            eprintln!("spawn: cannot run {}: {e}", program.to_string_lossy());
            exit(127);
        });
    let wall = start.elapsed().as_secs_f64();
    let mut usage = Rusage {
        utime: Timeval { sec: 0, usec: 0 },
        stime: Timeval { sec: 0, usec: 0 },
        maxrss_kib: 0,
        rest: [0; 13],
    };
    // SAFETY: `usage` is a valid, writable `struct rusage` for the duration of the call.
    if unsafe { getrusage(RUSAGE_CHILDREN, &mut usage) } != 0 {
        eprintln!("spawn: getrusage failed");
        exit(125);
    }
    let code = status
        .code()
        .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
    let json = format!(
        "{{\"wall\": {wall}, \"cpu\": {}, \"peak_rss_kib\": {}, \"exit\": {code}}}\n",
        seconds(&usage.utime) + seconds(&usage.stime),
        usage.maxrss_kib,
    );
    if let Err(e) = std::fs::write(&report, json) {
        eprintln!("spawn: cannot write {}: {e}", report.to_string_lossy());
        exit(125);
    }
    exit(code);
}
