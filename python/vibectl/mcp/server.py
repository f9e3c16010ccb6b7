"""The MCP server: vibectl's tools, resources and prompts on the official SDK's `MCPServer`,
served on stdio or on streamable HTTP (uvicorn, as the SDK serves it)."""

from __future__ import annotations

import socket
import sys

import anyio
from mcp.server.mcpserver import MCPServer

from vibectl.mcp import prompts, resources, tools
from vibectl.mcp.auth import RequireBearer

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
    anyio.run(server.run_stdio_async)


def serve_http(server: MCPServer, host: str, port: int, token: str | None) -> None:
    """Serve on http://HOST:PORT/mcp; the address (the port when 0 asked for a free one) is
    printed on stderr once the socket is bound."""
    import uvicorn

    app = server.streamable_http_app(host=host)
    if token is not None:
        app = RequireBearer(app, token)  # type: ignore[assignment]
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"vibectl mcp: serving on http://{shown}:{bound}/mcp", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    anyio.run(lambda: uvicorn.Server(config).serve(sockets=[listener]))
