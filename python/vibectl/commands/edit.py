"""`vibectl edit`: kubectl edit in your editor, on vibectl's terminal."""

from __future__ import annotations

import click

from vibectl.commands.kubectl_verbs import PASS_THROUGH
from vibectl.options import WordsCommand


@click.command(cls=WordsCommand, context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def edit(ctx: click.Context, args: tuple[str, ...]) -> int:
    """Run `kubectl edit ARGS...` in your $KUBE_EDITOR or $EDITOR, as kubectl does; its exit
    code. vibectl's options may stand among ARGS (before --)."""
    from vibectl.commands.just import attached
    from vibectl.options import settle

    overrides, rest = settle(ctx, args)
    if rest[:1] == ["vibe"]:
        from vibectl.summary import render

        render.error(
            '`edit vibe` is not in this vibectl yet: `vibectl patch vibe "REQUEST"` plans the '
            "change and asks before it runs"
        )
        return 2
    return attached(["edit", *rest], show_kubectl=overrides.show_kubectl)
