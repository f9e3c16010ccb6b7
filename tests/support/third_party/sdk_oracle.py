"""The providers' official SDKs (pinned in tests/requirements.txt) as judges of what we send and
what our loopback server answers.

A request body must validate against the SDK's own request TypedDict and lose nothing doing so
(a key the SDK does not know is dropped by validation, so the result differs). A response body
or stream event must validate against the SDK's response model with no field it does not know.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from anthropic.types import Message, RawMessageStreamEvent
from anthropic.types.message_create_params import (
    MessageCreateParamsNonStreaming,
    MessageCreateParamsStreaming,
)
from openai.types.chat import ChatCompletion, ChatCompletionChunk
from openai.types.chat.completion_create_params import (
    CompletionCreateParamsNonStreaming,
    CompletionCreateParamsStreaming,
)
from pydantic import BaseModel, TypeAdapter

PROVIDERS = ("anthropic", "openai")


@cache
def _request_type(provider: str, stream: bool) -> TypeAdapter[Any]:
    types: dict[tuple[str, bool], Any] = {
        ("anthropic", False): MessageCreateParamsNonStreaming,
        ("anthropic", True): MessageCreateParamsStreaming,
        ("openai", False): CompletionCreateParamsNonStreaming,
        ("openai", True): CompletionCreateParamsStreaming,
    }
    return TypeAdapter(types[(provider, stream)])


def check_request(provider: str, body: Mapping[str, Any]) -> None:
    """`body` is a request the provider's SDK could have sent; AssertionError says what is not."""
    stream = body.get("stream") is True
    validated = _materialized(_request_type(provider, stream).validate_python(body))
    unknown = _missing(body, validated, "")
    assert not unknown, f"{provider} SDK does not know {unknown} in {json.dumps(body)[:400]}"


def check_response(provider: str, body: Mapping[str, Any]) -> None:
    """A whole (non-stream) answer, as the SDK's response model."""
    model: type[BaseModel] = Message if provider == "anthropic" else ChatCompletion
    _no_unknown_fields(model.model_validate(body), provider)


_EVENT = TypeAdapter[Any](RawMessageStreamEvent)


def check_event(provider: str, data: Mapping[str, Any]) -> None:
    """One stream event's data, as the SDK's stream event type."""
    if provider == "anthropic":
        # The SDK's stream skips `ping` events before parsing (anthropic/_streaming.py).
        if data != {"type": "ping"}:
            _no_unknown_fields(_EVENT.validate_python(data), provider)
    else:
        _no_unknown_fields(ChatCompletionChunk.model_validate(data), provider)


def sse_data(raw: bytes) -> Iterable[dict[str, Any]]:
    """The JSON data of each server-sent event in `raw` (OpenAI's `[DONE]` left out)."""
    for block in raw.decode().replace("\r\n", "\n").split("\n\n"):
        lines = [line[5:].strip() for line in block.splitlines() if line.startswith("data:")]
        if lines and lines != ["[DONE]"]:
            yield json.loads("\n".join(lines))


def _materialized(value: Any) -> Any:
    """Validated TypedDicts hold `Iterable` fields as lazy validators: run them."""
    if isinstance(value, Mapping):
        return {key: _materialized(item) for key, item in value.items()}
    if isinstance(value, list | tuple) or type(value).__name__ == "ValidatorIterator":
        return [_materialized(item) for item in value]
    return value


def _missing(sent: Any, kept: Any, path: str) -> list[str]:
    """The paths in `sent` that validation dropped or changed."""
    if isinstance(sent, Mapping) and isinstance(kept, Mapping):
        found: list[str] = []
        for key, item in sent.items():
            if key not in kept:
                found.append(f"{path}/{key}")
            else:
                found.extend(_missing(item, kept[key], f"{path}/{key}"))
        return found
    if isinstance(sent, list) and isinstance(kept, list) and len(sent) == len(kept):
        return [
            p
            for i, (a, b) in enumerate(zip(sent, kept, strict=True))
            for p in _missing(a, b, f"{path}/{i}")
        ]
    return [] if sent == kept else [path or "/"]


def _no_unknown_fields(model: BaseModel, provider: str, path: str = "") -> None:
    extra = model.model_extra or {}
    assert not extra, f"{provider} SDK does not know {path}/{sorted(extra)}"
    for name in type(model).model_fields:
        _walk(getattr(model, name), provider, f"{path}/{name}")


def _walk(value: Any, provider: str, path: str) -> None:
    if isinstance(value, BaseModel):
        _no_unknown_fields(value, provider, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, provider, f"{path}/{index}")
