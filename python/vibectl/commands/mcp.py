"""`vibectl mcp`: serve vibectl's tools to MCP clients, on stdio or streamable HTTP."""

from __future__ import annotations

import importlib.util

import click

EXIT_NO_SDK = 1


@click.command()
@click.option("--http", is_flag=True, help="Serve streamable HTTP instead of stdio.")
@click.option("--host", help="With --http: the address to bind.  [default: 127.0.0.1]")
@click.option(
    "--port", type=click.IntRange(0, 65535), help="With --http: the port.  [default: 8000]"
)
@click.option(
    "--token-file",
    help="With --http: the bearer token clients must send. Required off loopback unless one "
    "is generated (then printed once on stderr).",
)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Let `vibe` run a plan that changes the cluster, after the client's user confirms it.",
)
def mcp(
    http: bool, host: str | None, port: int | None, token_file: str | None, allow_writes: bool
) -> int:
    """Serve vibectl's kubectl, vibe and check tools over MCP (docs/mcp.md)."""
    from vibectl.summary import render

    if not http and (host is not None or port is not None or token_file is not None):
        raise click.UsageError("--host, --port and --token-file go with --http")
    if importlib.util.find_spec("mcp") is None:
        render.error("vibectl mcp needs the MCP SDK: pip install 'vibectl[mcp]'")
        return EXIT_NO_SDK
    from vibectl.mcp import server

    app = server.build(allow_writes=allow_writes)
    if not http:
        server.serve_stdio(app)
        return 0
    from vibectl.mcp.auth import LOOPBACK, TokenFileError, new_token, read_token_file

    host = host or "127.0.0.1"
    token = None
    if token_file is not None:
        try:
            token = read_token_file(token_file)
        except TokenFileError as exc:
            raise click.UsageError(str(exc)) from None
    elif host not in LOOPBACK:
        token = new_token()
        click.echo(f"vibectl mcp: clients must send Authorization: Bearer {token}", err=True)
    server.serve_http(app, host, 8000 if port is None else port, token)
    return 0
