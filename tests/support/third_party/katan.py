"""llm-katan (pinned in tests/tools/katan-requirements.txt) with its echo backend on 127.0.0.1: an
OpenAI and an Anthropic server written by others, answering every chat with the prompt echoed.

It checks key values (`--validate-keys`), and its refusal names the key it got and the one it
wanted: a server that echoes a key, as some gateways do.
"""

from __future__ import annotations

import os
from pathlib import Path

from support.third_party.server import Server, free_port, venv_bin

MODEL = "katan-echo"
KEYS = {
    "openai": "sk-proj-katan-5e7a9c1b3d5f7a9c1e3b5d7f9a1c3e5b",
    "anthropic": "sk-ant-katan-6f8b0d2a4c6e8b0d2f4a6c8e0b2d4f6a",
}


def start_katan(workdir: Path) -> Server:
    """The echo server, ready; the caller stops it."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    bin_dir = venv_bin("katan")
    argv = [
        str(bin_dir / "llm-katan"),
        "--model",
        MODEL,
        "--backend",
        "echo",
        "--providers",
        "openai,anthropic",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--validate-keys",
        "--api-keys",
        ",".join(f"{provider}={key}" for provider, key in KEYS.items()),
        "--stats-file",
        str(workdir / "stats.json"),
    ]
    env = {
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin",
        "HOME": str(workdir),
        "NO_PROXY": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
    }
    return Server("llm-katan", argv, port=port, health="/health", cwd=workdir, env=env).start()
