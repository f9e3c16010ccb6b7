"""The one place a prompt reaches the core: `ask` turns it into today's `Model.stream` call.

Today's core takes one system text and one user text, so the system fragments are joined, and
the resources go first in the user text as `<resource>` blocks, followed by the user fragments.
"""

from __future__ import annotations

from html import escape

from vibectl import _core
from vibectl.prompts import Prompt, Resource

SUMMARY_MAX_TOKENS = 1024


def _block(resource: Resource) -> str:
    # A resource cannot end its own block early: its text is data, whatever it holds.
    text = resource.text.rstrip().replace("</resource>", "<\\/resource>")
    name = f' name="{escape(resource.name)}"' if resource.name else ""
    head = f'<resource uri="{escape(resource.uri)}" mime_type="{resource.mime_type}"{name}>'
    return f"{head}\n{text}\n</resource>"


def core_texts(prompt: Prompt) -> tuple[str, str]:
    """The system text and the user text for today's core."""
    user = [*(_block(resource) for resource in prompt.resources), *prompt.user]
    return "\n\n".join(prompt.system), "\n\n".join(user)


def ask(model: _core.Model, prompt: Prompt) -> _core.CompletionStream:
    """Send `prompt` to `model`; the answer arrives as the stream is read."""
    system, user = core_texts(prompt)
    return model.stream(system, user, max_tokens=SUMMARY_MAX_TOKENS)
