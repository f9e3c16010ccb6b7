"""`vibectl memory`: what vibectl remembers between invocations, and whether it remembers."""

from __future__ import annotations

import click


def _max_chars() -> int:
    from vibectl import _core

    return _core.load_settings().memory_max_chars


@click.group()
def memory() -> None:
    """Show or change the memory vibectl keeps between invocations."""


@memory.command()
def show() -> None:
    """Print the memory (and whether it is frozen)."""
    from vibectl import _core
    from vibectl.memory.store import read
    from vibectl.summary import render

    text = read()
    render.out(text if text else "(the memory is empty)")
    if not _core.load_settings().memory_enabled:
        click.echo("(frozen: it is neither used nor updated; `vibectl memory unfreeze` resumes)")


@memory.command("set")
@click.argument("text", nargs=-1)
@click.option("--edit", "-e", is_flag=True, help="Edit the memory in $EDITOR.")
def set_(text: tuple[str, ...], edit: bool) -> None:
    """Replace the memory with TEXT, or edit it with --edit."""
    from vibectl.editor import edit_text, text_or_edit
    from vibectl.memory.store import memory_file, read, replace

    current = read()

    def edited() -> str:
        return edit_text(memory_file().with_name("memory.edit.txt"), current)

    new = text_or_edit(text, edit=edit, what="the new memory", edited=edited)
    if edit and new.strip() == current.strip():
        click.echo("Memory unchanged: the editor closed without a change.")
        return
    stored = replace(new, _max_chars())
    if len(stored) < len(new.strip()):
        click.echo(f"Memory set, cut to {len(stored)} characters (memory.max_chars).")
    else:
        click.echo("Memory set.")


@memory.command()
def clear() -> None:
    """Empty the memory."""
    from vibectl.memory.store import replace

    replace("", _max_chars())
    click.echo("Memory cleared.")


@memory.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--model", metavar="NAME", help="The model to ask (default: llm.model).")
@click.option(
    "--show-streaming/--no-show-streaming",
    default=None,
    help="Accepted as the older vibectl took it; the memory is printed once it is stored.",
)
def update(text: tuple[str, ...], model: str | None, show_streaming: bool | None) -> None:
    """Have the model merge TEXT into the memory (newer facts win)."""
    from vibectl import _core
    from vibectl.memory.merge import merge_note
    from vibectl.summary import render

    settings = _core.load_settings()
    chosen = _core.get_model(model if model is not None else settings.model)
    stored = merge_note(chosen, " ".join(text), settings.memory_max_chars)
    render.out(stored or "(the memory is empty)")


@memory.command()
def freeze() -> None:
    """Stop using and updating the memory (it is kept as it is)."""
    from vibectl import _core

    _core.config_set("memory.enabled", "false")
    click.echo("Memory frozen: it is neither used nor updated.")


@memory.command()
def unfreeze() -> None:
    """Use and update the memory again."""
    from vibectl import _core

    _core.config_set("memory.enabled", "true")
    click.echo("Memory unfrozen.")
