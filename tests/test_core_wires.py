"""The same calls over all three wire formats, against the loopback server: text (sync,
asyncio, stream) and structured output as a tool call (valid, repaired, wrong twice)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from support.core.wires import TOOL_NAME, Structured, Wire, turns, user_text
from support.llm.server import LLMServer
from vibectl import _core

TEXT = "The api deployment has two healthy pods and one crashing worker."
PROMPT = _core.Prompt(
    ["You explain kubectl output.", "Be brief."],
    "What is wrong?",
    [_core.Resource("kubectl://get/pods", "api-1 1/1 Running\nworker-1 0/1 CrashLoopBackOff\n")],
)
TOOL = _core.Tool(
    TOOL_NAME,
    "Scale a deployment.",
    {
        "type": "object",
        "properties": {
            "deployment": {"type": "string", "minLength": 1},
            "replicas": {"type": "integer", "minimum": 0},
        },
        "required": ["deployment", "replicas"],
        "additionalProperties": False,
    },
)
VALID = {"deployment": "api", "replicas": 3}
INVALID = {"deployment": "api", "replicas": "three"}


def test_complete(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text(TEXT)
    done = wire.get().complete(PROMPT, max_tokens=99)
    assert done.text == TEXT
    assert done.usage.input_tokens > 0
    assert done.usage.output_tokens > 0
    assert done.stop_reason in {"end_turn", "stop"}
    assert done.metrics.model == wire.get().api_id
    assert done.metrics.retries == 0
    [req] = llm_server.requests
    assert (req.provider, req.stream) == (wire.provider, False)
    assert req.body["model"] == wire.get().api_id
    # The fragments joined with a blank line; the resource before the question, delimited.
    system = (
        req.body["system"] if wire.provider == "anthropic" else req.body["messages"][0]["content"]
    )
    assert "You explain kubectl output.\n\nBe brief." in str(system)
    assert user_text(req) == (
        '<resource uri="kubectl://get/pods" mime_type="text/plain">\n'
        "api-1 1/1 Running\nworker-1 0/1 CrashLoopBackOff\n</resource>\n\nWhat is wrong?"
    )


def test_complete_async(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text(TEXT)

    async def ask() -> _core.Completion:
        return await wire.get().complete_async(PROMPT)

    assert asyncio.run(ask()).text == TEXT


def test_stream(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text(TEXT)
    stream = wire.get().stream(PROMPT)
    pieces = list(stream)
    assert len(pieces) > 1
    assert "".join(pieces) == TEXT
    assert stream.usage is not None
    assert stream.usage.output_tokens > 0
    assert stream.metrics is not None
    assert stream.metrics.first_token_s is not None
    [req] = llm_server.requests
    assert req.stream
    if wire.provider == "openai":
        assert req.body["stream_options"] == {"include_usage": True}


def test_stream_async(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text(TEXT)

    async def collect() -> list[str]:
        return [piece async for piece in wire.get().stream(PROMPT)]

    assert "".join(asyncio.run(collect())) == TEXT


def asked_how(structured: Structured, body: dict[str, Any]) -> Any:
    """Where the request carries the tool: a forced choice, or the schema as answer format."""
    provider = structured.wire.provider
    if structured.forced:
        return body["tool_choice"]
    return {
        "anthropic": lambda: body["output_config"]["format"]["schema"],
        "openai": lambda: body["response_format"]["json_schema"]["schema"],
        "ollama": lambda: body["format"],
    }[provider]()


def test_call_tool(structured: Structured, llm_server: LLMServer) -> None:
    structured.answer(llm_server, VALID)
    result = structured.wire.get(structured.model).call_tool(PROMPT, TOOL)
    assert result.arguments == VALID
    assert result.metrics.retries == 0
    assert result.metrics.output_tokens > 0
    [req] = llm_server.requests
    assert req.stream, "tool calls are streamed, so a failure anywhere can be retried"
    how = asked_how(structured, req.body)
    if structured.forced:
        assert TOOL_NAME in str(how)
    else:
        assert how == TOOL.input_schema
        assert "tools" not in req.body


def test_call_tool_async(structured: Structured, llm_server: LLMServer) -> None:
    structured.answer(llm_server, VALID)

    async def ask() -> _core.ToolResult:
        return await structured.wire.get(structured.model).call_tool_async(PROMPT, TOOL)

    assert asyncio.run(ask()).arguments == VALID


def test_a_wrong_answer_gets_one_repair_attempt(
    structured: Structured, llm_server: LLMServer
) -> None:
    structured.answer(llm_server, INVALID)
    structured.answer(llm_server, VALID)
    result = structured.wire.get(structured.model).call_tool(PROMPT, TOOL)
    assert result.arguments == VALID
    first, second = llm_server.requests
    assert len(turns(second)) == len(turns(first)) + 2
    answered, repair = turns(second)[-2:]
    assert answered["role"] == "assistant"
    assert "three" in str(answered), "the wrong answer goes back to the model"
    assert "/replicas: expected integer, got string" in str(repair)
    assert result.metrics.input_tokens > 0


def test_wrong_twice_is_a_response_format_error(
    structured: Structured, llm_server: LLMServer
) -> None:
    structured.answer(llm_server, INVALID, times=None)
    with pytest.raises(_core.ResponseFormatError) as caught:
        structured.wire.get(structured.model).call_tool(PROMPT, TOOL)
    message = str(caught.value)
    assert f"tool {TOOL_NAME}: the arguments do not match the schema" in message
    assert "after one repair attempt" in message
    assert "\n" not in message
    assert len(llm_server.requests) == 2


def test_an_answer_without_the_tool_call_is_repaired(
    forced_tool: Structured, llm_server: LLMServer
) -> None:
    llm_server.reply_text("I would scale the api deployment to three replicas.")
    forced_tool.answer(llm_server, VALID)
    assert forced_tool.wire.get(forced_tool.model).call_tool(PROMPT, TOOL).arguments == VALID
    repair = turns(llm_server.requests[1])[-1]
    assert "does not call `scale`" in str(repair)
