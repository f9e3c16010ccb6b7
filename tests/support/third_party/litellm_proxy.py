"""A real LiteLLM proxy (pinned in tests/tools/litellm-requirements.txt) on 127.0.0.1, in front of
the suite's loopback LLM server: one Anthropic-format and one OpenAI-format upstream, under
today's model names, behind a master key, as a team would run it.

    model_list:
      - claude-sonnet-5-5, team-sonnet -> anthropic/claude-sonnet-5-5 at the loopback server
      - gpt-6.2-sol, team-sol -> openai/gpt-6.2-sol at the loopback server's /v1
    general_settings: {master_key: GATEWAY_KEY}
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from support.third_party.server import Server, free_port, venv_bin

# The key vibectl holds for the gateway, and the provider keys only the gateway holds.
GATEWAY_KEY = "sk-gateway-7c1d9e3f5a2b4c6d8e0f1a3b5c7d9e1f"
UPSTREAM_KEYS = {
    "anthropic": "sk-ant-upstream-2b4d6f8a0c1e3a5c7e9b1d3f5a7c9e1b",
    "openai": "sk-proj-upstream-4d6f8b0a2c4e6a8c0e2b4d6f8a0c2e4d",
}
# The proxy's model name -> the upstream model, as LiteLLM spells it. The team names are ones
# vibectl's registry cannot know, so how to get structured output has to be negotiated.
MODELS = {
    "claude-sonnet-5-5": "anthropic/claude-sonnet-5-5",
    "gpt-6.2-sol": "openai/gpt-6.2-sol",
    "team-sonnet": "anthropic/claude-sonnet-5-5",
    "team-sol": "openai/gpt-6.2-sol",
}


@dataclass(frozen=True)
class LiteLLMProxy:
    server: Server

    @property
    def base_url(self) -> str:
        """As a user configures it: OpenAI-style, with the API version."""
        return f"{self.server.url}/v1"


def config_text(upstream_url: str) -> str:
    """The proxy's config (JSON is YAML) with both upstreams at `upstream_url`."""
    entries = []
    for name, model in MODELS.items():
        provider = model.split("/", 1)[0]
        base = upstream_url if provider == "anthropic" else f"{upstream_url}/v1"
        params = {"model": model, "api_base": base, "api_key": UPSTREAM_KEYS[provider]}
        entries.append({"model_name": name, "litellm_params": params})
    config = {
        "model_list": entries,
        "general_settings": {"master_key": GATEWAY_KEY},
        "litellm_settings": {"num_retries": 0, "request_timeout": 30, "telemetry": False},
    }
    return json.dumps(config, indent=2)


def start_proxy(upstream_url: str, workdir: Path) -> LiteLLMProxy:
    """The proxy, ready; the caller stops `proxy.server`."""
    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "litellm.yaml"
    config.write_text(config_text(upstream_url))
    port = free_port()
    env = {
        "PATH": f"{venv_bin('litellm')}{os.pathsep}/usr/bin:/bin",
        "HOME": str(workdir),
        # Its price map from the package, not the internet; nothing else leaves loopback.
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    argv = [
        str(venv_bin("litellm") / "litellm"),
        "--config",
        str(config),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = Server(
        "LiteLLM proxy", argv, port=port, health="/health/liveliness", cwd=workdir, env=env
    )
    return LiteLLMProxy(server.start())
