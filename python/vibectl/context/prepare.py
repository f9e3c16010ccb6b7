"""What of a command reaches the model: the core reduces kubectl's output to its signal,
redacts secrets and fits the rest to the budget, in one pass over the bytes (`src/context/`,
docs/verbs.md); this module only asks it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# What the core puts in place of a secret value (`REDACTED` in src/context/redact.rs).
REDACTED = "<redacted>"


@dataclass(frozen=True)
class CommandOutput:
    """What the model is shown of a command and what it printed."""

    args: Sequence[str]  # the kubectl arguments, credentials redacted
    stdout: str
    stderr: str
    mime_type: str
    redacted: int  # how many values were replaced by REDACTED
    cut: str | None  # what was left out to fit the budget, in words
    reduced: str | None = None  # what was aggregated to fit the budget: lists are not complete


def prepare_output(
    args: Sequence[str], stdout: bytes, stderr: bytes, *, budget_tokens: int, redact: bool
) -> CommandOutput:
    """`kubectl ARGS…` and the bytes it printed, as the model may see them."""
    from vibectl import _core

    prepared = _core.prepare_output(
        list(args), stdout, stderr, budget_tokens=budget_tokens, redact=redact
    )
    return CommandOutput(
        args=prepared.args,
        stdout=prepared.stdout,
        stderr=prepared.stderr,
        mime_type=prepared.mime_type,
        redacted=prepared.redacted,
        cut=prepared.cut,
        reduced=prepared.reduced,
    )
