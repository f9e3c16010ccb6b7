"""The audit log's records as a test reads them, straight from the file under a test's HOME."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def audit_log(home: Path) -> list[dict[str, Any]]:
    path = home / ".local" / "state" / "vibectl" / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]
