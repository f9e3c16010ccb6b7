"""Opening a file in the user's editor ($VISUAL, then $EDITOR, then vi; notepad on Windows)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click


def run_editor(path: Path) -> None:
    """Edit `path`; a failing or missing editor is a one-line error that names the file."""
    default = "notepad" if sys.platform == "win32" else "vi"
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or default
    try:
        status = subprocess.run([*shlex.split(editor), str(path)], check=False).returncode
    except FileNotFoundError:
        raise click.ClickException(f"the editor {editor!r} was not found; set $EDITOR") from None
    if status != 0:
        raise click.ClickException(f"{editor} exited with {status}; nothing changed ({path})")


def edit_text(draft: Path, initial: str) -> str:
    """`initial`, as the user leaves it after editing it in a draft file (then removed)."""
    from vibectl import _core

    draft.parent.mkdir(parents=True, exist_ok=True)
    _core.atomic_write_text(str(draft), initial)
    run_editor(draft)
    edited = draft.read_text()
    draft.unlink()
    return edited


def text_or_edit(text: tuple[str, ...], *, edit: bool, what: str, edited: Callable[[], str]) -> str:
    """The words of TEXT, or with --edit what `edited()` returns (the user's edit): exactly one
    of the two is given, or it is a usage error that names `what`."""
    if edit == bool(text):
        raise click.UsageError(f"give {what} as TEXT, or --edit (one of the two)")
    return edited() if edit else " ".join(text)
