"""Turning a scripted reply into the exact HTTP response to send, in one provider's wire format.

This is pure: it decides status, headers, body or stream events, timing and where to break the
connection. `llm_server` then sends the resulting `Plan` byte for byte.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from email.utils import formatdate
from typing import Any

from support.llm.anthropic import status_for
from support.llm.script import CutStream, Fail, Malformed, Message, Reply, StreamError
from support.llm.wire import Event, RecordedRequest, Rendered, Wire

NO_REPLY = (
    "llm_server: no scripted reply for this request; script one first"
    " (reply_text, reply_tool_call, fail, ...)"
)


@dataclass(frozen=True)
class Plan:
    """An HTTP response ready to send.

    body: the fixed-length body, used when `chunks` is None.
    chunks: the framed stream events, sent with chunked transfer encoding.
    cut_at: close the connection after this many body bytes (or stream chunks) instead of
        finishing the response; None sends it all.
    """

    status: int
    headers: Mapping[str, str]
    body: bytes = b""
    chunks: tuple[bytes, ...] | None = None
    cut_at: int | None = None
    header_delay: float = 0.0
    chunk_delay: float = 0.0

    @classmethod
    def json(
        cls,
        status: int,
        body: Any,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/json",
    ) -> Plan:
        return cls(status, {"content-type": content_type, **(headers or {})}, _encode(body))


def respond(reply: Reply | None, wire: Wire, request: RecordedRequest) -> Plan:
    """The response to a chat request that passed the wire's checks, for this reply."""
    if reply is None:
        return error_plan(wire, wire.error(500, NO_REPLY, request))
    plan = _plan(reply, wire, request)
    return replace(plan, header_delay=reply.header_delay, chunk_delay=reply.chunk_delay)


def _plan(reply: Reply, wire: Wire, request: RecordedRequest) -> Plan:
    match reply:
        case Message():
            return _success(wire, request, reply)
        case Fail():
            rendered = wire.error(reply.status, reply.message, request)
            return error_plan(
                wire, rendered, reply.retry_after, reply.retry_after_ms, reply.retry_after_date
            )
        case Malformed():
            return _success(wire, request, Message(text=reply.text), malformed=True)
        case CutStream():
            plan = _success(wire, request, Message(text=reply.text))
            cut = reply.after_events if plan.chunks is not None else len(plan.body) // 2
            return replace(plan, cut_at=cut)
        case StreamError():
            if not request.stream:
                status = status_for(reply.error_type)
                return error_plan(wire, wire.error(status, reply.message, request))
            events = wire.events(Message(text=reply.text), request)
            kept = len(events) // 2 if reply.after_events is None else reply.after_events
            return _stream(
                wire, request, [*events[:kept], wire.error_event(reply.error_type, reply.message)]
            )
    raise TypeError(f"not a reply the fake LLM server knows: {reply!r}")


def _success(
    wire: Wire, request: RecordedRequest, message: Message, *, malformed: bool = False
) -> Plan:
    if request.stream:
        events = wire.events(message, request)
        if malformed:
            broken = events[len(events) // 2]
            events[len(events) // 2] = Event(broken.data[: len(broken.data) // 2], broken.name)
        return _stream(wire, request, events)
    body = _encode(wire.message(message, request))
    if malformed:
        body = body[: len(body) // 2]
    return Plan(200, {"content-type": wire.json_content_type, **wire.headers(request)}, body)


def _stream(wire: Wire, request: RecordedRequest, events: list[Event]) -> Plan:
    headers = {"content-type": wire.stream_content_type, **wire.headers(request)}
    if wire.stream_content_type.startswith("text/event-stream"):
        headers["cache-control"] = "no-cache"
    return Plan(200, headers, chunks=tuple(wire.frame(event) for event in events))


def error_plan(
    wire: Wire,
    rendered: Rendered,
    retry_after: float | None = None,
    retry_after_ms: int | None = None,
    retry_after_date: bool = False,
) -> Plan:
    """A provider error as a response, with the retry headers when given."""
    headers = dict(rendered.headers)
    if retry_after is not None and retry_after_date:
        headers["retry-after"] = formatdate(time.time() + retry_after, usegmt=True)
    elif retry_after is not None:
        headers["retry-after"] = _seconds(retry_after)
    if retry_after_ms is not None:
        headers["retry-after-ms"] = str(retry_after_ms)
    return Plan.json(rendered.status, rendered.body, headers, wire.json_content_type)


def _encode(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
