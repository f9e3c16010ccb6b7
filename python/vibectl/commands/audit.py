"""`vibectl audit`: the commands vibectl ran (or was told not to) for plans (vibectl.audit)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import click

from vibectl.options import REFUSED, ReplacedError

_RELATIVE = re.compile(r"(\d+)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    """An ISO 8601 time (UTC unless it says otherwise), epoch seconds, or 30m, 2h, 1d ago."""
    if value is None:
        return None
    value = value.strip()
    if relative := _RELATIVE.fullmatch(value):
        amount, unit = relative.groups()
        return datetime.now(UTC) - timedelta(**{_UNITS[unit]: int(amount)})
    try:
        if value.isdigit():
            return datetime.fromtimestamp(int(value), UTC)
        moment = datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise click.BadParameter(
            "use an ISO 8601 time, epoch seconds, or a duration such as 30m, 2h, 1d"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _refuse_proxy(_ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        raise ReplacedError(REFUSED["--proxy"])


_SINCE = click.option("--since", callback=_since, help="Only entries since: ISO time, 2h, 30m.")
# The older vibectl kept one log per proxy profile; there is one log now.
_PROXY = click.option("--proxy", hidden=True, expose_value=False, callback=_refuse_proxy)


@click.group()
def audit() -> None:
    """The commands vibectl ran for plans: when, for what request, the kubectl argv, who
    confirmed it, and its exit code (one JSON line each in the state directory)."""


@audit.command()
@_SINCE
@click.option("--limit", type=click.IntRange(min=0), default=20, help="Last N entries (0: all).")
@_PROXY
def show(since: datetime | None, limit: int) -> None:
    """Print recent entries, oldest first."""
    from vibectl.planning import audit as log
    from vibectl.summary import render
    from vibectl.summary.terminal_text import shown_command

    records = log.since(list(log.read()), since)
    if limit:
        records = records[-limit:]
    if not records:
        click.echo(f"No commands recorded in {log.audit_file()}.")
    for r in records:
        confirmed = (
            r.confirmed_by if r.confirmation is None else f"{r.confirmed_by} {r.confirmation}"
        )
        code = "not run" if r.exit_code is None else f"exit {r.exit_code}"
        render.out(
            f"{r.time} {r.command} {r.request!r}: {shown_command(r.argv)} ({confirmed}; {code})"
        )


@audit.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "csv"], case_sensitive=False),
    default="jsonl",
    help="JSON lines (as stored), one JSON array, or CSV.",
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file.")
@_SINCE
@_PROXY
def export(fmt: str, output: str | None, since: datetime | None) -> None:
    """Print the entries (or write them to --output) as JSON lines, JSON or CSV."""
    import csv
    import dataclasses
    import io
    import json

    from vibectl import _core
    from vibectl.planning import audit as log
    from vibectl.summary import render

    rows = [dataclasses.asdict(r) for r in log.since(list(log.read()), since)]
    if fmt == "json":
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[f.name for f in dataclasses.fields(log.Record)])
        writer.writeheader()
        writer.writerows({**row, "argv": json.dumps(row["argv"])} for row in rows)
        text = buffer.getvalue()
    else:
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if output is None:
        render.data(text)
    else:
        _core.atomic_write_text(output, text)
        click.echo(f"Wrote {len(rows)} entries to {output}", err=True)


@audit.command()
@click.option("--paths-only", is_flag=True, help="Only print the log's path.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"], case_sensitive=False),
    default="table",
    help="A line per fact, or JSON.",
)
@_PROXY
def info(paths_only: bool, fmt: str) -> None:
    """Where the audit log is, and how many entries it holds."""
    import json

    from vibectl.planning import audit as log

    path = log.audit_file()
    if paths_only:
        click.echo(str(path))
        return
    records = list(log.read())
    facts = {
        "path": str(path),
        "exists": path.exists(),
        "entries": len(records),
        "size_bytes": path.stat().st_size if path.exists() else 0,
        "first": records[0].time if records else None,
        "last": records[-1].time if records else None,
    }
    if fmt == "json":
        click.echo(json.dumps(facts, indent=2))
    else:
        for name, value in facts.items():
            click.echo(f"{name}: {'-' if value is None else value}")
