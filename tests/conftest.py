"""Shared test setup: every test gets its own HOME and XDG dirs; fixtures come from tests/support."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["support.llm_plugin", "support.k8s_plugin"]

# Variables from the developer's own shell that would let a test read real state or keys.
_LEAKY_PREFIXES = ("VIBECTL_", "ANTHROPIC_", "OPENAI_", "OLLAMA_", "LLM_", "KUBECONFIG", "XDG_")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh HOME and XDG tree per test; no real config, keys or kubeconfig are visible."""
    for name in list(os.environ):
        if name.startswith(_LEAKY_PREFIXES) or name == "CREDENTIALS_DIRECTORY":
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    for sub in ("", ".config", ".local/state", ".cache", ".local/share"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    return home
