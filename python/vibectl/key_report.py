"""The key report of `vibectl keys`: per provider, its state, the source that won, a fingerprint,
and what it shadows. It needs no command-line parser, so `vibectl keys` can skip loading one."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vibectl._core import KeyStatus


def shown_state(status: KeyStatus) -> str:
    """A usable key with a problem (a wrong prefix, an odd length) shows as `warning`, not `ok`."""
    return "warning" if status.state == "ok" and status.problem else status.state


def print_key_report(*, as_json: bool) -> None:
    from vibectl import _core

    statuses = _core.key_statuses()
    if as_json:
        import json

        fields = ("provider", "kind", "state", "source", "fingerprint", "shadowed", "problem")
        rows = [{f: getattr(s, f) for f in fields} for s in statuses]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    from vibectl.summary import render

    lines: list[str] = []
    for s in statuses:
        line = f"{s.provider:<10} {shown_state(s):<11}"
        if s.source is not None:
            line += f" {s.fingerprint}  from {s.source}"
        elif s.state == "missing":
            line += f" run `vibectl keys set {s.provider}`"
        lines.append(line.rstrip())
        if s.problem:
            lines.append(f"{'':<10} problem: {s.problem}")
        lines.extend(f"{'':<10} also set, not used: {shadowed}" for shadowed in s.shadowed)
    render.out("\n".join(lines))
