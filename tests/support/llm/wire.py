"""The contract every provider wire format fulfils, and the helpers they share.

A wire format receives a recorded request and renders JSON bodies and stream events in its
provider's shape. It does no I/O: `respond` turns its output into an HTTP response plan and
`llm_server` sends it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from support.llm.script import Message


class Headers(Mapping[str, str]):
    """Request headers with case-insensitive names; repeated headers are joined with ', '."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items: dict[str, tuple[str, str]] = {}
        for name, value in items:
            key = name.lower()
            if key in self._items:
                first, earlier = self._items[key]
                self._items[key] = (first, f"{earlier}, {value}")
            else:
                self._items[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it.

    body: the parsed JSON body, or None when the body is empty or not JSON (see `raw`).
    provider: "anthropic", "openai" or "ollama" for the chat paths, None elsewhere.
    stream: whether the request asked for a streamed answer (Ollama streams unless told not to).
    """

    seq: int
    method: str
    path: str
    query: str
    headers: Headers
    body: Any
    raw: bytes
    provider: str | None
    stream: bool


@dataclass(frozen=True)
class Event:
    """One stream event before framing: its JSON (or other) data and, for SSE, its name."""

    data: str
    name: str | None = None


@dataclass(frozen=True)
class Rendered:
    """A complete non-stream answer: status, JSON body and extra headers."""

    status: int
    body: Mapping[str, Any]
    headers: Mapping[str, str]


class Wire(Protocol):
    """One provider's wire format for its chat endpoint."""

    name: str
    json_content_type: str
    stream_content_type: str

    def wants_stream(self, body: Any) -> bool:
        """Whether a request with this JSON body asks for a streamed answer."""
        ...

    def reject(self, request: RecordedRequest) -> Rendered | None:
        """The error the real API gives before looking at the model (auth, bad body), if any."""
        ...

    def headers(self, request: RecordedRequest) -> dict[str, str]:
        """Headers every answer on this path carries (request ids)."""
        ...

    def message(self, reply: Message, request: RecordedRequest) -> dict[str, Any]:
        """The non-stream JSON body for a successful reply."""
        ...

    def events(self, reply: Message, request: RecordedRequest) -> list[Event]:
        """The stream events for a successful reply, through the provider's end marker."""
        ...

    def error(self, status: int, message: str | None, request: RecordedRequest) -> Rendered:
        """The provider's HTTP error for a status (its usual message when message is None)."""
        ...

    def error_event(self, error_type: str, message: str) -> Event:
        """The provider's error reported inside a stream."""
        ...

    def frame(self, event: Event) -> bytes:
        """The bytes of one event on the wire (an SSE event, an NDJSON line)."""
        ...


def dumps(value: Any) -> str:
    """Compact JSON, as the providers send it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def model_of(request: RecordedRequest) -> str:
    body = request.body
    model = body.get("model") if isinstance(body, dict) else None
    return model if isinstance(model, str) else ""


def input_tokens(request: RecordedRequest) -> int:
    """A deterministic stand-in for the prompt's token count: about four bytes per token."""
    return max(1, len(request.raw) // 4)


def output_tokens(reply: Message) -> int:
    """A deterministic stand-in for the reply's token count: about four characters per token."""
    size = len(reply.text) + sum(
        len(call.name) + len(dumps(dict(call.arguments))) for call in reply.tool_calls
    )
    return max(1, math.ceil(size / 4))


def tool_call_id(prefix: str, request: RecordedRequest, index: int, given: str | None) -> str:
    return given if given is not None else f"{prefix}{request.seq:06d}_{index}"


_WORD = re.compile(r"\s+|\S+\s*")


def text_pieces(text: str) -> list[str]:
    """The text cut into stream deltas of two words each (a single word is cut in half)."""
    words = _WORD.findall(text)
    if len(words) == 1 and len(text) > 1:
        half = len(text) // 2
        return [text[:half], text[half:]]
    return ["".join(words[i : i + 2]) for i in range(0, len(words), 2)]


def json_pieces(encoded: str, parts: int = 3) -> list[str]:
    """A JSON text cut into a few fragments, the way tool arguments are streamed."""
    size = max(1, math.ceil(len(encoded) / parts))
    return [encoded[i : i + size] for i in range(0, len(encoded), size)]
