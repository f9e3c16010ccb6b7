"""vibectl's markup in the model's text: its own style tags, and nothing else.

The tags interpreted are the six the summary prompt asks for (`[name]`, `[healthy]`,
`[warning]`, `[error]`, `[kind]`, `[time]`) and rich's plain style words the models use anyway
(`[bold]`, `[italic red]`, `[bold bright_red]`), with their closings (`[/error]`, `[/]`).
Every other bracket is text, printed as written: `Pod [api-server] is failing`, `[2/2]`,
`[link=…]`; `\\[` is an escaped bracket, as in rich.
"""

from __future__ import annotations

import re

from vibectl.summary.themes import THEMES

_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_STYLE_WORDS = frozenset(
    [
        *next(iter(THEMES.values())),
        *("bold", "dim", "italic", "underline", "strike", "reverse"),
        *_COLOURS,
        *(f"bright_{colour}" for colour in _COLOURS),
    ]
)
# Longer than any tag of ours: an open bracket followed by more is text, whatever follows.
_LONGEST_TAG = 48
_MAY_BECOME_OURS = re.compile(r"/?[a-z_ ]*")

# A bracketed word not escaped by a backslash; whether it is one of ours is `_is_ours`.
_BRACKETED = re.compile(r"(?<!\\)\[([^\[\]]*)\]")
_NEVER_CLOSED = re.compile(r"(?<!\\)\[(?![^\[\]]*\])")


def _is_ours(inside: str) -> bool:
    body = inside.removeprefix("/")
    if not body:
        return inside == "/"
    words = body.split(" ")
    return all(word in _STYLE_WORDS for word in words)


def strip_markup(text: str) -> str:
    """The text as it reads: our tags removed, every other bracket as written."""
    kept = _BRACKETED.sub(lambda tag: "" if _is_ours(tag[1]) else tag[0], text)
    return kept.replace("\\[", "[")


def rich_markup(text: str) -> str:
    """The text as rich markup in which only our tags are tags: every other `[` is escaped."""
    escaped = _BRACKETED.sub(lambda tag: tag[0] if _is_ours(tag[1]) else "\\" + tag[0], text)
    return _NEVER_CLOSED.sub(r"\\[", escaped)


def settled_length(text: str) -> int:
    """How much of `text` no text after it can change the meaning of: everything before an
    open bracket that may still become one of our tags (`… [bo`), and before backslashes that
    may escape what comes next."""
    end = len(text)
    opening = text.rfind("[")
    if opening >= 0 and "]" not in text[opening:]:
        inside = text[opening + 1 :]
        if len(inside) <= _LONGEST_TAG and _MAY_BECOME_OURS.fullmatch(inside):
            end = opening
    while end > 0 and text[end - 1] == "\\":
        end -= 1
    return end


class MarkupStripper:
    """Strips markup from pieces of text as they arrive; a tag split across pieces is held back
    until it is complete, so the pieces put together read as `strip_markup` of the whole."""

    def __init__(self) -> None:
        self._held = ""

    def feed(self, piece: str) -> str:
        text = self._held + piece
        settled = settled_length(text)
        self._held = text[settled:]
        return strip_markup(text[:settled])

    def flush(self) -> str:
        """What is still held, once no more text will come."""
        text, self._held = self._held, ""
        return strip_markup(text)
