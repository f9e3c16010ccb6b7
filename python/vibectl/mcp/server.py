"""The MCP server: vibectl's tools, resources and prompts on the official SDK's `MCPServer`,
served on stdio or on streamable HTTP (uvicorn, as the SDK serves it)."""

from __future__ import annotations

import socket
import sys

import anyio
from mcp.server.mcpserver import MCPServer
from mcp_types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError
from pydantic import ValidationError

from vibectl.mcp import prompts, resources, tools
from vibectl.mcp.auth import RequireBearer
from vibectl.mcp.hangups import CancelOnHangup

_INSTRUCTIONS = (
    "vibectl runs kubectl for you, safely: read-only commands through the `kubectl` tool, "
    "requests in plain words through `vibe`, yes/no questions about the cluster through "
    "`check`. Output is redacted of secrets and summarised before you see it."
)


def build(*, allow_writes: bool) -> MCPServer:
    from vibectl import __version__

    server: MCPServer = MCPServer(
        "vibectl", version=__version__, instructions=_INSTRUCTIONS, log_level="WARNING"
    )
    tools.register(server, allow_writes=allow_writes)
    resources.register(server)
    prompts.register(server)
    return server


def serve_stdio(server: MCPServer) -> None:
    anyio.run(_serve_stdio, server)


async def _serve_stdio(server: MCPServer) -> None:
    """`MCPServer.run_stdio_async`, plus an error reply to a line that is not JSON-RPC: the
    SDK's stdio transport drops such a line unanswered, and the client would wait forever.
    The SDK's HTTP transport answers one itself (400, with a JSON-RPC parse error)."""
    from mcp.server.stdio import stdio_server
    from mcp.shared.message import SessionMessage

    lowlevel = server._lowlevel_server  # what run_stdio_async runs; pinned SDK, tested
    async with stdio_server() as (lines, replies):
        send, received = anyio.create_memory_object_stream[SessionMessage | Exception](0)

        async def answer_malformed() -> None:
            async with send:
                async for item in lines:
                    if isinstance(item, Exception):
                        await replies.send(SessionMessage(_malformed(item)))
                    else:
                        await send.send(item)

        async with anyio.create_task_group() as group:
            group.start_soon(answer_malformed)
            await lowlevel.run(received, replies, lowlevel.create_initialization_options())


def _malformed(error: Exception) -> JSONRPCError:
    """JSON-RPC 2.0's answer to a message that is not JSON, or not a request: id null."""
    not_json = isinstance(error, ValidationError) and any(
        e["type"] == "json_invalid" for e in error.errors()
    )
    code, message = (
        (PARSE_ERROR, "Parse error") if not_json else (INVALID_REQUEST, "Invalid request")
    )
    return JSONRPCError(jsonrpc="2.0", id=None, error=ErrorData(code=code, message=message))


# uvicorn's own default backlog.
_BACKLOG = 2048


def serve_http(server: MCPServer, host: str, port: int, token: str | None) -> None:
    """Serve on http://HOST:PORT/mcp; the address (the port when 0 asked for a free one) is
    printed on stderr once the socket listens, so a client that connects at once is queued
    until uvicorn accepts, never refused."""
    import uvicorn

    app = CancelOnHangup(server.streamable_http_app(host=host))
    if token is not None:
        app = RequireBearer(app, token)  # type: ignore[assignment]
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(_BACKLOG)
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"vibectl mcp: serving on http://{shown}:{bound}/mcp", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    anyio.run(lambda: uvicorn.Server(config).serve(sockets=[listener]))
