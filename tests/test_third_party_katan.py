"""vibectl against llm-katan's echo backend (tests/support/third_party/katan.py): an OpenAI and an
Anthropic server someone else wrote, with quirks of its own. It answers every chat with the
prompt echoed, a streamed request that carries tools with one plain JSON body, and a wrong key
with both the key it got and the one it wanted."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.core.asks import PROMPT, SCALE
from support.core.wires import FAST
from support.third_party.katan import KEYS, MODEL
from support.third_party.server import Server
from support.vibectl_cli import Vibectl
from vibectl import _core

PROVIDERS = ("anthropic", "openai")


@pytest.fixture
def echo(katan: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    """Both built-in providers pointed at katan, with the keys it checks."""
    monkeypatch.setenv("ANTHROPIC_BASE_URL", katan.url)
    monkeypatch.setenv("OPENAI_BASE_URL", f"{katan.url}/v1")
    for provider, key in KEYS.items():
        monkeypatch.setenv(f"VIBECTL_{provider.upper()}_API_KEY", key)
    return katan


def model(provider: str) -> _core.Model:
    return _core.get_model(f"{provider}/{MODEL}").with_settings(FAST)


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_a_summary_in_both_wire_formats(echo: Server, provider: str, streamed: bool) -> None:
    chosen = model(provider)
    text = "".join(chosen.stream(PROMPT)) if streamed else chosen.complete(PROMPT).text
    assert text.startswith(f"[echo] model={MODEL}"), text
    assert "What is wrong with worker-1?" in text
    assert "worker-1 0/1 CrashLoopBackOff" in text


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_tool_call_answered_as_one_json_body_is_read_not_retried(
    echo: Server, provider: str
) -> None:
    """katan's OpenAI side answers a streamed request with tools as `application/json`; its
    Anthropic side streams. Either way its made-up arguments are read at the first attempt."""
    result = model(provider).call_tool(PROMPT, SCALE)
    assert result.arguments == {"replicas": 1}
    assert result.metrics.retries == 0


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_key_the_server_echoes_is_masked(
    echo: Server, provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = f"sk-{provider}-wrong-1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c"
    monkeypatch.setenv(f"VIBECTL_{provider.upper()}_API_KEY", wrong)
    with pytest.raises(_core.AuthenticationError) as caught:
        model(provider).complete(PROMPT)
    message = str(caught.value)
    assert message.startswith(f"{provider} ({echo.url}"), message
    assert "returned 401" in message
    assert "invalid API key" in message, "katan's own words are kept"
    assert wrong not in message
    assert KEYS[provider] not in message, "the key katan wanted is a secret too"


def test_an_echoed_prompt_stores_no_memory(
    vibectl: Vibectl, katan: Server, isolated_home: Path
) -> None:
    """The echo repeats the request for a memory update, tags and all; it is not a memory."""
    vibectl.env["ANTHROPIC_BASE_URL"] = katan.url
    vibectl.env["VIBECTL_ANTHROPIC_API_KEY"] = KEYS["anthropic"]
    done = vibectl.run("get", "pods")
    assert done.returncode == 0, done.stderr
    assert f"model={MODEL}" in done.stdout
    assert "<memory>" in done.stdout, "an echo that is not a memory block is shown as it came"
    memory = isolated_home / ".local" / "state" / "vibectl" / "memory.txt"
    assert not memory.exists() or memory.read_text().strip() in {"", "(empty)"}
