"""A bare Ollama model name (`llama3.2`, `qwen2.5-coder:7b`), as llm-ollama let the older
vibectl use it: it goes to Ollama when the Ollama server lists it in `/api/tags`, asked over
real HTTP only for a name nothing else knows."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.core.wires import FAST, OLLAMA
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl
from vibectl import _core

PROMPT = _core.Prompt("s", "u")


def tags_requests(server: LLMServer) -> list[str]:
    return [r.path for r in server.requests if r.path == "/api/tags"]


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("llama3.2", "llama3.2:latest"),
        ("llama3.2:latest", "llama3.2:latest"),
        ("qwen2.5-coder:7b", "qwen2.5-coder:7b"),
        ("Mistral", "mistral:latest"),
    ],
)
def test_a_name_the_ollama_server_lists_goes_to_ollama(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch, name: str, listed: str
) -> None:
    OLLAMA.point_at(llm_server, monkeypatch)
    model = _core.get_model(name)
    assert (model.provider, model.api_id, model.notice) == ("ollama", listed, None)
    assert tags_requests(llm_server) == ["/api/tags"]
    llm_server.reply_text("local answer")
    assert model.with_settings(FAST).complete(PROMPT).text == "local answer"
    chat = llm_server.requests[-1]
    assert (chat.path, chat.body["model"]) == ("/api/chat", listed)


def test_the_configured_ollama_provider_is_asked(
    llm_server: LLMServer, isolated_home: Path
) -> None:
    config = isolated_home / ".config" / "vibectl" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[providers.ollama]\nbase_url = "{llm_server.url}"\n')
    assert _core.get_model("qwen2.5:7b").provider == "ollama"
    assert tags_requests(llm_server) == ["/api/tags"]


@pytest.mark.parametrize(
    "name", ["sonnet", "claude-3.5-haiku", "gpt-4o", "o3", "ollama:llama3.2", "openai/x"]
)
def test_a_name_something_else_knows_never_asks_ollama(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    OLLAMA.point_at(llm_server, monkeypatch)
    _core.get_model(name)
    assert llm_server.requests == []


def test_a_name_ollama_does_not_list_is_the_one_line_unknown_model(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    OLLAMA.point_at(llm_server, monkeypatch)
    with pytest.raises(_core.UnknownModelError) as caught:
        _core.get_model("qwen2.5-coder")  # only qwen2.5-coder:7b is pulled, not :latest
    message = str(caught.value)
    assert f"(Ollama at http://127.0.0.1:{llm_server.port} does not list it)" in message
    assert "`vibectl models`" in message
    assert "\n" not in message
    with pytest.raises(_core.UnknownModelError):
        _core.get_model("two words")
    assert tags_requests(llm_server) == ["/api/tags"], "a name Ollama cannot have is not sent"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that takes connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def test_an_ollama_that_is_absent_or_silent_costs_at_most_the_short_timeout(
    monkeypatch: pytest.MonkeyPatch, silent_port: int
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = int(probe.getsockname()[1])
    for port in (closed, silent_port):
        monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{port}")
        started = time.monotonic()
        with pytest.raises(_core.UnknownModelError) as caught:
            _core.get_model("llama3.2")
        assert time.monotonic() - started < 4
        message = str(caught.value)
        assert f"Ollama at http://127.0.0.1:{port} could not be asked" in message
        assert "\n" not in message


def test_an_ollama_answering_something_else_is_an_unknown_model(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"{llm_server.url}/v1")  # answers 404 here
    with pytest.raises(_core.UnknownModelError) as caught:
        _core.get_model("llama3.2")
    assert "answered 404" in str(caught.value)


def test_the_cli_runs_a_bare_ollama_name_and_refuses_an_unknown_one(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    vibectl.env["OLLAMA_HOST"] = f"127.0.0.1:{llm_server.port}"
    llm_server.reply_text("Two api pods, both Running.")
    done = vibectl.run("--model", "llama3.2", "get", "pods", "-n", "payments")
    assert done.returncode == 0, done.stderr
    assert llm_server.requests[-1].body["model"] == "llama3.2:latest"
    done = vibectl.run("--model", "tinyllama", "get", "pods", "-n", "payments")
    assert done.returncode != 0
    [line] = done.stderr.strip().splitlines()
    assert "unknown model" in line
    assert "does not list it" in line
    assert "Traceback" not in done.stderr


def test_config_migrate_keeps_a_bare_name_the_ollama_server_lists(
    llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    OLLAMA.point_at(llm_server, monkeypatch)
    older = isolated_home / ".vibectl" / "config.yaml"
    older.parent.mkdir()
    older.write_text("model: llama3.2\n")
    assert _core.config_migrate().notes == []
    toml = (isolated_home / ".config" / "vibectl" / "config.toml").read_text()
    assert 'model = "llama3.2"' in toml
