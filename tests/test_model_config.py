"""The config reaching the model layer: gateways, aliases, the default model, [llm] settings,
fallbacks, and `vibectl models` — real HTTP to the loopback server, real config files."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path

import pytest

from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, installed_vibectl
from vibectl import _core

PROMPT = _core.Prompt("system", "user")
ANTHROPIC_KEY = "sk-ant-api03-modelconfig-0123456789abcdef0123456789abcdef"
OPENAI_KEY = "sk-proj-modelconfig-0123456789abcdef"


@pytest.fixture
def config_file(isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VIBECTL_SYSTEM_CONFIG", str(tmp_path / "none.toml"))
    path = isolated_home / ".config" / "vibectl" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_gateway_of_ones_own_is_provider_slash_model(
    config_file: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text(
        f'[providers.litellm]\nkind = "openai"\nbase_url = "{llm_server.url}/v1"\n'
    )
    monkeypatch.setenv("VIBECTL_LITELLM_API_KEY", "litellm-master-key")
    llm_server.reply_text("from the gateway")
    model = _core.get_model("litellm/llama-3-70b")
    assert (model.provider, model.api_id) == ("litellm", "llama-3-70b")
    assert model.complete(PROMPT).text == "from the gateway"
    [request] = llm_server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer litellm-master-key"
    assert request.body["model"] == "llama-3-70b"


def test_a_gateway_without_base_url_or_kind_says_what_to_set(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text('[providers.gw]\nkind = "openai"\n')
    monkeypatch.setenv("VIBECTL_GW_API_KEY", "k-0123456789")
    with pytest.raises(_core.ConfigError, match=r"providers\.gw\.base_url is not set"):
        _core.get_model("gw/m").complete(PROMPT)
    config_file.write_text('[providers.gw]\nbase_url = "http://127.0.0.1:9/v1"\n')
    with pytest.raises(_core.ConfigError, match=r"providers\.gw\.kind is not set"):
        _core.get_model("gw/m")


def test_aliases_and_base_url_from_the_config(
    config_file: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text(
        '[models.aliases]\nfast = "anthropic/claude-speedy"\n'
        f'[providers.anthropic]\nbase_url = "{llm_server.url}"\nkey = "{ANTHROPIC_KEY}"\n'
    )
    llm_server.reply_text("aliased")
    model = _core.get_model("fast")
    assert model.api_id == "claude-speedy"
    assert model.complete(PROMPT).text == "aliased"
    assert llm_server.requests[0].body["model"] == "claude-speedy"
    monkeypatch.setenv("VIBECTL_ANTHROPIC_BASE_URL", f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(_core.UnavailableError):
        _core.get_model("fast").with_settings(_core.CallSettings(max_retries=0)).complete(PROMPT)


def test_the_default_model_follows_the_keys(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _core.get_model().name == _core.DEFAULT_MODEL
    monkeypatch.setenv("OPENAI_API_KEY", OPENAI_KEY)
    assert _core.get_model().provider == "openai"
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OLLAMA_HOST", "127.0.0.1:11434")
    assert _core.get_model().provider == "ollama"
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    assert _core.get_model().provider == "anthropic"
    config_file.write_text('[llm]\nmodel = "haiku"\n')
    assert _core.get_model().name == "haiku"


def test_llm_settings_come_from_the_config(
    config_file: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", llm_server.url)
    config_file.write_text("[llm]\nmax_retries = 0\nconnect_timeout = 2.5\nidle_timeout = 7\n")
    settings = _core.get_model("sonnet").settings
    assert (settings.max_retries, settings.connect_timeout, settings.idle_timeout) == (0, 2.5, 7.0)
    llm_server.fail(529, times=None)
    with pytest.raises(_core.OverloadedError):
        _core.get_model("sonnet").complete(PROMPT)
    assert len(llm_server.requests) == 1, "max_retries = 0: one attempt"


def fallback_setup(config_file: Path, server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"{server.url}/v1")
    monkeypatch.setenv("VIBECTL_OPENAI_API_KEY", OPENAI_KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    config_file.write_text('[llm]\nmax_retries = 0\nfallbacks = ["openai/gpt-backup"]\n')


def test_fallback_when_the_chosen_provider_has_no_key(
    config_file: Path,
    llm_server: LLMServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fallback_setup(config_file, llm_server, monkeypatch)
    llm_server.reply_text("answered by the fallback")
    with caplog.at_level(logging.WARNING):
        _core.refresh_logging()
        done = _core.get_model("sonnet").complete(PROMPT)
    assert done.text == "answered by the fallback"
    assert done.metrics.model == "gpt-backup"
    [request] = llm_server.requests
    assert request.path == "/v1/chat/completions"
    [warning] = [r.getMessage() for r in caplog.records if "fallback" in r.getMessage()]
    assert warning.startswith("sonnet failed (no API key for anthropic")
    assert warning.endswith("trying the fallback openai/gpt-backup")


@pytest.mark.parametrize(
    ("status", "falls_back"), [(529, True), (503, True), (429, True), (400, False), (401, False)]
)
def test_fallback_only_for_failures_another_model_could_get_past(
    status: int,
    falls_back: bool,
    config_file: Path,
    llm_server: LLMServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fallback_setup(config_file, llm_server, monkeypatch)
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    llm_server.fail(status)
    llm_server.reply_text("fallback answer")
    if falls_back:
        assert _core.get_model("sonnet").complete(PROMPT).text == "fallback answer"
        assert [r.provider for r in llm_server.requests] == ["anthropic", "openai"]
    else:
        with pytest.raises(_core.ProviderError):
            _core.get_model("sonnet").complete(PROMPT)
        assert [r.provider for r in llm_server.requests] == ["anthropic"]


def test_a_stream_falls_back_before_its_first_byte_but_never_after(
    config_file: Path, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fallback_setup(config_file, llm_server, monkeypatch)
    monkeypatch.setenv("VIBECTL_ANTHROPIC_API_KEY", ANTHROPIC_KEY)
    llm_server.fail(529)
    llm_server.reply_text("streamed by the fallback")
    assert "".join(_core.get_model("sonnet").stream(PROMPT)) == "streamed by the fallback"
    llm_server.reset()
    llm_server.cut_stream(after_events=5)
    llm_server.reply_text("must not be used")
    with pytest.raises(_core.StreamInterruptedError):
        list(_core.get_model("sonnet").stream(PROMPT))
    assert len(llm_server.requests) == 1


def test_models_lists_the_registry_and_what_is_usable(
    config_file: Path, llm_server: LLMServer
) -> None:
    config_file.write_text(
        f'[models.aliases]\nfast = "haiku"\n[providers.anthropic]\nkey = "{ANTHROPIC_KEY}"\n'
    )
    env = dict(os.environ)
    env["OLLAMA_HOST"] = f"127.0.0.1:{closed_port()}"
    cli = Vibectl(installed_vibectl(), env)
    done = cli.run("models")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    sonnet = next(line for line in lines if line.startswith("claude-sonnet-5-5 "))
    assert "anthropic" in sonnet
    assert "sonnet" in sonnet
    assert sonnet.endswith("yes")
    assert any(line.startswith("gpt-") and "vibectl keys set openai" in line for line in lines)
    assert "  fast → haiku" in lines
    assert lines[-1] == "In use: claude-sonnet-5-5 (no llm.model set)"
    assert ANTHROPIC_KEY not in done.stdout
    checked = cli.run("models", "--check")
    ollama = next(line for line in checked.stdout.splitlines() if line.startswith("ollama:NAME"))
    assert "no: http://127.0.0.1:" in ollama
    cli.env["OLLAMA_HOST"] = llm_server.url
    checked = cli.run("models", "--check")
    ollama = next(line for line in checked.stdout.splitlines() if line.startswith("ollama:NAME"))
    assert ollama.endswith("yes (server reachable)")
