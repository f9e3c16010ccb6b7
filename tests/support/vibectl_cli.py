"""Running the installed `vibectl` command as a user would, against the loopback fixtures."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from support.terminal import TerminalRun, run_on_terminal

if TYPE_CHECKING:
    from support.llm.server import LLMServer

# A distinctive fake key: tests assert it never shows up where it must not.
PLANTED_KEY = "sk-ant-planted-3f9c1e7a5b2d4c6e8f0a1b3c5d7e9f1a"


def installed_vibectl(python: Path = Path(sys.executable)) -> Path:
    """The console script installed beside `python`."""
    return python.with_name("vibectl")


@dataclass
class Vibectl:
    """The `vibectl` executable with an environment pointing at the test's cluster and LLM."""

    executable: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(
        self, *args: str, input: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.executable), *args],
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def on_terminal(self, *args: str, stderr_on_terminal: bool = False) -> TerminalRun:
        """Run with stdout (and stderr, if asked) on a pseudo-terminal, as in a shell."""
        return run_on_terminal(
            self.executable, *args, env=self.env, stderr_on_terminal=stderr_on_terminal
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(self.executable), *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def vibectl_env(*, kubectl_dir: Path, kubeconfig: Path, llm_url: str) -> dict[str, str]:
    """The test's (already isolated) environment plus the cluster, the LLM endpoint and a key."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(kubectl_dir), "/usr/local/bin", "/usr/bin", "/bin"])
    env["KUBECONFIG"] = str(kubeconfig)
    env["ANTHROPIC_BASE_URL"] = llm_url
    env["VIBECTL_ANTHROPIC_API_KEY"] = PLANTED_KEY
    return env


def env_recording_kubectl(vibectl: Vibectl, directory: Path) -> Path:
    """Put a wrapper first on vibectl's PATH that records the environment kubectl is given, then
    runs the real kubectl; returns the file the environment is written to. The arguments are
    written beside it, one per line, to `args.txt`."""
    real = Path(vibectl.env["PATH"].split(os.pathsep)[0]) / "kubectl"
    directory.mkdir(parents=True, exist_ok=True)
    wrapper = directory / "kubectl"
    seen = directory / "env.txt"
    args = directory / "args.txt"
    wrapper.write_text(
        f'#!/bin/sh\nenv > "{seen}"\nprintf \'%s\\n\' "$@" > "{args}"\nexec "{real}" "$@"\n'
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    vibectl.env["PATH"] = f"{directory}{os.pathsep}{vibectl.env['PATH']}"
    return seen


def sent_prompt(server: LLMServer) -> str:
    """The user text of the one request the model was sent."""
    [request] = server.requests
    content = request.body["messages"][0]["content"]
    assert isinstance(content, str)
    return content
