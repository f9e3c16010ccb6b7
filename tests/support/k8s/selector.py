"""Label and field selectors: the query-string syntax kubectl sends, and LabelSelector dicts."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from support.k8s.objects import Obj

LabelMatcher = Callable[[Mapping[str, str]], bool]
FieldMatcher = Callable[[Obj], bool]


class SelectorError(ValueError):
    """A selector the real API server would reject with 400 BadRequest."""


_SET_TERM = re.compile(r"^(?P<key>[^\s!=(),]+)\s+(?P<op>in|notin)\s+\((?P<values>[^)]*)\)$")
_CMP_TERM = re.compile(r"^(?P<key>[^\s!=(),]+)\s*(?P<op>==|=|!=)\s*(?P<value>[^\s!=(),]*)$")
_EXISTS_TERM = re.compile(r"^(?P<neg>!?)\s*(?P<key>[^\s!=(),]+)$")


def _split_terms(text: str) -> list[str]:
    """Split on commas that are not inside a `(...)` value set."""
    terms: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            terms.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    terms.append("".join(current).strip())
    return [t for t in terms if t]


def _term_matcher(term: str) -> LabelMatcher:
    if m := _SET_TERM.match(term):
        key, values = m["key"], {v.strip() for v in m["values"].split(",") if v.strip()}
        if m["op"] == "in":
            return lambda labels: labels.get(key) in values
        return lambda labels: labels.get(key) not in values
    if m := _CMP_TERM.match(term):
        key, value = m["key"], m["value"]
        if m["op"] == "!=":
            return lambda labels: labels.get(key) != value
        return lambda labels: labels.get(key) == value
    if m := _EXISTS_TERM.match(term):
        key, negated = m["key"], bool(m["neg"])
        return lambda labels: (key in labels) != negated
    raise SelectorError(f"unable to parse requirement: {term!r}")


def parse_label_selector(text: str | None) -> LabelMatcher:
    """`app=api,tier!=db,env in (a,b),!legacy` -> a predicate over a labels mapping."""
    matchers = [_term_matcher(term) for term in _split_terms(text or "")]
    return lambda labels: all(match(labels) for match in matchers)


def label_selector_matcher(selector: Mapping[str, Any] | None) -> LabelMatcher:
    """A predicate for a LabelSelector dict ({matchLabels, matchExpressions})."""
    text = format_label_selector(selector)
    return parse_label_selector("" if text == "<none>" else text)


def format_label_selector(selector: Mapping[str, Any] | None) -> str:
    """metav1.FormatLabelSelector: `app=api,tier in (a,b)`; `<none>` when empty."""
    if not selector:
        return "<none>"
    terms = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for expr in selector.get("matchExpressions") or []:
        op = str(expr.get("operator", ""))
        key = expr.get("key", "")
        values = ",".join(sorted(expr.get("values") or []))
        match op:
            case "In":
                terms.append(f"{key} in ({values})")
            case "NotIn":
                terms.append(f"{key} notin ({values})")
            case "Exists":
                terms.append(str(key))
            case "DoesNotExist":
                terms.append(f"!{key}")
    return ",".join(terms) or "<none>"


def _field_value(obj: Obj, path: str) -> str:
    node: Any = obj
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return ""
    if isinstance(node, bool):
        return str(node).lower()
    return str(node)


def parse_field_selector(text: str | None) -> FieldMatcher:
    """`metadata.name=x,status.phase!=Running` -> a predicate over objects (any dotted path)."""
    checks: list[tuple[str, bool, str]] = []
    for term in _split_terms(text or ""):
        m = _CMP_TERM.match(term)
        if m is None:
            raise SelectorError(f"invalid field selector: {term!r}")
        checks.append((m["key"], m["op"] == "!=", m["value"]))

    def matches(obj: Obj) -> bool:
        return all((_field_value(obj, path) == value) != neg for path, neg, value in checks)

    return matches
