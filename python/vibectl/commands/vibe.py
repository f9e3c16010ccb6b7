"""`vibectl vibe`, `vibectl auto`, `vibectl semiauto` and `vibectl check`: the model plans the
kubectl commands (`vibectl.planning`)."""

from __future__ import annotations

import click

from vibectl.kubectl import global_flags
from vibectl.options import OptionsCommand, settle, with_options

# The request is words; vibectl's options are parsed wherever they stand among them, and a
# word that looks like a flag (`-n`, `--context prod`) stays part of the request.
_WORDS = {"ignore_unknown_options": True}


def _words(ctx: click.Context, words: tuple[str, ...]) -> list[str]:
    """The request, after kubectl's global flags given before the command (`--context prod`)."""
    return [*global_flags.before_the_command(ctx), *words]


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("request", nargs=-1, type=click.UNPROCESSED)
@with_options
@click.pass_context
def vibe(ctx: click.Context, /, request: tuple[str, ...], **_options: object) -> int:
    """Plan the next kubectl command from REQUEST and the memory, confirm it, run it, summarise."""
    from vibectl.planning.vibe import vibe as run_vibe

    return run_vibe(_words(ctx, request), settle(ctx)[0])


_LIMIT = click.option(
    "--limit", "-l", type=click.IntRange(min=1), default=10, help="At most this many steps."
)


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("goal", nargs=-1, type=click.UNPROCESSED)
@_LIMIT
@click.option(
    "--interval", "-i", type=click.FloatRange(min=0), default=5.0, help="Seconds between steps."
)
@with_options
@click.pass_context
def auto(
    ctx: click.Context, /, goal: tuple[str, ...], limit: int, interval: float, **_options: object
) -> int:
    """Repeat vibe steps towards GOAL until the planner says done or --limit is reached."""
    from vibectl.planning.vibe import auto as run_auto

    return run_auto(_words(ctx, goal), settle(ctx)[0], limit=limit, interval=interval)


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("goal", nargs=-1, type=click.UNPROCESSED)
@_LIMIT
@with_options
@click.pass_context
def semiauto(ctx: click.Context, /, goal: tuple[str, ...], limit: int, **_options: object) -> int:
    """Repeat vibe steps towards GOAL as auto does, asking before every command (read-only
    ones too); an answer of no skips the command and planning goes on. On a terminal the
    question also takes a (yes and) and b (no but), each with a note merged into the memory,
    m (show the memory) and x (exit; e is edit)."""
    from vibectl.planning.vibe import auto as run_auto

    return run_auto(_words(ctx, goal), settle(ctx)[0], limit=limit, interval=0.0, semiauto=True)


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("predicate", nargs=-1, required=True, type=click.UNPROCESSED)
@with_options
@click.pass_context
def check(ctx: click.Context, /, predicate: tuple[str, ...], **_options: object) -> int:
    """Investigate PREDICATE with read-only commands. Exit 0 true, 1 false, 2 poorly posed,
    3 cannot be determined."""
    from vibectl.planning.check import check as run_check

    return run_check(_words(ctx, predicate), settle(ctx)[0])
