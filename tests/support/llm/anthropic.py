"""Anthropic Messages API wire format (`POST /v1/messages`), JSON and server-sent events."""

from __future__ import annotations

from typing import Any

from support.llm.models import presented_key
from support.llm.script import Message
from support.llm.wire import (
    Event,
    RecordedRequest,
    Rendered,
    dumps,
    input_tokens,
    json_pieces,
    model_of,
    output_tokens,
    text_pieces,
    tool_call_id,
)

# Status -> error type, as listed in Anthropic's "HTTP errors" documentation.
ERROR_TYPES: dict[int, str] = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}

_MESSAGES: dict[int, str] = {
    400: "Invalid request",
    401: "invalid x-api-key",
    402: "Your credit balance is too low to access the Anthropic API.",
    403: "Your API key does not have permission to use the specified resource.",
    404: "Not found",
    413: "Request exceeds the maximum allowed number of bytes.",
    429: "Number of requests has exceeded your rate limit.",
    500: "Internal server error",
    504: "Request timed out",
    529: "Overloaded",
}

_REQUIRED = ("model", "max_tokens", "messages")


def error_type_for(status: int) -> str:
    """Anthropic's error type for a status; other 4xx are invalid requests, other 5xx api errors."""
    return ERROR_TYPES.get(status, "invalid_request_error" if status < 500 else "api_error")


def status_for(error_type: str) -> int:
    """The HTTP status Anthropic uses for an error type (500 for types it does not list)."""
    return next((status for status, name in ERROR_TYPES.items() if name == error_type), 500)


class AnthropicWire:
    name = "anthropic"
    json_content_type = "application/json"
    stream_content_type = "text/event-stream; charset=utf-8"

    def wants_stream(self, body: Any) -> bool:
        return isinstance(body, dict) and body.get("stream") is True

    def reject(self, request: RecordedRequest) -> Rendered | None:
        # The API takes the key as x-api-key or, as the SDK sends it since 2.0, a bearer token.
        if presented_key(request.headers) is None:
            return self.error(401, "x-api-key header is required", request)
        if not request.headers.get("anthropic-version", "").strip():
            return self.error(400, "anthropic-version: header is required", request)
        if not isinstance(request.body, dict):
            return self.error(400, "There was an error parsing the body of your request.", request)
        for key in _REQUIRED:
            if key not in request.body:
                return self.error(400, f"{key}: Field required", request)
        return None

    def headers(self, request: RecordedRequest) -> dict[str, str]:
        return {"request-id": _request_id(request)}

    def message(self, reply: Message, request: RecordedRequest) -> dict[str, Any]:
        content: list[dict[str, Any]] = []
        if reply.text or not reply.tool_calls:
            content.append({"type": "text", "text": reply.text})
        content.extend(
            _tool_use(reply, request, index, dict(call.arguments))
            for index, call in enumerate(reply.tool_calls)
        )
        return {
            **_message_head(request, content),
            "stop_reason": _stop_reason(reply),
            "usage": _usage(request, output_tokens(reply)),
        }

    def events(self, reply: Message, request: RecordedRequest) -> list[Event]:
        start = {**_message_head(request, []), "usage": _usage(request, 1)}
        events = [_event("message_start", {"message": start})]
        index = 0
        if reply.text or not reply.tool_calls:
            events.append(_block_start(index, {"type": "text", "text": ""}))
            events.append(_event("ping", {}))
            events.extend(
                _delta(index, {"type": "text_delta", "text": piece})
                for piece in text_pieces(reply.text)
            )
            events.append(_event("content_block_stop", {"index": index}))
            index += 1
        for call_index, call in enumerate(reply.tool_calls):
            events.append(_block_start(index, _tool_use(reply, request, call_index, {})))
            if index == 0:
                events.append(_event("ping", {}))
            pieces = ["", *json_pieces(dumps(dict(call.arguments)))]
            events.extend(
                _delta(index, {"type": "input_json_delta", "partial_json": piece})
                for piece in pieces
            )
            events.append(_event("content_block_stop", {"index": index}))
            index += 1
        delta = {"stop_reason": _stop_reason(reply), "stop_sequence": None}
        usage = {"output_tokens": output_tokens(reply)}
        events.append(_event("message_delta", {"delta": delta, "usage": usage}))
        events.append(_event("message_stop", {}))
        return events

    def error(self, status: int, message: str | None, request: RecordedRequest) -> Rendered:
        text = message if message is not None else _MESSAGES.get(status, "Error")
        body = {
            "type": "error",
            "error": {"type": error_type_for(status), "message": text},
            "request_id": _request_id(request),
        }
        return Rendered(status, body, self.headers(request))

    def error_event(self, error_type: str, message: str) -> Event:
        return _event("error", {"error": {"type": error_type, "message": message}})

    def frame(self, event: Event) -> bytes:
        return f"event: {event.name}\ndata: {event.data}\n\n".encode()


def _request_id(request: RecordedRequest) -> str:
    return f"req_fake_{request.seq:06d}"


def _message_head(request: RecordedRequest, content: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": f"msg_fake_{request.seq:06d}",
        "type": "message",
        "role": "assistant",
        "model": model_of(request),
        "content": content,
        "stop_reason": None,
        "stop_sequence": None,
    }


def _usage(request: RecordedRequest, output: int) -> dict[str, int]:
    return {
        "input_tokens": input_tokens(request),
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": output,
    }


def _stop_reason(reply: Message) -> str:
    if reply.truncated:
        return "max_tokens"
    return "tool_use" if reply.tool_calls else "end_turn"


def _tool_use(
    reply: Message, request: RecordedRequest, index: int, arguments: dict[str, Any]
) -> dict[str, Any]:
    call = reply.tool_calls[index]
    return {
        "type": "tool_use",
        "id": tool_call_id("toolu_fake_", request, index, call.id),
        "name": call.name,
        "input": arguments,
    }


def _event(name: str, fields: dict[str, Any]) -> Event:
    return Event(dumps({"type": name, **fields}), name)


def _block_start(index: int, block: dict[str, Any]) -> Event:
    return _event("content_block_start", {"index": index, "content_block": block})


def _delta(index: int, delta: dict[str, Any]) -> Event:
    return _event("content_block_delta", {"index": index, "delta": delta})
