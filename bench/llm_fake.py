"""A loopback LLM server speaking Anthropic's Messages API, with a set latency, counting requests.

Why not tests/support/llm/server.py: that server answers from a FIFO script, in arrival order,
so a benchmark would have to know each tool's sequence of calls in advance. This one answers
by what each request asks for (a plan when it asks for structured output, a summary otherwise),
which is what lets the older vibectl's `get vibe` run to its end; and the bench imports nothing
from tests/.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SUMMARY = "6 pods in [blue]default[/blue]: [red]worker[/red] is crash-looping; the rest run."
# Our summary request also asks for the updated memory, written after it between these tags.
MEMORY = "\n<memory>default: 6 pods; worker-6b8f9d7c5a-l2kdp in CrashLoopBackOff.</memory>"

# A plan to run `kubectl get pods`, in the older vibectl's planner schema (`LLMPlannerResponse`)
# and in ours (python/vibectl/planning/action.py); `plan_for` tells them apart by the schema
# asked for.
OLDER_PLAN: dict[str, Any] = {
    "action": {
        "action_type": "COMMAND",
        "commands": ["pods"],
        "explanation": "The user asked to see the pods.",
    }
}
OUR_PLAN: dict[str, Any] = {
    "action": "command",
    "args": ["get", "pods"],
    "explanation": "The user asked to see the pods.",
}


class FakeLLM:
    """Serves on 127.0.0.1 (a free port) from a daemon thread until `stop`."""

    def __init__(self) -> None:
        self.latency = 0.0  # seconds before each response's status line
        self.last_request = b""  # the last Messages request: request line, headers, body
        self.bodies: list[dict[str, Any]] = []  # every Messages request's body, until cleared
        self._count = 0
        self._lock = threading.Lock()
        self._httpd = _Server(self)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def requests(self) -> int:
        """Every request received so far, whatever its path."""
        with self._lock:
            return self._count

    def counted(self) -> None:
        with self._lock:
            self._count += 1

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """The assistant's content block for a request: a plan when it asks for structured output
    (JSON Schema output, or a forced tool), else the summary (and the memory, if asked for)."""
    output = body.get("output_config", {}).get("format", {})
    if output.get("type") == "json_schema":
        return {"type": "text", "text": json.dumps(plan_for(output["schema"]))}
    choice = body.get("tool_choice", {})
    if choice.get("type") == "tool":
        tool = next(t for t in body.get("tools", []) if t.get("name") == choice["name"])
        arguments = plan_for(tool["input_schema"])
        return {"type": "tool_use", "id": "toolu_bench", "name": choice["name"], "input": arguments}
    asks_for_memory = "</memory>" in json.dumps(body)
    return {"type": "text", "text": SUMMARY + (MEMORY if asks_for_memory else "")}


def plan_for(schema: dict[str, Any]) -> dict[str, Any]:
    """Ours when `action` is a string enum, as in our planner's schema; the older's otherwise."""
    action = schema.get("properties", {}).get("action", {})
    return OUR_PLAN if "enum" in action else OLDER_PLAN


def message(body: dict[str, Any], block: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "unknown"),
        "content": [block],
        "stop_reason": "tool_use" if block["type"] == "tool_use" else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 200, "output_tokens": 20},
    }


def events(body: dict[str, Any], block: dict[str, Any]) -> bytes:
    """The same message as server-sent events, as Anthropic streams it (one delta)."""
    whole = message(body, block)
    start = {**whole, "content": [], "stop_reason": None}
    if block["type"] == "tool_use":
        opening = {**block, "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
    else:
        opening = {"type": "text", "text": ""}
        delta = {"type": "text_delta", "text": block["text"]}
    stop = {"stop_reason": whole["stop_reason"], "stop_sequence": None}
    sequence: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"message": start}),
        ("content_block_start", {"index": 0, "content_block": opening}),
        ("content_block_delta", {"index": 0, "delta": delta}),
        ("content_block_stop", {"index": 0}),
        ("message_delta", {"delta": stop, "usage": {"output_tokens": 20}}),
        ("message_stop", {}),
    ]
    frames = (f"event: {n}\ndata: {json.dumps({'type': n, **f})}\n\n" for n, f in sequence)
    return "".join(frames).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, fake: FakeLLM) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        fake = self.server.fake
        fake.counted()
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        if self.command != "POST" or self.path != "/v1/messages":
            self._send(404, "application/json", b'{"type":"error","error":{"type":"not_found"}}')
            return
        head = "".join(f"{name}: {value}\r\n" for name, value in self.headers.items())
        fake.last_request = f"{self.requestline}\r\n{head}\r\n".encode("latin-1") + raw
        body = json.loads(raw)
        fake.bodies.append(body)
        time.sleep(fake.latency)
        block = answer(body)
        if body.get("stream"):
            self._send(200, "text/event-stream", events(body, block))
        else:
            self._send(200, "application/json", json.dumps(message(body, block)).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(payload)))
        self.send_header("request-id", "req_bench")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass
