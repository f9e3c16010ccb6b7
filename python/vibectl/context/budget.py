"""How much of kubectl's output a model is given: `llm.input_budget` tokens, never more than a
quarter of the model's context window."""

from __future__ import annotations

from typing import Protocol

# For a model the registry does not list (reached as anthropic/NAME, ollama:NAME, a gateway's
# model): a window most current models exceed, so the output is cut rather than refused.
UNKNOWN_CONTEXT_WINDOW = 128_000
# kubectl's output gets at most a quarter of the window: tokens are estimated at four
# characters each, which YAML, JSON and base64 beat by up to half, and the instructions and the
# reply need room.
OUTPUT_SHARE = 4


class Described(Protocol):
    """What the budget needs of a model (`_core.Model` has it)."""

    @property
    def context_window(self) -> int | None: ...


def context_window(model: Described) -> int:
    """The model's context window in tokens, from the core's registry."""
    return model.context_window or UNKNOWN_CONTEXT_WINDOW


def output_budget(model: Described, input_budget: int) -> int:
    """The tokens kubectl's output may take in a prompt to `model`: the configured budget
    (`llm.input_budget`), within a quarter of the model's window."""
    return min(input_budget, context_window(model) // OUTPUT_SHARE)
