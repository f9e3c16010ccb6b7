"""`vibectl just ARGS…`: kubectl itself, with vibectl's kubectl and kubeconfig and no model."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vibectl.commands.kubectl_verbs import PASS_THROUGH


@click.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def just(args: tuple[str, ...]) -> int:
    """Run `kubectl ARGS...` as it is: its output, its exit code, no summary."""
    return attached(args)


def attached(args: Sequence[str], *, show_kubectl: bool | None = False) -> int:
    """kubectl on vibectl's terminal, as configured; its exit code. `show_kubectl` None leaves
    printing the command line to display.show_kubectl."""
    import shlex

    from vibectl import _core
    from vibectl.kubectl.run import (
        EXIT_NOT_FOUND,
        KubectlNotFoundError,
        kubectl_argv,
        run_kubectl_attached,
    )
    from vibectl.summary import render

    settings = _core.load_settings()
    if settings.show_kubectl if show_kubectl is None else show_kubectl:
        render.notice(f"Running: {shlex.join(kubectl_argv(args, settings))}")
    try:
        return run_kubectl_attached(args, settings)
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return EXIT_NOT_FOUND
