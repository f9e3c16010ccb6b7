"""Print the older vibectl's command-line surface as JSON: every command of its `--help` tree,
with the arguments and options its help page lists.

Run by the older vibectl's own interpreter (tests/tools/install-older-vibectl), never imported
by ours: `.tools/older-vibectl/bin/python tests/older/walk_help.py > tests/older/surface.json`.
It reads the click objects the help pages are rendered from (asyncclick, in 0.11.6), so an
option hidden from `--help` is left out as the help leaves it out.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import asyncclick as click  # type: ignore[import-not-found]

from vibectl.cli import cli  # type: ignore[import-not-found]


def _option(option: Any) -> dict[str, Any]:
    takes: str | list[str] | None
    if option.is_flag:
        takes = None
    elif isinstance(option.type, click.Choice):
        takes = [str(choice).lower() for choice in option.type.choices]
    else:
        takes = option.type.name.upper()
    return {
        "names": sorted(option.opts, key=len, reverse=True),
        "off": option.secondary_opts,
        "takes": takes,
    }


def _pages(command: Any, path: list[str]) -> list[dict[str, Any]]:
    shown = [p for p in command.params if not getattr(p, "hidden", False)]
    page = {
        "command": " ".join(path),
        "arguments": [
            p.name.upper() + ("..." if p.nargs == -1 else "")
            for p in shown
            if not isinstance(p, click.Option)
        ],
        "options": [_option(p) for p in shown if isinstance(p, click.Option)],
        "subcommands": sorted(getattr(command, "commands", {})),
    }
    pages = [page]
    for name in page["subcommands"]:
        pages += _pages(command.commands[name], [*path, name])
    return pages


def _dump(pages: list[dict[str, Any]]) -> str:
    """One line per command and per option, so that a change reads as a small diff."""
    lines = []
    for page in pages:
        head = {k: v for k, v in page.items() if k != "options"}
        options = ",\n".join(f"    {json.dumps(o)}" for o in page["options"])
        lines.append(f'  {json.dumps(head)[:-1]}, "options": [\n{options}\n  ]}}')
    return "[\n" + ",\n".join(lines) + "\n]\n"


sys.stdout.write(_dump(_pages(cli, [])))
