//! Property tests over generated `get pods -o json|yaml` lists too large for the budget: every
//! pod not healthy, wherever it is in the list, reaches the prompt within the budget, the
//! healthy ones are counted, and redaction applies to what is kept.

use proptest::prelude::*;

use super::properties::{run, BUDGET, SECRET};
use super::{json, yaml, CHARS_PER_TOKEN};

/// What is wrong with a broken pod: its phase, and its one container's state and restarts.
const BROKEN: &[(&str, &str, u32)] = &[
    (
        "Running",
        r#"{"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"}}"#,
        14,
    ),
    (
        "Pending",
        r#"{"waiting": {"reason": "ContainerCreating"}}"#,
        0,
    ),
    (
        "Pending",
        r#"{"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}"#,
        0,
    ),
    (
        "Running",
        r#"{"terminated": {"reason": "Error", "exitCode": 2}}"#,
        1,
    ),
    (
        "Running",
        r#"{"running": {"startedAt": "2026-11-01T00:00:00Z"}}"#,
        9,
    ),
    (
        "Failed",
        r#"{"terminated": {"reason": "OOMKilled", "exitCode": 137}}"#,
        0,
    ),
];

/// A pod as `kubectl get pods -o json` prints it, with its bookkeeping; `broken` picks its
/// trouble. Every pod carries a credential in its environment.
fn pod(i: usize, broken: Option<usize>) -> (String, String) {
    let name = match broken {
        Some(0) => format!("leak-{SECRET}"),
        Some(_) => format!("api-{i:06}-x2k"),
        None => format!("web-{i:06}-q8w"),
    };
    let (phase, state, restarts) = broken.map_or(
        (
            "Running",
            r#"{"running": {"startedAt": "2026-11-01T00:00:00Z"}}"#,
            0,
        ),
        |k| BROKEN[k % BROKEN.len()],
    );
    let ready = broken.is_none();
    let text = format!(
        r#"{{"apiVersion": "v1", "kind": "Pod", "metadata": {{"creationTimestamp": "2026-11-01T00:00:00Z", "labels": {{"app": "api"}}, "managedFields": [{{"manager": "kubelet", "operation": "Update", "fieldsV1": {{"f:status": {{}}}}}}], "name": "{name}", "namespace": "team-{}", "resourceVersion": "{i}", "uid": "5f1c-{i}"}}, "spec": {{"containers": [{{"env": [{{"name": "API_TOKEN", "value": "tok-{i}-s3cr3t"}}], "image": "ghcr.io/example/api:1.{}", "name": "app", "terminationMessagePath": "/dev/termination-log"}}], "nodeName": "node-{}"}}, "status": {{"conditions": [{{"status": "{}", "type": "Ready"}}], "containerStatuses": [{{"image": "ghcr.io/example/api:1.0", "name": "app", "ready": {ready}, "restartCount": {restarts}, "state": {state}}}], "phase": "{phase}", "podIP": "10.0.{}.{}"}}}}"#,
        i % 11,
        i % 7,
        i % 5,
        if ready { "True" } else { "False" },
        i / 250 % 250,
        i % 250,
    );
    (text, name.replace(SECRET, "<redacted>"))
}

fn cluster(pods: usize, broken: &[usize]) -> (String, Vec<String>) {
    let mut items = Vec::new();
    let mut names = Vec::new();
    for i in 0..pods {
        let (text, name) = pod(i, broken.iter().position(|&b| b == i));
        if broken.contains(&i) {
            names.push(name);
        }
        items.push(text);
    }
    let text = format!(
        r#"{{"apiVersion": "v1", "items": [{}], "kind": "List", "metadata": {{"resourceVersion": ""}}}}"#,
        items.join(", ")
    );
    (text, names)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn every_unhealthy_item_reaches_the_prompt(
        pods in 600usize..4_000,
        picks in proptest::collection::btree_set(0usize..1_000_000, 1..40),
        as_yaml in any::<bool>(),
    ) {
        let broken: Vec<usize> = picks.into_iter().map(|p| p % pods).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let (mut text, names) = cluster(pods, &broken);
        let output = if as_yaml {
            text = yaml::render(&json::parse(&text).unwrap());
            "yaml"
        } else {
            "json"
        };
        let prepared = run(&["get", "pods", "-A", "-o", output], &text);
        prop_assert!(prepared.stdout.len() <= BUDGET * CHARS_PER_TOKEN, "{}", prepared.stdout.len());
        for name in &names {
            prop_assert!(prepared.stdout.contains(name.as_str()), "missing {name}");
        }
        prop_assert!(!prepared.stdout.contains(SECRET));
        prop_assert!(!prepared.stdout.contains("s3cr3t"));
        prop_assert!(prepared.redacted >= 1);
        let reduced = prepared.reduced.unwrap();
        let healthy = pods - broken.len();
        prop_assert!(reduced.starts_with(&format!("{} healthy items aggregated", super::lines::thousands(healthy))), "{}", reduced);
        prop_assert!(prepared.stdout.contains("healthy items not listed; counted by namespace and status: team-"));
        prop_assert!(prepared.cut.is_none(), "{:?}", prepared.cut);
    }
}

/// Found by the property above: 29 pods not healthy whose whole items fit when each was
/// measured alone, but not once indented inside the list, so the list was cut and 11 lost.
#[test]
fn the_items_kept_are_measured_as_they_are_printed() {
    let broken = [
        21, 27, 30, 40, 61, 114, 120, 154, 213, 223, 227, 240, 242, 254, 260, 285, 297, 314, 332,
        346, 350, 448, 459, 483, 500, 506, 510, 518, 599,
    ];
    let (text, names) = cluster(600, &broken);
    for (output, text) in [
        ("json", text.clone()),
        ("yaml", yaml::render(&json::parse(&text).unwrap())),
    ] {
        let prepared = run(&["get", "pods", "-A", "-o", output], &text);
        assert!(prepared.cut.is_none(), "{output}: {:?}", prepared.cut);
        for name in &names {
            assert!(
                prepared.stdout.contains(name.as_str()),
                "{output}: missing {name}"
            );
        }
    }
}
