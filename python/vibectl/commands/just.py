"""`vibectl just ARGS…`: kubectl itself, with vibectl's kubectl and kubeconfig and no model."""

from __future__ import annotations

import click

from vibectl.commands.kubectl_verbs import PASS_THROUGH


@click.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def just(args: tuple[str, ...]) -> int:
    """Run `kubectl ARGS...` as it is: its output, its exit code, no summary."""
    from vibectl import _core
    from vibectl.kubectl.run import EXIT_NOT_FOUND, KubectlNotFoundError, run_kubectl_attached
    from vibectl.summary import render

    try:
        return run_kubectl_attached(args, _core.load_settings())
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return EXIT_NOT_FOUND
