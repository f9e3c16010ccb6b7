"""Ollama wire format: `POST /api/chat` (NDJSON stream or one JSON object) and `GET /api/tags`."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from support.llm.script import Message
from support.llm.wire import (
    Event,
    RecordedRequest,
    Rendered,
    dumps,
    input_tokens,
    model_of,
    output_tokens,
    text_pieces,
)

_MESSAGES: dict[int, str] = {
    400: "invalid request",
    404: "model not found, try pulling it first",
    429: "too many requests",
    500: "internal server error",
    503: "server busy, please try again.  maximum pending requests exceeded",
}

# (name, family, parameter size, quantization, size in bytes) of the models /api/tags lists.
_MODELS = (
    ("llama3.2:latest", "llama", "3.2B", "Q4_K_M", 2_019_393_189),
    ("qwen2.5:7b", "qwen2", "7.6B", "Q4_K_M", 4_683_087_332),
    ("qwen2.5-coder:7b", "qwen2", "7.6B", "Q4_K_M", 4_683_087_519),
    ("mistral:latest", "llama", "7.2B", "Q4_0", 4_113_301_824),
)


class OllamaWire:
    name = "ollama"
    json_content_type = "application/json; charset=utf-8"
    stream_content_type = "application/x-ndjson"

    def wants_stream(self, body: Any) -> bool:
        # Ollama streams unless the request says "stream": false.
        return not (isinstance(body, dict) and body.get("stream") is False)

    def reject(self, request: RecordedRequest) -> Rendered | None:
        if not isinstance(request.body, dict):
            return self.error(400, "invalid character in request body", request)
        if not model_of(request):
            return self.error(400, "model is required", request)
        return None

    def headers(self, request: RecordedRequest) -> dict[str, str]:
        return {}

    def message(self, reply: Message, request: RecordedRequest) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.text}
        if reply.tool_calls:
            message["tool_calls"] = _tool_calls(reply)
        return {**_head(request, message), **_done(reply, request)}

    def events(self, reply: Message, request: RecordedRequest) -> list[Event]:
        lines = [
            _head(request, {"role": "assistant", "content": piece}) | {"done": False}
            for piece in text_pieces(reply.text)
        ]
        if reply.tool_calls:
            calls = {"role": "assistant", "content": "", "tool_calls": _tool_calls(reply)}
            lines.append(_head(request, calls) | {"done": False})
        lines.append(_head(request, {"role": "assistant", "content": ""}) | _done(reply, request))
        return [Event(dumps(line)) for line in lines]

    def error(self, status: int, message: str | None, request: RecordedRequest) -> Rendered:
        text = message if message is not None else _MESSAGES.get(status, "error")
        return Rendered(status, {"error": text}, {})

    def error_event(self, error_type: str, message: str) -> Event:
        return Event(dumps({"error": message}))

    def frame(self, event: Event) -> bytes:
        return f"{event.data}\n".encode()


def tags() -> dict[str, Any]:
    """The body of `GET /api/tags`: the locally installed models, each as Ollama lists it
    (ollama/ollama docs/api.md, "List Local Models"; the fields of api/types.go
    `ListModelResponse`: name, model, modified_at, size, digest, details)."""
    return {
        "models": [
            {
                "name": name,
                "model": name,
                "modified_at": "2025-01-15T10:20:30.123456789Z",
                "size": size,
                "digest": hashlib.sha256(name.encode()).hexdigest(),
                "details": {
                    "parent_model": "",
                    "format": "gguf",
                    "family": family,
                    "families": [family],
                    "parameter_size": parameters,
                    "quantization_level": quantization,
                },
            }
            for name, family, parameters, quantization, size in _MODELS
        ]
    }


def _head(request: RecordedRequest, message: dict[str, Any]) -> dict[str, Any]:
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return {"model": model_of(request), "created_at": created, "message": message}


def _tool_calls(reply: Message) -> list[dict[str, Any]]:
    return [
        {"function": {"name": call.name, "arguments": dict(call.arguments)}}
        for call in reply.tool_calls
    ]


def _done(reply: Message, request: RecordedRequest) -> dict[str, Any]:
    prompt, completion = input_tokens(request), output_tokens(reply)
    load, prompt_time, eval_time = 1_000_000, prompt * 250_000, completion * 20_000_000
    return {
        "done": True,
        "done_reason": "length" if reply.truncated else "stop",
        "total_duration": load + prompt_time + eval_time,
        "load_duration": load,
        "prompt_eval_count": prompt,
        "prompt_eval_duration": prompt_time,
        "eval_count": completion,
        "eval_duration": eval_time,
    }
