"""`vibectl theme`: the colour theme of the summaries (display.theme)."""

from __future__ import annotations

import click

from vibectl.summary.themes import THEMES

# A line in every style of a theme, to see it before choosing it.
_SAMPLE = (
    "[kind]Deployment[/kind] [name]api[/name] [healthy]2/2 ready[/healthy], "
    "[warning]1 restart[/warning], [error]CrashLoopBackOff[/error] [time]5m ago[/time]"
)


@click.group()
def theme() -> None:
    """Show or choose the colour theme of the summaries."""


@theme.command("list")
def list_() -> None:
    """List the themes; the one in use is marked with *, and each shows a sample on a terminal."""
    from vibectl import _core
    from vibectl.summary import render

    current = _core.load_settings().theme
    if not render.styled():
        for name in THEMES:
            click.echo(f"{'*' if name == current else ' '} {name}")
        return
    from rich.console import Console
    from rich.text import Text
    from rich.theme import Theme

    for name, styles in THEMES.items():
        console = Console(theme=Theme(styles), highlight=False)
        marker = "*" if name == current else " "
        console.print(Text(f"{marker} {name:<11}"), Text.from_markup(_SAMPLE), sep="")


@theme.command("set")
@click.argument("name", type=click.Choice(list(THEMES)))
def set_(name: str) -> None:
    """Use the theme NAME from now on (display.theme in your config)."""
    from vibectl import _core

    path = _core.config_set("display.theme", name)
    click.echo(f"display.theme set to {name} in {path}")
