//! Objects (`-o yaml`, `-o json`) without their bookkeeping: what the API server keeps for
//! itself (`managedFields`, `uid`, `resourceVersion`, `generation`, `creationTimestamp`,
//! `selfLink`, the last-applied annotation) and the defaults every pod carries (the service
//! account token volume, the two default tolerations, `terminationMessagePath`, …). Spec,
//! status, conditions and events stay. A Secret keeps its last-applied annotation, so that
//! redaction shows it was there.

use super::secrets::{is_secret, LAST_APPLIED};
use super::tree::Node;

const BOOKKEEPING: &[&str] = &[
    "managedFields",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "selfLink",
];

/// A field dropped wherever it holds exactly this default.
fn is_default(key: &str, value: &Node) -> bool {
    let text = |s: &str| value.as_str() == Some(s);
    let number = |n: &str| matches!(value, Node::Number(v) if v == n);
    match key {
        "terminationMessagePath" => text("/dev/termination-log"),
        "terminationMessagePolicy" => text("File"),
        "dnsPolicy" => text("ClusterFirst"),
        "schedulerName" => text("default-scheduler"),
        "enableServiceLinks" => matches!(value, Node::Bool(true)),
        "preemptionPolicy" => text("PreemptLowerPriority"),
        "priority" => number("0"),
        "terminationGracePeriodSeconds" => number("30"),
        "restartPolicy" => text("Always"),
        "securityContext" => value.is_empty(),
        "creationTimestamp" => matches!(value, Node::Null),
        _ => false,
    }
}

/// The token volume every pod gets (`kube-api-access-…`), and its mounts.
fn is_token_volume(item: &Node) -> bool {
    item.get("name")
        .and_then(Node::as_str)
        .is_some_and(|name| name.starts_with("kube-api-access-"))
}

/// The tolerations the API server adds to every pod.
fn is_default_toleration(item: &Node) -> bool {
    let key = item.get("key").and_then(Node::as_str);
    let default_key = matches!(
        key,
        Some("node.kubernetes.io/not-ready" | "node.kubernetes.io/unreachable")
    );
    default_key
        && item.get("effect").and_then(Node::as_str) == Some("NoExecute")
        && matches!(item.get("tolerationSeconds"), Some(Node::Number(n)) if n == "300")
}

/// Drops the bookkeeping from every object in `node`; how many fields went.
pub fn reduce(node: &mut Node) -> usize {
    let mut dropped = 0;
    if node.get("metadata").is_some() {
        dropped += reduce_metadata(node);
    }
    match node {
        Node::Map(fields) => {
            let before = fields.len();
            fields.retain(|(key, value)| !is_default(key, value));
            dropped += before - fields.len();
            for (key, value) in fields.iter_mut() {
                if let Node::List(items) = value {
                    let before = items.len();
                    match key.as_str() {
                        "volumes" | "volumeMounts" => items.retain(|i| !is_token_volume(i)),
                        "tolerations" => items.retain(|i| !is_default_toleration(i)),
                        _ => {}
                    }
                    dropped += before - items.len();
                }
                dropped += reduce(value);
            }
            let before = fields.len();
            fields.retain(|(key, value)| {
                !(matches!(key.as_str(), "volumes" | "volumeMounts" | "tolerations")
                    && value.is_empty())
            });
            dropped += before - fields.len();
        }
        Node::List(items) => dropped += items.iter_mut().map(reduce).sum::<usize>(),
        _ => {}
    }
    dropped
}

fn reduce_metadata(object: &mut Node) -> usize {
    let secret = is_secret(object, false);
    let Some(metadata) = object.get_mut("metadata") else {
        return 0;
    };
    let mut dropped = BOOKKEEPING
        .iter()
        .filter(|key| metadata.remove(key))
        .count();
    if let Some(annotations) = metadata.get_mut("annotations") {
        if !secret && annotations.remove(LAST_APPLIED) {
            dropped += 1;
        }
        if annotations.is_empty() {
            metadata.remove("annotations");
        }
    }
    if let Some(Node::List(owners)) = metadata.get_mut("ownerReferences") {
        dropped += owners
            .iter_mut()
            .map(|owner| usize::from(owner.remove("uid")))
            .sum::<usize>();
    }
    if metadata.is_empty() {
        object.remove("metadata");
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::super::yaml;
    use super::*;

    #[test]
    fn bookkeeping_goes_and_the_state_stays() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{}'\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  managedFields:\n  - manager: kubectl\n  name: web\n  ownerReferences:\n  - kind: ReplicaSet\n    name: web-1\n    uid: 1234\n  resourceVersion: \"42\"\n  uid: abcd\nspec:\n  containers:\n  - image: nginx\n    name: web\n    terminationMessagePath: /dev/termination-log\n    volumeMounts:\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n      name: kube-api-access-x1\n  dnsPolicy: ClusterFirst\n  tolerations:\n  - effect: NoExecute\n    key: node.kubernetes.io/not-ready\n    operator: Exists\n    tolerationSeconds: 300\n  volumes:\n  - name: kube-api-access-x1\n    projected: {}\nstatus:\n  conditions:\n  - status: \"False\"\n    type: Ready\n  phase: Pending\n";
        let mut documents = yaml::parse(text).unwrap();
        assert!(reduce(&mut documents[0]) >= 10);
        assert_eq!(
            yaml::render(&documents),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  ownerReferences:\n  - kind: ReplicaSet\n    name: web-1\nspec:\n  containers:\n  - image: nginx\n    name: web\nstatus:\n  conditions:\n  - status: \"False\"\n    type: Ready\n  phase: Pending\n"
        );
    }

    #[test]
    fn a_secret_keeps_its_last_applied_annotation_for_redaction() {
        let text = "kind: Secret\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: x\n  name: s\n";
        let mut documents = yaml::parse(text).unwrap();
        reduce(&mut documents[0]);
        assert!(yaml::render(&documents).contains(LAST_APPLIED));
    }
}
