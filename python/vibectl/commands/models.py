"""`vibectl models`: the models vibectl knows, and whether each is usable now."""

from __future__ import annotations

import click


def _usability(state: str, provider: str) -> str:
    if state == "ok":
        return "yes"
    if state == "not needed":
        return "no key needed (--check asks the server)"
    if state == "missing":
        return f"no key: `vibectl keys set {provider}`"
    return "no: its key is unusable (`vibectl keys check`)"


@click.command()
@click.option("--check", is_flag=True, help="Also ask each keyless server (Ollama) if it is up.")
def models(check: bool) -> None:
    """List the models, their providers and aliases, and whether each is usable now."""
    from vibectl import _core
    from vibectl.summary import render

    statuses = {s.provider: s for s in _core.key_statuses()}
    usable = {p: _usability(s.state, p) for p, s in statuses.items()}
    if check:
        for provider, status in statuses.items():
            if status.state == "not needed":
                live = _core.keys_check_live(provider)
                reachable = "yes (server reachable)" if live.state == "ok" else "no: " + live.detail
                usable[provider] = reachable
    rows = [("MODEL", "PROVIDER", "ALIASES", "USABLE")]
    for info in _core.list_models():
        rows.append((info.id, info.provider, ", ".join(info.aliases), usable[info.provider]))
    for provider in statuses:
        if provider in {"openai", "anthropic"}:
            continue
        prefix = "ollama:NAME" if provider == "ollama" else f"{provider}/NAME"
        rows.append((prefix, provider, "(any model it serves)", usable[provider]))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        render.out("  ".join([*padded, row[3]]))
    settings = _core.load_settings()
    if settings.aliases:
        render.out("\nYour aliases:")
        for alias, target in sorted(settings.aliases.items()):
            render.out(f"  {alias} → {target}")
    chosen = settings.model or f"{_core.get_model().name} (no llm.model set)"
    render.out(f"\nIn use: {chosen}")
