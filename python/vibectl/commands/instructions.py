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
    from vibectl.summary import render

    render.out(_core.load_settings().custom_instructions or "(no instructions)")


@instructions.command("set")
@click.argument("text", nargs=-1)
@click.option("--edit", "-e", is_flag=True, help="Edit the instructions in $EDITOR.")
def set_(text: tuple[str, ...], edit: bool) -> None:
    """Set the instructions to TEXT, or edit them with --edit."""
    from pathlib import Path

    from vibectl import _core
    from vibectl.editor import edit_text, text_or_edit

    current = _core.load_settings().custom_instructions or ""

    def edited() -> str:
        draft = Path(_core.user_config_path()).with_name("instructions.edit.txt")
        return edit_text(draft, current)

    new = text_or_edit(text, edit=edit, what="the instructions", edited=edited).strip()
    if edit and new == current.strip():
        click.echo("Instructions unchanged: the editor closed without a change.")
        return
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
