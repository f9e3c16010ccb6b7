"""The official anthropic and openai SDKs as oracles (pinned in tests/requirements.txt).

Every request body the core sends validates against the SDK's own request type, losing nothing;
every answer our loopback server gives parses with the SDK's client and validates against its
response types with no unknown field. So neither the core nor the fixtures can drift from the
APIs without a test failing.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest

from support.core.asks import PROMPT, SCALE
from support.core.wires import ANTHROPIC, FAST, KEYS, OPENAI, Wire
from support.llm.server import LLMServer
from support.third_party.replay import Replay
from support.third_party.sdk_oracle import check_event, check_request, check_response, sse_data
from vibectl import _core

# The registry's models that take the schema as the answer format, per wire.
SCHEMA_MODELS = {"anthropic": "claude-sonnet-5-5", "openai": "gpt-6.2-sol"}


# The wires the SDKs judge: the `wire` fixture (tests/support/core/plugin.py) for each.
WITH_AN_SDK = pytest.mark.parametrize(
    "wire", [ANTHROPIC, OPENAI], ids=lambda w: w.provider, indirect=True
)


def every_kind_of_request(wire: Wire, server: LLMServer) -> None:
    """Text and streamed text; tool arguments by a forced tool, by the schema and by a tool
    offered unforced, each with a repair turn (a wrong tool call, a wrong text answer)."""
    server.reply_text("Fine.")
    wire.get().complete(PROMPT)
    server.reply_text("Fine.")
    list(wire.get().stream(PROMPT))
    server.reply_tool_call("scale", {"replicas": "two"})
    server.reply_tool_call("scale", {"replicas": 2})
    wire.get().call_tool(PROMPT, SCALE)
    server.reply_text("two replicas")
    server.reply_text('{"replicas": 2}')
    _core.get_model(SCHEMA_MODELS[wire.provider]).with_settings(FAST).call_tool(PROMPT, SCALE)
    # Both ways refused: the tool offered unforced, its wrong call repaired.
    server.fail(400, message="tool_choice is not supported")
    server.fail(400, message="response_format is not supported")
    server.reply_tool_call("scale", {"replicas": "two"})
    server.reply_tool_call("scale", {"replicas": 2})
    wire.get("anthropic/unlisted" if wire.provider == "anthropic" else "openai/unlisted").call_tool(
        PROMPT, SCALE
    )


@WITH_AN_SDK
def test_every_request_body_the_core_sends_validates_against_the_sdk_types(
    wire: Wire, llm_server: LLMServer
) -> None:
    every_kind_of_request(wire, llm_server)
    requests = llm_server.requests
    assert len(requests) == 10
    for request in requests:
        assert request.provider == wire.provider
        check_request(wire.provider, request.body)


def test_the_oracle_refuses_what_the_api_would_refuse() -> None:
    good = {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}
    check_request("anthropic", good)
    with pytest.raises(AssertionError, match="/messages/0/colour"):
        check_request(
            "anthropic", {**good, "messages": [{"role": "user", "content": "hi", "colour": 1}]}
        )
    with pytest.raises(AssertionError, match="/max_token"):
        check_request("openai", {"model": "m", "max_token": 5, "messages": []})
    with pytest.raises(Exception, match="content"):
        check_request("anthropic", {**good, "messages": [{"role": "user", "content": 5}]})
    with pytest.raises(AssertionError, match="colour"):
        check_response(
            "openai",
            {
                "id": "x",
                "object": "chat.completion",
                "created": 1,
                "model": "m",
                "choices": [],
                "colour": 1,
            },
        )


def anthropic_client(server: LLMServer) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=server.url, api_key=KEYS["anthropic"], max_retries=0)


def openai_client(server: LLMServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=KEYS["openai"], max_retries=0)


def test_the_anthropic_sdk_reads_our_messages_and_streams(llm_server: LLMServer) -> None:
    client = anthropic_client(llm_server)
    ask: dict[str, Any] = {
        "model": "claude-sonnet-5-5",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "hi"}],
    }
    llm_server.reply_text("Two pods are fine.")
    message = client.messages.create(**ask)
    assert [block.type for block in message.content] == ["text"]
    assert message.content[0].text == "Two pods are fine."  # type: ignore[union-attr]
    assert message.stop_reason == "end_turn"
    llm_server.reply_tool_call("scale", {"replicas": 3}, text="Scaling.")
    with client.messages.stream(**ask) as stream:
        final = stream.get_final_message()
    assert [block.type for block in final.content] == ["text", "tool_use"]
    assert final.content[1].input == {"replicas": 3}  # type: ignore[union-attr]
    assert final.stop_reason == "tool_use"
    assert final.usage.output_tokens > 0


def test_the_openai_sdk_reads_our_completions_and_streams(llm_server: LLMServer) -> None:
    client = openai_client(llm_server)
    messages: Any = [{"role": "user", "content": "hi"}]
    llm_server.reply_text("Two pods are fine.")
    done = client.chat.completions.create(model="gpt-6.2-sol", messages=messages)
    assert done.choices[0].message.content == "Two pods are fine."
    llm_server.reply_tool_call("scale", {"replicas": 3})
    chunks = list(
        client.chat.completions.create(
            model="gpt-6.2-sol",
            messages=messages,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    calls = [
        call
        for chunk in chunks
        for choice in chunk.choices
        for call in choice.delta.tool_calls or []
    ]
    assert calls[0].function is not None
    assert calls[0].function.name == "scale"
    assert "".join(c.function.arguments or "" for c in calls if c.function) == '{"replicas":3}'
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.total_tokens > 0


@pytest.mark.parametrize(
    ("status", "anthropic_error", "openai_error"),
    [
        (400, anthropic.BadRequestError, openai.BadRequestError),
        (401, anthropic.AuthenticationError, openai.AuthenticationError),
        (429, anthropic.RateLimitError, openai.RateLimitError),
        (500, anthropic.InternalServerError, openai.InternalServerError),
        (529, anthropic.APIStatusError, openai.APIStatusError),
    ],
)
def test_the_sdks_read_our_error_bodies(
    llm_server: LLMServer,
    status: int,
    anthropic_error: type[anthropic.APIStatusError],
    openai_error: type[openai.APIStatusError],
) -> None:
    llm_server.fail(status, message="scripted failure", retry_after=1)
    with pytest.raises(anthropic_error) as caught_a:
        anthropic_client(llm_server).messages.create(
            model="m", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
        )
    assert caught_a.value.status_code == status
    assert "scripted failure" in caught_a.value.message
    llm_server.fail(status, message="scripted failure", retry_after=1)
    with pytest.raises(openai_error) as caught_o:
        openai_client(llm_server).chat.completions.create(
            model="m", messages=[{"role": "user", "content": "hi"}]
        )
    assert caught_o.value.status_code == status
    assert "scripted failure" in caught_o.value.message


def raw_answers(wire: Wire, server: LLMServer, *, stream: bool) -> Iterator[bytes]:
    """The bytes the server answers for a text reply and for text with a tool call."""
    path = "/v1/messages" if wire.provider == "anthropic" else "/v1/chat/completions"
    body: dict[str, Any] = {
        "model": "m",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "hi"}],
        "stream": stream,
    }
    if stream and wire.provider == "openai":
        body["stream_options"] = {"include_usage": True}
    headers = {
        "content-type": "application/json",
        "x-api-key": KEYS["anthropic"],
        "anthropic-version": "2026-10-21",
        "authorization": f"Bearer {KEYS['openai']}",
    }
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    server.reply_text("Two pods are fine, one is not.")
    server.reply_tool_call("scale", {"replicas": 3}, text="Scaling.")
    for _ in range(2):
        sent = urllib.request.Request(
            server.url + path, data=json.dumps(body).encode(), headers=headers
        )
        with direct.open(sent, timeout=10) as response:
            yield response.read()


@WITH_AN_SDK
def test_every_answer_the_loopback_server_gives_validates_with_no_unknown_field(
    wire: Wire, llm_server: LLMServer
) -> None:
    for raw in raw_answers(wire, llm_server, stream=False):
        check_response(wire.provider, json.loads(raw))
    events = [data for raw in raw_answers(wire, llm_server, stream=True) for data in sse_data(raw)]
    assert len(events) > 10
    for data in events:
        check_event(wire.provider, data)


DOCS = Path(__file__).parent / "fixtures" / "provider_docs"


def weather(name: str) -> _core.Tool:
    """The tool the published examples call, by the name each gives it."""
    schema = {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
    }
    return _core.Tool(name, "The weather at a place.", schema)


def replayed(name: str, monkeypatch: pytest.MonkeyPatch) -> Replay:
    """A server answering with the published example `name`, the core pointed at it."""
    content_type = "text/event-stream" if name.endswith(".sse") else "application/json"
    server = Replay((DOCS / name).read_bytes(), content_type)
    provider = name.split("-", 1)[0]
    variable = "ANTHROPIC_BASE_URL" if provider == "anthropic" else "OPENAI_BASE_URL"
    monkeypatch.setenv(variable, server.url)
    monkeypatch.setenv(f"VIBECTL_{provider.upper()}_API_KEY", KEYS[provider])
    return server


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("anthropic-message.json", "Hi! My name is Claude."),
        ("openai-chat-completion.json", "Hello! How can I assist you today?"),
    ],
)
def test_the_core_reads_the_published_example_answers(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = name.split("-", 1)[0]
    check_response(provider, json.loads((DOCS / name).read_text()))
    with replayed(name, monkeypatch):
        done = _core.get_model(f"{provider}/example").with_settings(FAST).complete(PROMPT)
    assert done.text == text
    assert done.stop_reason in {"end_turn", "stop"}
    assert done.usage.input_tokens > 0


@pytest.mark.parametrize(
    ("name", "text"),
    [("anthropic-stream-text.sse", "Hello there!"), ("openai-stream.sse", "Hello")],
)
def test_the_core_reads_the_published_example_streams(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = name.split("-", 1)[0]
    for data in sse_data((DOCS / name).read_bytes()):
        check_event(provider, data)
    with replayed(name, monkeypatch):
        stream = _core.get_model(f"{provider}/example").with_settings(FAST).stream(PROMPT)
        assert "".join(stream) == text


@pytest.mark.parametrize(
    ("name", "tool", "arguments"),
    [
        ("anthropic-stream-tool-use.sse", "get_weather", {"location": "Paris"}),
        (
            "openai-chat-completion-tool-calls.json",
            "get_current_weather",
            {"location": "Boston, MA"},
        ),
    ],
)
def test_the_core_reads_the_published_example_tool_calls(
    name: str, tool: str, arguments: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A streamed request answered with the published stream, or (a tolerant reader) with the
    published whole answer."""
    provider = name.split("-", 1)[0]
    with replayed(name, monkeypatch):
        result = (
            _core.get_model(f"{provider}/example")
            .with_settings(FAST)
            .call_tool(PROMPT, weather(tool))
        )
    assert result.arguments == arguments
    assert result.metrics.retries == 0
