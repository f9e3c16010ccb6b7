"""What the fake LLM server answers: the reply and fault vocabulary, and the FIFO that holds it.

A reply says *what* the next chat request gets (text, tool calls, an HTTP error, a broken
stream, ...); the wire modules say *how* that looks for Anthropic, OpenAI or Ollama. Replies are
immutable; the lock-protected `Script` hands them out one per request, in order.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

# Carried by the faults that stream some content before going wrong.
PARTIAL_TEXT = "The first pods look healthy, and then the reply breaks off somewhere in the middle"


class ReplyOptions(TypedDict, total=False):
    """Keyword options every reply accepts (see `Reply`)."""

    header_delay: float
    chunk_delay: float
    times: int | None


@dataclass(frozen=True, kw_only=True)
class Reply:
    """Base of every scripted reply.

    header_delay: seconds to wait before sending the status line.
    chunk_delay: seconds to wait between two stream events.
    times: how many requests this reply answers; None means every request from now on.
    """

    header_delay: float = 0.0
    chunk_delay: float = 0.0
    times: int | None = 1

    def __post_init__(self) -> None:
        if self.header_delay < 0 or self.chunk_delay < 0:
            raise ValueError("delays must not be negative")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be a positive count, or None for every request")


@dataclass(frozen=True)
class ToolCall:
    """One tool call in a reply; `id` is made up from the request number when left out."""

    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    id: str | None = None


@dataclass(frozen=True)
class Message(Reply):
    """A successful assistant turn: text, then tool calls.

    truncated: the model stopped at max_tokens (Anthropic `max_tokens`, OpenAI and Ollama `length`).
    """

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    truncated: bool = False


@dataclass(frozen=True)
class Fail(Reply):
    """An HTTP error with the provider's own error body.

    message: the error message; the provider's usual one for that status when None.
    retry_after: sent as the `retry-after` header, in seconds.
    retry_after_ms: sent as the `retry-after-ms` header, in milliseconds.
    retry_after_date: send `retry-after` as an HTTP date (IMF-fixdate, RFC 9110) that many
        seconds after the response is made, instead of as seconds.
    """

    status: int
    message: str | None = None
    retry_after: float | None = None
    retry_after_ms: int | None = None
    retry_after_date: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 400 <= self.status <= 599:
            raise ValueError(f"Fail needs an error status (4xx or 5xx), not {self.status}")


@dataclass(frozen=True)
class Malformed(Reply):
    """Status 200 with a body that is not valid JSON.

    Without streaming the whole body is cut in half. In a stream, the data of the event in the
    middle is cut in half and the stream then goes on to its normal end, so a client that skips
    bad events silently ends up with text missing.
    """

    text: str = PARTIAL_TEXT


@dataclass(frozen=True)
class CutStream(Reply):
    """The response starts, then the connection is closed in the middle of the message.

    A stream sends `after_events` events (SSE events, NDJSON lines) and closes the connection
    without ending the chunked body. Without streaming, the headers announce the full length and
    the connection closes after half of the body.
    """

    after_events: int = 3
    text: str = PARTIAL_TEXT

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.after_events < 0:
            raise ValueError("after_events must not be negative")


@dataclass(frozen=True)
class StreamError(Reply):
    """An error reported inside a stream that already began with status 200.

    error_type uses Anthropic's vocabulary (`overloaded_error`, `api_error`, ...). The stream
    sends `after_events` events (half of them when None), then the provider's in-stream error
    (Anthropic `event: error`, an OpenAI `{"error": ...}` data line, an Ollama `{"error": ...}`
    line), and ends.
    A request that did not ask for streaming gets the matching HTTP error instead (529 for
    `overloaded_error`, 429 for `rate_limit_error`, ..., 500 for types Anthropic does not list).
    """

    error_type: str = "overloaded_error"
    message: str = "Overloaded"
    after_events: int | None = None
    text: str = PARTIAL_TEXT


class Script:
    """A lock-protected FIFO of replies, one taken per request.

    A reply with `times=n` stays at the head for n requests; with `times=None` it stays forever,
    so replies queued behind it are never reached.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[_Entry] = deque()

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(_Entry(reply, reply.times) for reply in replies)

    def pop(self) -> Reply | None:
        """The reply for the next request, or None when nothing is scripted."""
        with self._lock:
            if not self._queue:
                return None
            head = self._queue[0]
            if head.remaining is not None:
                head.remaining -= 1
                if head.remaining == 0:
                    self._queue.popleft()
            return head.reply

    def pending(self) -> tuple[Reply, ...]:
        with self._lock:
            return tuple(entry.reply for entry in self._queue)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()


@dataclass
class _Entry:
    reply: Reply
    remaining: int | None
