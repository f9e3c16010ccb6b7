"""`vibectl just ARGS…`: kubectl itself, with vibectl's kubectl and kubeconfig and no model."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vibectl.commands import PASS_THROUGH


@click.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def just(args: tuple[str, ...]) -> int:
    """Run `kubectl ARGS...` as it is: its output, its exit code, no summary."""
    return attached(args)


def attached(args: Sequence[str], *, show_kubectl: bool | None = False) -> int:
    """kubectl on vibectl's terminal, with the configured kubectl and kubeconfig; its exit code.
    `show_kubectl` None leaves printing the command to display.show_kubectl."""
    import shlex

    from vibectl import _core, render
    from vibectl.kubectl import (
        EXIT_NOT_FOUND,
        KubectlNotFoundError,
        kubectl_argv,
        run_kubectl_attached,
    )

    settings = _core.load_settings()
    argv = kubectl_argv(args, kubectl=settings.kubectl_command, kubeconfig=settings.kubeconfig)
    if settings.show_kubectl if show_kubectl is None else show_kubectl:
        render.notice(f"Running: {shlex.join(argv)}")
    try:
        return run_kubectl_attached(argv, hidden_env=_core.secret_env_vars())
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return EXIT_NOT_FOUND
