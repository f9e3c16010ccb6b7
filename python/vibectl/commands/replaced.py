"""The older vibectl's commands that nothing means now: each says in one line what replaces it,
and exits 2, whatever follows it (docs/migrating.md lists them)."""

from __future__ import annotations

import click

from vibectl.options import ReplacedError

REPLACED_COMMANDS: dict[str, str] = {
    "plugin": (
        "plugins (prompt overrides) are gone: put what they told the model in "
        "`vibectl instructions set`, which every prompt carries"
    ),
    "setup-proxy": (
        "vibectl-server proxies are gone: use a shared gateway such as a LiteLLM proxy as a "
        "provider, `vibectl config set providers.NAME.kind openai` and "
        "`providers.NAME.base_url URL` (docs/config.md)"
    ),
}

_ANYTHING = {
    "ignore_unknown_options": True,
    "allow_extra_args": True,
    "help_option_names": ["--help"],
}


def _replaced(name: str) -> click.Command:
    def refuse(args: tuple[str, ...]) -> None:
        raise ReplacedError(f"vibectl {name}: {REPLACED_COMMANDS[name]}")

    return click.Command(
        name,
        callback=refuse,
        params=[click.Argument(["args"], nargs=-1, type=click.UNPROCESSED)],
        context_settings=_ANYTHING,
        help=REPLACED_COMMANDS[name],
    )


plugin = _replaced("plugin")
setup_proxy = _replaced("setup-proxy")
