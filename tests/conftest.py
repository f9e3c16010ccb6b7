"""Shared test setup: each test gets its own HOME and XDG dirs; fixtures live in tests/support."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support.vibectl_cli import Vibectl, installed_vibectl, vibectl_env

if TYPE_CHECKING:
    from support.k8s.plugin import Cluster
    from support.llm.server import LLMServer

pytest_plugins = [
    "support.llm.plugin",
    "support.k8s.plugin",
    "support.core.plugin",
    "support.third_party.plugin",
    "support.older",
]

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
    # The terminal's own settings: tests that look at colours set what they need.
    for terminal in ("NO_COLOR", "COLORTERM"):
        monkeypatch.delenv(terminal, raising=False)
    for proxy in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(proxy, raising=False)
    return home


@pytest.fixture
def vibectl(isolated_home: Path, kubectl_bin: Path, k8s: Cluster, llm_server: LLMServer) -> Vibectl:
    """The installed vibectl, wired to the emulated cluster and the fake LLM server."""
    env = vibectl_env(
        kubectl_dir=kubectl_bin.parent, kubeconfig=k8s.kubeconfig, llm_url=llm_server.url
    )
    return Vibectl(installed_vibectl(), env)
