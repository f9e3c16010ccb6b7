"""The Rust core against the loopback server, over real HTTP in Anthropic's wire format: the
request it sends, its keys, and how Anthropic's errors reach Python."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time

import pytest

from support.core.wires import FAST
from support.llm.server import LLMServer
from vibectl import _core

KEY = "sk-ant-test-0123456789abcdefghijklmnop"
MODEL = "anthropic/claude-test-model"
API_ID = "claude-test-model"
PROMPT = _core.Prompt("s", "u")
# Each error status once: the retry layer has its own tests (test_core_faults.py).
NO_RETRIES = _core.CallSettings(max_retries=0)


@pytest.fixture
def anthropic(llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> LLMServer:
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", llm_server.url)
    return llm_server


def model() -> _core.Model:
    return _core.get_model(MODEL).with_settings(FAST)


def test_complete_sends_the_real_request_and_reads_text_and_usage(anthropic: LLMServer) -> None:
    anthropic.reply_text("Two pods are [green]Running[/green].")
    done = model().complete(_core.Prompt("be brief", "kubectl get pods output"), max_tokens=77)
    assert done.text == "Two pods are [green]Running[/green]."
    assert done.stop_reason == "end_turn"
    assert done.usage.input_tokens > 0
    assert done.usage.output_tokens > 0
    assert done.model == API_ID
    assert done.metrics.model == API_ID
    assert done.metrics.input_tokens == done.usage.input_tokens
    assert done.metrics.retries == 0
    assert done.metrics.first_token_s is None
    assert done.metrics.latency_s > 0
    [req] = anthropic.requests
    assert (req.method, req.path, req.provider, req.stream) == (
        "POST",
        "/v1/messages",
        "anthropic",
        False,
    )
    # The key as the API reference documents it and as the SDK sends it (docs/models.md).
    assert req.headers["x-api-key"] == KEY
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.headers["anthropic-version"] == "2026-10-21"
    assert req.body["model"] == API_ID
    assert req.body["max_tokens"] == 77
    assert req.body["system"] == "be brief"
    assert req.body["messages"] == [{"role": "user", "content": "kubectl get pods output"}]


def test_models_are_cached_objects_with_names() -> None:
    assert _core.get_model(MODEL).name == MODEL
    assert _core.get_model(MODEL).provider == "anthropic"
    assert _core.get_model(MODEL).api_id == API_ID
    assert _core.get_model().name == _core.DEFAULT_MODEL
    assert repr(_core.get_model(MODEL)) == f'Model(name="{MODEL}", provider="anthropic")'


def test_complete_async(anthropic: LLMServer) -> None:
    anthropic.reply_text("async answer")

    async def ask() -> _core.Completion:
        return await model().complete_async(PROMPT)

    assert asyncio.run(ask()).text == "async answer"


def test_stream_yields_deltas_then_usage(anthropic: LLMServer) -> None:
    text = "The api deployment has two healthy pods and one crashing worker."
    anthropic.reply_text(text)
    stream = model().stream(PROMPT)
    assert stream.usage is None
    assert stream.metrics is None
    pieces = list(stream)
    assert len(pieces) > 1, "the answer should arrive in several deltas"
    assert "".join(pieces) == text
    assert stream.usage is not None
    assert stream.usage.output_tokens > 0
    assert stream.metrics is not None
    assert stream.metrics.output_tokens == stream.usage.output_tokens
    assert stream.metrics.first_token_s is not None
    assert 0 < stream.metrics.first_token_s <= stream.metrics.latency_s
    assert list(stream) == [], "a finished stream stays finished"
    [req] = anthropic.requests
    assert req.stream


def test_stream_async(anthropic: LLMServer) -> None:
    anthropic.reply_text("streamed for asyncio")

    async def collect() -> list[str]:
        return [piece async for piece in model().stream(PROMPT)]

    assert "".join(asyncio.run(collect())) == "streamed for asyncio"


def test_sync_call_releases_the_gil(anthropic: LLMServer) -> None:
    anthropic.reply_text("slow", header_delay=0.5)
    ticks = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.01)

    counter = threading.Thread(target=count)
    counter.start()
    try:
        model().complete(PROMPT)
    finally:
        stop.set()
        counter.join()
    assert ticks > 10, "another Python thread must run while the core waits"


def test_missing_key_names_the_variable(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", llm_server.url)
    with pytest.raises(_core.MissingKeyError, match="VIBECTL_ANTHROPIC_API_KEY") as caught:
        model().complete(PROMPT)
    assert caught.value.provider == "anthropic"
    assert llm_server.requests == []


def test_empty_key_is_unusable(anthropic: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", "  ")
    with pytest.raises(
        _core.InvalidKeyError, match="VIBECTL_ANTHROPIC_API_KEY cannot be used: it is set but empty"
    ):
        model().complete(PROMPT)


def test_key_with_a_newline_inside_is_invalid(
    anthropic: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", "sk-ant-a\nb")
    with pytest.raises(_core.InvalidKeyError, match="VIBECTL_ANTHROPIC_API_KEY") as caught:
        model().complete(PROMPT)
    assert "sk-ant-a" not in str(caught.value)


@pytest.mark.parametrize(
    ("status", "error", "kind"),
    [
        (400, _core.BadRequestError, "invalid_request_error"),
        (401, _core.AuthenticationError, "authentication_error"),
        (403, _core.AuthenticationError, "permission_error"),
        (404, _core.BadRequestError, "not_found_error"),
        (429, _core.RateLimitError, "rate_limit_error"),
        (500, _core.UnavailableError, "api_error"),
        (529, _core.OverloadedError, "overloaded_error"),
    ],
)
def test_error_statuses_map_onto_the_tree(
    anthropic: LLMServer, status: int, error: type[_core.ProviderError], kind: str
) -> None:
    anthropic.fail(status, message="the provider's own words")
    with pytest.raises(error) as caught:
        model().with_settings(NO_RETRIES).complete(PROMPT)
    exc = caught.value
    assert isinstance(exc, _core.ProviderError)
    assert isinstance(exc, _core.VibectlError)
    assert exc.status == status
    assert exc.provider == "anthropic"
    assert exc.request_id
    message = str(exc)
    expected = f"anthropic ({anthropic.url}) returned {status} {kind}: the provider's own words"
    assert message.startswith(expected), message
    assert "\n" not in message
    assert KEY not in message


def test_authentication_error_says_which_key_was_rejected(anthropic: LLMServer) -> None:
    anthropic.fail(401, message="invalid x-api-key")
    with pytest.raises(
        _core.AuthenticationError, match="check the key in VIBECTL_ANTHROPIC_API_KEY"
    ):
        model().complete(PROMPT)


def test_rate_limit_carries_retry_after(anthropic: LLMServer) -> None:
    impatient = model().with_settings(_core.CallSettings(retry_cap=1.0))
    anthropic.fail(429, retry_after=7)
    with pytest.raises(_core.RateLimitError) as caught:
        impatient.complete(PROMPT)
    assert caught.value.retry_after == 7.0
    anthropic.fail(429, retry_after_ms=1500)
    with pytest.raises(_core.RateLimitError) as caught:
        impatient.complete(PROMPT)
    assert caught.value.retry_after == 1.5


def test_malformed_json_is_a_response_format_error(anthropic: LLMServer) -> None:
    anthropic.malformed()
    with pytest.raises(_core.ResponseFormatError, match="could not read"):
        model().complete(PROMPT)


def test_malformed_stream_is_a_response_format_error(anthropic: LLMServer) -> None:
    anthropic.malformed()
    with pytest.raises(_core.ResponseFormatError):
        list(model().stream(PROMPT))


def test_cut_stream_is_interrupted_after_the_text_that_arrived(anthropic: LLMServer) -> None:
    anthropic.cut_stream(after_events=5)
    stream = model().stream(PROMPT)
    received: list[str] = []
    with pytest.raises(_core.StreamInterruptedError):
        received.extend(stream)
    assert received, "the deltas sent before the cut reach the caller"
    assert stream.usage is None


def test_in_stream_error_event(anthropic: LLMServer) -> None:
    anthropic.stream_error("overloaded_error", "Overloaded", after_events=4)
    with pytest.raises(_core.OverloadedError, match="Overloaded"):
        list(model().stream(PROMPT))


def test_stream_http_error_before_any_text(anthropic: LLMServer) -> None:
    anthropic.fail(529, times=None)
    with pytest.raises(_core.OverloadedError):
        next(iter(model().stream(PROMPT)))


def test_connection_refused_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(_core.UnavailableError) as caught:
        model().with_settings(NO_RETRIES).complete(PROMPT)
    assert caught.value.status is None
    assert caught.value.provider == "anthropic"
    message = str(caught.value)
    assert message.startswith(f"could not connect to http://127.0.0.1:{port} (anthropic): "), (
        message
    )
    assert "reported an error" not in message


def test_rust_logs_reach_python_logging_without_the_key(
    anthropic: LLMServer, caplog: pytest.LogCaptureFixture
) -> None:
    anthropic.reply_text("logged")
    with caplog.at_level(logging.DEBUG):
        _core.refresh_logging()
        model().complete(PROMPT)
    _core.refresh_logging()
    messages = [r.getMessage() for r in caplog.records]
    assert any("POST" in m and "/v1/messages" in m for m in messages), messages
    assert not any(KEY in m for m in messages)
