"""The three wire formats as the core tests use them: how to point the core at the loopback
server, which model names to ask for, and where a request keeps its turns."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from support.llm.server import LLMServer, RecordedRequest
from vibectl import _core

# Short waits, so that retries and timeouts cost milliseconds.
FAST = _core.CallSettings(
    max_retries=2,
    backoff_base=0.02,
    retry_cap=5.0,
    connect_timeout=2.0,
    first_byte_timeout=5.0,
    idle_timeout=5.0,
)

KEYS = {
    "anthropic": "sk-ant-test-0123456789abcdefghijklmnop",
    "openai": "sk-proj-test-0123456789abcdefghijklmnop",
}


@dataclass(frozen=True)
class Wire:
    """One provider's wire format; `model` is a name the registry resolves by prefix."""

    provider: str
    model: str

    def point_at(self, server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> None:
        """Send the provider's requests to `server`, with a key where the provider needs one."""
        if self.provider == "anthropic":
            monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        elif self.provider == "openai":
            monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        else:
            # OLLAMA_HOST as people set it: host:port, no scheme.
            monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{server.port}")
        if self.provider in KEYS:
            monkeypatch.setenv(f"VIBECTL_{self.provider.upper()}_API_KEY", KEYS[self.provider])

    def get(self, name: str | None = None) -> _core.Model:
        return _core.get_model(name or self.model).with_settings(FAST)


ANTHROPIC = Wire("anthropic", "anthropic/claude-test-model")
OPENAI = Wire("openai", "openai/gpt-test-model")
OLLAMA = Wire("ollama", "ollama:llama-test")
WIRES = (ANTHROPIC, OPENAI, OLLAMA)


@dataclass(frozen=True)
class Structured:
    """A way a model answers a tool request: a forced call of it, or JSON text that the
    request's answer format (a JSON schema) constrains."""

    wire: Wire
    model: str
    forced: bool

    @property
    def id(self) -> str:
        return f"{self.wire.provider}-{'forced_tool' if self.forced else 'json_schema'}"

    def answer(self, server: LLMServer, arguments: Mapping[str, Any], **options: Any) -> None:
        """Script the model's answer: a call of the tool, or the arguments as JSON text."""
        if self.forced:
            server.reply_tool_call(TOOL_NAME, arguments, **options)
        else:
            server.reply_text(json.dumps(arguments), **options)


TOOL_NAME = "scale"
FORCED_TOOL = Structured(ANTHROPIC, ANTHROPIC.model, forced=True)
STRUCTURED = (
    FORCED_TOOL,
    Structured(ANTHROPIC, "claude-sonnet-5-5", forced=False),
    Structured(OPENAI, OPENAI.model, forced=True),
    Structured(OPENAI, "gpt-6.2-sol", forced=False),
    Structured(OLLAMA, OLLAMA.model, forced=False),
)


def turns(request: RecordedRequest) -> list[dict[str, Any]]:
    """The conversation of a chat request, without OpenAI's and Ollama's system turn."""
    messages: list[dict[str, Any]] = request.body["messages"]
    return [m for m in messages if m.get("role") != "system"]


def user_text(request: RecordedRequest) -> str:
    content = turns(request)[0]["content"]
    assert isinstance(content, str)
    return content
