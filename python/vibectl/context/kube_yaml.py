"""kubectl's YAML as a tree of lines, so it can be redacted and cut without a YAML library.

kubectl prints block-style YAML (go-yaml): two-space indents, sequences at their key's indent
(`containers:` then `- name: …`), block scalars and long strings continued on deeper lines. A
line's children are the lines below it that are indented further, plus, for a key with no
value, the `- ` items at its own indent. Every line stays in the tree as it was printed; cutting
or redacting replaces whole nodes, so the text never breaks in the middle of a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_KEY = re.compile(
    r"""(?P<key>"[^"]*"|'[^']*'|[^\s"'#:-][^:]*?|-[^\s:][^:]*?):(?:\s+(?P<value>.*))?$"""
)


@dataclass
class Node:
    line: str
    indent: int  # the column of the line's first character ('-' for an item)
    item: bool  # the line starts a sequence item
    key: str | None  # the mapping key on this line, if any
    value: str  # what follows `key:` on the line ('' when nothing does)
    children: list[Node] = field(default_factory=list)

    @property
    def opens_sequence(self) -> bool:
        return not self.item and self.key is not None and self.value == ""

    @property
    def block_scalar(self) -> bool:
        return self.value[:1] in ("|", ">")

    @property
    def multiline_value(self) -> bool:
        """Whether the lines below are the rest of this line's value, not more structure."""
        return self.block_scalar or (self.value != "" and not (self.item and self.key))

    def fields(self) -> list[Node]:
        """The mapping this node holds: its children, and itself for an item `- key: value`."""
        own = [self] if self.item and self.key is not None else []
        return own + [child for child in self.children if not child.item]

    def field(self, key: str) -> Node | None:
        return next((f for f in self.fields() if f.key == key), None)

    def replace_value(self, value: str) -> None:
        """Give this key a one-line value, dropping what was below it."""
        assert self.key is not None
        prefix = self.line[: self.line.index(self.key) + len(self.key) + 1]
        self.line = f"{prefix} {value}"
        self.value = value
        self.children = []

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def lines(self) -> Iterator[str]:
        yield self.line
        for child in self.children:
            yield from child.lines()


def _node(line: str) -> Node:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    item = stripped == "-" or stripped.startswith("- ")
    body = stripped[2:] if item else stripped
    match = _KEY.match(body)
    key = match["key"] if match else None
    return Node(line, indent, item, key, (match["value"] or "") if match else body)


def _holds(parent: Node, node: Node) -> bool:
    return node.indent > parent.indent or (
        node.indent == parent.indent and node.item and parent.opens_sequence
    )


def parse(text: str) -> Node:
    """The document under a root node (whose line is never printed)."""
    root = Node("", -1, False, None, "")
    stack = [root]
    for line in text.splitlines():
        node = _node(line)
        if not line.strip():  # a blank line (inside a block scalar) stays where it is
            stack[-1].children.append(node)
            continue
        while len(stack) > 1 and not _holds(stack[-1], node):
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


def render(root: Node) -> str:
    lines = [line for child in root.children for line in child.lines()]
    return "\n".join(lines) + "\n" if lines else ""
