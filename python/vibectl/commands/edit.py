"""`vibectl edit`: kubectl edit in your editor, on vibectl's terminal; `edit vibe`, a change
planned by the model (`planning/edit.py`)."""

from __future__ import annotations

import click

from vibectl.commands.kubectl_verbs import PASS_THROUGH
from vibectl.options import WordsCommand


@click.command(cls=WordsCommand, context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def edit(ctx: click.Context, args: tuple[str, ...]) -> int:
    """Run `kubectl edit ARGS...` in your $KUBE_EDITOR or $EDITOR, as kubectl does; its exit
    code. `vibectl edit vibe "REQUEST"` has the model change one object: the diff is shown and
    asked about before `kubectl patch` runs. vibectl's options may stand among ARGS (before --)."""
    from vibectl.commands.just import attached
    from vibectl.kubectl import global_flags
    from vibectl.options import settle

    overrides, rest = settle(ctx, args)
    before = global_flags.before_the_command(ctx)
    if rest[:1] == ["vibe"]:
        from vibectl.planning.edit import edit_vibe

        words = rest[1 : rest.index("--")] if "--" in rest else rest[1:]
        if "--help" in words or "-h" in words:
            click.echo(ctx.get_help())
            return 0

        return edit_vibe([*before, *rest[1:]], overrides)
    return attached(["edit", *before, *rest], show_kubectl=overrides.show_kubectl)
