//! gitleaks' published rule set (`rules/gitleaks.toml`, MIT, version in its header), taken as
//! data: each rule's regex, secret group, entropy floor, keywords and allowlists.
//!
//! gitleaks scans files; here every line of kubectl's output is a "file". Rules whose regex the
//! `regex` crate cannot compile (Go's RE2 and Rust's dialects differ in a few corners, see
//! `from_go`) and rules that match on file paths only are skipped; `skipped` names them and a
//! test pins which.
//! As in gitleaks, a rule runs only on lines holding one of its keywords (case-insensitive), so
//! the whole set costs one Aho-Corasick scan per line.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;

const GITLEAKS: &str = include_str!("rules/gitleaks.toml");

#[derive(Deserialize)]
struct File {
    allowlist: RawAllowlist,
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
struct RawRule {
    id: String,
    regex: Option<String>,
    #[serde(rename = "secretGroup", default)]
    secret_group: usize,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
}

#[derive(Deserialize, Default, Clone)]
struct RawAllowlist {
    #[serde(default)]
    regexes: Vec<String>,
    #[serde(rename = "regexTarget", default)]
    regex_target: Option<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    condition: Option<String>,
}

/// What an allowlist regex is matched against.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Secret,
    Match,
    Line,
}

struct Allowlist {
    regexes: Vec<Regex>,
    target: Target,
    stopwords: Vec<String>,
}

pub struct Rule {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    pattern: String,
    raw_allowlists: Vec<RawAllowlist>,
    secret_group: usize,
    entropy: Option<f64>,
    /// Compiled on first use: most rules never meet their keyword in a command's output, and
    /// compiling all of them would cost every command the time.
    compiled: OnceLock<Result<(Regex, Vec<Allowlist>), String>>,
}

impl Rule {
    fn compiled(&self) -> &Result<(Regex, Vec<Allowlist>), String> {
        self.compiled.get_or_init(|| {
            let regex = compile(&self.pattern)?;
            let lists = self.raw_allowlists.iter().map(allowlist);
            let lists = lists.collect::<Result<Vec<_>, _>>()?;
            Ok((regex, lists.into_iter().flatten().collect()))
        })
    }
}

pub struct Rules {
    pub rules: Vec<Rule>,
    /// Which rules (by index) each keyword of `keywords` belongs to.
    keyword_rules: Vec<Vec<usize>>,
    keywords: AhoCorasick,
    global: Allowlist,
    /// Rules taken from the file without a regex (they match file paths only).
    #[cfg_attr(not(test), allow(dead_code))]
    path_only: Vec<String>,
}

/// The compiled rule set, built on first use.
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::parse(GITLEAKS))
}

/// Go's RE2 reads a `{` that starts no repetition (`{\d+}` as text) literally; Rust's regex
/// wants it escaped. Everything else the rules use is the same in both.
fn from_go(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.char_indices().peekable();
    let mut in_class = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                // Go's `\w`, `\d`, `\s` and `\b` are ASCII; spelled out, they match the same
                // here, and the automata stay small enough to compile.
                match (chars.next().map(|(_, next)| next), in_class) {
                    (Some('w'), false) => out.push_str("[0-9A-Za-z_]"),
                    (Some('w'), true) => out.push_str("0-9A-Za-z_"),
                    (Some('d'), false) => out.push_str("[0-9]"),
                    (Some('d'), true) => out.push_str("0-9"),
                    (Some('s'), false) => out.push_str("[\\t\\n\\x0C\\r ]"),
                    (Some('s'), true) => out.push_str("\\t\\n\\x0C\\r "),
                    (Some('b'), false) => out.push_str("(?-u:\\b)"),
                    (Some(next), _) => {
                        out.push(c);
                        out.push(next);
                    }
                    (None, _) => out.push(c),
                }
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '{' if !in_class && !repetition(&pattern[at + 1..]) => {
                out.push_str("\\{");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether text after a `{` is a repetition: `n}`, `n,}` or `n,m}`.
fn repetition(rest: &str) -> bool {
    let Some(end) = rest.find('}') else {
        return false;
    };
    let inner = &rest[..end];
    let (low, high) = inner.split_once(',').unwrap_or((inner, "0"));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !low.is_empty() && digits(low) && digits(high)
}

fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::new(&from_go(pattern)).map_err(|e| e.to_string())
}

fn allowlist(raw: &RawAllowlist) -> Result<Option<Allowlist>, String> {
    // An allowlist that needs a file path as well (AND) can never hold for a line.
    let needs_path = !raw.paths.is_empty() && raw.condition.as_deref() == Some("AND");
    if needs_path || (raw.regexes.is_empty() && raw.stopwords.is_empty()) {
        return Ok(None);
    }
    let regexes = raw
        .regexes
        .iter()
        .map(|r| compile(r))
        .collect::<Result<_, _>>()?;
    let target = match raw.regex_target.as_deref() {
        Some("match") => Target::Match,
        Some("line") => Target::Line,
        _ => Target::Secret,
    };
    let stopwords = raw.stopwords.iter().map(|w| w.to_lowercase()).collect();
    Ok(Some(Allowlist {
        regexes,
        target,
        stopwords,
    }))
}

impl Rules {
    fn parse(text: &str) -> Rules {
        let file: File = toml::from_str(text).expect("the bundled gitleaks.toml parses");
        let global = allowlist(&file.allowlist)
            .expect("the global allowlist compiles")
            .expect("the global allowlist has regexes");
        let mut rules = Vec::new();
        let mut path_only = Vec::new();
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for raw in file.rules {
            let Some(pattern) = raw.regex else {
                path_only.push(raw.id);
                continue;
            };
            let index = rules.len();
            for keyword in &raw.keywords {
                let keyword = keyword.to_lowercase();
                match keywords.iter().position(|k| *k == keyword) {
                    Some(at) => keyword_rules[at].push(index),
                    None => {
                        keywords.push(keyword);
                        keyword_rules.push(vec![index]);
                    }
                }
            }
            rules.push(Rule {
                id: raw.id,
                pattern,
                raw_allowlists: raw.allowlists,
                secret_group: raw.secret_group,
                entropy: raw.entropy,
                compiled: OnceLock::new(),
            });
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&keywords)
            .expect("keywords build an automaton");
        Rules {
            rules,
            keyword_rules,
            keywords,
            global,
            path_only,
        }
    }

    /// The rules not taken, and why: those for file paths, and those Rust's regex refuses.
    #[cfg(test)]
    pub fn skipped(&self) -> Vec<(&str, String)> {
        let paths = self
            .path_only
            .iter()
            .map(|id| (id.as_str(), "matches file paths only".to_owned()));
        let refused = self.rules.iter().filter_map(|rule| match rule.compiled() {
            Ok(_) => None,
            Err(error) => Some((
                rule.id.as_str(),
                error.lines().last().unwrap_or_default().trim().to_owned(),
            )),
        });
        paths.chain(refused).collect()
    }

    /// The rules whose keywords occur in `line`, in the file's order, each once.
    pub fn candidates(&self, line: &str) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for hit in self.keywords.find_overlapping_iter(line) {
            found.extend(&self.keyword_rules[hit.pattern().as_usize()]);
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The byte ranges of secrets that `rule` finds in `line`.
    pub fn secrets(&self, rule: usize, line: &str) -> Vec<(usize, usize)> {
        let rule = &self.rules[rule];
        let Ok((regex, allowlists)) = rule.compiled() else {
            return Vec::new();
        };
        let mut spans = Vec::new();
        for captures in regex.captures_iter(line) {
            let whole = captures.get(0).expect("group 0 is the match");
            // gitleaks: the secret group when given, else the first group that matched, else all.
            let secret = if rule.secret_group > 0 {
                captures.get(rule.secret_group)
            } else {
                captures.iter().skip(1).flatten().find(|m| !m.is_empty())
            }
            .unwrap_or(whole);
            let value = secret.as_str();
            if value.is_empty() || value.contains(super::redact::REDACTED) {
                continue;
            }
            if rule.entropy.is_some_and(|floor| entropy(value) <= floor) {
                continue;
            }
            let allowed = |list: &Allowlist| {
                let target = match list.target {
                    Target::Secret => value,
                    Target::Match => whole.as_str(),
                    Target::Line => line,
                };
                let lower = value.to_lowercase();
                list.regexes.iter().any(|r| r.is_match(target))
                    || list.stopwords.iter().any(|w| lower.contains(w.as_str()))
            };
            if allowed(&self.global) || allowlists.iter().any(allowed) {
                continue;
            }
            spans.push((secret.start(), secret.end()));
        }
        spans
    }
}

/// Shannon entropy in bits per character, as gitleaks computes it.
fn entropy(value: &str) -> f64 {
    let mut counts = [0usize; 256];
    for byte in value.bytes() {
        counts[usize::from(byte)] += 1;
    }
    let length = value.len() as f64;
    counts
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| {
            let p = n as f64 / length;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_rules_compile_but_a_known_few() {
        let rules = rules();
        let skipped = rules.skipped();
        let ids: Vec<&str> = skipped.iter().map(|(id, _)| *id).collect();
        assert_eq!(
            rules.rules.len() + rules.path_only.len(),
            222,
            "gitleaks v8.30.1 has 222 rules"
        );
        assert_eq!(ids, ["pkcs12-file"], "{skipped:?}");
    }

    #[test]
    fn well_known_shapes_are_found_with_their_keyword() {
        let rules = rules();
        for line in [
            "key=AKIAZ3MSJV4WWNKWW5FG in the log",
            "using ghp_8cW5ZbX0cJ5l2n9q1dYxk3mR7uTt4aB6eF0h",
            "slack xoxb-2829375937-1234567890123-aBcDeFgHiJkLmNoPqRsTuVwX",
        ] {
            let found: usize = rules
                .candidates(line)
                .into_iter()
                .map(|rule| rules.secrets(rule, line).len())
                .sum();
            assert!(found >= 1, "{line}");
        }
    }

    #[test]
    fn entropy_of_a_repeated_letter_is_zero() {
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("ab") - 1.0).abs() < 1e-9);
    }
}
