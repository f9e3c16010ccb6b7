"""Asking before a planned command runs: the question on stderr, the answer from stdin."""

from __future__ import annotations

import sys


def confirm(question: str, *, default: bool) -> bool:
    """True for yes. An empty answer, or no answer at all (stdin closed), takes the default."""
    choices = "[Y/n]" if default else "[y/N]"
    sys.stderr.write(f"{question} {choices} ")
    sys.stderr.flush()
    for _ in range(3):
        line = sys.stdin.readline()
        if not line:
            sys.stderr.write("\n")
            return default
        answer = line.strip().lower()
        if not answer:
            return default
        if answer in {"y", "yes"}:
            return True
        if answer in {"n", "no"}:
            return False
        sys.stderr.write(f"Please answer y or n. {choices} ")
        sys.stderr.flush()
    return default
