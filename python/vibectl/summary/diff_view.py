"""A change shown before it is made: a unified diff of two texts on stderr (where the questions
are), every line escaped for the terminal, coloured in the theme's colours on a terminal that
takes colour (removed lines as errors, added ones as healthy, the `@@` lines as kinds)."""

from __future__ import annotations

import difflib
import sys

from vibectl.summary import render
from vibectl.summary.terminal_text import without_controls
from vibectl.summary.themes import THEMES

# The theme's tag (`summary/themes.py`) for each kind of diff line.
_TAGS = {"-": "error", "+": "healthy", "@": "kind"}


def diff_lines(before: str, after: str, *, old: str, new: str) -> list[str]:
    """The unified diff of `before` and `after` (three lines of context), escaped; empty when
    they are the same."""
    lines = difflib.unified_diff(
        before.splitlines(), after.splitlines(), fromfile=old, tofile=new, lineterm=""
    )
    return [without_controls(line) for line in lines]


def show_diff(lines: list[str], *, theme: str) -> None:
    if not render.styled(sys.stderr):
        sys.stderr.write("".join(f"{line}\n" for line in lines))
        sys.stderr.flush()
        return
    from rich.console import Console
    from rich.text import Text

    styles = THEMES[theme]
    console = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    for line in lines:
        tag = _TAGS.get(line[:1]) if not line.startswith(("---", "+++")) else "name"
        console.print(Text(line, style=styles[tag] if tag else ""))
