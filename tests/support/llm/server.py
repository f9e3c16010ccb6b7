"""A loopback fake of the Anthropic, OpenAI and Ollama chat APIs, scripted reply by reply.

Tests queue replies (`reply_text`, `reply_tool_call`, `fail`, `malformed`, `cut_stream`,
`stream_error`, or any `Reply` through `script`); each chat request takes the next one, whichever
provider path it hits, and gets it in that provider's wire format, streamed or not as it asked.
Every request is recorded. With nothing scripted the server answers 500 "no scripted reply", unless
it was built with a default reply.

Run by hand or from benchmarks (serves until Ctrl-C, answering every request with one reply):

    python tests/support/llm/server.py --port 8080 [--reply TEXT] [--latency-ms N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import ssl
import sys
import threading
import traceback
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Unpack

if not __package__:  # run as a script: make the `support` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from support.llm.anthropic import AnthropicWire
from support.llm.models import listing, presented_key, rejection
from support.llm.ollama import OllamaWire, tags
from support.llm.openai import OpenAIWire
from support.llm.respond import Plan, error_plan, respond
from support.llm.script import (
    CutStream,
    Fail,
    Malformed,
    Message,
    Reply,
    ReplyOptions,
    Script,
    StreamError,
    ToolCall,
)
from support.llm.wire import Headers, RecordedRequest, Wire

__all__ = [
    "DEFAULT_SUMMARY",
    "CutStream",
    "Fail",
    "Headers",
    "LLMServer",
    "Malformed",
    "Message",
    "RecordedRequest",
    "Reply",
    "ReplyOptions",
    "StreamError",
    "ToolCall",
    "main",
]

DEFAULT_SUMMARY = (
    "All 3 pods in namespace default are Running and Ready; none restarted in the last hour."
)

_CHAT: dict[str, Wire] = {
    "/v1/messages": AnthropicWire(),
    "/v1/chat/completions": OpenAIWire(),
    "/api/chat": OllamaWire(),
}
_TAGS = "/api/tags"
_MODELS = "/v1/models"


class LLMServer:
    """The fake LLM API on 127.0.0.1; `port=0` picks a free port. Bound on construction."""

    def __init__(
        self,
        port: int = 0,
        *,
        default_reply: Reply | None = None,
        log_requests: bool = False,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.log_requests = log_requests
        self._default = default_reply
        self._script = Script()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._seq = 0
        self._rejected_keys: set[str | None] = set()
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._tls = tls
        self._httpd = _HTTPServer(self, port, tls)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:PORT; clients append /v1/messages etc. With TLS
        it names `localhost`, the name test certificates are issued for."""
        if self._tls is not None:
            return f"https://localhost:{self.port}"
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LLMServer:
        if self._stopping.is_set():
            raise RuntimeError("a stopped LLMServer cannot start again")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"llm-server-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the listening socket and every open connection."""
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> LLMServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    # Scripting.

    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order, one per chat request."""
        self._script.push(*replies)

    def reply_text(self, text: str, **options: Unpack[ReplyOptions]) -> None:
        self.script(Message(text=text, **options))

    def reply_tool_call(
        self,
        name: str,
        arguments: Mapping[str, Any] | None = None,
        *,
        text: str = "",
        **options: Unpack[ReplyOptions],
    ) -> None:
        """A tool call (after `text`, when given); stop reason tool_use / tool_calls."""
        call = ToolCall(name, dict(arguments or {}))
        self.script(Message(text=text, tool_calls=(call,), **options))

    def fail(
        self,
        status: int,
        *,
        message: str | None = None,
        retry_after: float | None = None,
        retry_after_ms: int | None = None,
        retry_after_date: bool = False,
        **options: Unpack[ReplyOptions],
    ) -> None:
        """An HTTP error with the provider's error body; e.g. `fail(529, times=None)`."""
        self.script(
            Fail(
                status=status,
                message=message,
                retry_after=retry_after,
                retry_after_ms=retry_after_ms,
                retry_after_date=retry_after_date,
                **options,
            )
        )

    def malformed(self, **options: Unpack[ReplyOptions]) -> None:
        self.script(Malformed(**options))

    def cut_stream(self, after_events: int = 3, **options: Unpack[ReplyOptions]) -> None:
        self.script(CutStream(after_events=after_events, **options))

    def stream_error(
        self,
        error_type: str = "overloaded_error",
        message: str = "Overloaded",
        *,
        after_events: int | None = None,
        **options: Unpack[ReplyOptions],
    ) -> None:
        self.script(
            StreamError(
                error_type=error_type, message=message, after_events=after_events, **options
            )
        )

    @property
    def pending(self) -> tuple[Reply, ...]:
        """The replies still queued."""
        return self._script.pending()

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every request received since the last reset, oldest first."""
        with self._lock:
            return list(self._requests)

    def reject_keys(self, *keys: str) -> None:
        """Answer 401 to every request carrying one of these keys (as a provider would)."""
        with self._lock:
            self._rejected_keys.update(keys)

    def reset(self) -> None:
        """Forget queued replies, recorded requests and rejected keys; number requests from 1."""
        self._script.clear()
        with self._lock:
            self._requests.clear()
            self._rejected_keys.clear()
            self._seq = 0

    # Serving (called on the connection threads).

    def answer(self, method: str, target: str, headers: Headers, raw: bytes) -> Plan:
        """Record a request and decide its response."""
        path, _, query = target.partition("?")
        wire = _CHAT.get(path)
        body = _parse(raw)
        stream = wire is not None and wire.wants_stream(body)
        provider = wire.name if wire is not None else None
        # Number, record and take the reply under one lock, so replies follow arrival order.
        with self._lock:
            self._seq += 1
            request = RecordedRequest(
                self._seq, method, path, query, headers, body, raw, provider, stream
            )
            self._requests.append(request)
            if presented_key(headers) in self._rejected_keys:
                return Plan.json(401, rejection("invalid x-api-key"))
            if wire is None:
                return _other(method, path, headers)
            refusal = _refusal(wire, method, request)
            reply = self._script.pop() if refusal is None else None
        if refusal is not None:
            return refusal
        return respond(reply if reply is not None else self._default, wire, request)

    def pause(self, seconds: float) -> bool:
        """Sleep; False, at once, when the server stops meanwhile."""
        return not self._stopping.wait(seconds)

    def track(self, connection: socket.socket, *, active: bool) -> None:
        """Remember open connections, so that `stop` can close them."""
        with self._lock:
            if active:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _refusal(wire: Wire, method: str, request: RecordedRequest) -> Plan | None:
    """The error answered before any reply is taken: wrong method, auth, a bad body."""
    if method != "POST":
        return error_plan(wire, wire.error(405, f"{method} {request.path} is not allowed", request))
    rejected = wire.reject(request)
    return None if rejected is None else error_plan(wire, rejected)


def _other(method: str, path: str, headers: Headers) -> Plan:
    if path == _MODELS and method == "GET":
        status, body = listing(headers)
        return Plan.json(status, body)
    if path == _TAGS and method == "GET":
        return Plan.json(200, tags(), content_type="application/json; charset=utf-8")
    status, kind = (405, "invalid_request_error") if path == _TAGS else (404, "not_found_error")
    message = f"llm_server: no route for {method} {path}"
    return Plan.json(status, {"type": "error", "error": {"type": kind, "message": message}})


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, app: LLMServer, port: int, tls: ssl.SSLContext | None) -> None:
        self.app = app
        super().__init__(("127.0.0.1", port), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.app.track(self.connection, active=True)

    def finish(self) -> None:
        self.server.app.track(self.connection, active=False)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.app.log_requests:
            sys.stderr.write(f"llm_server: {format % args}\n")

    def _handle(self) -> None:
        try:
            raw = self._read_body()
            headers = Headers(self.headers.items())
            try:
                plan = self.server.app.answer(self.command, self.path, headers, raw)
            except Exception as error:
                traceback.print_exc()
                message = f"llm_server internal error: {error!r}"
                plan = Plan.json(500, {"type": "error", "error": {"message": message}})
            self._send(plan)
        except (OSError, ValueError):  # the peer went away, or sent a broken body
            self.close_connection = True

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            parts = []
            while size := int(self.rfile.readline(1024).split(b";")[0], 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline(1024)
            while self.rfile.readline(1024).strip():  # trailers, up to the blank line
                pass
            return b"".join(parts)
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, plan: Plan) -> None:
        app = self.server.app
        if plan.header_delay and not app.pause(plan.header_delay):
            self.close_connection = True
            return
        self.send_response(plan.status)
        for name, value in plan.headers.items():
            self.send_header(name, value)
        if plan.chunks is None:
            self.send_header("content-length", str(len(plan.body)))
            self.end_headers()
            self.wfile.write(plan.body[: plan.cut_at])
        else:
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            for index, chunk in enumerate(plan.chunks[: plan.cut_at]):
                if index and plan.chunk_delay and not app.pause(plan.chunk_delay):
                    self.close_connection = True
                    return
                self.wfile.write(b"%X\r\n%s\r\n" % (len(chunk), chunk))
            if plan.cut_at is None:
                self.wfile.write(b"0\r\n\r\n")
        if plan.cut_at is not None:
            self.close_connection = True  # socketserver then closes it mid-response


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Fake Anthropic/OpenAI/Ollama API on 127.0.0.1 answering every request."
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free)")
    parser.add_argument("--reply", default=DEFAULT_SUMMARY, help="text every request gets")
    parser.add_argument(
        "--latency-ms", type=int, default=0, help="delay before each response's status line"
    )
    options = parser.parse_args(argv)
    reply = Message(text=options.reply, header_delay=options.latency_ms / 1000, times=None)
    server = LLMServer(options.port, default_reply=reply, log_requests=True)
    with server:
        print(f"listening {server.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
