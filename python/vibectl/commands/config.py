"""`vibectl config`: show and change the configuration (the core owns the files and the schema)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import click

from vibectl.editor import run_editor


@click.group()
def config() -> None:
    """Show and change vibectl's configuration."""


@config.command()
@click.argument("selector", required=False)
def show(selector: str | None) -> None:
    """Show the settings in effect (all, a SECTION, or one dotted.key); secrets are masked."""
    from vibectl import _core
    from vibectl.summary import render

    render.data(_core.config_show(selector))


@config.command()
@click.argument("key")
def get(key: str) -> None:
    """Print the value of KEY in effect (and, on stderr, why, when no file sets it)."""
    from vibectl import _core
    from vibectl.summary import render

    if key == "llm.model" and _core.load_settings().model is None:
        model = _core.get_model()
        render.data(model.name + "\n")
        render.notice(
            f"vibectl: llm.model is not set; {model.name} is the default model of "
            f"{model.provider}, the first provider that is set up (else anthropic)"
        )
        return
    render.data(_core.config_get(key) + "\n")


@config.command("set")
@click.argument("key")
@click.argument("value")
def set_(key: str, value: str) -> None:
    """Set KEY to VALUE in your config file (typed and checked; comments are kept)."""
    from vibectl import _core

    path = _core.config_set(key, value)
    click.echo(f"{key} set in {path}")


@config.command()
@click.argument("key")
def unset(key: str) -> None:
    """Remove KEY from your config file, so the system value or the default applies."""
    from vibectl import _core

    if _core.config_unset(key):
        click.echo(f"{key} removed from {_core.user_config_path()}")
    else:
        click.echo(f"{key} is not set in {_core.user_config_path()}")


@config.command()
def path() -> None:
    """List the config files read, in order, and whether each exists."""
    from vibectl import _core

    for file in _core.config_files():
        state = "exists" if file.exists else "missing"
        click.echo(f"{file.layer}: {file.path} ({state})")


@config.command()
def edit() -> None:
    """Edit your config file in $VISUAL or $EDITOR; it replaces the file only if it is valid."""
    from vibectl import _core

    _core.config_adopt_legacy()
    target = Path(_core.user_config_path())
    original = target.read_text() if target.exists() else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    draft = target.with_name(f".config.toml.edit-{os.getpid()}.toml")
    _core.atomic_write_text(str(draft), original)
    run_editor(draft)
    if draft.read_text() == original:
        draft.unlink()
        click.echo("No changes.")
        return
    try:
        saved = _core.config_replace(str(draft))
    except _core.ConfigError as exc:
        raise click.ClickException(
            f"{exc}; the config is unchanged (your draft: {draft})"
        ) from None
    draft.unlink()
    click.echo(f"Saved {saved}")


@config.command()
def migrate() -> None:
    """Write config.toml (and the memory file) from the older vibectl's YAML config."""
    from vibectl import _core

    report = _core.config_migrate()
    click.echo(f"Read {report.source} (left as it was).")
    for line in report.mapped:
        click.echo(f"  mapped   {line}")
    for line in report.dropped:
        click.echo(f"  dropped  {line}")
    for line in report.notes:
        click.echo(f"  note     {line}")
    for written in report.written:
        click.echo(f"Wrote {written}")
    shown = ", ".join(shlex.quote(p) for p in report.written)
    click.echo(f"Check it with `vibectl config show`; the files written: {shown}")


@config.command()
def info() -> None:
    """Where vibectl reads its config and keeps its state, and which files exist."""
    from vibectl import _core
    from vibectl.planning.audit import audit_file

    for file in _core.config_files():
        state = "exists" if file.exists else "missing"
        click.echo(f"config ({file.layer}): {file.path} ({state})")
    for what, where in (
        ("state directory", Path(_core.state_dir())),
        ("memory", Path(_core.memory_path())),
        ("audit log", audit_file()),
    ):
        click.echo(f"{what}: {where} ({'exists' if where.exists() else 'missing'})")
