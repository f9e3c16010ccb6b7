"""How much of kubectl's output a model is given: a budget in tokens from its context window."""

from __future__ import annotations

# The context window of the core's default model (claude-sonnet-4-5), in tokens.
DEFAULT_CONTEXT_WINDOW = 200_000
# kubectl's output gets a quarter of the window: tokens are estimated at four characters each,
# which YAML, JSON and base64 beat by up to half, and the instructions and the reply need room.
OUTPUT_SHARE = 4
CHARS_PER_TOKEN = 4


def context_window(model_name: str) -> int:
    """The context window of `model_name`, in tokens.

    The core does not describe its models yet, so every model is taken to have the default
    model's window; this is the one place to ask the core once it does.
    """
    del model_name
    return DEFAULT_CONTEXT_WINDOW


def output_budget(model_name: str) -> int:
    """The tokens kubectl's output may take in a prompt to `model_name`."""
    return context_window(model_name) // OUTPUT_SHARE


def estimate_tokens(text: str) -> int:
    return -(-len(text) // CHARS_PER_TOKEN)
