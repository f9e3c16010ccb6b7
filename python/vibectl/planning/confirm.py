"""Asking before a planned command runs, and answering the planner in place: the question on
stderr, the answer from stdin; on a terminal, a line typed with line editing (readline)."""

from __future__ import annotations

import sys
from typing import Literal

# "no answer": stdin closed where the default is no; nobody is there to ask again.
Answer = Literal["yes", "no", "no answer", "edit", "yes and", "no but", "memory", "exit"]
_WORDS: dict[str, Answer] = {"y": "yes", "yes": "yes", "n": "no", "no": "no"}
_EDIT_WORDS: dict[str, Answer] = {"e": "edit", "edit": "edit"}
# The older vibectl's semiauto answers; its [E]xit is x here, as e is edit.
_SEMIAUTO_WORDS: dict[str, Answer] = {"a": "yes and", "b": "no but", "m": "memory", "x": "exit"}
_EDIT_CHOICE = "/e(dit)"
_SEMIAUTO_CHOICES = "/a(nd)/b(ut)/m(emory)/x(exit)"


def choose(
    question: str, *, default: bool, editable: bool = False, semiauto: bool = False
) -> Answer:
    """yes, no, or (when `editable`) edit, or (when `semiauto`) yes and, no but, memory or exit.
    An empty answer, or no answer at all (stdin closed), takes the default; a closed stdin where
    the default is no is "no answer"."""
    words = {
        **_WORDS,
        **(_EDIT_WORDS if editable else {}),
        **(_SEMIAUTO_WORDS if semiauto else {}),
    }
    choices = (
        ("[Y/n" if default else "[y/N")
        + (_EDIT_CHOICE if editable else "")
        + (_SEMIAUTO_CHOICES if semiauto else "")
        + "]"
    )
    keys = [key for key in words if len(key) == 1]
    sys.stderr.write(f"{question} {choices} ")
    sys.stderr.flush()
    for _ in range(3):
        line = sys.stdin.readline()
        if not line:
            sys.stderr.write("\n")
            return "yes" if default else "no answer"
        answer = line.strip().lower()
        if not answer:
            break
        if answer in words:
            return words[answer]
        sys.stderr.write(f"Please answer {', '.join(keys[:-1])} or {keys[-1]}. {choices} ")
        sys.stderr.flush()
    return "yes" if default else "no"


def type_line(prompt: str, *, prefill: str = "") -> str | None:
    """A line the user types on the terminal, with line editing and `prefill` ready to change;
    None when stdin is not a terminal, or on Ctrl-D."""
    if not sys.stdin.isatty():
        return None
    if sys.platform == "win32":  # Windows' Python has no readline: the line is typed afresh
        return _read_line(prompt)
    import readline

    readline.set_startup_hook(lambda: readline.insert_text(prefill))
    try:
        return _read_line(prompt)
    finally:
        readline.set_startup_hook()


def _read_line(prompt: str) -> str | None:
    try:
        if sys.stdout.isatty():
            return input(prompt)
        sys.stderr.write(prompt)  # stdout is for results, not for questions
        sys.stderr.flush()
        return input()
    except EOFError:
        sys.stderr.write("\n")
        return None
