"""How much of kubectl's output a model is given: `llm.input_budget` tokens, never more than a
quarter of the model's context window."""

from __future__ import annotations

from typing import Protocol

# kubectl's output gets a quarter of the window: tokens are estimated at four characters each,
# which YAML, JSON and base64 beat by up to half, and the instructions and the reply need room.
OUTPUT_SHARE = 4


class Described(Protocol):
    """What the budget needs of a model (`_core.Model` has it)."""

    @property
    def context_window(self) -> int: ...


def output_budget(model: Described, input_budget: int) -> int:
    """The tokens kubectl's output may take in a prompt to `model`: the configured budget
    (`llm.input_budget`), within a quarter of its context window (the core's registry, or its
    default for a model the registry does not list)."""
    return min(input_budget, model.context_window // OUTPUT_SHARE)
