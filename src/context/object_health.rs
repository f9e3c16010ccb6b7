//! Whether an object (an item of `get -o json|yaml`) is healthy, by the notions `health.rs`
//! reads from a table's columns: its phase (not a steady one), its containers (not ready,
//! waiting, terminated other than completed, restarted `MANY_RESTARTS` times or in the last
//! `RECENT_RESTART_SECS`), its conditions (`Ready` or `Available` not `True`; `Failed`, a
//! `…Pressure` `True`) and its replicas (fewer ready than wanted).

use std::time::{SystemTime, UNIX_EPOCH};

use super::health::{MANY_RESTARTS, RECENT_RESTART_SECS, STEADY};
use super::tree::Node;

/// Conditions that are good when `True`; any other status is trouble.
const GOOD_WHEN_TRUE: &[&str] = &[
    "Ready",
    "ContainersReady",
    "Available",
    "PodScheduled",
    "Initialized",
    "Progressing",
    "Established",
];
/// Conditions that are trouble when `True`, besides the `…Pressure` ones.
const BAD_WHEN_TRUE: &[&str] = &[
    "Failed",
    "ReplicaFailure",
    "Degraded",
    "Stalled",
    "NetworkUnavailable",
];

/// What an object says, as far as health and counting go.
#[derive(Debug, Default)]
pub struct Facts {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    /// The phase, else the kind: what healthy objects are counted by.
    pub status: String,
    pub restarts: u64,
    pub created: String,
    /// What is wrong, in words; empty when it is healthy.
    pub trouble: Vec<String>,
}

impl Facts {
    pub fn healthy(&self) -> bool {
        self.trouble.is_empty()
    }

    /// `Pod team-1/api-x`.
    pub fn title(&self) -> String {
        let name = if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        };
        format!("{} {name}", self.kind).trim().to_owned()
    }
}

fn text<'a>(node: &'a Node, path: &[&str]) -> &'a str {
    walk(node, path).and_then(Node::as_str).unwrap_or("")
}

fn walk<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(node, |n, key| n.get(key))
}

fn number(node: &Node, path: &[&str]) -> Option<u64> {
    match walk(node, path)? {
        Node::Number(n) => n.parse().ok(),
        _ => None,
    }
}

fn list<'a>(node: &'a Node, path: &[&str]) -> &'a [Node] {
    match walk(node, path) {
        Some(Node::List(items)) => items,
        _ => &[],
    }
}

pub fn judge(object: &Node) -> Facts {
    judge_at(object, now())
}

fn judge_at(object: &Node, now: u64) -> Facts {
    let phase = text(object, &["status", "phase"]);
    let kind = text(object, &["kind"]);
    let mut facts = Facts {
        kind: kind.to_owned(),
        namespace: text(object, &["metadata", "namespace"]).to_owned(),
        name: text(object, &["metadata", "name"]).to_owned(),
        status: if phase.is_empty() { kind } else { phase }.to_owned(),
        created: text(object, &["metadata", "creationTimestamp"]).to_owned(),
        ..Facts::default()
    };
    if !phase.is_empty() && !STEADY.contains(&phase) {
        facts.trouble.push(format!("phase {phase}"));
    }
    let completed = matches!(phase, "Succeeded" | "Completed");
    for (field, init) in [
        ("initContainerStatuses", true),
        ("containerStatuses", false),
    ] {
        for container in list(object, &["status", field]) {
            containers(&mut facts, container, completed || init, now);
        }
    }
    for condition in list(object, &["status", "conditions"]) {
        if bad_condition(condition, completed) {
            let reason = text(condition, &["reason"]);
            let reason = if reason.is_empty() {
                String::new()
            } else {
                format!(" ({reason})")
            };
            let (kind, status) = (text(condition, &["type"]), text(condition, &["status"]));
            facts.trouble.push(format!("{kind} {status}{reason}"));
        }
    }
    let wanted = number(object, &["spec", "replicas"])
        .or_else(|| number(object, &["status", "desiredNumberScheduled"]));
    if let (Some(wanted), Some(_)) = (wanted, object.get("status")) {
        let ready = number(object, &["status", "readyReplicas"])
            .or_else(|| number(object, &["status", "numberReady"]))
            .unwrap_or(0);
        if ready < wanted {
            facts.trouble.push(format!("{ready}/{wanted} ready"));
        }
    }
    facts
}

/// Whether a condition is trouble; `completed` objects are not ready by design.
pub fn bad_condition(condition: &Node, completed: bool) -> bool {
    let kind = text(condition, &["type"]);
    let status = text(condition, &["status"]);
    if BAD_WHEN_TRUE.contains(&kind) || kind.ends_with("Pressure") {
        status == "True"
    } else {
        GOOD_WHEN_TRUE.contains(&kind) && status != "True" && !completed
    }
}

/// A container's trouble; `done` when not being ready is normal (a completed pod, an init
/// container that finished).
fn containers(facts: &mut Facts, container: &Node, done: bool, now: u64) {
    let name = text(container, &["name"]);
    let restarts = number(container, &["restartCount"]).unwrap_or(0);
    facts.restarts += restarts;
    let waiting = text(container, &["state", "waiting", "reason"]);
    let terminated = walk(container, &["state", "terminated"]);
    let finished_well = terminated.is_some_and(|t| {
        text(t, &["reason"]) == "Completed" || number(t, &["exitCode"]) == Some(0)
    });
    if !waiting.is_empty() {
        facts
            .trouble
            .push(format!("container {name} waiting: {waiting}"));
    } else if let Some(terminated) = terminated.filter(|_| !finished_well) {
        let reason = text(terminated, &["reason"]);
        let code = number(terminated, &["exitCode"]).unwrap_or(0);
        facts.trouble.push(format!(
            "container {name} terminated: {reason} (exit code {code})"
        ));
    } else if matches!(container.get("ready"), Some(Node::Bool(false))) && !done && !finished_well {
        facts.trouble.push(format!("container {name} not ready"));
    }
    let last = text(container, &["lastState", "terminated", "finishedAt"]);
    let recent = seconds(last).is_some_and(|at| now.saturating_sub(at) < RECENT_RESTART_SECS);
    if restarts >= MANY_RESTARTS || (restarts > 0 && recent) {
        let reason = text(container, &["lastState", "terminated", "reason"]);
        let reason = if reason.is_empty() {
            String::new()
        } else {
            format!(", last {reason}")
        };
        facts.trouble.push(format!(
            "container {name} restarted {restarts} times{reason}"
        ));
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `2026-11-30T12:34:56Z` (what the API server prints) in seconds since the epoch.
fn seconds(stamp: &str) -> Option<u64> {
    let field = |range: std::ops::Range<usize>| stamp.get(range)?.parse::<u64>().ok();
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    if !(1..=12).contains(&month) || year < 1970 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm), March-based years.
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let year_of_era = y % 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::super::json;
    use super::*;

    fn trouble(text: &str) -> Vec<String> {
        let now = seconds("2026-11-30T12:00:00Z").unwrap();
        judge_at(&json::parse(text).unwrap()[0], now).trouble
    }

    #[test]
    fn pods() {
        let running = r#"{"kind": "Pod", "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": [{"name": "app", "ready": true, "restartCount": 2, "lastState": {"terminated": {"finishedAt": "2026-11-28T12:00:00Z"}}, "state": {"running": {}}}]}}"#;
        assert!(trouble(running).is_empty());
        let crashing = r#"{"kind": "Pod", "status": {"phase": "Running", "containerStatuses": [{"name": "app", "ready": false, "restartCount": 14, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}"#;
        assert_eq!(
            trouble(crashing),
            [
                "container app waiting: CrashLoopBackOff",
                "container app restarted 14 times"
            ]
        );
        let recent = r#"{"status": {"phase": "Running", "containerStatuses": [{"name": "a", "ready": true, "restartCount": 1, "lastState": {"terminated": {"reason": "OOMKilled", "finishedAt": "2026-11-30T11:50:00Z"}}}]}}"#;
        assert_eq!(
            trouble(recent),
            ["container a restarted 1 times, last OOMKilled"]
        );
        let done = r#"{"status": {"phase": "Succeeded", "conditions": [{"type": "Ready", "status": "False", "reason": "PodCompleted"}], "containerStatuses": [{"name": "a", "ready": false, "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]}}"#;
        assert!(trouble(done).is_empty());
        assert_eq!(
            trouble(r#"{"status": {"phase": "Pending"}}"#),
            ["phase Pending"]
        );
    }

    #[test]
    fn nodes_and_deployments() {
        let node = r#"{"kind": "Node", "status": {"conditions": [{"type": "MemoryPressure", "status": "True"}, {"type": "Ready", "status": "Unknown", "reason": "NodeStatusUnknown"}]}}"#;
        assert_eq!(
            trouble(node),
            ["MemoryPressure True", "Ready Unknown (NodeStatusUnknown)"]
        );
        let short =
            r#"{"kind": "Deployment", "spec": {"replicas": 3}, "status": {"readyReplicas": 1}}"#;
        assert_eq!(trouble(short), ["1/3 ready"]);
        let scaled_down = r#"{"kind": "Deployment", "spec": {"replicas": 0}, "status": {}}"#;
        assert!(trouble(scaled_down).is_empty());
        let config = r#"{"kind": "ConfigMap", "data": {"a": "b"}}"#;
        assert!(trouble(config).is_empty());
    }

    #[test]
    fn timestamps() {
        assert_eq!(seconds("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(seconds("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(seconds("yesterday"), None);
    }
}
