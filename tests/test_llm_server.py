"""The fake LLM server over real HTTP: each wire format, each fault, the script and the CLI."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.llm.server import (
    DEFAULT_SUMMARY,
    Fail,
    LLMServer,
    Message,
    StreamError,
    ToolCall,
)

ANTHROPIC_HEADERS = {
    "x-api-key": "sk-ant-test",
    "anthropic-version": "2023-06-01",
    "content-type": "application/json",
}
OPENAI_HEADERS = {"authorization": "Bearer sk-test", "content-type": "application/json"}
OLLAMA_HEADERS = {"content-type": "application/json"}
PROMPT = [{"role": "user", "content": "Summarise: kubectl get pods"}]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    server: LLMServer | int,
    path: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    method: str = "POST",
) -> Answer:
    port = server if isinstance(server, int) else server.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        payload = None if body is None else json.dumps(body).encode()
        connection.request(method, path, payload, headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def sse(body: bytes) -> list[tuple[str | None, str]]:
    """(event name, data) of every server-sent event."""
    events = []
    for block in body.decode().split("\n\n"):
        if not block:
            continue
        name, data = None, []
        for line in block.split("\n"):
            field, _, value = line.partition(": ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        events.append((name, "\n".join(data)))
    return events


def ndjson(body: bytes) -> list[str]:
    return body.decode().splitlines()


@dataclass(frozen=True)
class Provider:
    """How to call one provider, and how to read its answers back as (text, tool calls)."""

    name: str
    path: str
    headers: dict[str, str]
    extra: dict[str, Any]
    events: Callable[[bytes], list[str]]  # the data of every stream event, in order
    read: Callable[[Any], tuple[str, list[tuple[str, Any]]]]  # a non-stream JSON body
    read_stream: Callable[[list[Any]], tuple[str, list[tuple[str, Any]]]]

    def body(self, stream: bool | None) -> dict[str, Any]:
        body = {"model": f"{self.name}-model", "messages": PROMPT, **self.extra}
        if stream is not None:
            body["stream"] = stream
        return body

    def ask(self, server: LLMServer | int, *, stream: bool | None) -> Answer:
        return call(server, self.path, self.body(stream), self.headers)

    def reply(self, answer: Answer, *, stream: bool) -> tuple[str, list[tuple[str, Any]]]:
        assert answer.status == 200, answer.body
        if stream:
            return self.read_stream([json.loads(data) for data in self.events(answer.body)])
        return self.read(answer.json())


def _anthropic(body: Any) -> tuple[str, list[tuple[str, Any]]]:
    text = "".join(block["text"] for block in body["content"] if block["type"] == "text")
    calls = [(b["name"], b["input"]) for b in body["content"] if b["type"] == "tool_use"]
    return text, calls


def _anthropic_stream(events: list[Any]) -> tuple[str, list[tuple[str, Any]]]:
    text, names, arguments = "", {}, {}
    for event in events:
        if event["type"] == "content_block_start" and event["content_block"]["type"] == "tool_use":
            names[event["index"]] = event["content_block"]["name"]
            arguments[event["index"]] = ""
        elif event["type"] == "content_block_delta" and event["delta"]["type"] == "text_delta":
            text += event["delta"]["text"]
        elif event["type"] == "content_block_delta":
            arguments[event["index"]] += event["delta"]["partial_json"]
    return text, [(names[i], json.loads(arguments[i])) for i in sorted(names)]


def _openai(body: Any) -> tuple[str, list[tuple[str, Any]]]:
    message = body["choices"][0]["message"]
    calls = message.get("tool_calls", [])
    parsed = [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in calls]
    return message["content"] or "", parsed


def _openai_stream(events: list[Any]) -> tuple[str, list[tuple[str, Any]]]:
    text, names, arguments = "", {}, {}
    for event in events:
        for choice in event["choices"]:
            text += choice["delta"].get("content") or ""
            for call in choice["delta"].get("tool_calls", []):
                if "id" in call:
                    names[call["index"]] = call["function"]["name"]
                    arguments[call["index"]] = ""
                arguments[call["index"]] += call["function"]["arguments"]
    return text, [(names[i], json.loads(arguments[i])) for i in sorted(names)]


def _ollama(body: Any) -> tuple[str, list[tuple[str, Any]]]:
    return _ollama_stream([body])


def _ollama_stream(lines: list[Any]) -> tuple[str, list[tuple[str, Any]]]:
    text = "".join(line["message"]["content"] for line in lines)
    calls = [
        (call["function"]["name"], call["function"]["arguments"])
        for line in lines
        for call in line["message"].get("tool_calls", [])
    ]
    return text, calls


def _sse_data(body: bytes) -> list[str]:
    return [data for _, data in sse(body) if data != "[DONE]"]


ANTHROPIC = Provider(
    "anthropic",
    "/v1/messages",
    ANTHROPIC_HEADERS,
    {"max_tokens": 512},
    _sse_data,
    _anthropic,
    _anthropic_stream,
)
OPENAI = Provider(
    "openai", "/v1/chat/completions", OPENAI_HEADERS, {}, _sse_data, _openai, _openai_stream
)
OLLAMA = Provider("ollama", "/api/chat", OLLAMA_HEADERS, {}, ndjson, _ollama, _ollama_stream)
PROVIDERS = [pytest.param(p, id=p.name) for p in (ANTHROPIC, OPENAI, OLLAMA)]
MODES = [pytest.param(False, id="json"), pytest.param(True, id="stream")]


def input_tokens(provider: Provider, stream: bool | None) -> int:
    return len(json.dumps(provider.body(stream)).encode()) // 4


# Anthropic Messages.


def test_anthropic_message_is_the_real_shape(llm_server: LLMServer) -> None:
    llm_server.reply_text("Three pods are running.")
    answer = ANTHROPIC.ask(llm_server, stream=False)
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["request-id"] == "req_fake_000001"
    assert answer.json() == {
        "id": "msg_fake_000001",
        "type": "message",
        "role": "assistant",
        "model": "anthropic-model",
        "content": [{"type": "text", "text": "Three pods are running."}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens(ANTHROPIC, False),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": 6,
        },
    }


def test_anthropic_tool_use_message(llm_server: LLMServer) -> None:
    llm_server.reply_tool_call("plan", {"args": ["get", "pods"]})
    body = ANTHROPIC.ask(llm_server, stream=False).json()
    assert body["content"] == [
        {
            "type": "tool_use",
            "id": "toolu_fake_000001_0",
            "name": "plan",
            "input": {"args": ["get", "pods"]},
        }
    ]
    assert body["stop_reason"] == "tool_use"


def test_anthropic_stream_has_the_real_event_sequence(llm_server: LLMServer) -> None:
    llm_server.reply_text("All pods are running fine today")
    answer = ANTHROPIC.ask(llm_server, stream=True)
    assert answer.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert answer.headers["transfer-encoding"] == "chunked"
    events = [(name, json.loads(data)) for name, data in sse(answer.body)]
    assert all(data["type"] == name for name, data in events)
    names = [name for name, _ in events]
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        *["content_block_delta"] * 3,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    start = events[0][1]["message"]
    assert start["content"] == []
    assert start["stop_reason"] is None
    assert start["usage"]["input_tokens"] == input_tokens(ANTHROPIC, True)
    assert events[1][1]["content_block"] == {"type": "text", "text": ""}
    deltas = [data["delta"] for name, data in events if name == "content_block_delta"]
    assert all(delta["type"] == "text_delta" for delta in deltas)
    assert "".join(delta["text"] for delta in deltas) == "All pods are running fine today"
    assert events[-2][1]["delta"] == {"stop_reason": "end_turn", "stop_sequence": None}
    assert events[-2][1]["usage"] == {"output_tokens": 8}


def test_anthropic_stream_tool_use_sends_partial_json(llm_server: LLMServer) -> None:
    arguments = {"args": ["get", "pods", "-n", "kube-system"]}
    llm_server.reply_tool_call("plan", arguments, text="Let me look.")
    answer = ANTHROPIC.ask(llm_server, stream=True)
    events = [json.loads(data) for _, data in sse(answer.body)]
    starts = [e["content_block"] for e in events if e["type"] == "content_block_start"]
    assert starts == [
        {"type": "text", "text": ""},
        {"type": "tool_use", "id": "toolu_fake_000001_0", "name": "plan", "input": {}},
    ]
    deltas = [e["delta"] for e in events if e["type"] == "content_block_delta" and e["index"] == 1]
    assert len(deltas) > 2
    assert all(delta["type"] == "input_json_delta" for delta in deltas)
    assert json.loads("".join(delta["partial_json"] for delta in deltas)) == arguments
    assert events[-2]["delta"]["stop_reason"] == "tool_use"
    assert ANTHROPIC.reply(answer, stream=True) == ("Let me look.", [("plan", arguments)])


@pytest.mark.parametrize(
    ("drop", "status", "error_type", "message"),
    [
        ("x-api-key", 401, "authentication_error", "x-api-key header is required"),
        (
            "anthropic-version",
            400,
            "invalid_request_error",
            "anthropic-version: header is required",
        ),
    ],
)
def test_anthropic_rejects_missing_headers_without_taking_a_reply(
    llm_server: LLMServer, drop: str, status: int, error_type: str, message: str
) -> None:
    llm_server.reply_text("kept")
    headers = {k: v for k, v in ANTHROPIC_HEADERS.items() if k != drop}
    answer = call(llm_server, "/v1/messages", ANTHROPIC.body(False), headers)
    assert answer.status == status
    assert answer.headers["request-id"] == "req_fake_000001"
    assert answer.json() == {
        "type": "error",
        "error": {"type": error_type, "message": message},
        "request_id": "req_fake_000001",
    }
    assert llm_server.pending == (Message(text="kept"),)


def test_anthropic_rejects_bad_bodies(llm_server: LLMServer) -> None:
    body = {"model": "m", "messages": PROMPT}
    answer = call(llm_server, "/v1/messages", body, ANTHROPIC_HEADERS)
    assert answer.status == 400
    assert answer.json()["error"] == {
        "type": "invalid_request_error",
        "message": "max_tokens: Field required",
    }
    connection = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    connection.request("POST", "/v1/messages", b"{not json", ANTHROPIC_HEADERS)
    response = connection.getresponse()
    assert response.status == 400
    assert json.loads(response.read())["error"]["type"] == "invalid_request_error"
    connection.close()


@pytest.mark.parametrize(
    ("status", "error_type"),
    [
        (400, "invalid_request_error"),
        (401, "authentication_error"),
        (403, "permission_error"),
        (404, "not_found_error"),
        (413, "request_too_large"),
        (429, "rate_limit_error"),
        (500, "api_error"),
        (529, "overloaded_error"),
    ],
)
def test_anthropic_error_types_match_status(
    llm_server: LLMServer, status: int, error_type: str
) -> None:
    llm_server.fail(status)
    answer = ANTHROPIC.ask(llm_server, stream=True)
    assert answer.status == status
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert body["type"] == "error"
    assert body["error"]["type"] == error_type
    assert body["error"]["message"]


# OpenAI chat completions.


def test_openai_completion_is_the_real_shape(llm_server: LLMServer) -> None:
    llm_server.reply_text("Three pods are running.")
    answer = OPENAI.ask(llm_server, stream=False)
    assert answer.status == 200
    assert answer.headers["x-request-id"] == "req_fake_000001"
    body = answer.json()
    assert isinstance(body.pop("created"), int)
    prompt = input_tokens(OPENAI, False)
    assert body == {
        "id": "chatcmpl-fake000001",
        "object": "chat.completion",
        "model": "openai-model",
        "system_fingerprint": "fp_fake",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Three pods are running.",
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": 6,
            "total_tokens": prompt + 6,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0},
        },
    }


def test_openai_tool_calls_carry_json_string_arguments(llm_server: LLMServer) -> None:
    llm_server.reply_tool_call("plan", {"args": ["get", "pods"]})
    choice = OPENAI.ask(llm_server, stream=False).json()["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"] is None
    assert choice["message"]["tool_calls"] == [
        {
            "id": "call_fake_000001_0",
            "type": "function",
            "function": {"name": "plan", "arguments": '{"args":["get","pods"]}'},
        }
    ]


def test_openai_stream_chunks_and_done(llm_server: LLMServer) -> None:
    llm_server.reply_text("All pods are running fine")
    answer = OPENAI.ask(llm_server, stream=True)
    assert answer.headers["content-type"] == "text/event-stream; charset=utf-8"
    events = sse(answer.body)
    assert all(name is None for name, _ in events)
    assert events[-1][1] == "[DONE]"
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" and "usage" not in c for c in chunks)
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    contents = [c["choices"][0]["delta"].get("content") for c in chunks[1:-1]]
    assert len(contents) == 3
    assert "".join(contents) == "All pods are running fine"
    assert chunks[-1]["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "stop",
    }


def test_openai_stream_usage_chunk_only_when_asked(llm_server: LLMServer) -> None:
    llm_server.reply_text("All pods are running fine")
    body = {**OPENAI.body(True), "stream_options": {"include_usage": True}}
    answer = call(llm_server, OPENAI.path, body, OPENAI_HEADERS)
    events = sse(answer.body)
    assert events[-1][1] == "[DONE]"
    chunks = [json.loads(data) for _, data in events[:-1]]
    assert all(c["usage"] is None for c in chunks[:-1])
    assert chunks[-1]["choices"] == []
    prompt = len(json.dumps(body).encode()) // 4
    assert chunks[-1]["usage"]["prompt_tokens"] == prompt
    assert chunks[-1]["usage"]["completion_tokens"] == 7
    assert chunks[-1]["usage"]["total_tokens"] == prompt + 7
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"


def test_openai_stream_tool_call_deltas(llm_server: LLMServer) -> None:
    arguments = {"args": ["get", "pods", "-A"]}
    llm_server.reply_tool_call("plan", arguments)
    answer = OPENAI.ask(llm_server, stream=True)
    chunks = [json.loads(data) for _, data in sse(answer.body)[:-1]]
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {
        "role": "assistant",
        "content": None,
        "refusal": None,
        "tool_calls": [
            {
                "index": 0,
                "id": "call_fake_000001_0",
                "type": "function",
                "function": {"name": "plan", "arguments": ""},
            }
        ],
    }
    pieces = [d["tool_calls"][0] for d in deltas[1:-1]]
    assert len(pieces) > 1
    assert all(set(p) == {"index", "function"} and p["index"] == 0 for p in pieces)
    assert json.loads("".join(p["function"]["arguments"] for p in pieces)) == arguments
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


@pytest.mark.parametrize(
    ("authorization", "code"),
    [(None, None), ("Basic dXNlcjpwdw==", "invalid_api_key"), ("Bearer ", "invalid_api_key")],
)
def test_openai_requires_a_bearer_key(
    llm_server: LLMServer, authorization: str | None, code: str | None
) -> None:
    llm_server.reply_text("kept")
    headers = {"content-type": "application/json"}
    if authorization is not None:
        headers["authorization"] = authorization
    answer = call(llm_server, OPENAI.path, OPENAI.body(False), headers)
    assert answer.status == 401
    error = answer.json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", None, code)
    assert error["message"]
    assert len(llm_server.pending) == 1


def test_openai_rejects_missing_messages(llm_server: LLMServer) -> None:
    answer = call(llm_server, OPENAI.path, {"model": "m"}, OPENAI_HEADERS)
    assert answer.status == 400
    assert answer.json() == {
        "error": {
            "message": "Missing required parameter: 'messages'.",
            "type": "invalid_request_error",
            "param": "messages",
            "code": "missing_required_parameter",
        }
    }


@pytest.mark.parametrize(
    ("status", "error_type", "code"),
    [
        (400, "invalid_request_error", None),
        (404, "invalid_request_error", "model_not_found"),
        (429, "requests", "rate_limit_exceeded"),
        (500, "server_error", None),
        (503, "server_error", None),
    ],
)
def test_openai_error_bodies(
    llm_server: LLMServer, status: int, error_type: str, code: str | None
) -> None:
    llm_server.fail(status)
    answer = OPENAI.ask(llm_server, stream=False)
    assert answer.status == status
    error = answer.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert (error["type"], error["param"], error["code"]) == (error_type, None, code)
    assert error["message"]


# Ollama.


def test_ollama_streams_ndjson_by_default(llm_server: LLMServer) -> None:
    llm_server.reply_text("All pods are running fine")
    answer = OLLAMA.ask(llm_server, stream=None)  # no "stream" key: Ollama streams
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/x-ndjson"
    assert answer.headers["transfer-encoding"] == "chunked"
    lines = [json.loads(line) for line in ndjson(answer.body)]
    assert len(lines) == 4
    for line in lines[:-1]:
        assert set(line) == {"model", "created_at", "message", "done"}
        assert line["model"] == "ollama-model"
        assert line["done"] is False
        assert line["message"]["role"] == "assistant"
    assert "".join(line["message"]["content"] for line in lines) == "All pods are running fine"
    last = lines[-1]
    assert last["done"] is True
    assert last["done_reason"] == "stop"
    assert last["message"] == {"role": "assistant", "content": ""}
    assert last["prompt_eval_count"] == input_tokens(OLLAMA, None)
    assert last["eval_count"] == 7
    for key in ("total_duration", "load_duration", "prompt_eval_duration", "eval_duration"):
        assert isinstance(last[key], int)
        assert last[key] > 0


def test_ollama_without_streaming_sends_one_object(llm_server: LLMServer) -> None:
    llm_server.reply_text("All pods are running fine")
    answer = OLLAMA.ask(llm_server, stream=False)
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    body = answer.json()
    assert body["message"] == {"role": "assistant", "content": "All pods are running fine"}
    assert body["done"] is True
    assert body["done_reason"] == "stop"
    assert body["prompt_eval_count"] == input_tokens(OLLAMA, False)
    assert body["eval_count"] == 7


@pytest.mark.parametrize("stream", MODES)
def test_ollama_tool_calls_carry_object_arguments(llm_server: LLMServer, stream: bool) -> None:
    llm_server.reply_tool_call("plan", {"args": ["get", "pods"]})
    answer = OLLAMA.ask(llm_server, stream=stream)
    lines = [json.loads(line) for line in ndjson(answer.body)]
    calls = [call for line in lines for call in line["message"].get("tool_calls", [])]
    assert calls == [{"function": {"name": "plan", "arguments": {"args": ["get", "pods"]}}}]
    assert lines[-1]["done"] is True


def test_ollama_errors(llm_server: LLMServer) -> None:
    llm_server.fail(404, message='model "nope" not found, try pulling it first')
    llm_server.fail(500)
    answer = OLLAMA.ask(llm_server, stream=True)
    assert answer.status == 404
    assert answer.json() == {"error": 'model "nope" not found, try pulling it first'}
    answer = OLLAMA.ask(llm_server, stream=False)
    assert answer.status == 500
    assert answer.json() == {"error": "internal server error"}
    answer = call(llm_server, OLLAMA.path, {"messages": PROMPT}, OLLAMA_HEADERS)
    assert (answer.status, answer.json()) == (400, {"error": "model is required"})


def test_ollama_tags_lists_models(llm_server: LLMServer) -> None:
    answer = call(llm_server, "/api/tags", method="GET")
    assert answer.status == 200
    models = answer.json()["models"]
    assert len(models) >= 2
    for model in models:
        assert model["name"] == model["model"]
        assert ":" in model["name"]
        assert len(model["digest"]) == 64
        assert isinstance(model["size"], int)
        assert model["details"]["format"] == "gguf"
    assert llm_server.requests[0].path == "/api/tags"


# The script: every provider, every reply and fault.


@pytest.mark.parametrize("stream", MODES)
@pytest.mark.parametrize("provider", PROVIDERS)
def test_text_and_tool_calls_round_trip(
    llm_server: LLMServer, provider: Provider, stream: bool
) -> None:
    llm_server.reply_text("Everything is fine here")
    llm_server.reply_tool_call("plan", {"args": ["get", "pods"]}, text="Checking.")
    first = provider.reply(provider.ask(llm_server, stream=stream), stream=stream)
    second = provider.reply(provider.ask(llm_server, stream=stream), stream=stream)
    assert first == ("Everything is fine here", [])
    assert second == ("Checking.", [("plan", {"args": ["get", "pods"]})])


def test_replies_are_taken_in_order_whatever_the_provider(llm_server: LLMServer) -> None:
    llm_server.script(*(Message(text=f"reply {n}") for n in range(1, 5)))
    assert OLLAMA.reply(OLLAMA.ask(llm_server, stream=True), stream=True)[0] == "reply 1"
    assert ANTHROPIC.reply(ANTHROPIC.ask(llm_server, stream=False), stream=False)[0] == "reply 2"
    assert OPENAI.reply(OPENAI.ask(llm_server, stream=True), stream=True)[0] == "reply 3"
    assert llm_server.pending == (Message(text="reply 4"),)
    assert ANTHROPIC.reply(ANTHROPIC.ask(llm_server, stream=True), stream=True)[0] == "reply 4"
    assert not llm_server.pending


def test_several_tool_calls_in_one_reply(llm_server: LLMServer) -> None:
    calls = (ToolCall("plan", {"args": ["get", "pods"]}), ToolCall("explain", {}, id="call_x"))
    llm_server.script(Message(tool_calls=calls, times=3))
    expected = [("plan", {"args": ["get", "pods"]}), ("explain", {})]
    assert ANTHROPIC.reply(ANTHROPIC.ask(llm_server, stream=True), stream=True) == ("", expected)
    assert OPENAI.reply(OPENAI.ask(llm_server, stream=True), stream=True) == ("", expected)
    body = OPENAI.ask(llm_server, stream=False).json()
    ids = [call["id"] for call in body["choices"][0]["message"]["tool_calls"]]
    assert ids == ["call_fake_000003_0", "call_x"]


@pytest.mark.parametrize("stream", MODES)
@pytest.mark.parametrize(
    ("provider", "stop"),
    [
        pytest.param(ANTHROPIC, '"stop_reason":"max_tokens"', id="anthropic"),
        pytest.param(OPENAI, '"finish_reason":"length"', id="openai"),
        pytest.param(OLLAMA, '"done_reason":"length"', id="ollama"),
    ],
)
def test_truncated_replies_report_the_length_stop(
    llm_server: LLMServer, provider: Provider, stop: str, stream: bool
) -> None:
    llm_server.script(Message(text="cut short", truncated=True))
    answer = provider.ask(llm_server, stream=stream)
    assert provider.reply(answer, stream=stream) == ("cut short", [])
    assert stop in answer.body.decode()


def test_sticky_and_counted_replies(llm_server: LLMServer) -> None:
    llm_server.fail(429, times=2)
    llm_server.reply_text("after the rate limit")
    statuses = [ANTHROPIC.ask(llm_server, stream=False).status for _ in range(3)]
    assert statuses == [429, 429, 200]
    llm_server.fail(529, times=None)
    llm_server.reply_text("never reached")
    assert [OPENAI.ask(llm_server, stream=True).status for _ in range(4)] == [529] * 4
    assert llm_server.pending == (Fail(status=529, times=None), Message(text="never reached"))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_empty_script_fails_loudly(llm_server: LLMServer, provider: Provider) -> None:
    answer = provider.ask(llm_server, stream=True)
    assert answer.status == 500
    assert "no scripted reply" in answer.body.decode()
    body = answer.json()
    assert "error" in body


def test_a_default_reply_answers_when_the_script_is_empty() -> None:
    with LLMServer(default_reply=Message(text="default", times=None)) as server:
        server.reply_text("scripted")
        texts = [ANTHROPIC.reply(ANTHROPIC.ask(server, stream=False), stream=False)[0]]
        texts += [OPENAI.reply(OPENAI.ask(server, stream=True), stream=True)[0] for _ in range(2)]
        server.reset()
        texts.append(OLLAMA.reply(OLLAMA.ask(server, stream=False), stream=False)[0])
    assert texts == ["scripted", "default", "default", "default"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_fail_sends_retry_headers_and_message(llm_server: LLMServer, provider: Provider) -> None:
    llm_server.fail(429, retry_after=1, message="slow down")
    llm_server.fail(529, retry_after=0.5, retry_after_ms=250)
    answer = provider.ask(llm_server, stream=True)
    assert answer.status == 429
    assert answer.headers["retry-after"] == "1"
    assert answer.headers["retry-after-ms"] is None
    assert "slow down" in json.dumps(answer.json())
    answer = provider.ask(llm_server, stream=False)
    assert answer.status == 529
    assert (answer.headers["retry-after"], answer.headers["retry-after-ms"]) == ("0.5", "250")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_malformed_json_body(llm_server: LLMServer, provider: Provider) -> None:
    llm_server.malformed()
    answer = provider.ask(llm_server, stream=False)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.body.startswith(b"{")
    with pytest.raises(json.JSONDecodeError):
        answer.json()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_malformed_stream_event(llm_server: LLMServer, provider: Provider) -> None:
    llm_server.malformed()
    answer = provider.ask(llm_server, stream=True)
    assert answer.status == 200
    events = provider.events(answer.body)
    broken = []
    for data in events:
        try:
            json.loads(data)
        except json.JSONDecodeError:
            broken.append(data)
    assert len(broken) == 1
    assert broken[0].startswith("{")
    # The stream goes on to its normal end after the bad event.
    last = json.loads(events[-1])
    assert last.get("type") == "message_stop" or last.get("done") or last["choices"]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_cut_stream_closes_mid_stream(llm_server: LLMServer, provider: Provider) -> None:
    llm_server.cut_stream(after_events=3)
    llm_server.reply_text("next one is fine")
    connection = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    connection.request("POST", provider.path, json.dumps(provider.body(True)), provider.headers)
    response = connection.getresponse()
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    connection.close()
    events = provider.events(cut.value.partial)
    assert len(events) == 3
    assert all(json.loads(data) for data in events)
    text, _ = provider.reply(provider.ask(llm_server, stream=True), stream=True)
    assert text == "next one is fine"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_cut_without_streaming_closes_mid_body(llm_server: LLMServer, provider: Provider) -> None:
    llm_server.cut_stream()
    connection = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    connection.request("POST", provider.path, json.dumps(provider.body(False)), provider.headers)
    response = connection.getresponse()
    length = int(response.headers["content-length"])
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    connection.close()
    assert len(cut.value.partial) == length // 2


def test_stream_error_anthropic(llm_server: LLMServer) -> None:
    llm_server.stream_error("overloaded_error", "Overloaded")
    answer = ANTHROPIC.ask(llm_server, stream=True)
    assert answer.status == 200
    events = sse(answer.body)
    assert events[-1] == (
        "error",
        '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    )
    names = [name for name, _ in events[:-1]]
    assert names[0] == "message_start"
    assert "content_block_delta" in names
    assert "message_stop" not in names


def test_stream_error_openai(llm_server: LLMServer) -> None:
    llm_server.stream_error("server_error", "The server had an error", after_events=2)
    events = sse(OPENAI.ask(llm_server, stream=True).body)
    assert len(events) == 3
    assert json.loads(events[-1][1]) == {
        "error": {
            "message": "The server had an error",
            "type": "server_error",
            "param": None,
            "code": None,
        }
    }
    assert all(data != "[DONE]" for _, data in events)


def test_stream_error_ollama(llm_server: LLMServer) -> None:
    llm_server.stream_error("api_error", "llama runner process has terminated")
    lines = ndjson(OLLAMA.ask(llm_server, stream=None).body)
    assert json.loads(lines[-1]) == {"error": "llama runner process has terminated"}
    assert all(json.loads(line)["done"] is False for line in lines[:-1])


@pytest.mark.parametrize("provider", PROVIDERS)
def test_stream_error_without_streaming_is_an_http_error(
    llm_server: LLMServer, provider: Provider
) -> None:
    llm_server.script(StreamError(error_type="overloaded_error", message="Overloaded"))
    llm_server.stream_error("rate_limit_error", "Too many")
    answer = provider.ask(llm_server, stream=False)
    assert answer.status == 529
    assert "Overloaded" in answer.body.decode()
    assert provider.ask(llm_server, stream=False).status == 429


def test_header_delay_holds_back_the_status_line(llm_server: LLMServer) -> None:
    llm_server.reply_text("slow", header_delay=0.2)
    started = time.monotonic()
    answer = OPENAI.ask(llm_server, stream=False)
    assert answer.status == 200
    assert time.monotonic() - started >= 0.2


def test_chunk_delay_spaces_out_stream_events(llm_server: LLMServer) -> None:
    llm_server.reply_text("one two three four five six seven eight", chunk_delay=0.03)
    connection = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    started = time.monotonic()
    connection.request("POST", ANTHROPIC.path, json.dumps(ANTHROPIC.body(True)), ANTHROPIC_HEADERS)
    response = connection.getresponse()
    assert response.readline().startswith(b"event: message_start")
    first = time.monotonic()
    rest = response.read()
    done = time.monotonic()
    connection.close()
    events = sse(b"event: message_start\n" + rest)
    assert len(events) == 10
    assert first - started < 0.2
    assert done - first >= 0.03 * 9 * 0.9


def test_keep_alive_across_json_stream_and_errors(llm_server: LLMServer) -> None:
    llm_server.reply_text("one")
    llm_server.reply_text("two")
    llm_server.fail(429)
    llm_server.reply_text("four")
    connection = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    sockets = []
    for stream, status in [(False, 200), (True, 200), (True, 429), (False, 200)]:
        connection.request("POST", OPENAI.path, json.dumps(OPENAI.body(stream)), OPENAI_HEADERS)
        response = connection.getresponse()
        response.read()
        assert response.status == status
        assert response.version == 11
        sockets.append(connection.sock)
    connection.close()
    assert sockets[0] is not None
    assert all(sock is sockets[0] for sock in sockets)


def test_requests_are_recorded(llm_server: LLMServer) -> None:
    llm_server.reply_text("a")
    body = ANTHROPIC.body(True)
    call(llm_server, "/v1/messages?beta=true", body, {**ANTHROPIC_HEADERS, "X-Trace": "t1"})
    call(llm_server, "/nowhere", {"x": 1}, {})
    connection = http.client.HTTPConnection("127.0.0.1", llm_server.port, timeout=10)
    chunks = iter([b'{"model": "m",', b' "messages": []}'])
    connection.request("POST", "/api/chat", chunks, {"content-type": "application/json"})
    assert connection.getresponse().read()
    connection.close()
    first, second, third = llm_server.requests
    assert (first.seq, first.method, first.path, first.query) == (
        1,
        "POST",
        "/v1/messages",
        "beta=true",
    )
    assert first.provider == "anthropic"
    assert first.stream is True
    assert first.body == body
    assert first.raw == json.dumps(body).encode()
    assert first.headers["X-API-KEY"] == first.headers["x-api-key"] == "sk-ant-test"
    assert first.headers.get("x-trace") == "t1"
    assert "Anthropic-Version" in first.headers
    assert (second.path, second.provider, second.stream) == ("/nowhere", None, False)
    assert third.headers["transfer-encoding"] == "chunked"
    assert third.body == {"model": "m", "messages": []}
    assert (third.provider, third.stream) == ("ollama", True)


def test_reset_forgets_replies_and_requests(llm_server: LLMServer) -> None:
    llm_server.reply_text("a")
    llm_server.reply_text("b")
    ANTHROPIC.ask(llm_server, stream=False)
    llm_server.reset()
    assert llm_server.requests == []
    assert llm_server.pending == ()
    answer = ANTHROPIC.ask(llm_server, stream=False)
    assert answer.status == 500
    assert answer.headers["request-id"] == "req_fake_000001"


def test_unknown_paths_and_methods(llm_server: LLMServer) -> None:
    answer = call(llm_server, "/v1/completions", {}, OPENAI_HEADERS)
    assert answer.status == 404
    assert answer.json()["error"]["type"] == "not_found_error"
    answer = call(llm_server, "/v1/messages", None, ANTHROPIC_HEADERS, method="GET")
    assert answer.status == 405
    assert answer.json()["error"]["type"] == "invalid_request_error"
    assert call(llm_server, "/api/tags", {}, {}).status == 405


def test_concurrent_requests_each_get_one_reply(llm_server: LLMServer) -> None:
    texts = [f"reply {n}" for n in range(6)]
    llm_server.script(*(Message(text=text, header_delay=0.2) for text in texts))
    received: list[str] = []
    lock = threading.Lock()

    def ask() -> None:
        text, _ = OPENAI.reply(OPENAI.ask(llm_server, stream=True), stream=True)
        with lock:
            received.append(text)

    threads = [threading.Thread(target=ask) for _ in texts]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert time.monotonic() - started < 0.2 * len(texts) / 2
    assert sorted(received) == texts
    assert sorted(r.seq for r in llm_server.requests) == list(range(1, 7))


def test_stop_wakes_delayed_replies_and_closes_connections() -> None:
    server = LLMServer().start()
    server.reply_text("idle")
    server.reply_text("never sent", header_delay=30)
    idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    idle.request("POST", OLLAMA.path, json.dumps(OLLAMA.body(False)), OLLAMA_HEADERS)
    assert idle.getresponse().read()
    errors: list[BaseException] = []

    def wait_for_reply() -> None:
        try:
            OLLAMA.ask(server, stream=False)
        except (OSError, http.client.HTTPException) as error:
            errors.append(error)

    waiter = threading.Thread(target=wait_for_reply)
    waiter.start()
    deadline = time.monotonic() + 5
    while len(server.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    waiter.join(5)
    assert time.monotonic() - started < 2
    assert len(errors) == 1
    assert idle.sock is not None
    assert idle.sock.recv(1) == b""  # the idle keep-alive connection was closed too
    idle.close()
    with pytest.raises(ConnectionRefusedError):
        call(server, OLLAMA.path, OLLAMA.body(False), OLLAMA_HEADERS)


def test_reply_validation() -> None:
    with pytest.raises(ValueError, match="error status"):
        Fail(status=200)
    with pytest.raises(ValueError, match="times"):
        Message(text="x", times=0)
    with pytest.raises(ValueError, match="negative"):
        Message(text="x", header_delay=-1)


# Standalone use.


@pytest.fixture
def cli() -> Iterator[Callable[..., tuple[subprocess.Popen[str], str]]]:
    processes: list[subprocess.Popen[str]] = []

    def start(*args: str) -> tuple[subprocess.Popen[str], str]:
        script = Path(__file__).parent / "support" / "llm" / "server.py"
        process = subprocess.Popen(
            [sys.executable, str(script), "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        processes.append(process)
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("listening http://127.0.0.1:")
        return process, line.removeprefix("listening ")

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_serves_one_reply_forever(
    cli: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    process, url = cli("--reply", "pods look fine", "--latency-ms", "100")
    server = int(url.rsplit(":", 1)[1])
    started = time.monotonic()
    assert ANTHROPIC.reply(ANTHROPIC.ask(server, stream=True), stream=True)[0] == "pods look fine"
    assert time.monotonic() - started >= 0.1
    assert OPENAI.reply(OPENAI.ask(server, stream=False), stream=False)[0] == "pods look fine"
    process.send_signal(signal.SIGINT)
    assert process.wait(5) == 0


def test_cli_default_reply_is_a_summary(
    cli: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    _, url = cli()
    server = int(url.rsplit(":", 1)[1])
    assert OLLAMA.reply(OLLAMA.ask(server, stream=True), stream=True)[0] == DEFAULT_SUMMARY
