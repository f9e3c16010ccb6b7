"""What kubectl printed: JSON, YAML or text, from its `-o` flag and, failing that, the output."""

from __future__ import annotations

import json
from typing import Literal

from vibectl.kubectl.output_flag import is_templated

Format = Literal["json", "yaml", "text"]


def output_format(requested: str | None, stdout: str) -> Format:
    """YAML or JSON when kubectl printed objects that way; text for tables, logs and templates."""
    if is_templated(requested):
        return "text"
    if requested == "yaml":
        return "yaml"
    if requested == "json" or stdout.lstrip().startswith(("{", "[")):
        try:
            json.loads(stdout)
        except ValueError:
            return "text"
        return "json"
    return "text"
