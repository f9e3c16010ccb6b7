//! What kubectl's command line says about its output: the verb, the `-o` format asked for
//! (the last one, as pflag takes it: `-o yaml`, `-oyaml`, `-o=yaml`, `--output=yaml`, `-Ao yaml`),
//! whether it names secrets (as kubectl matches kinds: `secret`, `SECRETS`, `secrets.v1.`,
//! `deploy,Secret`, `secret/name`), and the command line with credential flags' values hidden.

use super::redact::REDACTED;

/// Shorthand flags that take no value, so `-Ao yaml` is `-A -o yaml`.
const BOOLEAN_SHORTHANDS: &str = "AiwtRqhW";
/// `-o` values that print objects or plain names; every other one is a template of some kind.
const PLAIN_FORMATS: &[&str] = &["json", "yaml", "wide", "name"];
/// Flags whose value is a credential; `--from-literal` only when a secret is made.
const SECRET_FLAGS: &[&str] = &["--token", "--password", "--docker-password"];

pub struct Args<'a> {
    pub verb: &'a str,
    /// The last `-o` value before `--`.
    pub output: Option<&'a str>,
    /// `--template` was given (kubectl then prints a go-template even without `-o`).
    pub template_flag: bool,
    pub names_secrets: bool,
}

fn is_secret_kind(word: &str) -> bool {
    word.split(',').any(|part| {
        let kind = part
            .split('/')
            .next()
            .unwrap_or("")
            .split('.')
            .next()
            .unwrap_or("");
        kind.eq_ignore_ascii_case("secret") || kind.eq_ignore_ascii_case("secrets")
    })
}

impl<'a> Args<'a> {
    pub fn of(args: &'a [String]) -> Args<'a> {
        let mut output = None;
        let mut template_flag = false;
        let mut names_secrets = false;
        let flags_end = args.iter().position(|a| a == "--").unwrap_or(args.len());
        let args = &args[..flags_end];
        for (i, arg) in args.iter().enumerate() {
            let next = args.get(i + 1).map(String::as_str);
            if let Some(long) = arg.strip_prefix("--") {
                let (name, value) = long
                    .split_once('=')
                    .map_or((long, None), |(n, v)| (n, Some(v)));
                match name {
                    "output" => output = value.or(next),
                    "template" => template_flag = true,
                    _ => {}
                }
            } else if let Some(short) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
                for (at, c) in short.char_indices() {
                    if c == 'o' {
                        let rest = &short[at + 1..];
                        let rest = rest.strip_prefix('=').unwrap_or(rest);
                        output = if rest.is_empty() { next } else { Some(rest) };
                        break;
                    }
                    if !BOOLEAN_SHORTHANDS.contains(c) {
                        break;
                    }
                }
            } else if is_secret_kind(arg) {
                // Any word naming secrets counts, a flag's value included: withholding too
                // much is the safe side.
                names_secrets = true;
            }
        }
        Args {
            verb: args.first().map_or("", String::as_str),
            output,
            template_flag,
            names_secrets,
        }
    }

    /// The output is whatever a template made of the objects (`jsonpath`, `go-template-file`,
    /// `custom-columns`, `template`, …, or `--template`).
    pub fn templated(&self) -> bool {
        let format = self.output.map(|o| o.split('=').next().unwrap_or(o));
        self.template_flag || format.is_some_and(|f| !PLAIN_FORMATS.contains(&f))
    }
}

/// The command line with the values of credential flags replaced; how many were.
pub fn redact_args(args: &[String], names_secrets: bool) -> (Vec<String>, usize) {
    let secret_flag =
        |flag: &str| SECRET_FLAGS.contains(&flag) || (names_secrets && flag == "--from-literal");
    let hidden = |flag: &str, value: &str| match flag {
        "--from-literal" => format!("{}={REDACTED}", value.split('=').next().unwrap_or("")),
        _ => REDACTED.to_owned(),
    };
    let mut shown = Vec::with_capacity(args.len());
    let mut count = 0;
    let mut value_of: Option<&str> = None;
    for arg in args {
        if let Some(flag) = value_of.take() {
            shown.push(hidden(flag, arg));
            count += 1;
            continue;
        }
        match arg.split_once('=') {
            Some((flag, value)) if secret_flag(flag) => {
                shown.push(format!("{flag}={}", hidden(flag, value)));
                count += 1;
            }
            _ => {
                shown.push(arg.clone());
                value_of = secret_flag(arg).then_some(arg.as_str());
            }
        }
    }
    (shown, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn kinds_as_kubectl_matches_them() {
        for line in [
            "get Secret",
            "get SECRETS",
            "get secrets.v1.",
            "get secret.v1",
            "get deploy,Secret",
            "get secret/db",
            "get -n x secrets",
        ] {
            assert!(Args::of(&args(line)).names_secrets, "{line}");
        }
        for line in [
            "get pods",
            "get secretproviderclasses",
            "logs web -- secret",
        ] {
            assert!(!Args::of(&args(line)).names_secrets, "{line}");
        }
    }

    #[test]
    fn the_last_output_flag_in_every_spelling() {
        for (line, output) in [
            ("get pods -o yaml", "yaml"),
            ("get pods -oyaml", "yaml"),
            ("get pods -o=json", "json"),
            ("get pods --output=jsonpath={.a}", "jsonpath={.a}"),
            ("get pods --output name", "name"),
            ("get pods -Ao yaml", "yaml"),
            (
                "get pods -o yaml -o go-template-file=x",
                "go-template-file=x",
            ),
        ] {
            assert_eq!(Args::of(&args(line)).output, Some(output), "{line}");
        }
    }

    #[test]
    fn templates_of_every_kind() {
        for line in [
            "get secret -o go-template-file=t",
            "get secret -o jsonpath-as-json={.data}",
            "get secret -o custom-columns-file=c",
            "get secret -o template={{.data}}",
            "get secret --template={{.data}}",
            "get secret -o custom-columns=D:.data",
        ] {
            assert!(Args::of(&args(line)).templated(), "{line}");
        }
        for line in ["get secret -o yaml", "get secret", "get secret -o name"] {
            assert!(!Args::of(&args(line)).templated(), "{line}");
        }
    }

    #[test]
    fn credential_flags() {
        assert_eq!(
            redact_args(&args("get pods --token abc --password=pw -n x"), false),
            (
                args("get pods --token <redacted> --password=<redacted> -n x"),
                2
            )
        );
        let literal = args("create configmap c --from-literal=k=v");
        assert_eq!(redact_args(&literal, false), (literal.clone(), 0));
        assert_eq!(
            redact_args(
                &args("create secret generic s --from-literal=password=hunter2"),
                true
            )
            .0[4],
            "--from-literal=password=<redacted>"
        );
    }
}
