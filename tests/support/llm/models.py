"""`GET /v1/models`, the cheap authenticated request a live key check makes (Anthropic or OpenAI
format, chosen by the auth header the client sent)."""

from __future__ import annotations

from typing import Any

from support.llm.wire import Headers

_IDS = ("claude-sonnet-5-5", "claude-haiku-5-5", "gpt-5-mini")


def presented_key(headers: Headers) -> str | None:
    """The key a request carries, in either provider's header."""
    if headers.get("x-api-key", "").strip():
        return headers["x-api-key"].strip()
    scheme, _, key = headers.get("authorization", "").strip().partition(" ")
    return key.strip() if scheme.lower() == "bearer" and key.strip() else None


def listing(headers: Headers) -> tuple[int, dict[str, Any]]:
    """Status and body: Anthropic's list for x-api-key, OpenAI's for a bearer token, else 401."""
    data: list[dict[str, Any]]
    if headers.get("x-api-key", "").strip():
        data = [
            {"type": "model", "id": i, "display_name": i, "created_at": "2025-09-29T00:00:00Z"}
            for i in _IDS
        ]
        return 200, {"data": data, "has_more": False, "first_id": _IDS[0], "last_id": _IDS[-1]}
    if presented_key(headers) is not None:
        data = [
            {"id": i, "object": "model", "created": 1727568000, "owned_by": "system"} for i in _IDS
        ]
        return 200, {"object": "list", "data": data}
    return 401, rejection("x-api-key header is required")


def rejection(message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": "authentication_error", "message": message}}
