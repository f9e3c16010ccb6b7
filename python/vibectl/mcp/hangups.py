"""A POST whose client hangs up before its answer cancels the requests it carried.

The SDK keeps serving a request after its stream drops, for a client that reconnects and
resumes from an event store. This server keeps no event store, so such an answer can never be
delivered: the call is cancelled instead (as the client's own `notifications/cancelled` would
do, sent into the same session), which ends its kubectl.
"""

from __future__ import annotations

import json
from typing import Any

import anyio

Scope = dict[str, Any]
_CANCEL_HEADERS = (b"mcp-session-id", b"mcp-protocol-version", b"host")


def request_ids(body: bytes) -> list[Any]:
    """The ids of the JSON-RPC requests (not notifications or answers) in a POST body."""
    try:
        message = json.loads(body)
    except ValueError:
        return []
    messages = message if isinstance(message, list) else [message]
    return [
        m["id"]
        for m in messages
        if isinstance(m, dict) and "method" in m and m.get("id") is not None
    ]


class CancelOnHangup:
    def __init__(self, app: Any) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self._app(scope, receive, send)
            return
        body: list[bytes] = []
        answered = False

        async def watched_receive() -> dict[str, Any]:
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                body.append(message.get("body", b""))
            elif message["type"] == "http.disconnect" and not answered:
                await self._cancel(scope, request_ids(b"".join(body)))
            return message

        async def watched_send(message: dict[str, Any]) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body"):
                answered = True
            await send(message)

        await self._app(scope, watched_receive, watched_send)

    async def _cancel(self, scope: Scope, ids: list[Any]) -> None:
        headers = [(k, v) for k, v in scope["headers"] if k in _CANCEL_HEADERS]
        headers += [
            (b"content-type", b"application/json"),
            (b"accept", b"application/json, text/event-stream"),
        ]
        for request_id in ids:
            notice = {
                "jsonrpc": "2.0",
                "method": "notifications/cancelled",
                "params": {"requestId": request_id, "reason": "the client hung up"},
            }
            await self._post({**scope, "headers": headers}, json.dumps(notice).encode())

    async def _post(self, scope: Scope, body: bytes) -> None:
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def discard(_message: dict[str, Any]) -> None:
            return None

        with anyio.CancelScope(shield=True):
            await self._app(scope, receive, discard)
