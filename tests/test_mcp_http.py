"""`vibectl mcp --http`: streamable HTTP driven by the official MCP SDK's client, the bearer
token off loopback, malformed requests, and a client that drops its connection mid-call."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx2
import mcp_types as types
import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import API_DEPLOYMENT, API_PODS, PAYMENTS
from support.llm.server import LLMServer, Message
from support.mcp_client import (
    A_LONG_CALL,
    INITIALIZE,
    PROTOCOL_VERSION,
    HttpServer,
    alive,
    http_session,
    kubectl_children,
    wait_until,
)
from support.vibectl_cli import PLANTED_KEY, Vibectl
from vibectl import exit_codes

ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture
def start(vibectl: Vibectl, tmp_path: Path) -> Iterator[Any]:
    servers: list[HttpServer] = []

    def start(*args: str) -> HttpServer:
        server = HttpServer(vibectl, *args, log=tmp_path / f"server-{len(servers)}.stderr")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def get_pods(url: str, token: str | None = None) -> types.CallToolResult:
    async def main() -> types.CallToolResult:
        async with http_session(url, token=token) as session:
            return await session.call_tool("kubectl", {"args": ["get", "pods", "-n", PAYMENTS]})

    result: types.CallToolResult = anyio.run(main)
    return result


def test_http_on_loopback_serves_the_tools_without_a_token(
    start: Any, llm_server: LLMServer
) -> None:
    server = start()
    assert server.url.startswith("http://127.0.0.1:")
    assert server.url.endswith("/mcp")
    assert "Bearer" not in server.stderr()

    async def main() -> Any:
        async with http_session(server.url) as session:
            tools = await session.list_tools()
            resources = await session.list_resources()
            prompts = await session.list_prompts()
            called = await session.call_tool("kubectl", {"args": ["get", "pods", "-n", PAYMENTS]})
            return tools, resources, prompts, called

    llm_server.reply_text("[name]api[/name] is up.")
    tools, resources, prompts, called = anyio.run(main)
    assert sorted(t.name for t in tools.tools) == ["check", "kubectl", "vibe"]
    assert len(resources.resources) == 3
    assert len(prompts.prompts) == 2
    assert not called.is_error, called
    assert called.structured_content["summary"] == "api is up."
    assert API_PODS[0] in called.structured_content["stdout"]
    assert PLANTED_KEY not in json.dumps(called.model_dump(mode="json"))


def test_eight_concurrent_http_sessions(start: Any, llm_server: LLMServer) -> None:
    server = start()
    llm_server.script(Message(text="Fine.", header_delay=1, times=8))
    results: list[types.CallToolResult] = []

    async def main() -> None:
        async def one() -> None:
            results.append(await anyio.to_thread.run_sync(get_pods, server.url))

        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(one)

    anyio.run(main)
    assert [r.structured_content["summary"] for r in results] == ["Fine."] * 8


def off_loopback_host() -> str:
    """A loopback address other than 127.0.0.1: vibectl treats it as any other address (a
    token is required), while the test still binds loopback only."""
    return "127.0.0.2"


def test_any_other_address_requires_a_token_generated_and_printed_once(
    start: Any, llm_server: LLMServer
) -> None:
    server = start("--host", off_loopback_host())
    lines = [line for line in server.stderr().splitlines() if "Bearer" in line]
    [line] = lines
    token = line.rsplit(" ", 1)[1]
    assert len(token) >= 32
    for wrong in (None, "not-the-token", token + "x"):
        headers = {**ACCEPT, **({"Authorization": f"Bearer {wrong}"} if wrong else {})}
        refused = httpx2.post(server.url, json=INITIALIZE, headers=headers, trust_env=False)
        assert refused.status_code == 401
    llm_server.reply_text("ok")
    assert not get_pods(server.url, token).is_error
    assert server.stderr().count(token) == 1, "printed once, never logged"


def test_a_token_file_is_the_token(start: Any, llm_server: LLMServer, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token-for-vibectl-mcp\n")
    server = start("--host", off_loopback_host(), "--token-file", str(token_file))
    assert "Bearer" not in server.stderr()
    llm_server.reply_text("ok")
    assert not get_pods(server.url, "s3cret-token-for-vibectl-mcp").is_error
    refused = httpx2.post(server.url, json=INITIALIZE, headers=ACCEPT, trust_env=False)
    assert refused.status_code == 401


@pytest.mark.parametrize("kind", ["fifo", "directory", "empty", "two words", "missing", "huge"])
def test_a_bad_token_file_is_one_line_and_no_server(
    vibectl: Vibectl, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "token"
    if kind == "fifo":
        os.mkfifo(path)  # opening it to read would block until a writer came
    elif kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_text("\n")
    elif kind == "two words":
        path.write_text("two words\n")
    elif kind == "huge":
        path.write_text("x" * 10_000)
    done = vibectl.run("mcp", "--http", "--port", "0", "--token-file", str(path), timeout=20)
    assert done.returncode == exit_codes.USAGE
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: ")
    assert "token file" in line
    assert "Traceback" not in done.stderr


def test_options_for_http_need_http(vibectl: Vibectl) -> None:
    done = vibectl.run("mcp", "--port", "9000")
    assert done.returncode == exit_codes.USAGE
    assert "--host, --port and --token-file go with --http" in done.stderr


def test_malformed_requests_get_an_error_and_the_server_lives_on(
    start: Any, llm_server: LLMServer
) -> None:
    server = start()
    for body in (b"{not json", b"[]", b'{"jsonrpc": "2.0", "id": 1, "method": 5}'):
        reply = httpx2.post(server.url, content=body, headers=ACCEPT, trust_env=False)
        assert reply.status_code == 400, body
        assert reply.json()["error"]["code"] in (-32700, -32600, -32602), body
    llm_server.reply_text("ok")
    assert not get_pods(server.url).is_error


def test_a_client_that_drops_the_connection_mid_call_leaves_no_kubectl(
    start: Any, llm_server: LLMServer
) -> None:
    server = start()
    with httpx2.Client(trust_env=False, timeout=30) as http:
        hello = http.post(server.url, json=INITIALIZE, headers=ACCEPT)
        given = hello.headers.get("mcp-session-id")
        session = {**({"mcp-session-id": given} if given else {}), **ACCEPT}
        session["mcp-protocol-version"] = PROTOCOL_VERSION
        notified = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        http.post(server.url, json=notified, headers=session)
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": A_LONG_CALL}
    body = json.dumps(call).encode()
    request = (
        f"POST /mcp HTTP/1.1\r\nHost: {server.url.split('/')[2]}\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in session.items())
        + f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    host, port = server.url.split("/")[2].split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(request)
        wait_until(lambda: kubectl_children(server.process.pid), "kubectl to run")
        [kubectl] = kubectl_children(server.process.pid)
    # The connection is closed, without a DELETE of the session: the call must end anyway.
    wait_until(lambda: not alive(kubectl), "kubectl to end with the call")
    assert server.process.poll() is None, "the server lives on"
    llm_server.reply_text("ok")
    assert not get_pods(server.url).is_error


def test_a_change_over_http_runs_after_the_user_confirms(
    start: Any, llm_server: LLMServer, k8s: Cluster
) -> None:
    server = start("--allow-writes")
    args = ["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=3"]
    llm_server.reply_text(json.dumps({"action": "command", "explanation": "x", "args": args}))
    llm_server.reply_text("Scaled.")

    async def yes(_context: Any, _params: types.ElicitRequestParams) -> types.ElicitResult:
        return types.ElicitResult(action="accept", content={"run": True})

    async def main() -> types.CallToolResult:
        async with http_session(server.url, elicitation=yes) as session:
            return await session.call_tool("vibe", {"request": "api to three"})

    result = anyio.run(main)
    assert not result.is_error, result
    assert result.structured_content["ran"] is True
    done = k8s.kubectl(
        "get", "deploy", API_DEPLOYMENT, "-n", PAYMENTS, "-o", "jsonpath={.spec.replicas}"
    )
    assert done.stdout == "3"
