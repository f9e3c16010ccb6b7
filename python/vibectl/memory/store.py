"""The memory vibectl keeps between invocations: one text file under $XDG_STATE_HOME/vibectl.

The core reads it (a regular file, bounded) and changes it: under the lock file beside it
(`memory.txt.lock`, the same discipline as the config's), atomically (temp file and rename),
so two vibectl processes at once never corrupt it or interleave an update. A file that cannot
be read or written is a `ConfigError` naming it, shown as one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def memory_file() -> Path:
    from vibectl import _core

    return Path(_core.memory_path())


def bounded(text: str, max_chars: int) -> str:
    """At most `max_chars` characters, cut at a line or word boundary when there is one."""
    text = text.strip()
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    boundary = max(cut.rfind("\n"), cut.rfind(" "))
    return (cut[:boundary] if boundary > max_chars // 2 else cut).rstrip()


def _legacy() -> str | None:
    """Without a memory file, the memory the older vibectl kept in its YAML config while that is
    the config in use: read as it is until migrated."""
    from vibectl import _core

    return None if memory_file().exists() else _core.legacy_memory()


def read() -> str:
    from vibectl import _core

    legacy = _legacy()
    return legacy if legacy is not None else _core.memory_read()


def update(change: Callable[[str], str], max_chars: int) -> str:
    """Replace the memory with `change(current)`, bounded; returns what was stored."""
    from vibectl import _core

    legacy = _legacy()
    return _core.memory_update(lambda current: bounded(change(current or legacy or ""), max_chars))


def replace(text: str, max_chars: int) -> str:
    return update(lambda _current: text, max_chars)
