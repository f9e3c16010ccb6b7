"""`vibectl instructions`: your instructions for every prompt (system.custom_instructions)."""

from __future__ import annotations

import click

_KEY = "system.custom_instructions"


@click.group()
def instructions() -> None:
    """Show or change the instructions added to every prompt."""


@instructions.command()
def show() -> None:
    """Print the instructions."""
    from vibectl import _core

    click.echo(_core.load_settings().custom_instructions or "(no instructions)")


@instructions.command("set")
@click.argument("text", nargs=-1)
@click.option("--edit", "-e", is_flag=True, help="Edit the instructions in $EDITOR.")
def set_(text: tuple[str, ...], edit: bool) -> None:
    """Set the instructions to TEXT, or edit them with --edit."""
    from vibectl import _core

    if edit == bool(text):
        raise click.UsageError("give the instructions as TEXT, or --edit (one of the two)")
    if edit:
        from pathlib import Path

        from vibectl.editor import edit_text

        draft = Path(_core.user_config_path()).with_name("instructions.edit.txt")
        new = edit_text(draft, _core.load_settings().custom_instructions or "").strip()
    else:
        new = " ".join(text).strip()
    if not new:
        raise click.UsageError("the instructions are empty; use `vibectl instructions clear`")
    _core.config_set(_KEY, new)
    click.echo("Instructions set.")


@instructions.command()
def clear() -> None:
    """Remove the instructions."""
    from vibectl import _core

    _core.config_unset(_KEY)
    click.echo("Instructions cleared.")
