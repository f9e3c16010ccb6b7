"""A mistyped command or option gets one line with a suggestion, as kubectl's "did you mean"."""

from __future__ import annotations

from collections.abc import Iterable

import click


def quoted(word: str) -> str:
    """A word of the command line in a message: quoted, its control characters escaped."""
    import json

    return json.dumps(word, ensure_ascii=False)


def distance(a: str, b: str) -> int:
    """Edits from a to b: a letter added, dropped, changed, or two swapped (`modle`, `model`)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def suggestion(word: str, choices: Iterable[str]) -> str:
    """`; did you mean get?` for a command as kubectl finds it (two edits, or a prefix), or ""."""
    scored = sorted((distance(word, c), c) for c in choices if distance(word, c) <= 2)
    prefixed = [c for c in sorted(choices) if word and c.startswith(word)]
    close = [c for _, c in scored] or prefixed
    return f"; did you mean {close[0]}?" if close else ""


def mistyped_option(word: str, options: Iterable[str]) -> str | None:
    """The vibectl option that `word` (`--modle`, `--modle=x`) is a typo of, if any: one edit
    away, two for a long name. Strict, since any other `--word` after a verb is kubectl's:
    `--types` and `--key` are kubectl flags two edits from `--yes`."""
    flag = word.partition("=")[0]
    for option in options:
        allowed = 2 if len(option) > 10 else 1
        if flag != option and distance(flag, option) <= allowed:
            return option
    return None


class SuggestingGroup(click.Group):
    """A group whose unknown command names the closest one it has."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            hint = suggestion(name, self.list_commands(ctx))
            ctx.fail(f"unknown command {quoted(name)} for {quoted(ctx.command_path)}{hint}")
        return super().resolve_command(ctx, args)
