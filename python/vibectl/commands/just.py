"""`vibectl just ARGS…`: kubectl itself, with vibectl's kubectl and kubeconfig and no model."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vibectl.commands.kubectl_verbs import PASS_THROUGH
from vibectl.kubectl import global_flags


@click.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def just(ctx: click.Context, args: tuple[str, ...]) -> int:
    """Run `kubectl ARGS...` as it is: its output, its exit code, no summary."""
    return attached([*global_flags.before_the_command(ctx), *args])


def attached(args: Sequence[str], *, show_kubectl: bool | None = False) -> int:
    """kubectl on vibectl's terminal, as configured; its exit code. `show_kubectl` None leaves
    printing the command line to display.show_kubectl."""
    from vibectl import _core
    from vibectl.exit_codes import KUBECTL_NOT_FOUND
    from vibectl.kubectl.run import KubectlNotFoundError, kubectl_argv, run_kubectl_attached
    from vibectl.summary import render

    settings = _core.load_settings()
    if settings.show_kubectl if show_kubectl is None else show_kubectl:
        render.command("Running", kubectl_argv(args, settings))
    try:
        return run_kubectl_attached(args, settings)
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return KUBECTL_NOT_FOUND
