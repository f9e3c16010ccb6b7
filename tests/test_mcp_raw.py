"""`vibectl mcp` on stdio spoken to line by line, as a broken client or one that vanishes would:
malformed JSON-RPC gets an error reply and the server lives on; a client that hangs up in the
middle of a call leaves no kubectl running."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.llm.server import LLMServer
from support.mcp_client import A_LONG_CALL, RawStdio, alive, kubectl_children, wait_until
from support.vibectl_cli import Vibectl


@pytest.fixture
def raw(vibectl: Vibectl, tmp_path: Path) -> Iterator[RawStdio]:
    server = RawStdio(vibectl, log=tmp_path / "server.stderr")
    server.initialize()
    yield server
    server.stop()


def ping(raw: RawStdio, number: int) -> None:
    raw.send({"jsonrpc": "2.0", "id": number, "method": "ping"})
    assert raw.receive() == {"jsonrpc": "2.0", "id": number, "result": {}}


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("{not json", -32700),
        ('{"jsonrpc": "2.0", "id": 1, "method": "ping"', -32700),
        ("\x00\x01\x02", -32700),
        ('"just a string"', -32600),
        ("[]", -32600),
        ('{"jsonrpc": "1.0", "id": 1, "method": "ping"}', -32600),
        ('{"jsonrpc": "2.0", "id": 1, "method": 5}', -32600),
    ],
    ids=[
        "not json",
        "cut short",
        "control bytes",
        "a string",
        "an array",
        "jsonrpc 1.0",
        "method 5",
    ],
)
def test_malformed_json_rpc_gets_an_error_reply_and_the_server_lives_on(
    raw: RawStdio, line: str, code: int
) -> None:
    raw.send_line(line)
    reply = raw.receive()
    assert reply["id"] is None
    assert reply["error"]["code"] == code
    ping(raw, 7)


def test_unknown_methods_and_bad_params_get_error_replies(raw: RawStdio) -> None:
    raw.send({"jsonrpc": "2.0", "id": 1, "method": "kubectl/run", "params": {}})
    assert raw.receive()["error"]["code"] == -32601
    raw.send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": 5}})
    assert raw.receive()["error"]["code"] == -32602
    raw.send({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "rm"}})
    reply = raw.receive()
    assert reply["id"] == 3
    assert "error" in reply or reply["result"]["isError"]
    ping(raw, 4)


def test_a_client_that_hangs_up_mid_call_leaves_no_kubectl_running(
    raw: RawStdio, llm_server: LLMServer
) -> None:
    raw.send({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": A_LONG_CALL})
    wait_until(lambda: kubectl_children(raw.process.pid), "kubectl to run")
    [kubectl] = kubectl_children(raw.process.pid)
    raw.close()
    raw.process.wait(timeout=10)
    wait_until(lambda: not alive(kubectl), "kubectl to end with the call")
    assert llm_server.requests == []
