//! What of a kubectl command reaches the model, prepared in one pass over its bytes: each kind
//! of output reduced to its signal (tables, objects, logs, events), secrets redacted, and the
//! result fitted to the budget. `prepare` is the one entry point.
//!
//! Tables, logs and events are reduced only when they exceed the budget; objects always lose
//! their bookkeeping. Redaction runs on what is kept, after the reduction (which never keeps
//! a PEM block's body apart from its first line), so a large output is scanned once and no
//! copy of it is made.

mod args;
mod events;
mod fit;
mod format;
mod health;
mod items;
mod json;
mod kubectl_yaml;
mod lines;
#[cfg(test)]
mod list_properties;
mod logs;
mod object;
mod object_health;
#[cfg(test)]
mod properties;
mod redact;
mod rules;
mod secrets;
mod table;
mod tally;
mod tree;
mod yaml;
#[cfg(test)]
mod yaml_differential;

use std::borrow::Cow;

use args::Args;
use format::Shape;
use items::Lists;
use redact::{redact_text, REDACTED};

use args::redact_args;

/// Tokens are estimated at four characters each.
pub const CHARS_PER_TOKEN: usize = 4;
/// stderr (warnings, errors) may take a tenth of the budget.
const STDERR_SHARE: usize = 10;

#[derive(Debug, PartialEq)]
pub struct Prepared {
    /// kubectl's arguments, credentials hidden.
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    pub mime_type: &'static str,
    /// How many values were replaced by `<redacted>`.
    pub redacted: usize,
    /// What was aggregated to fit the budget, in words (the list is not complete).
    pub reduced: Option<String>,
    /// What was cut to fit the budget, in words.
    pub cut: Option<String>,
    /// How many bookkeeping fields of objects were dropped.
    pub bookkeeping: usize,
}

/// A table, event list or log reduced to what matters, and what was aggregated, in words.
pub struct Reduced {
    pub text: String,
    pub words: String,
}

pub struct Request<'a> {
    pub args: &'a [String],
    pub stdout: &'a [u8],
    pub stderr: &'a [u8],
    pub budget_tokens: usize,
    pub redact: bool,
}

const WITHHELD: &str = " (the output of a template over secrets is not sent)\n";

pub fn prepare(request: &Request) -> Prepared {
    let facts = Args::of(request.args);
    let (args, mut redacted) = if request.redact {
        redact_args(request.args, facts.names_secrets)
    } else {
        (request.args.to_vec(), 0)
    };
    let budget = request.budget_tokens.saturating_mul(CHARS_PER_TOKEN);
    let stderr = String::from_utf8_lossy(request.stderr);
    let (stderr, found) = redacted_if(request.redact, &stderr);
    redacted += found;
    let (stderr, stderr_cut) = lines::fit_text(&stderr, budget / STDERR_SHARE);
    let stderr = stderr.into_owned();
    let out = stdout(&facts, request, budget.saturating_sub(stderr.len()));
    let stderr_cut = (stderr_cut > 0)
        .then(|| format!("{} lines of stderr left out", lines::thousands(stderr_cut)));
    let cut = [out.cut, stderr_cut]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    Prepared {
        args,
        stdout: out.text,
        stderr,
        mime_type: out.mime_type,
        redacted: redacted + out.redacted,
        reduced: out.reduced,
        cut: (!cut.is_empty()).then(|| cut.join("; ")),
        bookkeeping: out.bookkeeping,
    }
}

struct Out {
    text: String,
    mime_type: &'static str,
    redacted: usize,
    reduced: Option<String>,
    cut: Option<String>,
    bookkeeping: usize,
}

fn redacted_if(redact: bool, text: &str) -> (Cow<'_, str>, usize) {
    if redact {
        redact_text(text)
    } else {
        (Cow::Borrowed(text), 0)
    }
}

fn stdout(facts: &Args, request: &Request, budget: usize) -> Out {
    let text = String::from_utf8_lossy(request.stdout);
    let withheld = || Out {
        text: format!("{REDACTED}{WITHHELD}"),
        mime_type: "text/plain",
        redacted: 1,
        reduced: None,
        cut: None,
        bookkeeping: 0,
    };
    let guarded = request.redact && facts.names_secrets && !text.trim().is_empty();
    if guarded && facts.templated() {
        return withheld();
    }
    let mut json_lists = Lists::new(budget, json::render, request.redact);
    let mut yaml_lists = Lists::new(budget, yaml::render, request.redact);
    let shape = format::detect(facts, &text, &mut json_lists, &mut yaml_lists);
    let mime_type = shape.mime_type();
    let reduced = match shape {
        Shape::Json(mut documents) => {
            return objects(&mut documents, json_lists, facts, request.redact, mime_type)
        }
        Shape::Yaml(mut documents) => {
            return objects(&mut documents, yaml_lists, facts, request.redact, mime_type)
        }
        // Output asked as objects that does not parse could hide a Secret anywhere.
        _ if guarded && format::objects_asked(facts) => return withheld(),
        _ if text.len() <= budget => None,
        Shape::Table => table::reduce(&text, budget).map(|r| (r.text, r.words)),
        Shape::Events => events::reduce(&text, budget).map(|r| (r.text, r.words)),
        Shape::Logs => Some(logs::reduce(&text, budget)).map(|r| (r.text, r.words)),
        Shape::Text => None,
    };
    let (kept, words) = match reduced {
        Some((reduced, words)) => (Cow::Owned(reduced), Some(words)),
        None => (text, None),
    };
    let (kept, redacted) = redacted_if(request.redact, &kept);
    let (kept, left_out) = lines::fit_text(&kept, budget);
    Out {
        text: kept.into_owned(),
        mime_type,
        redacted,
        reduced: words,
        cut: (left_out > 0).then(|| format!("{} lines left out", lines::thousands(left_out))),
        bookkeeping: 0,
    }
}

fn objects(
    documents: &mut [tree::Node],
    lists: Lists,
    facts: &Args,
    redact: bool,
    mime_type: &'static str,
) -> Out {
    let bookkeeping = lists.bookkeeping + documents.iter_mut().map(object::reduce).sum::<usize>();
    let redacted = if redact {
        documents
            .iter_mut()
            .map(|d| secrets::redact(d, facts.names_secrets))
            .sum()
    } else {
        0
    };
    let (text, cut) = fit::fit(documents, lists.render(), lists.budget());
    Out {
        text,
        mime_type,
        redacted: redacted + lists.redacted,
        reduced: (!lists.words.is_empty()).then(|| lists.words.join("; ")),
        cut,
        bookkeeping,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &str, stdout: &str, stderr: &str, budget_tokens: usize) -> Prepared {
        let args: Vec<String> = args.split(' ').map(str::to_owned).collect();
        prepare(&Request {
            args: &args,
            stdout: stdout.as_bytes(),
            stderr: stderr.as_bytes(),
            budget_tokens,
            redact: true,
        })
    }

    #[test]
    fn a_template_over_secrets_is_withheld_whole() {
        let prepared = run("get SECRETS -o go-template-file=t", "aHVudGVy\n", "", 1_000);
        assert_eq!(prepared.stdout, format!("{REDACTED}{WITHHELD}"));
        assert_eq!(prepared.redacted, 1);
        let pods = run("get pods -o jsonpath={.items}", "web api\n", "", 1_000);
        assert_eq!(pods.stdout, "web api\n");
    }

    #[test]
    fn objects_over_secrets_that_do_not_parse_are_withheld() {
        let prepared = run(
            "get secret s -o json",
            "{\"data\": {\"p\": \"aHVudGVy\"",
            "",
            1_000,
        );
        assert!(!prepared.stdout.contains("aHVudGVy"));
    }

    #[test]
    fn secrets_read_fast_are_redacted_in_a_list_and_after_the_first_document() {
        let secret = |i: usize, pad: &str| {
            format!("{pad}apiVersion: v1\n{pad}data:\n{pad}  db: c2VjcmV0{i:04}\n{pad}kind: Secret\n{pad}metadata:\n{pad}  name: s{i}\n")
        };
        let items: String = (0..20)
            .map(|i| secret(i, "  ").replacen("  ", "- ", 1))
            .collect();
        let list = format!("apiVersion: v1\nitems:\n{items}kind: List\n");
        let stream = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\n{}---\n{}",
            secret(1, ""),
            secret(2, "")
        );
        for (args, text) in [
            ("get secrets -o yaml", &list),
            ("get pods -o yaml", &list),
            ("get pods -w -o yaml", &stream),
        ] {
            assert!(
                yaml::parse_by(text, true).is_some(),
                "{args}: not read fast"
            );
            let prepared = run(args, text, "", 2_000);
            assert!(
                !prepared.stdout.contains("c2VjcmV0"),
                "{args}: {}",
                prepared.stdout
            );
        }
    }

    #[test]
    fn stderr_takes_a_tenth_and_is_redacted() {
        let stderr: String = (0..2_000)
            .map(|i| format!("warning {i}: token=abc{i}\n"))
            .collect();
        let prepared = run("get pods", "NAME\nweb\n", &stderr, 1_000);
        assert!(prepared.stderr.len() <= 400);
        assert!(!prepared.stderr.contains("abc1"));
        assert!(prepared.cut.unwrap().ends_with("lines of stderr left out"));
        assert_eq!(prepared.stdout, "NAME\nweb\n");
    }

    #[test]
    fn redaction_off_sends_values_but_still_fits() {
        let args: Vec<String> = ["get", "secret", "s", "-o", "yaml"]
            .map(String::from)
            .into();
        let prepared = prepare(&Request {
            args: &args,
            stdout: b"kind: Secret\ndata:\n  p: aHVudGVy\n",
            stderr: b"",
            budget_tokens: 1_000,
            redact: false,
        });
        assert!(prepared.stdout.contains("p: aHVudGVy"));
        assert_eq!(prepared.redacted, 0);
    }

    #[test]
    fn invalid_utf8_is_replaced_not_refused() {
        let args = vec!["logs".to_owned(), "x".to_owned()];
        let prepared = prepare(&Request {
            args: &args,
            stdout: b"ok \xff\xfe line\n",
            stderr: b"",
            budget_tokens: 1_000,
            redact: true,
        });
        assert_eq!(prepared.stdout, "ok \u{fffd}\u{fffd} line\n");
    }
}
