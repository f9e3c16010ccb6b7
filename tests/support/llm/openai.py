"""OpenAI chat completions wire format (`POST /v1/chat/completions`), JSON and `data:` events."""

from __future__ import annotations

import time
from typing import Any

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

_SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"

# Status -> (error type, error code, usual message), as the real API answers them.
_ERRORS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: (
        "request_forbidden",
        "unsupported_country_region_territory",
        "Country, region, or territory not supported",
    ),
    404: (
        "invalid_request_error",
        "model_not_found",
        "The model does not exist or you do not have access to it.",
    ),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
    500: ("server_error", None, _SERVER_ERROR),
    503: ("server_error", None, "The engine is currently overloaded, please try again later"),
}

_NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header"
    " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
)
_BAD_JSON = (
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using"
    " your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was"
    " not valid JSON.)"
)


class OpenAIWire:
    name = "openai"
    json_content_type = "application/json"
    stream_content_type = "text/event-stream; charset=utf-8"

    def wants_stream(self, body: Any) -> bool:
        return isinstance(body, dict) and body.get("stream") is True

    def reject(self, request: RecordedRequest) -> Rendered | None:
        authorization = request.headers.get("authorization")
        if authorization is None:
            return self._error(request, 401, _NO_KEY, "invalid_request_error", code=None)
        scheme, _, key = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            message = f"Incorrect API key provided: {authorization.strip()!r}."
            return self._error(
                request, 401, message, "invalid_request_error", code="invalid_api_key"
            )
        if not isinstance(request.body, dict):
            return self._error(request, 400, _BAD_JSON, "invalid_request_error", code=None)
        if "model" not in request.body:
            message = "you must provide a model parameter"
            return self._error(request, 400, message, "invalid_request_error", code=None)
        if "messages" not in request.body:
            message = "Missing required parameter: 'messages'."
            code = "missing_required_parameter"
            return self._error(
                request, 400, message, "invalid_request_error", code=code, param="messages"
            )
        return None

    def headers(self, request: RecordedRequest) -> dict[str, str]:
        return {"x-request-id": f"req_fake_{request.seq:06d}"}

    def message(self, reply: Message, request: RecordedRequest) -> dict[str, Any]:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": reply.text if reply.text or not reply.tool_calls else None,
            "refusal": None,
            "annotations": [],
        }
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": tool_call_id("call_fake_", request, index, call.id),
                    "type": "function",
                    "function": {"name": call.name, "arguments": dumps(dict(call.arguments))},
                }
                for index, call in enumerate(reply.tool_calls)
            ]
        choice = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": _finish_reason(reply),
        }
        return {
            **_head("chat.completion", request),
            "choices": [choice],
            "usage": _usage(reply, request),
        }

    def events(self, reply: Message, request: RecordedRequest) -> list[Event]:
        options = request.body.get("stream_options") if isinstance(request.body, dict) else None
        with_usage = isinstance(options, dict) and options.get("include_usage") is True
        extra = {"usage": None} if with_usage else {}

        def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> Event:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
            head = _head("chat.completion.chunk", request)
            return Event(dumps({**head, "choices": [choice], **extra}))

        role: dict[str, Any] = {"role": "assistant", "content": "", "refusal": None}
        deltas: list[dict[str, Any]] = []
        if reply.text or not reply.tool_calls:
            deltas.append(role)
            deltas.extend({"content": piece} for piece in text_pieces(reply.text))
        for index, call in enumerate(reply.tool_calls):
            start = {
                "index": index,
                "id": tool_call_id("call_fake_", request, index, call.id),
                "type": "function",
                "function": {"name": call.name, "arguments": ""},
            }
            opening = {"tool_calls": [start]}
            deltas.append({**role, "content": None, **opening} if not deltas else opening)
            deltas.extend(
                {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}
                for piece in json_pieces(dumps(dict(call.arguments)))
            )
        events = [chunk(delta) for delta in deltas]
        events.append(chunk({}, _finish_reason(reply)))
        if with_usage:
            usage = _usage(reply, request)
            last = {**_head("chat.completion.chunk", request), "choices": [], "usage": usage}
            events.append(Event(dumps(last)))
        events.append(Event("[DONE]"))
        return events

    def error(self, status: int, message: str | None, request: RecordedRequest) -> Rendered:
        default = _ERRORS.get(status)
        if default is None:
            kind = "invalid_request_error" if status < 500 else "server_error"
            default = (kind, None, "Invalid request." if status < 500 else _SERVER_ERROR)
        error_type, code, usual = default
        text = message if message is not None else usual
        return self._error(request, status, text, error_type, code=code)

    def error_event(self, error_type: str, message: str) -> Event:
        error = {"message": message, "type": error_type, "param": None, "code": None}
        return Event(dumps({"error": error}))

    def frame(self, event: Event) -> bytes:
        return f"data: {event.data}\n\n".encode()

    def _error(
        self,
        request: RecordedRequest,
        status: int,
        message: str,
        error_type: str,
        *,
        code: str | None,
        param: str | None = None,
    ) -> Rendered:
        error = {"message": message, "type": error_type, "param": param, "code": code}
        return Rendered(status, {"error": error}, self.headers(request))


def _head(kind: str, request: RecordedRequest) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-fake{request.seq:06d}",
        "object": kind,
        "created": int(time.time()),
        "model": model_of(request),
        "system_fingerprint": "fp_fake",
    }


def _finish_reason(reply: Message) -> str:
    if reply.truncated:
        return "length"
    return "tool_calls" if reply.tool_calls else "stop"


def _usage(reply: Message, request: RecordedRequest) -> dict[str, Any]:
    prompt, completion = input_tokens(request), output_tokens(reply)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0},
    }
