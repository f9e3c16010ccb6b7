"""How much of kubectl's output a model is given: a budget in tokens from its context window."""

from __future__ import annotations

from typing import Protocol

# kubectl's output gets a quarter of the window: tokens are estimated at four characters each,
# which YAML, JSON and base64 beat by up to half, and the instructions and the reply need room.
OUTPUT_SHARE = 4
CHARS_PER_TOKEN = 4


class Described(Protocol):
    """What the budget needs of a model (`_core.Model` has it)."""

    @property
    def context_window(self) -> int: ...


def output_budget(model: Described) -> int:
    """The tokens kubectl's output may take in a prompt to `model`: a share of its context
    window (the core's registry, or its default for a model the registry does not list)."""
    return model.context_window // OUTPUT_SHARE


def estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)
