"""Rich markup as text: stripping its tags, also from a summary that arrives in pieces."""

from __future__ import annotations

import re

# The tag syntax of rich markup ([bold], [/], [link=…]); square brackets that do not open
# with a letter, '/', '#' or '@' (such as "[1/1]") are text, as rich itself treats them.
_MARKUP_TAG = re.compile(r"(?<!\\)\[([a-z#/@][^\[\]]*?)\]")


def strip_markup(text: str) -> str:
    return _MARKUP_TAG.sub("", text).replace("\\[", "[")


def settled_length(text: str) -> int:
    """How much of `text` no text after it can change the meaning of: everything before a tag
    still open at the end (`… [bo`), and before backslashes that may escape what comes next."""
    end = len(text)
    opening = text.rfind("[")
    if opening >= 0 and "]" not in text[opening:]:
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
