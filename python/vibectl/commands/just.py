"""`vibectl just ARGS…`: kubectl itself, with vibectl's kubectl and kubeconfig and no model."""

from __future__ import annotations

import click

from vibectl.commands.kubectl_verbs import PASS_THROUGH
from vibectl.kubectl import global_flags


@click.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def just(ctx: click.Context, args: tuple[str, ...]) -> int:
    """Run `kubectl ARGS...` as it is: its output, its exit code, no summary."""
    from vibectl import _core
    from vibectl.exit_codes import KUBECTL_NOT_FOUND
    from vibectl.kubectl.run import KubectlNotFoundError, run_kubectl_attached
    from vibectl.summary import render

    try:
        before = global_flags.before_the_command(ctx)
        return run_kubectl_attached([*before, *args], _core.load_settings())
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return KUBECTL_NOT_FOUND
