//! A key command and everything it starts, killed together: on Unix a process group of its own
//! (`kill(-group, SIGKILL)`); on Windows a job object, which the command is put in before it
//! runs any code (started suspended, resumed once in the job) and which `TerminateJobObject`
//! ends, grandchildren included.
//!
//! Both let go alike: a daemon that leaves the process group (`setsid`) or the job
//! (`CREATE_BREAKAWAY_FROM_JOB`, which the job allows) survives, and what a command that
//! finished left running is not touched.

#[cfg(unix)]
use std::io;
#[cfg(unix)]
use std::process::{Child, Command};

pub struct Group {
    #[cfg(unix)]
    id: libc::pid_t,
    #[cfg(windows)]
    job: std::os::windows::io::OwnedHandle,
}

/// Start `command` in a group of its own.
#[cfg(unix)]
pub fn spawn(command: &mut Command) -> io::Result<(Child, Group)> {
    use std::os::unix::process::CommandExt;
    let child = command.process_group(0).spawn()?;
    let id = child.id() as libc::pid_t;
    Ok((child, Group { id }))
}

#[cfg(unix)]
impl Group {
    /// Kill the whole group and reap the command.
    pub fn kill(&self, child: &mut Child) {
        // SAFETY: a plain syscall; the group is the one made for this child.
        unsafe { libc::kill(-self.id, libc::SIGKILL) };
        let _ = child.wait();
    }
}

#[cfg(windows)]
mod windows {
    use std::io;
    use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
    use std::os::windows::process::CommandExt;
    use std::process::{Child, Command};

    use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Diagnostics::ToolHelp::{
        CreateToolhelp32Snapshot, Thread32First, Thread32Next, TH32CS_SNAPTHREAD, THREADENTRY32,
    };
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
        SetInformationJobObject, TerminateJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
        JOB_OBJECT_LIMIT_BREAKAWAY_OK,
    };
    use windows_sys::Win32::System::Threading::{
        OpenThread, ResumeThread, CREATE_SUSPENDED, THREAD_SUSPEND_RESUME,
    };

    use super::Group;

    /// A handle a call returned, owned; null (or INVALID_HANDLE_VALUE) is the call's error.
    fn owned(handle: HANDLE) -> io::Result<OwnedHandle> {
        if handle.is_null() || handle == INVALID_HANDLE_VALUE {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: a handle just returned to us, closed only by the OwnedHandle.
        Ok(unsafe { OwnedHandle::from_raw_handle(handle) })
    }

    fn succeeded(ok: i32) -> io::Result<()> {
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    fn new_job() -> io::Result<OwnedHandle> {
        // SAFETY: no attributes, no name: a fresh anonymous job.
        let job = owned(unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) })?;
        // SAFETY: an all-zero limit structure is "no limits"; one flag is set below.
        let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
        limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_BREAKAWAY_OK;
        // SAFETY: the structure and its size match the information class.
        succeeded(unsafe {
            SetInformationJobObject(
                job.as_raw_handle(),
                JobObjectExtendedLimitInformation,
                (&raw const limits).cast(),
                size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            )
        })?;
        Ok(job)
    }

    /// Resume the threads of a process started suspended (its one main thread).
    fn resume(pid: u32) -> io::Result<()> {
        // SAFETY: a snapshot of the system's threads, owned below.
        let snapshot = owned(unsafe { CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0) })?;
        // SAFETY: all-zero is a valid THREADENTRY32; dwSize is set as the API requires.
        let mut entry: THREADENTRY32 = unsafe { std::mem::zeroed() };
        entry.dwSize = size_of::<THREADENTRY32>() as u32;
        let mut resumed = false;
        // SAFETY: the snapshot is open and the entry's size is set.
        let mut more = unsafe { Thread32First(snapshot.as_raw_handle(), &mut entry) } != 0;
        while more {
            if entry.th32OwnerProcessID == pid {
                // SAFETY: a thread id from the snapshot; the handle is owned.
                let thread =
                    owned(unsafe { OpenThread(THREAD_SUSPEND_RESUME, 0, entry.th32ThreadID) })?;
                // SAFETY: a thread handle opened with THREAD_SUSPEND_RESUME.
                if unsafe { ResumeThread(thread.as_raw_handle()) } == u32::MAX {
                    return Err(io::Error::last_os_error());
                }
                resumed = true;
            }
            // SAFETY: as for Thread32First.
            more = unsafe { Thread32Next(snapshot.as_raw_handle(), &mut entry) } != 0;
        }
        if resumed {
            Ok(())
        } else {
            Err(io::Error::other(
                "its main thread could not be found to start it",
            ))
        }
    }

    /// Start `command` in a job of its own.
    pub fn spawn(command: &mut Command) -> io::Result<(Child, Group)> {
        let job = new_job()?;
        let mut child = command.creation_flags(CREATE_SUSPENDED).spawn()?;
        // SAFETY: both handles are open: the job above, the child's process handle.
        let placed = succeeded(unsafe {
            AssignProcessToJobObject(job.as_raw_handle(), child.as_raw_handle())
        })
        .and_then(|()| resume(child.id()));
        if let Err(e) = placed {
            let _ = child.kill();
            let _ = child.wait();
            return Err(e);
        }
        Ok((child, Group { job }))
    }

    impl Group {
        /// Kill the whole job and reap the command.
        pub fn kill(&self, child: &mut Child) {
            // SAFETY: the job made for this child.
            if unsafe { TerminateJobObject(self.job.as_raw_handle(), 1) } == 0 {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

#[cfg(windows)]
pub use windows::spawn;
