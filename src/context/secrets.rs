//! Secrets out of objects read by a parser: a Secret's `data` and `stringData` values and its
//! last-applied annotation (which repeats them), credential keys anywhere (`token`, `password`,
//! `client-key-data`, …), the `value` of environment variables named like credentials,
//! container arguments such as `--token VALUE`, and, in every string, the text rules of
//! `redact.rs` (`--token=…`, passwords in URLs, token shapes, PEM blocks, …).

use std::borrow::Cow;

use super::redact::{credential_name, Redactor, CREDENTIAL_KEYS, REDACTED};
use super::tree::Node;

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";
const SECRET_FIELDS: &[&str] = &["data", "stringData"];

/// Whether a map is a Secret: its kind says so or, when the command names secrets and the
/// kind is missing, it has metadata and data.
pub fn is_secret(node: &Node, names_secrets: bool) -> bool {
    if node.get("kind").is_none() {
        return names_secrets
            && node.get("metadata").is_some()
            && SECRET_FIELDS.iter().any(|f| node.get(f).is_some());
    }
    node.all("kind")
        .any(|kind| matches!(kind, Node::Str(kind) if kind.eq_ignore_ascii_case("secret")))
}

fn redacted(value: &mut Node) -> usize {
    let already = matches!(value, Node::Str(s) if s.starts_with("<redacted"));
    if already || value.is_empty() {
        return 0;
    }
    *value = Node::Str(REDACTED.to_owned());
    1
}

/// Redacts `node` in place; how many values were replaced.
pub fn redact(node: &mut Node, names_secrets: bool) -> usize {
    match node {
        Node::Str(text) => {
            let mut redactor = Redactor::default();
            let out = redactor.text(text);
            if redactor.count > 0 {
                *text = out.into_owned();
            }
            redactor.count
        }
        Node::List(items) => {
            let mut count = 0;
            let mut value_of_flag = false;
            // Strings side by side (a container's args) are read as lines of one text, so a
            // PEM block spread over several items is known by its first.
            let mut lines = Redactor::default();
            let mut body = Vec::new();
            for (at, item) in items.iter_mut().enumerate() {
                if value_of_flag {
                    value_of_flag = false;
                    if matches!(item, Node::Str(_)) {
                        count += redacted(item);
                        continue;
                    }
                }
                let Node::Str(arg) = item else {
                    count += std::mem::take(&mut lines).count;
                    count += redact(item, names_secrets);
                    continue;
                };
                value_of_flag = arg.starts_with('-') && !arg.contains('=') && credential_name(arg);
                let out = lines.text(arg);
                if out.is_empty() && !arg.is_empty() {
                    body.push(at);
                } else if let Cow::Owned(out) = out {
                    *arg = out;
                }
            }
            let mut at = 0;
            items.retain(|_| {
                at += 1;
                !body.contains(&(at - 1))
            });
            count + lines.count
        }
        Node::Map(_) => redact_map(node, names_secrets),
        _ => 0,
    }
}

fn redact_map(node: &mut Node, names_secrets: bool) -> usize {
    let mut count = 0;
    if is_secret(node, names_secrets) {
        for field in SECRET_FIELDS {
            for value in node.all_mut(field) {
                match value {
                    Node::Map(values) => {
                        count += values.iter_mut().map(|(_, v)| redacted(v)).sum::<usize>();
                    }
                    other => count += redacted(other),
                }
            }
        }
        for metadata in node.all_mut("metadata") {
            for annotations in metadata.all_mut("annotations") {
                count += annotations
                    .all_mut(LAST_APPLIED)
                    .map(redacted)
                    .sum::<usize>();
            }
        }
    }
    // An environment variable: `{name: DB_PASSWORD, value: …}`.
    let env_credential = node
        .all("name")
        .any(|name| name.as_str().is_some_and(credential_name));
    let Node::Map(fields) = node else {
        return count;
    };
    for (key, value) in fields.iter_mut() {
        let credential = CREDENTIAL_KEYS.contains(&key.as_str())
            || (env_credential && key == "value" && matches!(value, Node::Str(_)));
        if credential {
            count += redacted(value);
            continue;
        }
        // `DB_PASSWORD: …` in a ConfigMap's data, `apiKey: …` in a custom resource: the text
        // rules first (a PEM block says what it was), else the whole value.
        let found = redact(value, names_secrets);
        let named = key != "key" && credential_name(key) && matches!(value, Node::Str(_));
        count += if found == 0 && named {
            redacted(value)
        } else {
            found
        };
    }
    count
}

#[cfg(test)]
mod tests {
    use super::super::{json, yaml};
    use super::*;

    fn redact_yaml(text: &str) -> (String, usize) {
        let mut documents = yaml::parse(text).unwrap();
        let count = documents.iter_mut().map(|d| redact(d, false)).sum();
        (yaml::render(&documents), count)
    }

    #[test]
    fn a_secret_in_flow_style_and_any_case() {
        let (text, count) = redact_yaml(
            "kind: SECRET\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"p\":\"aHVudGVy\"}}'\ndata: {password: aHVudGVy, user: YWRtaW4=}\n",
        );
        assert_eq!(count, 3);
        assert!(
            !text.contains("aHVudGVy") && !text.contains("YWRtaW4="),
            "{text}"
        );
        assert!(text.contains("password: <redacted>"));
    }

    #[test]
    fn kubeconfig_credentials_and_env_and_args() {
        let (text, count) = redact_yaml(
            "users:\n- user:\n    client-key-data: LS0t\n    password: hunter2\n    username: admin\n\
             containers:\n- env:\n  - name: DB_PASSWORD\n    value: pa55\n  - name: LOG_LEVEL\n    value: debug\n\
               args: [--token, abc123, --api-key=k-9, --port=80]\n\
             data:\n  DB_PASSWORD: pa55w0rd-cm\n  secretName: db\n  key: password\n",
        );
        assert_eq!(count, 6, "{text}");
        for gone in ["LS0t", "hunter2", "pa55", "abc123", "k-9", "pa55w0rd-cm"] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
        for kept in [
            "username: admin",
            "value: debug",
            "--port=80",
            "secretName: db",
            "key: password",
        ] {
            assert!(text.contains(kept), "{kept} not in {text}");
        }
    }

    #[test]
    fn a_pem_block_spread_over_list_items() {
        let (text, count) = redact_yaml(
            "args:\n- start\n- '-----BEGIN RSA PRIVATE KEY-----'\n- MIIEow\n- MIIEpA\n- '-----END RSA PRIVATE KEY-----'\n- --port=80\n",
        );
        assert_eq!(count, 1);
        assert_eq!(
            text,
            "args:\n- start\n- <redacted RSA PRIVATE KEY>\n- --port=80\n"
        );
    }

    #[test]
    fn json_strings_holding_kubeconfigs() {
        let mut documents = json::parse(
            r#"{"kind": "List", "items": [{"kind": "Secret", "data": {"a": "c2VjcmV0"}}, "users:\n- user:\n    token: abc.def.ghi\n"], "token": "xyz"}"#,
        )
        .unwrap();
        assert_eq!(redact(&mut documents[0], false), 3);
        let text = json::render(&documents);
        for gone in ["c2VjcmV0", "abc.def.ghi", "xyz"] {
            assert!(!text.contains(gone));
        }
    }

    #[test]
    fn a_key_written_twice_is_judged_every_time() {
        // kubectl never prints a key twice, but a parser keeps both, and a hostile server may.
        let (text, count) = redact_yaml(
            "kind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{\"data\":{\"p\":\"c2VjcmV0QQ\"}}'\n\
             data:\n  a: djE=\ndata:\n  b: c2VjcmV0Qg\nstringData:\n  c: x\nstringData:\n  d: c2VjcmV0RA\n\
             env:\n- name: LOG_LEVEL\n  name: DB_PASSWORD\n  value: c2VjcmV0RQ\n",
        );
        assert!(!text.contains("c2VjcmV0"), "{text}");
        assert_eq!(count, 6, "{text}");
    }

    #[test]
    fn data_without_a_kind_is_secret_only_when_the_command_names_secrets() {
        let doc = || {
            yaml::parse("metadata:\n  name: x\ndata:\n  k: djE=\n")
                .unwrap()
                .remove(0)
        };
        assert_eq!(redact(&mut doc(), true), 1);
        assert_eq!(redact(&mut doc(), false), 0);
    }
}
