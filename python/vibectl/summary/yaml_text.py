"""An object (as JSON gives it) written as YAML for a person to read, laid out as `kubectl get
-o yaml` lays it out: keys sorted, a list's items at its key's indentation, a multi-line string
as a `|` block.

A string is written plain only when no YAML reader could take it for anything else (a number,
a boolean, null, a key, a comment); otherwise it is double-quoted, and every character that is
not printable is an escape inside the quotes (`\\x1b`, `\\u202e`), so no line holds one.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vibectl.summary.terminal_text import escaped

# Plain strings: words, paths, images (`ghcr.io/x/api:1.4`), single spaces between words.
_PLAIN = re.compile(r"[A-Za-z_/][\w./@%+=,;()'-]*(?::[\w./@%+=,;()'-]+)*(?: [\w./@%+=,;()'-]+)*")
# What YAML 1.1 readers (kubectl's included) take for a boolean or null.
_NOT_STRINGS = frozenset(["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"])


def as_yaml(document: dict[str, Any]) -> str:
    return "".join(f"{line}\n" for line in _block(document, 0))


def _plain(text: str) -> bool:
    return _PLAIN.fullmatch(text) is not None and text.lower() not in _NOT_STRINGS


def _quoted(text: str) -> str:
    body = "".join(
        "\\" + char if char in '\\"' else char if char.isprintable() else escaped(char)
        for char in text
    )
    return f'"{body}"'


def _literal(text: str) -> bool:
    """Whether a multi-line string reads back exactly as a `|` or `|-` block."""
    body = text.removesuffix("\n")
    return (
        "\n" in body
        and not body.startswith((" ", "\n"))
        and not body.endswith("\n")
        and all(line.isprintable() and line == line.rstrip() for line in body.split("\n"))
    )


def _key(key: str) -> str:
    return key if _plain(key) else _quoted(key)


def _scalar(prefix: str, value: Any, indent: int) -> list[str]:
    """`prefix` (`key: ` or `- `) and the value, on one line or, as a block, on several."""
    if isinstance(value, str):
        if _literal(value):
            chomp = "" if value.endswith("\n") else "-"
            pad = " " * indent
            lines = [
                f"{pad}{line}" if line else "" for line in value.removesuffix("\n").split("\n")
            ]
            return [f"{prefix}|{chomp}", *lines]
        return [prefix + (value if _plain(value) else _quoted(value))]
    if isinstance(value, dict):
        return [prefix + "{}"]
    if isinstance(value, list):
        return [prefix + "[]"]
    return [prefix + json.dumps(value)]  # a number, true, false, null


def _block(value: dict[str, Any] | list[Any], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key in sorted(value):
            item = value[key]
            if isinstance(item, dict) and item:
                lines += [f"{pad}{_key(key)}:", *_block(item, indent + 2)]
            elif isinstance(item, list) and item:
                lines += [f"{pad}{_key(key)}:", *_block(item, indent)]
            else:
                lines += _scalar(f"{pad}{_key(key)}: ", item, indent + 2)
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            first, *rest = _block(item, indent + 2)
            lines += [f"{pad}- {first[indent + 2 :]}", *rest]
        elif isinstance(item, list) and item:
            lines += [f"{pad}-", *_block(item, indent + 2)]
        else:
            lines += _scalar(f"{pad}- ", item, indent + 2)
    return lines
