"""A distinctive key in each source reaches the provider's header and nothing else: not stdout,
stderr, debug logs, error messages, `config show`, `keys`, nor the environment kubectl sees."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.key_sources import SOURCES, KeyPlanter, distinctive_key
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, env_recording_kubectl
from vibectl import exit_codes


@pytest.mark.parametrize("source", SOURCES)
def test_the_key_goes_to_the_header_and_nowhere_else(
    source: str, vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path, tmp_path: Path
) -> None:
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    key = distinctive_key(source)
    planter = KeyPlanter(vibectl.env, tmp_path / "secrets")
    planter.plant(source, key)
    planter.write_config(isolated_home)
    child_env = env_recording_kubectl(vibectl, tmp_path / "wrapper")

    llm_server.reply_text("Pods look fine.")
    summary = vibectl.run("-v", "get", "pods", "-n", "payments")
    assert summary.returncode == 0, summary.stderr
    assert "vibectl: debug: [" in summary.stderr, "debug logs were on"
    assert llm_server.requests[-1].headers["x-api-key"] == key

    llm_server.fail(401, message="invalid x-api-key")
    rejected = vibectl.run("-v", "get", "pods", "-n", "payments")
    assert rejected.returncode == exit_codes.MODEL_FAILED
    assert "check the key in" in rejected.stderr

    outputs = [summary, rejected]
    for args in (("config", "show"), ("keys",), ("keys", "--json"), ("keys", "check")):
        done = vibectl.run(*args)
        assert done.returncode == 0, done.stderr
        outputs.append(done)
    for done in outputs:
        assert key not in done.stdout, done.args
        assert key not in done.stderr, done.args
    assert "KUBECONFIG=" in child_env.read_text()
    assert key not in child_env.read_text()
