"""Driving `vibectl mcp` from tests: the official MCP SDK's client over stdio or streamable
HTTP, a raw JSON-RPC line speaker for what a well-behaved client never sends, and a look at
the kubectl processes a server has running."""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TextIO

import httpx2
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.session import ElicitationFnT
from mcp.client.streamable_http import streamable_http_client

from support.k8s.seed import API_PODS, PAYMENTS
from support.vibectl_cli import Vibectl

PROTOCOL_VERSION = "2025-11-25"
# A client's first message, as raw JSON-RPC.
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {
        "protocolVersion": PROTOCOL_VERSION,
        "capabilities": {},
        "clientInfo": {"name": "raw", "version": "0"},
    },
}
# A `kubectl` tool call that is still running when the client goes: a wait for a delete that
# never comes, which ends on its own only after two minutes (a watch, which never ends, is
# refused: nobody could stop it).
A_LONG_CALL = {
    "name": "kubectl",
    "arguments": {
        "args": ["wait", "--for=delete", f"pod/{API_PODS[0]}", "-n", PAYMENTS, "--timeout=120s"]
    },
}


@asynccontextmanager
async def stdio_session(
    vibectl: Vibectl,
    *args: str,
    errlog: TextIO,
    elicitation: ElicitationFnT | None = None,
) -> AsyncIterator[ClientSession]:
    """`vibectl mcp ARGS` started by the SDK's stdio client, initialized."""
    params = StdioServerParameters(
        command=str(vibectl.executable), args=["mcp", *args], env=dict(vibectl.env)
    )
    async with (
        stdio_client(params, errlog=errlog) as (read, write),
        ClientSession(read, write, elicitation_callback=elicitation) as session,
    ):
        await session.initialize()
        yield session


class HttpServer:
    """`vibectl mcp --http ARGS` in a child process; `url` is read from its first stderr line."""

    def __init__(self, vibectl: Vibectl, *args: str, log: Path) -> None:
        self.log = log
        self._stderr = log.open("w")
        self.process = subprocess.Popen(
            [str(vibectl.executable), "mcp", "--http", "--port", "0", *args],
            env=vibectl.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        self.url = self._wait_for("serving on (\\S+)")

    def _wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = re.search(pattern, self.log.read_text())
            if found:
                return found.group(1)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"vibectl mcp --http did not start:\n{self.log.read_text()}")

    def stderr(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


@asynccontextmanager
async def http_session(
    url: str, *, token: str | None = None, elicitation: ElicitationFnT | None = None
) -> AsyncIterator[ClientSession]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60, trust_env=False) as http,
        streamable_http_client(url, http_client=http) as (read, write),
        ClientSession(read, write, elicitation_callback=elicitation) as session,
    ):
        await session.initialize()
        yield session


class RawStdio:
    """`vibectl mcp` spoken to line by line, as a broken or vanishing client would."""

    def __init__(self, vibectl: Vibectl, *args: str, log: Path) -> None:
        self._stderr = log.open("w")
        self.process = subprocess.Popen(
            [str(vibectl.executable), "mcp", *args],
            env=vibectl.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )

    def send_line(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def send(self, message: Mapping[str, Any]) -> None:
        self.send_line(json.dumps(message))

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the server closed its stdout"
        message: dict[str, Any] = json.loads(line)
        return message

    def initialize(self) -> dict[str, Any]:
        self.send(INITIALIZE)
        answer = self.receive()
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return answer

    def close(self) -> None:
        """Hang up: close the server's stdin, as a client that goes away does."""
        assert self.process.stdin is not None
        self.process.stdin.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._stderr.close()


def kubectl_children(pid: int) -> list[int]:
    """The kubectl processes that are children of `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        if parent == pid and name == "kubectl":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, waiting to be reaped, does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def wait_until(condition: Any, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
