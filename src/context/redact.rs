//! Secrets out of text, line by line: PEM blocks (which span lines), `Authorization` values and
//! bearer tokens, credential `key: value` lines, environment variables named like credentials,
//! `password=…`/`--token=…` pairs, passwords in URLs, and the well-known token shapes of
//! gitleaks' rule set (`rules.rs`). Every value found becomes `<redacted>` and is counted.
//!
//! Lines are redacted one at a time so that only what is kept of a large output is scanned, and
//! a line with nothing to hide is passed on borrowed.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::rules::rules;

pub const REDACTED: &str = "<redacted>";

/// Keys whose value is a credential wherever they occur (kubeconfig's user fields, and more).
pub const CREDENTIAL_KEYS: &[&str] = &[
    "token",
    "id-token",
    "access-token",
    "refresh-token",
    "client-key-data",
    "client-certificate-data",
    "client-secret",
    "password",
];

struct Patterns {
    pem_begin: Regex,
    pem_rest: Regex,
    authorization: Regex,
    bearer: Regex,
    credential_line: Regex,
    env_line: Regex,
    pair: Regex,
    quoted_pair: Regex,
    url_password: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let keys = CREDENTIAL_KEYS.join("|");
        let word = r"[\w.-]*(?:passw(?:or)?d|passphrase|pwd|token|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)[\w.-]*";
        let compile = |pattern: &str| Regex::new(pattern).expect("built-in pattern compiles");
        Patterns {
            pem_begin: compile(r"-----BEGIN ([A-Z0-9 ]+)-----"),
            // What may follow the opening line of a block: base64, escaped newlines, spaces.
            pem_rest: compile(r"^(?:\\n|\s|[A-Za-z0-9+/=])*"),
            authorization: compile(
                r#"(?i)(\bauthorization["']?\s*[:=]\s*["']?)((?:basic|bearer|digest|negotiate|token)\s+)?([^\s"',;]+)"#,
            ),
            bearer: compile(r"(?i)\b(bearer\s+)([\w.~+/-]{8,}=*)"),
            credential_line: compile(&format!(r"^([ \t]*(?:-[ \t]+)?(?:{keys}):[ \t]+)(\S.*)$")),
            env_line: compile(r"^([ \t]+([A-Za-z_][A-Za-z0-9_]*):[ \t]+)(\S.*)$"),
            pair: compile(&format!(
                r#"(?i)\b({word})(\s*=\s*)("[^"]*"|'[^']*'|[^\s&,;"'<>]+)"#
            )),
            quoted_pair: compile(&format!(r#"(?i)("({word})"\s*:\s*")([^"\\]+)(")"#)),
            url_password: compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]+:)([^\s@/]+)(@)"),
        }
    })
}

/// Whether an environment variable or flag with this name holds a credential: `DB_PASSWORD`,
/// `GITHUB_TOKEN`, `api-key`, `AWS_SECRET_ACCESS_KEY`, `KEY`; not `TOKEN_FILE` or `SECRET_NAME`,
/// which name where a credential is, not the credential.
pub fn credential_name(name: &str) -> bool {
    // `secretName`, `db-password` and `API_KEY` alike: words split at case changes and marks.
    let mut upper = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.trim_start_matches('-').chars() {
        if c.is_ascii_uppercase() && previous_lower {
            upper.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        upper.push(if c == '-' || c == '.' {
            '_'
        } else {
            c.to_ascii_uppercase()
        });
    }
    const POINTERS: &[&str] = &[
        "_FILE", "_PATH", "_DIR", "_NAME", "_REF", "_ID", "_URL", "_URI", "_TTL", "_LENGTH",
        "_SIZE", "_TYPE", "_MODE", "_KIND",
    ];
    if POINTERS.iter().any(|p| upper.ends_with(p)) {
        return false;
    }
    const WORDS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "PASSPHRASE",
        "TOKEN",
        "SECRET",
        "APIKEY",
        "API_KEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "CREDENTIAL",
    ];
    WORDS.iter().any(|w| upper.contains(w))
        || upper == "KEY"
        || upper.ends_with("_KEY")
        || upper == "PWD"
        || upper.ends_with("_PWD")
}

fn is_redacted(value: &str) -> bool {
    value.starts_with("<redacted")
}

/// Where a `describe` of a ConfigMap is: its data prints as `KEY:`, `----`, then the value's
/// lines up to a blank line.
#[derive(Default, PartialEq)]
enum Described {
    #[default]
    Elsewhere,
    /// After `KEY:` of a key named like a credential.
    CredentialKey,
    /// Inside that key's value (already counted).
    CredentialValue,
    /// After a line that is only a credential flag (`--api-key`, as `describe` prints a
    /// container's command one argument a line): the next line is its value.
    CredentialFlag,
}

/// Text redacted line by line; a PEM block's lines after its first are dropped.
#[derive(Default)]
pub struct Redactor {
    /// Inside a PEM block whose end has not been seen: further base64 lines belong to it.
    in_block: bool,
    described: Described,
    pub count: usize,
}

impl Redactor {
    /// `line` (without its newline) as it may be sent, or `None` when it is the body of a PEM
    /// block already replaced.
    pub fn line<'a>(&mut self, line: &'a str) -> Option<Cow<'a, str>> {
        match self.described {
            Described::CredentialKey if line == "----" => return Some(Cow::Borrowed(line)),
            // A PEM block is redacted as one, below, and says what it was.
            Described::CredentialKey if line.contains("-----BEGIN ") => {
                self.described = Described::Elsewhere;
            }
            Described::CredentialKey if !line.trim().is_empty() => {
                self.described = Described::CredentialValue;
                self.count += 1;
                return Some(Cow::Borrowed(REDACTED));
            }
            Described::CredentialValue if !line.trim().is_empty() => return None,
            Described::CredentialFlag
                if !line.trim().is_empty() && !line.trim().starts_with('-') =>
            {
                self.described = Described::Elsewhere;
                self.count += 1;
                let indent = &line[..line.len() - line.trim_start().len()];
                return Some(Cow::Owned(format!("{indent}{REDACTED}")));
            }
            Described::Elsewhere => {}
            _ => self.described = Described::Elsewhere,
        }
        let word = line.trim();
        if word.starts_with("--") && !word.contains(['=', ' ']) && credential_name(word) {
            self.described = Described::CredentialFlag;
        }
        if let Some(key) = line.strip_suffix(':') {
            let simple = !key.is_empty()
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
            if simple && key != "key" && credential_name(key) {
                self.described = Described::CredentialKey;
            }
        }
        let mut line = Cow::Borrowed(line);
        if self.in_block {
            match line.find("-----END ") {
                Some(at) => {
                    self.in_block = false;
                    let close = line[at + 9..]
                        .find("-----")
                        .map_or(line.len(), |e| at + 14 + e);
                    let tail = &line[close..];
                    if tail.trim().is_empty() {
                        return None;
                    }
                    line = Cow::Owned(tail.to_owned());
                }
                None if line
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)) =>
                {
                    return None;
                }
                None => self.in_block = false,
            }
        }
        if line.contains("-----BEGIN ") {
            line = Cow::Owned(self.pem(&line));
        }
        Some(self.single_line(line))
    }

    /// PEM blocks that open on this line: closed ones replaced whole, an open one to the end.
    fn pem(&mut self, line: &str) -> String {
        let p = patterns();
        let mut out = String::new();
        let mut rest = line;
        while let Some(begin) = p.pem_begin.captures(rest) {
            let whole = begin.get(0).expect("match");
            let label = &begin[1];
            out.push_str(&rest[..whole.start()]);
            out.push_str(&format!("<redacted {label}>"));
            self.count += 1;
            let after = &rest[whole.end()..];
            let end = format!("-----END {label}-----");
            if let Some(at) = after.find(&end) {
                rest = &after[at + end.len()..];
                continue;
            }
            let body = p.pem_rest.find(after).map_or(0, |m| m.end());
            rest = &after[body..];
            if rest.is_empty() {
                self.in_block = true;
            }
            break;
        }
        out.push_str(rest);
        out
    }

    /// Every single-line rule, in order: ours first (they know the context), then gitleaks'.
    fn single_line<'a>(&mut self, line: Cow<'a, str>) -> Cow<'a, str> {
        let p = patterns();
        let mut count = 0;
        let line = replace(line, &p.authorization, |c| {
            if is_redacted(&c[3]) {
                return None;
            }
            count += 1;
            Some(format!(
                "{}{}{REDACTED}",
                &c[1],
                c.get(2).map_or("", |m| m.as_str())
            ))
        });
        let line = replace(line, &p.bearer, |c| {
            let token = &c[2];
            let tokenish = token.contains(|ch: char| ch.is_ascii_digit() || ".~+/-".contains(ch));
            if !tokenish {
                return None;
            }
            count += 1;
            Some(format!("{}{REDACTED}", &c[1]))
        });
        let line = replace(line, &p.credential_line, |c| {
            if is_redacted(&c[2]) {
                return None;
            }
            count += 1;
            Some(format!("{}{REDACTED}", &c[1]))
        });
        let line = replace(line, &p.env_line, |c| {
            // `describe` prints a variable from a Secret as `<set to the key 'k' in secret 's'>`.
            if !credential_name(&c[2]) || c[3].starts_with('<') {
                return None;
            }
            count += 1;
            Some(format!("{}{REDACTED}", &c[1]))
        });
        let line = replace(line, &p.pair, |c| {
            let value = c[3].trim_matches(['"', '\'']);
            if !credential_name(&c[1]) || value.is_empty() || is_redacted(value) {
                return None;
            }
            count += 1;
            Some(format!("{}{}{REDACTED}", &c[1], &c[2]))
        });
        let line = replace(line, &p.quoted_pair, |c| {
            if !credential_name(&c[2]) || is_redacted(&c[3]) {
                return None;
            }
            count += 1;
            Some(format!("{}{REDACTED}{}", &c[1], &c[4]))
        });
        let line = replace(line, &p.url_password, |c| {
            if is_redacted(&c[2]) {
                return None;
            }
            count += 1;
            Some(format!("{}{REDACTED}{}", &c[1], &c[3]))
        });
        self.count += count;
        self.gitleaks(line)
    }

    fn gitleaks<'a>(&mut self, mut line: Cow<'a, str>) -> Cow<'a, str> {
        let rules = rules();
        for rule in rules.candidates(&line) {
            let spans = rules.secrets(rule, &line);
            if spans.is_empty() {
                continue;
            }
            let mut out = String::with_capacity(line.len());
            let mut at = 0;
            for (start, end) in spans {
                if start < at {
                    continue;
                }
                out.push_str(&line[at..start]);
                out.push_str(REDACTED);
                self.count += 1;
                at = end;
            }
            out.push_str(&line[at..]);
            line = Cow::Owned(out);
        }
        line
    }

    /// Every line of `text` redacted, newlines kept.
    pub fn text<'a>(&mut self, text: &'a str) -> Cow<'a, str> {
        let mut out: Option<String> = None;
        let mut offset = 0;
        for piece in text.split_inclusive('\n') {
            let (line, newline) = piece.strip_suffix('\n').map_or((piece, ""), |l| (l, "\n"));
            let redacted = self.line(line);
            let unchanged = matches!(&redacted, Some(Cow::Borrowed(b)) if b.len() == line.len());
            if out.is_none() && !unchanged {
                out = Some(text[..offset].to_owned());
            }
            if let Some(out) = out.as_mut() {
                match redacted {
                    Some(redacted) => {
                        out.push_str(&redacted);
                        out.push_str(newline);
                    }
                    // The last line, dropped: the text ends where the block's first line did.
                    None if newline.is_empty() && out.ends_with('\n') => {
                        out.pop();
                    }
                    None => {}
                }
            }
            offset += piece.len();
        }
        out.map_or(Cow::Borrowed(text), Cow::Owned)
    }
}

/// `line` with each match of `pattern` replaced by what `with` returns (`None` keeps it).
fn replace<'a>(
    line: Cow<'a, str>,
    pattern: &Regex,
    mut with: impl FnMut(&Captures) -> Option<String>,
) -> Cow<'a, str> {
    if !pattern.is_match(&line) {
        return line;
    }
    let mut changed = false;
    let replaced = pattern.replace_all(&line, |c: &Captures| match with(c) {
        Some(new) => {
            changed = true;
            new
        }
        None => c[0].to_owned(),
    });
    if changed {
        Cow::Owned(replaced.into_owned())
    } else {
        line
    }
}

/// `text` redacted, with how many values were.
pub fn redact_text(text: &str) -> (Cow<'_, str>, usize) {
    let mut redactor = Redactor::default();
    let out = redactor.text(text);
    (out, redactor.count)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";

    fn redacted(text: &str) -> String {
        redact_text(text).0.into_owned()
    }

    #[test]
    fn authorization_and_bearer() {
        assert_eq!(
            redacted(&format!("Authorization: Bearer {TOKEN}")),
            "Authorization: Bearer <redacted>"
        );
        assert_eq!(
            redacted(r#""authorization": "Basic dXNlcjpwYXNz""#),
            r#""authorization": "Basic <redacted>""#
        );
        assert_eq!(
            redacted(&format!("calling with bearer {TOKEN} now")),
            "calling with bearer <redacted> now"
        );
        let prose = "the bearer token expired; renew the Bearer credentials";
        assert_eq!(redacted(prose), prose);
    }

    #[test]
    fn pem_blocks_closed_open_and_inline() {
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj\n-----END PRIVATE KEY-----\n";
        assert_eq!(
            redact_text(pem),
            (Cow::Owned("<redacted PRIVATE KEY>\n".into()), 1)
        );
        assert_eq!(
            redacted("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU"),
            "<redacted CERTIFICATE>"
        );
        assert_eq!(
            redacted(
                "key: -----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----\\n"
            ),
            "key: <redacted RSA PRIVATE KEY>\\n"
        );
        assert_eq!(
            redacted("-----BEGIN X-----\nAAAA\nnext line\n"),
            "<redacted X>\nnext line\n"
        );
    }

    #[test]
    fn credentials_outside_secrets() {
        for (text, kept) in [
            ("    token: abc.def", "    token: <redacted>"),
            (
                "      DB_PASSWORD:  hunter2",
                "      DB_PASSWORD:  <redacted>",
            ),
            (
                "      DB_PASSWORD:  <set to the key 'p' in secret 's'>",
                "      DB_PASSWORD:  <set to the key 'p' in secret 's'>",
            ),
            ("      --token=s3cr3t-value", "      --token=<redacted>"),
            (
                "      --api-key\n      k-123\n      --port=80",
                "      --api-key\n      <redacted>\n      --port=80",
            ),
            ("login password=hunter2 ok", "login password=<redacted> ok"),
            ("GITHUB_TOKEN=abc123", "GITHUB_TOKEN=<redacted>"),
            (r#"{"api_key": "k-123"}"#, r#"{"api_key": "<redacted>"}"#),
            (
                "postgres://app:pa55w0rd@db:5432/x",
                "postgres://app:<redacted>@db:5432/x",
            ),
            ("TOKEN_FILE=/var/run/token", "TOKEN_FILE=/var/run/token"),
            ("      LOG_LEVEL:  debug", "      LOG_LEVEL:  debug"),
        ] {
            assert_eq!(redacted(text), kept, "{text}");
        }
    }

    #[test]
    fn well_known_token_shapes_anywhere() {
        for secret in [
            "AKIAZ3MSJV4WWNKWW5FG",
            "ghp_8cW5ZbX0cJ5l2n9q1dYxk3mR7uTt4aB6eF0h",
            "xoxb-2829375937-1234567890123-aBcDeFgHiJkLmNoPqRsTuVwX",
            TOKEN,
        ] {
            let line = format!("2026-01-01T00:00:00Z INFO using {secret} for the call");
            let (out, count) = redact_text(&line);
            assert!(!out.contains(secret), "{out}");
            assert_eq!(count, 1, "{out}");
        }
    }

    #[test]
    fn describe_configmap_values_of_credential_keys() {
        let text = "Data\n====\nDB_PASSWORD:\n----\nhunter2\nmore\n\nLOG_LEVEL:\n----\ninfo\n\ntls.key:\n----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n\n";
        assert_eq!(
            redact_text(text),
            (
                Cow::Owned("Data\n====\nDB_PASSWORD:\n----\n<redacted>\n\nLOG_LEVEL:\n----\ninfo\n\ntls.key:\n----\n<redacted PRIVATE KEY>\n\n".into()),
                2
            )
        );
    }

    #[test]
    fn nothing_to_hide_is_borrowed() {
        let text = "NAME   READY\napi    1/1\n";
        assert!(matches!(redact_text(text), (Cow::Borrowed(_), 0)));
    }

    #[test]
    fn credential_names() {
        for name in [
            "DB_PASSWORD",
            "api-key",
            "AWS_SECRET_ACCESS_KEY",
            "KEY",
            "--token",
            "ssh_key",
            "apiKey",
            "tls.key",
        ] {
            assert!(credential_name(name), "{name}");
        }
        for name in [
            "TOKEN_FILE",
            "SECRET_NAME",
            "secretName",
            "passwordSecretRef",
            "accessKeyId",
            "MONKEY",
            "LOG_LEVEL",
            "KEYBOARD",
        ] {
            assert!(!credential_name(name), "{name}");
        }
    }
}
