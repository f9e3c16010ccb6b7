"""The memory vibectl keeps between invocations: one text file under $XDG_STATE_HOME/vibectl.

Writes are atomic (the core's temp-file-and-rename), and read-modify-write cycles hold an
exclusive lock, so two vibectl processes at once never corrupt it or interleave an update.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def memory_file() -> Path:
    from vibectl import _core

    return Path(_core.memory_path())


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def bounded(text: str, max_chars: int) -> str:
    """At most `max_chars` characters, cut at a line or word boundary when there is one."""
    text = text.strip()
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    boundary = max(cut.rfind("\n"), cut.rfind(" "))
    return (cut[:boundary] if boundary > max_chars // 2 else cut).rstrip()


def _current(path: Path) -> str:
    """The memory file's text; without one, the memory the older vibectl kept in its YAML
    config while that is the config in use, so it is read as it is until migrated."""
    if path.exists():
        return path.read_text()
    from vibectl import _core

    return _core.legacy_memory() or ""


def read() -> str:
    return _current(memory_file())


def update(change: Callable[[str], str], max_chars: int) -> str:
    """Replace the memory with `change(current)`, bounded; returns what was stored."""
    from vibectl import _core

    path = memory_file()
    with _locked(path):
        current = _current(path)
        new = bounded(change(current), max_chars)
        if new != current or not path.exists():
            _core.atomic_write_text(str(path), new)
        return new


def replace(text: str, max_chars: int) -> str:
    return update(lambda _current: text, max_chars)
