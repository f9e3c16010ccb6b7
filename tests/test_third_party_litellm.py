"""vibectl behind a real LiteLLM proxy (tests/support/third_party/litellm_proxy.py), configured as
docs/models.md tells a team to: `[providers.litellm] kind = "openai"`, its base URL, the gateway's
key. Behind the proxy, the suite's loopback server plays an Anthropic and an OpenAI upstream."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from support.core.asks import PROMPT, SCALE
from support.core.wires import FAST, KEYS
from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.third_party.litellm_proxy import GATEWAY_KEY, UPSTREAM_KEYS, LiteLLMProxy
from support.vibectl_cli import PLANTED_KEY, Vibectl
from vibectl import _core

SUMMARY = "worker-1 keeps crashing; the other pods are fine."
# The proxy's model names per upstream wire format: today's, and a team name of their own.
UPSTREAMS = {
    "anthropic": ("claude-sonnet-5-5", "team-sonnet"),
    "openai": ("gpt-6.2-sol", "team-sol"),
}


@pytest.fixture
def gateway(
    litellm_proxy: LiteLLMProxy,
    llm_server: LLMServer,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> LiteLLMProxy:
    """vibectl configured for the proxy, holding the providers' own keys too (never to be sent)."""
    config = isolated_home / ".config" / "vibectl" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f'[providers.litellm]\nkind = "openai"\nbase_url = "{litellm_proxy.base_url}"\n'
    )
    monkeypatch.setenv("VIBECTL_LITELLM_API_KEY", GATEWAY_KEY)
    for provider, key in KEYS.items():
        monkeypatch.setenv(f"VIBECTL_{provider.upper()}_API_KEY", key)
    return litellm_proxy


def model(name: str) -> _core.Model:
    return _core.get_model(f"litellm/{name}").with_settings(FAST)


def assert_upstream_keys(server: LLMServer, provider: str) -> None:
    """Upstream got the proxy's key for it; none of vibectl's keys went past the proxy."""
    assert server.requests, "the proxy reached the upstream"
    for request in server.requests:
        assert request.provider == provider
        sent = json.dumps(dict(request.headers)) + request.raw.decode()
        assert UPSTREAM_KEYS[provider] in sent
        for key in (GATEWAY_KEY, PLANTED_KEY, *KEYS.values()):
            assert key not in sent


@pytest.mark.parametrize("provider", UPSTREAMS)
@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_a_summary_through_the_proxy(
    gateway: LiteLLMProxy, llm_server: LLMServer, provider: str, streamed: bool
) -> None:
    llm_server.reply_text(SUMMARY)
    chosen = model(UPSTREAMS[provider][0])
    text = "".join(chosen.stream(PROMPT)) if streamed else chosen.complete(PROMPT).text
    assert text == SUMMARY
    [upstream] = llm_server.requests
    assert upstream.stream == streamed
    assert_upstream_keys(llm_server, provider)


@pytest.mark.parametrize("provider", UPSTREAMS)
def test_a_plan_with_todays_model_names(
    gateway: LiteLLMProxy, llm_server: LLMServer, provider: str
) -> None:
    """The registry knows these models take the schema as the answer format: asked so at once."""
    llm_server.reply_text('{"replicas": 2}')
    assert model(UPSTREAMS[provider][0]).call_tool(PROMPT, SCALE).arguments == {"replicas": 2}
    [upstream] = llm_server.requests
    assert "tools" not in upstream.body
    assert_upstream_keys(llm_server, provider)


@pytest.mark.parametrize("provider", UPSTREAMS)
def test_a_plan_with_a_team_model_name_is_negotiated_once_and_remembered(
    gateway: LiteLLMProxy,
    llm_server: LLMServer,
    provider: str,
    isolated_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """LiteLLM refuses a forced tool for these upstreams (400 UnsupportedParamsError); vibectl
    asks again with the schema as the answer format, and remembers that for the next plan."""
    name = UPSTREAMS[provider][1]
    llm_server.reply_text('{"replicas": 2}', times=2)
    with caplog.at_level(logging.INFO):
        _core.refresh_logging()
        assert model(name).call_tool(PROMPT, SCALE).arguments == {"replicas": 2}
    assert any("json_schema" in r.getMessage() for r in caplog.records), caplog.text
    remembered = json.loads(
        (isolated_home / ".cache" / "vibectl" / "structured-output.json").read_text()
    )
    assert remembered["models"] == {f"litellm {gateway.base_url} {name}": "json_schema"}
    caplog.clear()
    with caplog.at_level(logging.INFO):
        _core.refresh_logging()
        assert model(name).call_tool(PROMPT, SCALE).arguments == {"replicas": 2}
    _core.refresh_logging()
    assert not any("refuses" in r.getMessage() for r in caplog.records), caplog.text
    assert len(llm_server.requests) == 2, "each plan reached the upstream once"
    assert_upstream_keys(llm_server, provider)


def test_a_wrong_key_names_the_gateway_and_its_url(
    gateway: LiteLLMProxy, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "sk-wrong-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d"
    monkeypatch.setenv("VIBECTL_LITELLM_API_KEY", wrong)
    with pytest.raises(_core.ProviderError) as caught:
        model("gpt-6.2-sol").complete(PROMPT)
    message = str(caught.value)
    assert message.startswith(f"litellm ({gateway.base_url}) returned 400"), message
    assert message.count("400") == 1, message
    assert "openai" not in message
    assert wrong not in message
    assert caught.value.provider == "litellm"
    assert not llm_server.requests


def test_vibectl_plans_and_summarises_through_the_proxy(
    gateway: LiteLLMProxy, llm_server: LLMServer, vibectl: Vibectl
) -> None:
    """The whole command as a team runs it: a plan negotiated with the proxy, the real kubectl
    against the emulator, the summary streamed back through the proxy."""
    vibectl.env["VIBECTL_LITELLM_API_KEY"] = GATEWAY_KEY
    args = ["get", "pods", "-n", PAYMENTS]
    llm_server.reply_text(json.dumps({"action": "command", "args": args, "explanation": "list"}))
    llm_server.reply_text("Two api pods run; billing-worker crash-loops.")
    done = vibectl.run("get", "vibe", "show the payments pods", "--model", "litellm/team-sonnet")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Two api pods run; billing-worker crash-loops.\n"
    assert f"Running: kubectl get pods --namespace={PAYMENTS}" in done.stderr
    planner, summary = llm_server.requests
    assert "tools" not in planner.body, "the proxy refused the forced tool; the schema was sent"
    assert summary.stream
    assert_upstream_keys(llm_server, "anthropic")
