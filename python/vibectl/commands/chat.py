"""`vibectl chat`: an interactive session of requests (`vibectl.planning.chat`)."""

from __future__ import annotations

import click

from vibectl.options import given_to_groups, with_options


@click.command()
@with_options
@click.pass_context
def chat(ctx: click.Context, /, **_options: object) -> int:
    """A session: type requests, each planned, confirmed, run and summarised; / commands for
    the memory, the model and leaving (/help)."""
    from vibectl.planning.chat import chat as run_chat

    return run_chat(given_to_groups(ctx))
