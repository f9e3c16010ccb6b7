"""kubectl could not reach the cluster: its own words stay, and one line says what to check."""

from __future__ import annotations

import re

# What kubectl v1.31 prints when no API server answers: discovery's `memcache.go` lines, then
# `The connection to the server … was refused` or `Unable to connect to the server: …`.
_SIGNS = (
    "couldn't get current server API group list",
    "The connection to the server",
    "Unable to connect to the server",
)
_SERVER = re.compile(r'(?:Get \\?"|connection to the server )(https?://[^/"?\\ ]+|[\w.-]+:\d+)')


def unreachable_hint(stderr: str) -> str | None:
    """One line on what to check when kubectl's stderr says the cluster did not answer."""
    if not any(sign in stderr for sign in _SIGNS):
        return None
    found = _SERVER.search(stderr)
    server = f" at {found.group(1)}" if found else ""
    return (
        f"vibectl: kubectl could not reach the cluster{server}: check that it is up and that "
        "your kubeconfig points at it (`kubectl config current-context`; KUBECONFIG, "
        "--kubeconfig or core.kubeconfig)"
    )
