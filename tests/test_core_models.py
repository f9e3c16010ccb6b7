"""Model names, the registry, and where each provider is reached."""

from __future__ import annotations

import logging

import pytest

from support.core.wires import FAST, KEYS, OLLAMA, OPENAI
from support.llm.server import LLMServer
from vibectl import _core

PROMPT = _core.Prompt("s", "u")


@pytest.mark.parametrize(
    ("name", "provider", "api_id"),
    [
        ("claude-sonnet-5-5", "anthropic", "claude-sonnet-5-5"),
        ("sonnet", "anthropic", "claude-sonnet-5-5"),
        ("gpt-6.2-sol", "openai", "gpt-6.2-sol"),
        ("anthropic/claude-opus-5-5", "anthropic", "claude-opus-5-5"),
        ("ollama:llama3", "ollama", "llama3"),
        ("ollama/qwen2.5:7b", "ollama", "qwen2.5:7b"),
        ("openai/my-gateway-model", "openai", "my-gateway-model"),
    ],
)
def test_names_resolve_to_a_provider_and_api_id(name: str, provider: str, api_id: str) -> None:
    model = _core.get_model(name)
    assert (model.provider, model.api_id, model.notice) == (provider, api_id, None)


@pytest.mark.parametrize(
    ("name", "successor"),
    [
        ("claude-3.7-sonnet", "claude-sonnet-5-5"),
        ("claude-3.7-opus", "claude-opus-5-5"),
        ("gpt-4", "gpt-6.2-sol"),
        ("gpt-3.5-turbo", "gpt-6.1-terra"),
        ("anthropic/claude-3-7-sonnet-latest", "claude-sonnet-5-5"),
    ],
)
def test_old_names_keep_working_with_one_line_saying_what_to_set(name: str, successor: str) -> None:
    model = _core.get_model(name)
    assert model.api_id == successor
    assert model.notice is not None
    assert model.notice.endswith(f"(set the model to {successor})")
    assert "\n" not in model.notice


def test_the_notice_is_logged_once_when_the_name_is_first_used(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        _core.refresh_logging()
        _core.get_model("claude-3-7-sonnet-20250219")
        _core.get_model("claude-3-7-sonnet-20250219")
    _core.refresh_logging()
    notices = [
        r.getMessage() for r in caplog.records if "claude-3-7-sonnet-20250219" in r.getMessage()
    ]
    assert notices == [
        "claude-3-7-sonnet-20250219: Anthropic retired Claude 3.7 Sonnet on 2026-02-19; "
        "using claude-sonnet-5-5 instead (set the model to claude-sonnet-5-5)"
    ]


def test_an_unknown_name_lists_the_closest_and_the_prefixes() -> None:
    with pytest.raises(_core.UnknownModelError) as caught:
        _core.get_model("sonet")
    assert isinstance(caught.value, _core.VibectlError)
    assert caught.value.closest[0] == "sonnet"
    message = str(caught.value)
    assert "anthropic/NAME, openai/NAME or ollama:NAME" in message
    assert "\n" not in message
    with pytest.raises(_core.UnknownModelError) as caught:
        _core.get_model("llama3")
    assert caught.value.closest == []


def test_list_models_is_the_registry() -> None:
    models = {m.id: m for m in _core.list_models()}
    assert _core.DEFAULT_MODEL in models
    sonnet = models["claude-sonnet-5-5"]
    assert (sonnet.provider, sonnet.api_id) == ("anthropic", "claude-sonnet-5-5")
    assert "sonnet" in sonnet.aliases
    assert "claude-3.7-sonnet" in sonnet.replaces
    assert sonnet.context_window >= 200_000
    assert sonnet.output_limit > 0
    assert sonnet.supports_streaming
    assert sonnet.structured_output == "json_schema"
    assert {m.provider for m in models.values()} == {"anthropic", "openai"}
    for info in models.values():
        assert _core.get_model(info.id).api_id == info.api_id


@pytest.mark.parametrize("suffix", ["", "/v1", "/v1/"])
def test_openai_base_url_with_or_without_v1(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    OPENAI.point_at(llm_server, monkeypatch)
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.url + suffix)
    llm_server.reply_text("ok")
    assert OPENAI.get().complete(PROMPT).text == "ok"
    [req] = llm_server.requests
    assert req.path == "/v1/chat/completions"
    assert req.headers["authorization"] == f"Bearer {KEYS['openai']}"


def test_the_vibectl_variable_beats_the_providers_own(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    OPENAI.point_at(llm_server, monkeypatch)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("VIBECTL_OPENAI_BASE_URL", llm_server.url)
    llm_server.reply_text("ok")
    assert OPENAI.get().complete(PROMPT).text == "ok"


def test_ollama_needs_no_key_but_sends_one_that_is_set(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    OLLAMA.point_at(llm_server, monkeypatch)
    llm_server.reply_text("local")
    assert OLLAMA.get().complete(PROMPT).text == "local"
    assert "authorization" not in llm_server.requests[0].headers
    monkeypatch.setenv("VIBECTL_OLLAMA_API_KEY", "proxy-token-123")
    llm_server.reply_text("proxied")
    assert OLLAMA.get().complete(PROMPT).text == "proxied"
    assert llm_server.requests[1].headers["authorization"] == "Bearer proxy-token-123"
    assert "VIBECTL_OLLAMA_API_KEY" in _core.secret_env_vars()


def test_openai_needs_a_key(llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.url)
    with pytest.raises(_core.MissingKeyError, match="VIBECTL_OPENAI_API_KEY"):
        _core.get_model(OPENAI.model).with_settings(FAST).complete(PROMPT)
    assert llm_server.requests == []


def test_a_rejected_openai_key_is_named_not_shown(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    OPENAI.point_at(llm_server, monkeypatch)
    llm_server.fail(401)
    with pytest.raises(_core.AuthenticationError) as caught:
        OPENAI.get().complete(PROMPT)
    message = str(caught.value)
    assert (
        f"openai ({llm_server.url}) returned 401 invalid_api_key: Incorrect API key provided."
        in message
    )
    assert "check the key in VIBECTL_OPENAI_API_KEY" in message
    assert KEYS["openai"] not in message
