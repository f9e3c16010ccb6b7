"""How `call_tool` asks for arguments, negotiated per model against the loopback server: the
config's `structured_output` per provider and per model, a refusal answered with the other way
and then with a prompted tool, and what worked remembered in the cache directory.
(tests/test_third_party_litellm.py shows the same against a real LiteLLM proxy.)"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from support.core.asks import PROMPT, SCALE
from support.core.wires import FAST, KEYS
from support.llm.server import LLMServer, RecordedRequest
from vibectl import _core

NO_FORCED_TOOL = "tool_choice: a forced tool is not supported for this model"
NO_SCHEMA = "response_format: json_schema is not supported by this server"


@pytest.fixture
def gateway(llm_server: LLMServer, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A gateway of the user's own at the loopback server; returns its config file."""
    config = isolated_home / ".config" / "vibectl" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[providers.gw]\nkind = "openai"\nbase_url = "{llm_server.url}/v1"\n')
    monkeypatch.setenv("VIBECTL_GW_API_KEY", KEYS["openai"])
    return config


def remembered(home: Path) -> dict[str, str]:
    path = home / ".cache" / "vibectl" / "structured-output.json"
    models: dict[str, str] = json.loads(path.read_text())["models"]
    return models


def how(request: RecordedRequest) -> str:
    body = request.body
    if "response_format" in body:
        return "json_schema"
    if "tool_choice" in body:
        return "forced_tool"
    return "prompted_tool" if "tools" in body else "text"


def call(name: str = "gw/team-model") -> _core.ToolResult:
    return _core.get_model(name).with_settings(FAST).call_tool(PROMPT, SCALE)


def test_refused_twice_the_tool_is_offered_unforced_and_that_is_remembered(
    gateway: Path, llm_server: LLMServer, isolated_home: Path
) -> None:
    llm_server.fail(400, message=NO_FORCED_TOOL)
    llm_server.fail(400, message=NO_SCHEMA)
    llm_server.reply_tool_call("scale", {"replicas": 2})
    assert call().arguments == {"replicas": 2}
    assert [how(r) for r in llm_server.requests] == ["forced_tool", "json_schema", "prompted_tool"]
    system = llm_server.requests[-1].body["messages"][0]["content"]
    assert "Answer only by calling the tool `scale`" in system
    assert remembered(isolated_home) == {f"gw {llm_server.url}/v1 team-model": "prompted_tool"}
    llm_server.reset()
    llm_server.reply_text('{"replicas": 3}')
    assert call().arguments == {"replicas": 3}, "JSON text answers an unforced tool too"
    assert [how(r) for r in llm_server.requests] == ["prompted_tool"]


def test_a_400_about_something_else_is_not_negotiated(
    gateway: Path, llm_server: LLMServer, isolated_home: Path
) -> None:
    llm_server.fail(400, message="max_completion_tokens is too large for this model")
    with pytest.raises(_core.BadRequestError, match="too large"):
        call()
    assert len(llm_server.requests) == 1
    assert not (isolated_home / ".cache" / "vibectl" / "structured-output.json").exists()


def test_a_fixed_mode_is_the_only_one_asked(gateway: Path, llm_server: LLMServer) -> None:
    with gateway.open("a") as config:
        config.write('structured_output = "json_schema"\n')
    llm_server.fail(400, message=NO_SCHEMA)
    with pytest.raises(_core.BadRequestError, match="json_schema is not supported"):
        call()
    assert [how(r) for r in llm_server.requests] == ["json_schema"]


def test_a_model_of_its_own_overrides_the_provider(gateway: Path, llm_server: LLMServer) -> None:
    with gateway.open("a") as config:
        config.write('structured_output = "json_schema"\n')
        config.write('structured_output_by_model = { "team-model" = "tool", "x.y" = "auto" }\n')
    llm_server.reply_tool_call("scale", {"replicas": 1})
    llm_server.reply_text('{"replicas": 1}')
    assert call().arguments == {"replicas": 1}
    assert call("gw/other").arguments == {"replicas": 1}
    assert [how(r) for r in llm_server.requests] == ["forced_tool", "json_schema"]


def test_the_registry_mode_is_used_for_a_gateway_model_it_knows(
    gateway: Path, llm_server: LLMServer
) -> None:
    llm_server.reply_text('{"replicas": 4}')
    assert call("gw/anthropic/claude-sonnet-5-5").arguments == {"replicas": 4}
    assert [how(r) for r in llm_server.requests] == ["json_schema"]


def test_a_broken_memory_file_is_ignored_and_replaced(
    gateway: Path, llm_server: LLMServer, isolated_home: Path
) -> None:
    memory = isolated_home / ".cache" / "vibectl" / "structured-output.json"
    memory.parent.mkdir(parents=True)
    memory.write_text("{not json")
    llm_server.fail(400, message=NO_FORCED_TOOL)
    llm_server.reply_text('{"replicas": 2}')
    assert call().arguments == {"replicas": 2}
    assert remembered(isolated_home) == {f"gw {llm_server.url}/v1 team-model": "json_schema"}


def test_config_set_takes_models_and_modes(gateway: Path) -> None:
    key = "providers.gw.structured_output_by_model"
    _core.config_set(key, "team-model=json_schema, gpt-6.2-sol=tool")
    assert "gpt-6.2-sol" in _core.config_get(key)
    allowed = "is not allowed; use one of: auto, json_schema, tool"
    with pytest.raises(_core.ConfigError, match=allowed):
        _core.config_set(key, "team-model=sometimes")
    with pytest.raises(_core.ConfigError, match=allowed):
        _core.config_set("providers.gw.structured_output", "forced")


@pytest.mark.timeout(30)
def test_a_fifo_in_place_of_the_memory_file_neither_hangs_nor_stays(
    gateway: Path, llm_server: LLMServer, isolated_home: Path
) -> None:
    memory = isolated_home / ".cache" / "vibectl" / "structured-output.json"
    memory.parent.mkdir(parents=True)
    os.mkfifo(memory)
    llm_server.fail(400, message=NO_FORCED_TOOL)
    llm_server.reply_text('{"replicas": 2}')
    assert call().arguments == {"replicas": 2}
    assert remembered(isolated_home) == {f"gw {llm_server.url}/v1 team-model": "json_schema"}
