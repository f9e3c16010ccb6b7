"""`vibectl completion bash|zsh|fish`: the shell's completion script (click's), which asks
vibectl, and through it kubectl, what may come next."""

from __future__ import annotations

import click

_SHELLS = ("bash", "zsh", "fish")


@click.command()
@click.argument("shell", type=click.Choice(_SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL. bash: `source <(vibectl completion bash)` in
    ~/.bashrc; zsh: `source <(vibectl completion zsh)` in ~/.zshrc; fish: `vibectl completion
    fish > ~/.config/fish/completions/vibectl.fish`."""
    from click.shell_completion import get_completion_class

    script = get_completion_class(shell)
    assert script is not None  # click knows every shell in _SHELLS
    root = ctx.find_root()
    name = root.info_name or "vibectl"
    complete_var = f"_{name.replace('-', '_').upper()}_COMPLETE"
    click.echo(script(root.command, {}, name, complete_var).source())
