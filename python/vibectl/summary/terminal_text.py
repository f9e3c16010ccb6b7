"""Text on its way to the terminal: only what vibectl's renderer emits may act on it.

A control character in text from the model, the cluster or a planned command is an instruction
to the terminal (ESC opens the sequences that clear the screen, move the cursor or write the
clipboard, OSC 52; a carriage return redraws the line), so it is shown as an escape instead:
`\\x1b`, `\\r`, and a byte that was not UTF-8 (a surrogate escape) as `\\xff`.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

# C0 but tab and newline, DEL, C1, and lone surrogates (bytes that were not UTF-8).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escaped(char: str) -> str:
    """One character as a bash `$'…'` escape."""
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte itself
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def without_controls(text: str) -> str:
    """`text` with its control characters (but newline and tab) shown as escapes."""
    return _CONTROL.sub(lambda match: escaped(match[0]), text)


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def shown_word(word: str) -> str:
    """A word as a shell would take it back: quoted when needed, and as `$'…'` with escapes when
    it holds anything not printable (controls, newlines, invisible or direction-changing
    characters, bytes that were not UTF-8), so what is shown is exactly what runs."""
    if word.isprintable():
        return shlex.quote(word)
    body = "".join(
        "\\" + char if char in "\\'" else char if char.isprintable() else escaped(char)
        for char in word
    )
    return f"$'{body}'"


def shown_command(argv: Sequence[str]) -> str:
    """A command line to print, one line whatever its words hold."""
    return " ".join(shown_word(word) for word in argv)
