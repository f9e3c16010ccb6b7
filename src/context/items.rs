//! The items of a list (`kind: List`, `items: [...]`) as the parser reads them, one at a time,
//! so that a large list is never held whole: each item is judged (`object_health.rs`) and
//! reduced as objects are (`object.rs`). While the list fits the budget every item is kept, in
//! order. Once it does not, the healthy items are counted by namespace and status (with a few
//! examples and the outliers: most restarts, oldest, newest) and dropped as they come, and
//! every item not healthy is kept: whole if they all fit, else each as a digest of its state,
//! else each as one line. A stream of documents (`get -w -o json|yaml` prints one per event) is
//! read the same way, each document an item, from its second document on.

use super::lines::thousands;
use super::object;
use super::object_health::{bad_condition, judge, Facts};
use super::redact::redact_text;
use super::tally::Tally;
use super::tree::Node;

const EXAMPLES: usize = 3;

/// The lists of one output: the budget they are read into, and what was done to them.
pub struct Lists {
    budget: usize,
    render: fn(&[Node]) -> String,
    redact: bool,
    /// What was aggregated, in words, one entry per list aggregated.
    pub words: Vec<String>,
    /// Values redacted in what the aggregation wrote (item names in its lines).
    pub redacted: usize,
    pub bookkeeping: usize,
}

impl Lists {
    pub fn new(budget: usize, render: fn(&[Node]) -> String, redact: bool) -> Lists {
        Lists {
            budget,
            render,
            redact,
            words: Vec::new(),
            redacted: 0,
            bookkeeping: 0,
        }
    }

    /// A new `Lists` with the same budget, nothing done yet.
    pub fn fresh(&self) -> Lists {
        Lists::new(self.budget, self.render, self.redact)
    }

    pub fn budget(&self) -> usize {
        self.budget
    }

    pub fn render(&self) -> fn(&[Node]) -> String {
        self.render
    }
}

/// One list's items as they stream by.
pub struct Items {
    budget: usize,
    render: fn(&[Node]) -> String,
    /// What the items are, in words: `items`, or a stream's `objects`.
    noun: &'static str,
    /// Reduced items kept: all of them, until the list is over the budget; then those not
    /// healthy.
    kept: Vec<(Facts, Node)>,
    kept_chars: usize,
    /// The healthy items dropped, once the list is over the budget.
    counted: Option<Counted>,
    bookkeeping: usize,
}

#[derive(Default)]
struct Counted {
    noun: &'static str,
    tally: Tally,
    namespaced: bool,
    examples: Vec<String>,
    most_restarts: Option<(u64, String)>,
    oldest: Option<(String, String)>,
    newest: Option<(String, String)>,
}

impl Counted {
    fn add(&mut self, facts: &Facts) {
        self.tally.add(&facts.namespace, &facts.status);
        self.namespaced |= !facts.namespace.is_empty();
        let title = || format!("{} ({})", facts.title(), facts.status);
        if self.examples.len() < EXAMPLES {
            self.examples.push(title());
        }
        if facts.restarts > 0
            && self
                .most_restarts
                .as_ref()
                .is_none_or(|(n, _)| facts.restarts > *n)
        {
            self.most_restarts = Some((
                facts.restarts,
                format!("{}, {} restarts", title(), facts.restarts),
            ));
        }
        if !facts.created.is_empty() {
            let dated = || format!("{}, created {}", title(), facts.created);
            if self
                .oldest
                .as_ref()
                .is_none_or(|(at, _)| facts.created < *at)
            {
                self.oldest = Some((facts.created.clone(), dated()));
            }
            if self
                .newest
                .as_ref()
                .is_none_or(|(at, _)| facts.created > *at)
            {
                self.newest = Some((facts.created.clone(), dated()));
            }
        }
    }

    /// The lines that stand for the healthy items, at the end of the list.
    fn lines(&self) -> Vec<String> {
        let by = if self.namespaced {
            "by namespace and status"
        } else {
            "by status"
        };
        let noun = self.noun;
        let mut out = vec![format!(
            "… {} healthy {noun} not listed; counted {by}: {}",
            thousands(self.tally.total),
            self.tally.words(noun)
        )];
        let mut examples = format!(
            "… examples of the healthy {noun}: {}",
            self.examples.join("; ")
        );
        for (label, item) in [
            (
                "with the most restarts",
                self.most_restarts.as_ref().map(|r| &r.1),
            ),
            ("the oldest", self.oldest.as_ref().map(|r| &r.1)),
            ("the newest", self.newest.as_ref().map(|r| &r.1)),
        ] {
            if let Some(item) = item {
                examples.push_str(&format!("; {label}: {item}"));
            }
        }
        out.push(examples);
        out
    }
}

impl Items {
    pub fn new(lists: &Lists, noun: &'static str) -> Items {
        Items {
            budget: lists.budget,
            render: lists.render,
            noun,
            kept: Vec::new(),
            kept_chars: 0,
            counted: None,
            bookkeeping: 0,
        }
    }

    pub fn add(&mut self, mut item: Node) {
        let facts = judge(&item);
        if let Some(counted) = self.counted.as_mut().filter(|_| facts.healthy()) {
            counted.add(&facts);
            return;
        }
        self.bookkeeping += object::reduce(&mut item);
        if self.counted.is_none() {
            self.kept_chars += (self.render)(std::slice::from_ref(&item)).len();
        }
        self.kept.push((facts, item));
        if self.counted.is_none() && self.kept_chars > self.budget {
            self.count_the_healthy();
        }
    }

    /// The list is over the budget: its healthy items kept so far are counted instead.
    fn count_the_healthy(&mut self) {
        let mut counted = Counted {
            noun: self.noun,
            ..Counted::default()
        };
        self.kept.retain(|(facts, _)| {
            let healthy = facts.healthy();
            if healthy {
                counted.add(facts);
            }
            !healthy
        });
        self.counted = Some(counted);
    }

    /// The items to print in the list's place; what was done is told in `lists`.
    pub fn finish(mut self, lists: &mut Lists) -> Vec<Node> {
        lists.bookkeeping += self.bookkeeping;
        let Some(counted) = self.counted.take() else {
            return self.kept.into_iter().map(|(_, item)| item).collect();
        };
        let mut lines = counted.lines();
        let summary: usize = lines.iter().map(String::len).sum();
        let room = (self.budget - self.budget / 10).saturating_sub(summary);
        let unhealthy = self.kept.len();
        let noun = self.noun;
        let (mut items, form) = self.unhealthy_within(room);
        let mut words = format!(
            "{} healthy {noun} aggregated into counts by namespace and status, with examples; \
             every one of the {} {noun} not healthy kept{form}",
            thousands(counted.tally.total),
            thousands(unhealthy)
        );
        if lists.redact {
            for line in &mut lines {
                let (text, found) = redact_text(line);
                lists.redacted += found;
                *line = text.into_owned();
            }
        }
        items.extend(lines.into_iter().map(Node::Elided));
        if unhealthy == 0 {
            words = format!(
                "{} healthy {noun} aggregated into counts by namespace and status, with examples",
                thousands(counted.tally.total)
            );
        }
        lists.words.push(words);
        items
    }

    /// The items not healthy within `room` characters: whole, else as digests, else as lines.
    fn unhealthy_within(self, room: usize) -> (Vec<Node>, &'static str) {
        // Measured as printed: inside a document's `items`, where each line is indented.
        let size = |nodes: &[Node]| -> usize {
            let list = Node::Map(vec![("items".to_string(), Node::List(nodes.to_vec()))]);
            (self.render)(std::slice::from_ref(&list)).len()
        };
        let (facts, whole): (Vec<Facts>, Vec<Node>) = self.kept.into_iter().unzip();
        if size(&whole) <= room {
            return (whole, "");
        }
        let digests: Vec<Node> = whole.iter().map(digest).collect();
        if size(&digests) <= room {
            return (digests, ", each as a digest of its state");
        }
        let lines = facts.iter().map(|f| Node::Elided(one_line(f))).collect();
        (lines, ", each as one line")
    }
}

/// The documents of an output as they are read: the first is kept as it is; a stream (a second
/// document and those after it) is read as the items of a list, the first among them.
#[derive(Default)]
pub struct Documents {
    first: Option<Node>,
    stream: Option<Items>,
    /// Whether any document was a map or a list (not only scalars).
    pub objects: bool,
}

impl Documents {
    pub fn add(&mut self, document: Node, lists: &Lists) {
        self.objects |= matches!(document, Node::Map(_) | Node::List(_));
        if let Some(stream) = &mut self.stream {
            return stream.add(document);
        }
        match self.first.take() {
            None => self.first = Some(document),
            Some(first) => {
                let mut stream = Items::new(lists, "objects");
                stream.add(first);
                stream.add(document);
                self.stream = Some(stream);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_none() && self.stream.is_none()
    }

    /// The documents to print; what was done to a stream is told in `lists`.
    pub fn finish(self, lists: &mut Lists) -> Vec<Node> {
        match (self.first, self.stream) {
            (_, Some(stream)) => stream.finish(lists),
            (first, None) => first.into_iter().collect(),
        }
    }
}

/// `Pod team-1/api-x (Running): container app waiting: CrashLoopBackOff; …`.
fn one_line(facts: &Facts) -> String {
    format!(
        "{} ({}): {}",
        facts.title(),
        facts.status,
        facts.trouble.join("; ")
    )
}

/// An item's kind, name, namespace, the scalars of its spec and status, the conditions that
/// are trouble, and each container's readiness, restarts and states.
fn digest(item: &Node) -> Node {
    let scalars = |node: Option<&Node>| -> Vec<(String, Node)> {
        let Some(Node::Map(fields)) = node else {
            return Vec::new();
        };
        let scalar = |v: &Node| !matches!(v, Node::Map(_) | Node::List(_));
        fields.iter().filter(|(_, v)| scalar(v)).cloned().collect()
    };
    let picked = |node: &Node, keys: &[&str]| -> Node {
        let Node::Map(fields) = node else {
            return node.clone();
        };
        let fields = fields.iter().filter(|(k, _)| keys.contains(&k.as_str()));
        Node::Map(fields.cloned().collect())
    };
    let mut out = Vec::new();
    if let Some(kind) = item.get("kind") {
        out.push(("kind".to_owned(), kind.clone()));
    }
    if let Some(metadata) = item.get("metadata") {
        out.push((
            "metadata".to_owned(),
            picked(metadata, &["name", "namespace"]),
        ));
    }
    let spec = scalars(item.get("spec"));
    if !spec.is_empty() {
        out.push(("spec".to_owned(), Node::Map(spec)));
    }
    if let Some(status) = item.get("status") {
        let mut fields = scalars(Some(status));
        if let Some(Node::List(conditions)) = status.get("conditions") {
            let bad: Vec<Node> = conditions
                .iter()
                .filter(|c| bad_condition(c, false))
                .map(|c| picked(c, &["type", "status", "reason", "message"]))
                .collect();
            if !bad.is_empty() {
                fields.push(("conditions".to_owned(), Node::List(bad)));
            }
        }
        for field in ["initContainerStatuses", "containerStatuses"] {
            if let Some(Node::List(containers)) = status.get(field) {
                let keys = ["name", "ready", "restartCount", "state", "lastState"];
                let containers = containers.iter().map(|c| picked(c, &keys)).collect();
                fields.push((field.to_owned(), Node::List(containers)));
            }
        }
        out.push(("status".to_owned(), Node::Map(fields)));
    }
    Node::Map(out)
}

#[cfg(test)]
mod tests {
    use super::super::properties::{run, BUDGET};
    use super::super::{json, yaml, CHARS_PER_TOKEN};
    use super::*;

    fn pod(i: usize, broken: bool) -> String {
        let (phase, state) = if broken {
            (
                "Running",
                r#"{"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}}"#,
            )
        } else {
            (
                "Running",
                r#"{"running": {"startedAt": "2026-11-01T00:00:00Z"}}"#,
            )
        };
        format!(
            r#"{{"apiVersion": "v1", "kind": "Pod", "metadata": {{"name": "pod-{i}", "namespace": "team-{}", "uid": "u-{i}", "creationTimestamp": "2026-11-{:02}T00:00:00Z"}}, "spec": {{"nodeName": "node-1", "containers": [{{"name": "app", "image": "nginx"}}]}}, "status": {{"phase": "{phase}", "containerStatuses": [{{"name": "app", "ready": {}, "restartCount": 0, "image": "nginx", "imageID": "sha256:abc", "state": {state}}}]}}}}"#,
            i % 3,
            1 + i % 28,
            !broken
        )
    }

    fn list(n: usize, broken: &[usize]) -> String {
        let items: Vec<String> = (0..n).map(|i| pod(i, broken.contains(&i))).collect();
        format!(
            r#"{{"apiVersion": "v1", "items": [{}], "kind": "List"}}"#,
            items.join(", ")
        )
    }

    #[test]
    fn a_list_within_the_budget_is_kept_whole() {
        let mut lists = Lists::new(100_000, json::render, true);
        let documents = json::parse_into(&list(20, &[3]), &mut lists).unwrap();
        let Some(Node::List(items)) = documents[0].get("items") else {
            panic!()
        };
        assert_eq!(items.len(), 20);
        assert!(lists.words.is_empty());
        assert!(lists.bookkeeping >= 40, "uid and creationTimestamp of each");
    }

    #[test]
    fn over_the_budget_the_healthy_are_counted_and_the_rest_kept() {
        let mut lists = Lists::new(8_000, json::render, true);
        let documents = json::parse_into(&list(3_000, &[7, 1_500, 2_999]), &mut lists).unwrap();
        let text = json::render(&documents);
        for i in [7, 1_500, 2_999] {
            assert!(text.contains(&format!("\"pod-{i}\"")), "pod-{i} in {text}");
        }
        assert!(text.contains("CrashLoopBackOff"));
        assert!(text
            .contains("… 2,997 healthy items not listed; counted by namespace and status: team-"));
        assert!(text.contains("examples of the healthy items: Pod team-0/pod-0 (Running)"));
        assert!(text.contains("the oldest: Pod team-0/pod-0 (Running), created 2026-11-01"));
        assert!(!text.contains("\"uid\""), "kept items are reduced");
        assert!(
            lists.words[0].starts_with("2,997 healthy items aggregated"),
            "{:?}",
            lists.words
        );
        assert!(text.len() < 8_000, "{}", text.len());
    }

    #[test]
    fn many_unhealthy_items_fall_back_to_digests_then_lines() {
        let broken: Vec<usize> = (0..3_000).step_by(100).collect();
        let mut lists = Lists::new(20_000, json::render, true);
        let text = json::render(&json::parse_into(&list(3_000, &broken), &mut lists).unwrap());
        assert!(
            lists.words[0].ends_with("each as a digest of its state"),
            "{:?}",
            lists.words
        );
        assert!(text.contains("\"pod-2900\"") && !text.contains("\"image\""));
        assert!(
            text.len() <= 20_000,
            "the digests fit as printed: {}",
            text.len()
        );
        let mut lists = Lists::new(4_000, json::render, true);
        let text = json::render(&json::parse_into(&list(3_000, &broken), &mut lists).unwrap());
        assert!(
            lists.words[0].ends_with("each as one line"),
            "{:?}",
            lists.words
        );
        assert!(
            text.contains(
                "\"Pod team-2/pod-2900 (Running): container app waiting: CrashLoopBackOff\""
            ),
            "{text}"
        );
    }

    #[test]
    fn a_stream_of_documents_is_read_as_the_items_of_a_list() {
        let broken = [11, 9_000, 19_999];
        let documents: Vec<String> = (0..20_000).map(|i| pod(i, broken.contains(&i))).collect();
        let as_yaml = |d: &String| yaml::render(&json::parse(d).unwrap());
        let streams = [
            ("json", documents.join("\n")),
            (
                "yaml",
                documents
                    .iter()
                    .map(as_yaml)
                    .collect::<Vec<_>>()
                    .join("---\n"),
            ),
        ];
        for (output, stream) in streams {
            let prepared = run(&["get", "pods", "-A", "-w", "-o", output], &stream);
            let text = &prepared.stdout;
            for i in broken {
                let name = format!("pod-{i}");
                let named = |end: &str| text.contains(&format!("{name}{end}"));
                assert!(named("\"") || named("\n") || named(" "), "{name} in {text}");
            }
            assert!(text.len() <= BUDGET * CHARS_PER_TOKEN, "{}", text.len());
            let reduced = prepared.reduced.unwrap();
            assert!(
                reduced.starts_with(
                    "19,997 healthy objects aggregated into counts by namespace and status, \
                     with examples; every one of the 3 objects not healthy kept"
                ),
                "{reduced}"
            );
            assert!(text.contains("… 19,997 healthy objects not listed; counted by namespace"));
        }
    }

    #[test]
    fn one_document_is_kept_as_it_is_and_two_are_a_stream() {
        let mut lists = Lists::new(400, json::render, true);
        let one = json::parse_into(&list(50, &[]), &mut lists).unwrap();
        assert_eq!(one.len(), 1, "a list is one document, its items aggregated");
        let mut lists = Lists::new(100_000, json::render, true);
        let two = json::parse_into(&format!("{}\n{}", pod(0, false), pod(1, true)), &mut lists);
        assert_eq!(two.unwrap().len(), 2);
        assert!(
            lists.words.is_empty(),
            "a stream within the budget is kept whole"
        );
    }
}
