"""A server someone else wrote, run from its own venv on 127.0.0.1: installed when missing, started
on a free port, ready once its health URL answers 200, stopped by its process id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

REPO = Path(__file__).resolve().parents[3]
INSTALLER = REPO / "tests" / "tools" / "install-third-parties"


def venv_bin(name: str) -> Path:
    """`bin/` of the venv `tests/tools/install-third-parties` makes for `name`, installing it
    first when it is missing (so a test file run on its own needs no other step)."""
    tools = Path(os.environ.get("VIBECTL_TOOLS_DIR", REPO / ".tools"))
    venv = tools / f"{name}-venv"
    if not (venv / ".stamp").exists():
        subprocess.run([str(INSTALLER)], check=True)
    return venv / "bin"


# Straight to loopback, whatever proxy the developer's shell names.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`argv` run in `cwd`, its output in `cwd/server.log`; `start` returns once `health` (a
    path) answers 200 or fails with the log's tail."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        port: int,
        health: str,
        cwd: Path,
        env: Mapping[str, str],
        ready_within: float = 90.0,
    ) -> None:
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._argv = list(argv)
        self._health = health
        self._cwd = cwd
        self._env = dict(env)
        self._ready_within = ready_within
        self._process: subprocess.Popen[bytes] | None = None
        self.log = cwd / "server.log"

    def start(self) -> Server:
        self._cwd.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                self._argv,
                cwd=self._cwd,
                env=self._env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + self._ready_within
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self._process.returncode}: {self.tail()}"
                )
            if self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} not ready within {self._ready_within}s: {self.tail()}")

    def stop(self) -> None:
        """SIGTERM the server's own process group (it was started in a session of its own),
        then SIGKILL it if it lingers."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def tail(self, size: int = 3000) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return text[-size:]

    def _answers(self) -> bool:
        try:
            with _DIRECT.open(self.url + self._health, timeout=2) as response:
                return int(response.status) == 200
        except (OSError, urllib.error.URLError):
            return False

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
