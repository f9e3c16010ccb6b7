"""The retry layer and timeouts over all three wire formats: what is retried, how often, how
long it waits, and what is never retried."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from support.core.wires import FAST, OLLAMA, TOOL_NAME, Structured, Wire
from support.llm.server import LLMServer
from vibectl import _core

PROMPT = _core.Prompt("s", "u")
TOOL = _core.Tool(TOOL_NAME, "Scale it.", {"type": "object", "properties": {}})


@pytest.mark.parametrize(
    ("retry_after", "as_date", "at_least"),
    # A date has whole seconds: two seconds ahead is a wait of more than one.
    [(0.3, False, 0.3), (2, True, 1.0)],
    ids=["seconds", "http-date"],
)
def test_429_with_retry_after_then_success(
    wire: Wire, llm_server: LLMServer, retry_after: float, as_date: bool, at_least: float
) -> None:
    llm_server.fail(429, retry_after=retry_after, retry_after_date=as_date)
    llm_server.reply_text("ok")
    started = time.monotonic()
    done = wire.get().complete(PROMPT)
    assert time.monotonic() - started >= at_least, "the wait the server asked for is honoured"
    assert done.text == "ok"
    assert done.metrics.retries == 1
    assert len(llm_server.requests) == 2


@pytest.mark.parametrize("as_date", [False, True], ids=["seconds", "http-date"])
def test_retry_after_beyond_the_cap_fails_at_once(
    wire: Wire, llm_server: LLMServer, as_date: bool
) -> None:
    llm_server.fail(429, retry_after=60, retry_after_date=as_date, times=None)
    started = time.monotonic()
    with pytest.raises(_core.RateLimitError) as caught:
        wire.get().complete(PROMPT)
    assert time.monotonic() - started < 5
    assert caught.value.retry_after is not None
    # A date is read a moment after it was made, in whole seconds.
    assert 58 <= caught.value.retry_after <= 60
    assert len(llm_server.requests) == 1


def test_529_always_is_overloaded_after_exactly_three_attempts(
    wire: Wire, llm_server: LLMServer
) -> None:
    llm_server.fail(529, times=None)
    with pytest.raises(_core.OverloadedError) as caught:
        wire.get().complete(PROMPT)
    assert caught.value.status == 529
    assert len(llm_server.requests) == 3


def test_max_retries_sets_the_number_of_attempts(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.fail(503, times=None)
    once = wire.get().with_settings(_core.CallSettings(max_retries=0))
    with pytest.raises(_core.UnavailableError):
        once.complete(PROMPT)
    assert len(llm_server.requests) == 1


def test_500_then_success(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.fail(500)
    llm_server.reply_text("recovered")
    done = wire.get().complete(PROMPT)
    assert (done.text, done.metrics.retries) == ("recovered", 1)


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_refusals_are_never_retried(wire: Wire, llm_server: LLMServer, status: int) -> None:
    llm_server.fail(status, times=None)
    with pytest.raises(_core.ProviderError) as caught:
        wire.get().complete(PROMPT)
    assert caught.value.status == status
    assert len(llm_server.requests) == 1


def test_malformed_json_is_a_response_format_error(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.malformed(times=None)
    with pytest.raises(_core.ResponseFormatError):
        wire.get().complete(PROMPT)
    with pytest.raises(_core.ResponseFormatError):
        list(wire.get().stream(PROMPT))
    assert len(llm_server.requests) == 2, "a broken answer would break again: no retry"


def test_a_truncated_stream_after_text_is_interrupted_not_retried(
    wire: Wire, llm_server: LLMServer
) -> None:
    llm_server.cut_stream(after_events=5)
    stream = wire.get().stream(PROMPT)
    received: list[str] = []
    with pytest.raises(_core.StreamInterruptedError):
        received.extend(stream)
    assert received, "the text sent before the cut reaches the caller"
    assert stream.metrics is None
    assert len(llm_server.requests) == 1


def test_a_truncated_answer_nobody_saw_yet_is_retried(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.cut_stream()
    llm_server.reply_text("whole")
    done = wire.get().complete(PROMPT)
    assert (done.text, done.metrics.retries) == ("whole", 1)


def test_an_in_stream_error_after_text_is_raised_not_retried(
    wire: Wire, llm_server: LLMServer
) -> None:
    llm_server.stream_error("overloaded_error", "Overloaded", after_events=5)
    received: list[str] = []
    # Ollama's in-stream errors carry no type, only the message.
    expected = _core.UnavailableError if wire is OLLAMA else _core.OverloadedError
    with pytest.raises(expected, match="Overloaded"):
        received.extend(wire.get().stream(PROMPT))
    assert received
    assert len(llm_server.requests) == 1


def test_a_stream_failing_before_any_text_is_retried(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.stream_error("overloaded_error", "Overloaded", after_events=0)
    llm_server.reply_text("second try")
    stream = wire.get().stream(PROMPT)
    assert "".join(stream) == "second try"
    assert stream.metrics is not None
    assert stream.metrics.retries == 1
    assert len(llm_server.requests) == 2


def test_a_tool_call_is_retried_even_after_a_mid_stream_error(
    forced_tool: Structured, llm_server: LLMServer
) -> None:
    llm_server.stream_error("overloaded_error", "Overloaded", after_events=5)
    forced_tool.answer(llm_server, {})
    result = forced_tool.wire.get(forced_tool.model).call_tool(PROMPT, TOOL)
    assert (result.arguments, result.metrics.retries) == ({}, 1)


def test_slow_headers_are_a_timeout(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text("too late", header_delay=2.0)
    impatient = wire.get().with_settings(_core.CallSettings(first_byte_timeout=0.2))
    started = time.monotonic()
    with pytest.raises(_core.ProviderTimeoutError, match=r"within 0\.2s") as caught:
        impatient.complete(PROMPT)
    assert time.monotonic() - started < 1.5
    assert caught.value.provider == wire.provider
    assert len(llm_server.requests) == 1, "a slow provider is not asked again"


def test_silence_between_chunks_is_a_timeout(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text("one two three four five six", chunk_delay=2.0)
    impatient = wire.get().with_settings(_core.CallSettings(idle_timeout=0.2))

    async def collect() -> list[str]:
        return [piece async for piece in impatient.stream(PROMPT)]

    with pytest.raises(_core.ProviderTimeoutError, match="next chunk"):
        asyncio.run(collect())


def test_connection_refused_is_unavailable_after_retries(
    wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(f"VIBECTL_{wire.provider.upper()}_BASE_URL", f"http://127.0.0.1:{port}")
    slow_backoff = wire.get().with_settings(_core.CallSettings(backoff_base=0.1))
    started = time.monotonic()
    with pytest.raises(_core.UnavailableError, match=r"^could not connect to http://127\.0\.0\.1:"):
        slow_backoff.complete(PROMPT)
    # Two backoffs, 0.1 s and 0.2 s, each shortened by at most a quarter.
    assert time.monotonic() - started >= 0.2


def test_the_settings_a_model_carries(wire: Wire) -> None:
    assert _core.get_model(wire.model).settings == _core.CallSettings()
    assert wire.get().settings == FAST
    assert wire.get() is not wire.get(), "a model with its own settings is a new object"
    with pytest.raises(ValueError, match="idle_timeout must be a positive number of seconds"):
        _core.CallSettings(idle_timeout=0)
