//! Whether a row of a kubectl table is healthy, from the columns kubectl prints: STATUS,
//! READY (`0/1`), RESTARTS (`14 (2m ago)`) and AGE-like durations (`3h12m`, `9d`).
//!
//! A row is not healthy when its status is not one of the steady ones (Running, Completed,
//! Ready, Bound, Active, …), when fewer are ready than wanted (unless it completed), when it
//! restarted at least `MANY_RESTARTS` times, or restarted in the last `RECENT_RESTART_SECS`.

pub const MANY_RESTARTS: u64 = 5;
pub const RECENT_RESTART_SECS: u64 = 3600;

const STEADY: &[&str] = &[
    "Running",
    "Completed",
    "Succeeded",
    "Complete",
    "Ready",
    "Bound",
    "Active",
    "Available",
    "Healthy",
    "True",
    "Established",
    "Deployed",
];

/// The columns of a table that health is read from.
#[derive(Clone, Copy, Default, Debug)]
pub struct Columns {
    pub namespace: Option<usize>,
    pub status: Option<usize>,
    pub ready: Option<usize>,
    pub restarts: Option<usize>,
    pub age: Option<usize>,
}

impl Columns {
    pub fn of(header: &[&str]) -> Columns {
        let find = |names: &[&str]| header.iter().position(|h| names.contains(h));
        Columns {
            namespace: find(&["NAMESPACE"]),
            status: find(&["STATUS"]),
            ready: find(&["READY"]),
            restarts: find(&["RESTARTS"]),
            age: find(&["AGE"]),
        }
    }
}

/// What a row says, as far as health goes.
#[derive(Debug, Default)]
pub struct Row<'a> {
    pub namespace: &'a str,
    pub status: &'a str,
    pub restarts: u64,
    pub age_secs: Option<u64>,
    pub healthy: bool,
}

pub fn row<'a>(columns: &Columns, cells: &[&'a str]) -> Row<'a> {
    let cell = |i: Option<usize>| i.and_then(|i| cells.get(i).copied()).unwrap_or("");
    let status = cell(columns.status);
    let completed = matches!(status, "Completed" | "Succeeded" | "Complete");
    let steady = status.is_empty() || STEADY.contains(&status);
    let ready_short = parse_ready(cell(columns.ready)).is_some_and(|(have, want)| have < want);
    let (restarts, last_restart) = parse_restarts(cell(columns.restarts));
    let restarting =
        restarts >= MANY_RESTARTS || last_restart.is_some_and(|ago| ago < RECENT_RESTART_SECS);
    Row {
        namespace: cell(columns.namespace),
        status,
        restarts,
        age_secs: parse_duration(cell(columns.age)),
        healthy: steady && (completed || !ready_short) && !restarting,
    }
}

/// `1/2` as (1, 2).
fn parse_ready(text: &str) -> Option<(u64, u64)> {
    let (have, want) = text.split_once('/')?;
    Some((have.parse().ok()?, want.parse().ok()?))
}

/// `14 (2m ago)` as (14, Some(120)); `0` as (0, None).
fn parse_restarts(text: &str) -> (u64, Option<u64>) {
    let (count, rest) = text.split_once(' ').unwrap_or((text, ""));
    let ago = rest
        .trim_start_matches('(')
        .trim_end_matches(')')
        .strip_suffix(" ago");
    (count.parse().unwrap_or(0), ago.and_then(parse_duration))
}

/// kubectl's short durations (`5s`, `51m`, `3h12m`, `9d`, `2y45d`) in seconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'y' => 365 * 86_400,
            _ => return None,
        };
        total += number.parse::<u64>().ok()? * unit;
        number.clear();
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy(cells: &[&str]) -> bool {
        let columns = Columns::of(&["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
        row(&columns, cells).healthy
    }

    #[test]
    fn pods() {
        assert!(healthy(&["api", "1/1", "Running", "0", "26h"]));
        assert!(healthy(&["api", "1/1", "Running", "2 (3d ago)", "26h"]));
        assert!(healthy(&["job", "0/1", "Completed", "0", "1h"]));
        assert!(!healthy(&[
            "w",
            "0/1",
            "CrashLoopBackOff",
            "14 (2m ago)",
            "51m"
        ]));
        assert!(!healthy(&["w", "0/1", "Running", "0", "51m"]));
        assert!(!healthy(&["w", "1/1", "Running", "1 (5m ago)", "51m"]));
        assert!(!healthy(&["w", "1/1", "Running", "7 (2d ago)", "9d"]));
        assert!(!healthy(&["w", "0/1", "Pending", "0", "1m"]));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("3h12m"), Some(3 * 3600 + 12 * 60));
        assert_eq!(
            parse_duration("2y45d"),
            Some(2 * 365 * 86_400 + 45 * 86_400)
        );
        assert_eq!(parse_duration("<unknown>"), None);
    }
}
