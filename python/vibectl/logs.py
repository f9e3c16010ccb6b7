"""Log records, the core's included, as one-line messages on stderr (debug ones only with -v)."""

from __future__ import annotations

import logging
import sys


class _OneLine(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from vibectl.summary.terminal_text import without_controls  # a record may quote a server

        message = without_controls(" ".join(record.getMessage().split()))
        level = record.levelname.lower()
        if record.levelno < logging.WARNING:
            return f"vibectl: {level}: [{record.name}] {message}"
        return f"vibectl: {level}: {message}"


def configure(*, verbose: bool = False, level: str | None = None) -> None:
    """Log from `level` (a name such as `info`) on; else from debug with `verbose`, else from
    warning."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    if level is not None:
        root.setLevel(level.upper())
    else:
        root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    core = sys.modules.get("vibectl._core")
    if core is not None:
        core.refresh_logging()
