"""kubectl's global flags (the ones `kubectl options` lists), which vibectl also takes before the
command: `vibectl -n payments get pods` is `kubectl get -n payments pods`.

They come from the flag table generated from the pinned kubectl (`flags.json`, its `global`
part: each flag's shorthand and how it takes a value), read as pflag reads them: `--name=value`,
`--name value`, `-n value`, `-nvalue`, `-n=value`, and `_` read as `-` in a name.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

# Where the root command keeps the global flags it took from before the command.
_META_KEY = "vibectl.kubectl_global_flags"


@functools.cache
def _table() -> dict[str, tuple[str, str]]:
    """Each global flag's long name: (its shorthand or "", bool / value / list). Read when a
    command line first needs it, so `vibectl --help` reads no file."""
    from vibectl.kubectl import grammar

    return {name: (short, kind) for name, (short, kind) in grammar.flag_table()["global"].items()}


def names() -> list[str]:
    """Every global flag as typed: `--namespace`, `-n`, …"""
    return [
        spelling
        for name, (short, _) in _table().items()
        for spelling in (f"--{name}", *([f"-{short}"] if short else []))
    ]


def is_global(word: str) -> bool:
    """Whether `word` (`--context`, `--context=x`, `-n`, `-npayments`) is a global flag."""
    return _kind(word) is not None


def _kind(word: str) -> str | None:
    if word.startswith("--"):
        flag = _table().get(word[2:].partition("=")[0].replace("_", "-"))
        return None if flag is None else flag[1]
    if word.startswith("-") and len(word) > 1:
        return next((kind for short, kind in _table().values() if short == word[1]), None)
    return None


def words_taken(args: Sequence[str], index: int) -> int:
    """How many words the global flag at `args[index]` spans: 0 if it is none, 2 if its value is
    the next word."""
    word = args[index]
    kind = _kind(word)
    if kind is None:
        return 0
    attached = "=" in word if word.startswith("--") else len(word) > 2
    if kind != "bool" and not attached and index + 1 < len(args):
        return 2
    return 1


def remember(ctx: click.Context, flags: list[str]) -> None:
    ctx.meta[_META_KEY] = flags


def before_the_command(ctx: click.Context) -> list[str]:
    """The global flags given before the command, in order, for kubectl."""
    flags: list[str] = ctx.meta.get(_META_KEY, [])
    return flags
