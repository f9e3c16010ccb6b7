"""A prompt as vibectl builds it: system and user fragments, and resources (named context such
as what a command printed, or the memory): data for the model, never instructions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Resource:
    """Named context for the model, such as what a command printed."""

    uri: str
    text: str
    mime_type: str = "text/plain"
    name: str | None = None


@dataclass(frozen=True)
class Prompt:
    system: tuple[str, ...]
    user: tuple[str, ...]
    resources: tuple[Resource, ...] = ()


def command_uri(args: Sequence[str]) -> str:
    """A command named as a URI: `kubectl://get/pods/-n/payments`."""
    return "kubectl://" + "/".join(quote(arg, safe="") for arg in args)


def memory_resource(text: str) -> Resource:
    """The memory, as every prompt that carries it names it."""
    return Resource("vibectl://memory", text.strip() or "(empty)", name="memory")
