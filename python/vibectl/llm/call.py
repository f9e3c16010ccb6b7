"""The one place a prompt reaches the core: our prompt becomes the core's `Prompt` (system and
user fragments, resources with a URI and MIME type), and each kind of call is one function."""

from __future__ import annotations

from typing import Any

from vibectl import _core
from vibectl.prompts.prompt import Prompt

# Room for a short summary, and for the reasoning current models do before answering.
MAX_TOKENS = 4096


def core_prompt(prompt: Prompt) -> _core.Prompt:
    resources = [
        _core.Resource(r.uri, r.text, mime_type=r.mime_type, name=r.name) for r in prompt.resources
    ]
    return _core.Prompt(list(prompt.system), list(prompt.user), resources)


def ask(model: _core.Model, prompt: Prompt) -> _core.CompletionStream:
    """Send `prompt` to `model`; the answer arrives as the stream is read."""
    return model.stream(core_prompt(prompt), max_tokens=MAX_TOKENS)


def answer(model: _core.Model, prompt: Prompt) -> str:
    """The whole answer at once."""
    return model.complete(core_prompt(prompt), max_tokens=MAX_TOKENS).text


def fill_in(model: _core.Model, prompt: Prompt, tool: _core.Tool) -> dict[str, Any]:
    """Structured output: the tool's arguments, valid against its schema."""
    return model.call_tool(core_prompt(prompt), tool, max_tokens=MAX_TOKENS).arguments
