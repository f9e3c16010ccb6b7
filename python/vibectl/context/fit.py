"""Cutting kubectl's output down to a budget of tokens, saying what was cut.

Text (logs, tables, `describe`) keeps its first and last lines, more of the end than of the
start, since the latest lines of a log matter most. JSON and YAML are cut structurally, in
steps until they fit: long lists keep their first and last items, long values their start and
end, and what lies deeper than some depth is elided; a marker says how much went where. Cuts
fall between lines, items or words, never inside a token, when the output allows it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vibectl.context import kube_yaml
from vibectl.context.budget import CHARS_PER_TOKEN
from vibectl.kubectl.output_format import Format


@dataclass(frozen=True)
class Fitted:
    text: str
    cut: str | None  # what was left out, in words; None when nothing was


@dataclass(frozen=True)
class _Level:
    ends: int  # items kept at each end of a list
    depth: int  # nesting below which everything is elided
    chars: int  # longest value or line kept whole
    lines: int  # lines kept at each end of a multi-line value


_LEVELS = (
    _Level(ends=50, depth=1000, chars=4000, lines=200),
    _Level(ends=10, depth=12, chars=1000, lines=40),
    _Level(ends=4, depth=8, chars=300, lines=10),
    _Level(ends=2, depth=6, chars=120, lines=4),
    _Level(ends=1, depth=4, chars=60, lines=2),
)


# Room kept for the line that says how many lines were left out.
_MARKER_ROOM = 40


@dataclass
class _Cuts:
    lists: int = 0
    items: int = 0
    values: int = 0
    deep: int = 0
    lines: int = 0

    def words(self) -> str:
        parts = []
        if self.lists:
            parts.append(f"{self.lists:,} lists shortened ({self.items:,} items left out)")
        if self.values:
            parts.append(f"{self.values:,} long values shortened")
        if self.deep:
            parts.append(f"{self.deep:,} deeply nested sections elided")
        if self.lines:
            parts.append(f"{self.lines:,} lines left out")
        return ", ".join(parts)


def fit(text: str, fmt: Format, budget_tokens: int) -> Fitted:
    """`text` (printed in `fmt`) within `budget_tokens`, cut as little as the steps allow."""
    limit = budget_tokens * CHARS_PER_TOKEN
    if len(text) <= limit:
        return Fitted(text, None)
    attempt, cuts = text, _Cuts()
    for level in _LEVELS if fmt != "text" else ():
        cuts = _Cuts()
        attempt = _cut_json(text, level, cuts) if fmt == "json" else _cut_yaml(text, level, cuts)
        if len(attempt) <= limit:
            return Fitted(attempt, cuts.words())
    return Fitted(_cut_lines(attempt, limit, cuts), cuts.words())


def shorten(value: str, limit: int) -> str:
    """`value` cut to about `limit` characters in the middle, at spaces where there are any."""
    if len(value) <= limit:
        return value
    head_end = _space_before(value, limit * 2 // 3)
    tail_start = _space_after(value, len(value) - limit // 3)
    left_out = tail_start - head_end
    return f"{value[:head_end]} … {left_out:,} characters left out … {value[tail_start:]}"


def _space_before(value: str, at: int) -> int:
    space = value.rfind(" ", at // 2, at)
    return space if space > 0 else at


def _space_after(value: str, at: int) -> int:
    space = value.find(" ", at, at + (len(value) - at) // 2)
    return space + 1 if space >= 0 else at


def _cut_lines(text: str, limit: int, cuts: _Cuts) -> str:
    """The first lines up to a third of `limit`, a marker, and the last lines in the rest."""
    limit -= _MARKER_ROOM
    lines = [shorten(line, limit // 3) for line in text.splitlines()]
    head: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > limit // 3:
            break
        head.append(line)
        used += len(line) + 1
    tail: list[str] = []  # from the last line backwards
    for line in reversed(lines[len(head) :]):
        if used + len(line) + 1 > limit:
            break
        tail.append(line)
        used += len(line) + 1
    cuts.lines = len(lines) - len(head) - len(tail)
    marker = [f"… {cuts.lines:,} lines left out …"] if cuts.lines else []
    return "\n".join([*head, *marker, *reversed(tail)]) + "\n"


def _cut_json(text: str, level: _Level, cuts: _Cuts) -> str:
    return json.dumps(_cut_value(json.loads(text), level, 0, cuts), indent=2, ensure_ascii=False)


def _cut_value(value: Any, level: _Level, depth: int, cuts: _Cuts) -> Any:
    if isinstance(value, str) and len(value) > level.chars:
        cuts.values += 1
        return shorten(value, level.chars)
    if isinstance(value, dict | list) and value and depth >= level.depth:
        cuts.deep += 1
        return f"… {len(value):,} {'fields' if isinstance(value, dict) else 'items'} elided …"
    if isinstance(value, dict):
        return {key: _cut_value(item, level, depth + 1, cuts) for key, item in value.items()}
    if isinstance(value, list):
        if len(value) > 2 * level.ends + 1:
            cuts.lists += 1
            cuts.items += len(value) - 2 * level.ends
            marker = f"… {len(value) - 2 * level.ends:,} items left out …"
            value = [*value[: level.ends], marker, *value[-level.ends :]]
        return [_cut_value(item, level, depth + 1, cuts) for item in value]
    return value


def _cut_yaml(text: str, level: _Level, cuts: _Cuts) -> str:
    root = kube_yaml.parse(text)
    return "\n".join(_children_lines(root, level, 0, cuts)) + "\n"


def _node_lines(node: kube_yaml.Node, level: _Level, depth: int, cuts: _Cuts) -> Iterator[str]:
    if len(node.line) > level.chars:
        cuts.values += 1
        yield shorten(node.line, level.chars)
    else:
        yield node.line
    yield from _children_lines(node, level, depth + 1, cuts)


def _children_lines(node: kube_yaml.Node, level: _Level, depth: int, cuts: _Cuts) -> Iterator[str]:
    if not node.children:
        return
    indent = " " * min(
        (child.indent for child in node.children if child.line.strip()), default=node.indent + 2
    )
    if node.multiline_value:
        # A multi-line value: its first and last lines.
        lines = [line for child in node.children for line in child.lines()]
        if len(lines) > 2 * level.lines + 1:
            cuts.values += 1
            left_out = len(lines) - 2 * level.lines
            lines = [*lines[: level.lines], f"{indent}… {left_out:,} lines left out …",
                     *lines[-level.lines :]]  # fmt: skip
        yield from (shorten(line, level.chars) for line in lines)
        return
    if depth >= level.depth:
        cuts.deep += 1
        elided = sum(1 for child in node.children for _ in child.lines())
        yield f"{indent}# … {elided:,} lines elided"
        return
    for kept in _shorten_sequences(node.children, level, indent, cuts):
        if isinstance(kept, str):
            yield kept
        else:
            yield from _node_lines(kept, level, depth, cuts)


def _shorten_sequences(
    children: list[kube_yaml.Node], level: _Level, indent: str, cuts: _Cuts
) -> Iterator[kube_yaml.Node | str]:
    """The children, with each run of more than 2 × ends items cut to its ends and a marker."""
    run: list[kube_yaml.Node] = []
    for child in [*children, None]:
        if child is not None and child.item:
            run.append(child)
            continue
        if len(run) > 2 * level.ends + 1:
            cuts.lists += 1
            cuts.items += len(run) - 2 * level.ends
            yield from run[: level.ends]
            yield f"{indent}# … {len(run) - 2 * level.ends:,} items left out"
            yield from run[-level.ends :]
        else:
            yield from run
        run = []
        if child is not None:
            yield child
