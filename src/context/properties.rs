//! Property tests over generated clusters, event lists and logs: every unhealthy row, every
//! Warning event and every distinct error line reaches the prompt, within the budget, and
//! redaction applies to what is kept.

use proptest::prelude::*;

use super::{prepare, Request, CHARS_PER_TOKEN};

const BUDGET: usize = 8_000;
/// A GitHub token: a shape gitleaks knows, hidden in kept lines.
const SECRET: &str = "ghp_8cW5ZbX0cJ5l2n9q1dYxk3mR7uTt4aB6eF0h";

fn run(args: &[&str], stdout: &str) -> super::Prepared {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    prepare(&Request {
        args: &args,
        stdout: stdout.as_bytes(),
        stderr: b"",
        budget_tokens: BUDGET,
        redact: true,
    })
}

const BROKEN: &[(&str, &str, &str)] = &[
    ("0/1", "CrashLoopBackOff", "14 (2m ago)"),
    ("0/1", "Pending", "0"),
    ("0/1", "ImagePullBackOff", "0"),
    ("0/1", "Running", "0"),
    ("1/1", "Running", "3 (10m ago)"),
    ("0/2", "Error", "1 (1h ago)"),
    ("1/1", "Running", "9 (2d ago)"),
];

/// `kubectl get pods -A` over `pods` pods, those at `broken` not healthy (one with a secret in
/// its name, which no cluster would allow, but a table row is text like any other).
fn cluster(pods: usize, broken: &[usize]) -> (String, Vec<String>) {
    let mut text = format!(
        "{:<16}{:<36}{:<8}{:<20}{:<14}{}\n",
        "NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"
    );
    let mut unhealthy = Vec::new();
    for i in 0..pods {
        let namespace = format!("team-{}", i % 13);
        let row = match broken.iter().position(|&b| b == i) {
            Some(k) => {
                let (ready, status, restarts) = BROKEN[k % BROKEN.len()];
                let name = if k == 0 {
                    format!("leak-{SECRET}")
                } else {
                    format!("api-{i:06}-x2k")
                };
                let row = format!(
                    "{namespace:<16}{name:<36}{ready:<8}{status:<20}{restarts:<14}{}m",
                    5 + k
                );
                unhealthy.push(row.replace(SECRET, "<redacted>"));
                row
            }
            None => format!(
                "{namespace:<16}{:<36}{:<8}{:<20}{:<14}{}d",
                format!("web-{i:06}-q8w"),
                "1/1",
                "Running",
                "0",
                1 + i % 40
            ),
        };
        text.push_str(&row);
        text.push('\n');
    }
    (text, unhealthy)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn every_unhealthy_row_reaches_the_prompt(
        pods in 2_000usize..20_000,
        picks in proptest::collection::btree_set(0usize..1_000_000, 1..60),
    ) {
        let broken: Vec<usize> = picks.into_iter().map(|p| p % pods).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let (text, unhealthy) = cluster(pods, &broken);
        let prepared = run(&["get", "pods", "-A"], &text);
        prop_assert!(prepared.stdout.len() <= BUDGET * CHARS_PER_TOKEN);
        for row in &unhealthy {
            prop_assert!(prepared.stdout.contains(row.as_str()), "missing {row}");
        }
        prop_assert!(!prepared.stdout.contains(SECRET));
        prop_assert!(prepared.redacted >= 1);
        let reduced = prepared.reduced.unwrap();
        prop_assert!(reduced.contains("healthy rows aggregated"), "{}", reduced);
    }

    #[test]
    fn every_warning_event_reaches_the_prompt(
        normal in 500usize..5_000,
        warnings in proptest::collection::btree_set(0usize..100_000, 1..40),
    ) {
        let mut text = format!("{:<16}{:<12}{:<10}{:<20}{:<30}{}\n", "NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        let mut expected = Vec::new();
        let warnings: Vec<usize> = warnings.into_iter().collect();
        for i in 0..normal {
            if let Ok(k) = warnings.binary_search(&(i * 100_000 / normal)) {
                let object = format!("pod/api-{k}");
                text.push_str(&format!("{:<16}{:<12}{:<10}{:<20}{:<30}{}\n", "shop", "3m", "Warning", "BackOff", object, "Back-off restarting failed container"));
                expected.push(object);
            }
            text.push_str(&format!("{:<16}{:<12}{:<10}{:<20}{:<30}{}\n", "shop", format!("{}m", i % 60), "Normal", ["Pulled", "Created", "Started"][i % 3], format!("pod/web-{}", i % 400), "Container image already present on machine"));
        }
        let prepared = run(&["get", "events", "-A"], &text);
        prop_assert!(prepared.stdout.len() <= BUDGET * CHARS_PER_TOKEN);
        let first_normal = prepared.stdout.find("Normal").unwrap_or(usize::MAX);
        for object in &expected {
            let at = prepared.stdout.find(&format!("Warning   BackOff             {object:<30}"));
            prop_assert!(at.is_some_and(|at| at < first_normal), "missing or late {object}");
        }
    }

    #[test]
    fn every_distinct_error_line_reaches_the_prompt(
        lines in 3_000usize..30_000,
        errors in proptest::collection::btree_set(0usize..1_000_000, 1..40),
    ) {
        let errors: Vec<usize> = errors.into_iter().collect();
        let mut log = String::new();
        let mut expected = Vec::new();
        for i in 0..lines {
            let stamp = format!("2026-03-0{}T{:02}:{:02}:{:02}.{:03}Z", 1 + i / 86_400, i / 3600 % 24, i / 60 % 60, i % 60, i % 1000);
            if let Ok(k) = errors.binary_search(&(i * 1_000_000 / lines)) {
                let secret = if k == 0 { format!(" with token={SECRET}") } else { String::new() };
                let kind = ["upstream connect error", "panic: nil map", "WARN disk nearly full on", "connection refused by", "failed to sync"][k % 5];
                let line = format!("{stamp} {kind} shard-{}{secret}", ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"][k % 8].repeat(1 + k / 8));
                expected.push(line.replace(SECRET, "<redacted>"));
                log.push_str(&line);
            } else {
                log.push_str(&format!("{stamp} INFO GET /api/v1/items/{} 200 in {}ms", i % 5000, i % 250));
            }
            log.push('\n');
        }
        let prepared = run(&["logs", "deploy/api"], &log);
        prop_assert!(prepared.stdout.len() <= BUDGET * CHARS_PER_TOKEN);
        for line in &expected {
            prop_assert!(prepared.stdout.contains(line.as_str()), "missing {line}");
        }
        prop_assert!(!prepared.stdout.contains(SECRET));
        prop_assert!(prepared.stdout.contains("INFO GET /api/v1/items/0 200 in 0ms"), "the head");
    }
}
