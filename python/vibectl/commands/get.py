"""`vibectl get`: run `kubectl get …` and summarise it."""

from __future__ import annotations

import click

from vibectl.commands import PASS_THROUGH


@click.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def get(args: tuple[str, ...]) -> int:
    """Run `kubectl get ARGS...` and summarise what it shows."""
    from vibectl.summarize import summarize_command

    return summarize_command("get", list(args))
