"""In-process timings, run by the Python of our vibectl's venv; prints JSON on stdout.

    python inprocess.py keys       warm key resolution: seconds per `_core.key_statuses()` call,
                                   one figure per round of calls
    python inprocess.py capture    one `complete()`, so the server records the request's bytes
    python inprocess.py request F  warm `complete()` calls alternating with raw-socket round
                                   trips that send the bytes in file F to the same server
    python inprocess.py prepare ARGS…
                                   `kubectl ARGS…` captured by vibectl's kubectl runner (the
                                   stand-in prints the file named by $BENCH_OUTPUT), then
                                   prepared for the model: seconds for each step
    python inprocess.py mcp        `kubectl get pods` tool calls on one warm `vibectl mcp`
                                   (stdio, the MCP SDK's client) alternating with `vibectl get
                                   pods` run from the command line

Every loop is bounded in count and in time.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from vibectl import _core

WARM_UP = 20
ROUNDS = 25
CALLS_PER_ROUND = 400
PAIRS = 200
TIME_LIMIT = 20.0  # seconds for one measuring loop
PROMPT = _core.Prompt(
    "You summarise kubectl output.",
    "Command: kubectl get pods\n\nOutput:\n<output>\nNAME  READY\nweb-1  1/1\n</output>",
)


def keys() -> dict[str, object]:
    for _ in range(WARM_UP):
        _core.key_statuses()
    per_call: list[float] = []
    deadline = time.perf_counter() + TIME_LIMIT
    while len(per_call) < ROUNDS and time.perf_counter() < deadline:
        start = time.perf_counter()
        for _ in range(CALLS_PER_ROUND):
            _core.key_statuses()
        per_call.append((time.perf_counter() - start) / CALLS_PER_ROUND)
    providers = len(_core.key_statuses())
    return {"per_call": per_call, "calls_per_round": CALLS_PER_ROUND, "providers": providers}


def capture() -> dict[str, object]:
    _core.get_model().complete(PROMPT)
    return {}


def request(recorded: bytes) -> dict[str, object]:
    model = _core.get_model()
    address = urlsplit(os.environ["ANTHROPIC_BASE_URL"])
    with socket.create_connection((address.hostname, address.port), timeout=10) as raw:
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for _ in range(WARM_UP):
            model.complete(PROMPT)
            _round_trip(raw, recorded)
        core: list[float] = []
        floor: list[float] = []
        deadline = time.perf_counter() + TIME_LIMIT
        while len(core) < PAIRS and time.perf_counter() < deadline:
            start = time.perf_counter()
            model.complete(PROMPT)
            core.append(time.perf_counter() - start)
            start = time.perf_counter()
            _round_trip(raw, recorded)
            floor.append(time.perf_counter() - start)
    return {"core": core, "floor": floor}


def _round_trip(connection: socket.socket, recorded: bytes) -> None:
    """Send the request, read the whole response (its length comes in content-length)."""
    connection.sendall(recorded)
    data = b""
    while b"\r\n\r\n" not in data:
        data += _recv(connection)
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"the raw request got {head.splitlines()[0]!r}")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += _recv(connection)


def _recv(connection: socket.socket) -> bytes:
    chunk = connection.recv(65536)
    if not chunk:
        raise RuntimeError("the server closed the connection")
    return chunk


def prepare(args: list[str]) -> dict[str, object]:
    """`kubectl ARGS…` run as vibectl runs it (the stand-in prints $BENCH_OUTPUT), prepared."""
    from vibectl.context.prepare import prepare_output
    from vibectl.kubectl.run import run_kubectl

    settings = _core.load_settings()
    start = time.perf_counter()
    result = run_kubectl(args, settings)
    captured = time.perf_counter()
    output = prepare_output(
        args,
        result.stdout_bytes,
        result.stderr_bytes,
        budget_tokens=settings.input_budget,
        redact=True,
    )
    done = time.perf_counter()
    return {
        "capture": captured - start,
        "prepare": done - captured,
        "bytes": len(result.stdout_bytes),
        "sent_chars": len(output.stdout),
    }


MCP_PAIRS = 20


def mcp() -> dict[str, object]:
    import anyio

    result: dict[str, object] = anyio.run(_mcp_pairs)
    return result


async def _mcp_pairs() -> dict[str, object]:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    vibectl = str(Path(sys.executable).with_name("vibectl"))
    server = StdioServerParameters(command=vibectl, args=["mcp"], env=dict(os.environ))
    get_pods = {"args": ["get", "pods"]}
    tool: list[float] = []
    cli: list[float] = []
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        for _ in range(3):
            await session.call_tool("kubectl", get_pods)
        deadline = time.perf_counter() + TIME_LIMIT
        while len(tool) < MCP_PAIRS and time.perf_counter() < deadline:
            start = time.perf_counter()
            called = await session.call_tool("kubectl", get_pods)
            tool.append(time.perf_counter() - start)
            if called.is_error:
                raise RuntimeError(f"the kubectl tool call failed: {called.content}")
            start = time.perf_counter()
            subprocess.run([vibectl, "get", "pods"], capture_output=True, check=True)
            cli.append(time.perf_counter() - start)
    return {"tool": tool, "cli": cli}


def main() -> None:
    mode = sys.argv[1]
    if mode == "keys":
        result = keys()
    elif mode == "capture":
        result = capture()
    elif mode == "request":
        result = request(Path(sys.argv[2]).read_bytes())
    elif mode == "prepare":
        result = prepare(sys.argv[2:])
    elif mode == "mcp":
        result = mcp()
    else:
        sys.exit(f"unknown mode {mode!r}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
