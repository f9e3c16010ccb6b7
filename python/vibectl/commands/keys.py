"""`vibectl keys`: where each provider's key comes from, and storing one. Key values never pass
through Python: the core reads, stores and reports them (as fingerprints)."""

from __future__ import annotations

import sys

import click


def _list(as_json: bool) -> None:
    from vibectl.key_report import print_key_report

    print_key_report(as_json=as_json)


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the statuses as JSON.")
@click.pass_context
def keys(ctx: click.Context, as_json: bool) -> None:
    """Show where each provider's API key comes from (a fingerprint, never the key)."""
    if ctx.invoked_subcommand is None:
        _list(as_json)


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the statuses as JSON.")
def list_(as_json: bool) -> None:
    """Show where each provider's API key comes from (the same as `vibectl keys`)."""
    _list(as_json)


@keys.command("set")
@click.argument("provider")
@click.option(
    "--file",
    "path",
    metavar="PATH",
    help="Record the path of a key file you manage instead of storing a key.",
)
def set_(provider: str, path: str | None) -> None:
    """Store PROVIDER's key, typed at a hidden prompt or piped on stdin (never an argument)."""
    from vibectl import _core

    if path is not None:
        _core.keys_set_file(provider, path)
        click.echo(f"providers.{provider}.key_file now points at {path}")
        return
    stored = _core.keys_set(provider)
    click.echo(f"Stored the {provider} key in {stored} (mode 0600)")


@keys.command()
@click.argument("provider")
def unset(provider: str) -> None:
    """Remove PROVIDER's stored key from your config (and the file `keys set` wrote)."""
    from vibectl import _core

    removed = _core.keys_unset(provider)
    if not removed:
        click.echo(f"No key for {provider} is stored in your config.")
    for what in removed:
        click.echo(f"Removed {what}")
    for status in _core.key_statuses():
        if status.provider == provider and status.source is not None:
            click.echo(f"{provider} still has a key from {status.source}")


@keys.command()
@click.option("--live", is_flag=True, help="Also make one authenticated request per provider.")
def check(live: bool) -> None:
    """Check every configured key offline; with --live, ask each provider whether it accepts it.
    Exits 1 if a key is unusable or none is configured."""
    from vibectl import _core
    from vibectl.exit_codes import KEYS_UNUSABLE, OK
    from vibectl.key_report import shown_state

    failed = False
    checked = 0
    for s in _core.key_statuses():
        if s.state in {"missing", "not needed"}:
            continue
        checked += 1
        verdict = shown_state(s) if s.problem is None else f"{shown_state(s)}: {s.problem}"
        if s.state == "invalid":
            failed = True
        elif live:
            result = _core.keys_check_live(s.provider)
            verdict = f"{result.state} ({result.detail})"
            failed = failed or result.state != "ok"
        source = f" from {s.source}" if s.source else ""
        click.echo(f"{s.provider:<10} {verdict}{source}")
    if not checked:
        click.echo(
            "No API key is configured: `vibectl keys set anthropic` stores one, or "
            "export VIBECTL_ANTHROPIC_API_KEY=… (docs/keys.md)"
        )
    sys.exit(KEYS_UNUSABLE if failed or not checked else OK)
