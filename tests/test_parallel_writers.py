"""Parallel writers lose nothing: every read-modify-write of the config and the memory holds
the lock file beside it, so many vibectl processes at once each keep their change."""

from __future__ import annotations

import tomllib
from pathlib import Path

from support.vibectl_cli import Vibectl

WRITERS = 16


def test_parallel_config_sets_all_land(vibectl: Vibectl, isolated_home: Path) -> None:
    procs = [
        vibectl.start("config", "set", f"models.aliases.a{i}", f"model-{i}") for i in range(WRITERS)
    ]
    procs += [
        vibectl.start("keys", "set", provider, "--file", f"/run/keys/{provider}")
        for provider in ("anthropic", "openai", "ollama")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    config = tomllib.loads((isolated_home / ".config/vibectl/config.toml").read_text())
    assert config["models"]["aliases"] == {f"a{i}": f"model-{i}" for i in range(WRITERS)}
    for provider in ("anthropic", "openai", "ollama"):
        assert config["providers"][provider]["key_file"] == f"/run/keys/{provider}"


def test_parallel_memory_sets_leave_one_whole_memory(vibectl: Vibectl, isolated_home: Path) -> None:
    texts = [f"memory number {i} " * 20 for i in range(WRITERS)]
    procs = [vibectl.start("memory", "set", text) for text in texts]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    stored = (isolated_home / ".local/state/vibectl/memory.txt").read_text()
    assert stored in {t.strip() for t in texts}
