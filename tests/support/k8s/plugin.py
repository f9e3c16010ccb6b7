"""pytest plugin: the pinned kubectl and a Kubernetes API emulator on loopback.

Fixtures:
- `kubectl_bin` (session): Path of kubectl v1.31.9 under `${VIBECTL_TOOLS_DIR:-<repo>/.tools}/bin`;
  fails the test (never skips) when it is missing or another version.
- `k8s_emulator` (session): the emulator process (tests/support/k8s/emulator.py), started once.
- `k8s` (function): resets the emulator to the seeded cluster (tests/support/k8s/seed.py) and
  returns a `Cluster` handle: `.url`, `.kubeconfig`, `.env()`, `.kubectl(*args)`, `.reset()`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.k8s.emulator import kubeconfig_text

REPO_ROOT = Path(__file__).resolve().parents[3]
KUBECTL_VERSION = "v1.31.9"
INSTALL_HINT = "run tests/tools/install-kubectl"
EMULATOR_SCRIPT = Path(__file__).resolve().with_name("emulator.py")
STARTUP_TIMEOUT = 30.0

# Read at import, before tests/conftest.py's per-test isolation removes VIBECTL_* variables.
_TOOLS_DIR_OVERRIDE = os.environ.get("VIBECTL_TOOLS_DIR")


def tools_dir() -> Path:
    return Path(_TOOLS_DIR_OVERRIDE) if _TOOLS_DIR_OVERRIDE else REPO_ROOT / ".tools"


def _loopback_post(url: str, timeout: float = 10.0) -> bytes:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    request = urllib.request.Request(url, data=b"", method="POST")
    with opener.open(request, timeout=timeout) as response:
        body: bytes = response.read()
        return body


@pytest.fixture(scope="session")
def kubectl_bin() -> Path:
    """The pinned kubectl; the test fails with an install hint if it is absent or wrong."""
    path = tools_dir() / "bin" / "kubectl"
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"kubectl {KUBECTL_VERSION} is not installed at {path}: {INSTALL_HINT}", pytrace=False
        )
    result = subprocess.run(
        [str(path), "version", "--client", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    try:
        version = json.loads(result.stdout)["clientVersion"]["gitVersion"]
    except (ValueError, KeyError, TypeError):
        version = f"unknown ({result.stderr.strip() or result.stdout.strip()})"
    if version != KUBECTL_VERSION:
        pytest.fail(
            f"{path} is kubectl {version}, the tests need {KUBECTL_VERSION}: {INSTALL_HINT}",
            pytrace=False,
        )
    return path


class EmulatorProcess:
    """The emulator running as a child process; its output goes to files in `log_dir`."""

    def __init__(self, log_dir: Path) -> None:
        self.stdout_path = log_dir / "emulator.stdout"
        self.log_path = log_dir / "emulator.log"  # stderr: one line per request, tracebacks
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        with self.stdout_path.open("wb") as out, self.log_path.open("wb") as err:
            self._process = subprocess.Popen(
                [sys.executable, str(EMULATOR_SCRIPT), "--port", "0", "--verbose"],
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            first_line = self.stdout_path.read_text().partition("\n")
            if first_line[1] and first_line[0].startswith("listening "):
                self.url = first_line[0].removeprefix("listening ").strip()
                return self.url
            if self._process.poll() is not None:
                break
            time.sleep(0.02)
        self.stop()
        pytest.fail(f"the Kubernetes emulator did not start:\n{self.output()}", pytrace=False)

    def output(self) -> str:
        stdout = self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""
        stderr = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return f"--- stdout ---\n{stdout}--- stderr (last 4000 chars) ---\n{stderr[-4000:]}"

    def check_alive(self) -> None:
        if self._process is None or self._process.poll() is not None:
            pytest.fail(f"the Kubernetes emulator has exited:\n{self.output()}", pytrace=False)

    def reset(self) -> None:
        self.check_alive()
        _loopback_post(f"{self.url}/_emulator/reset")

    def stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(timeout=10)


@pytest.fixture(scope="session")
def k8s_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """One emulator process for the whole session (reset per test by the `k8s` fixture)."""
    emulator = EmulatorProcess(tmp_path_factory.mktemp("k8s-emulator"))
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()


@dataclass(frozen=True)
class Cluster:
    """A freshly seeded emulated cluster and the pinned kubectl pointed at it."""

    url: str
    kubeconfig: Path
    kubectl_bin: Path
    cache_dir: Path
    emulator: EmulatorProcess

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """`base` (default: the current os.environ) with KUBECONFIG set, kubectl's discovery
        cache in the test's tmp dir, and the pinned kubectl's directory first on PATH."""
        env = dict(os.environ if base is None else base)
        env["KUBECONFIG"] = str(self.kubeconfig)
        env["KUBECACHEDIR"] = str(self.cache_dir)
        path = env.get("PATH", "")
        env["PATH"] = str(self.kubectl_bin.parent) + (os.pathsep + path if path else "")
        return env

    def kubectl(
        self, *args: str, input: str | None = None, timeout: float = 60.0
    ) -> subprocess.CompletedProcess[str]:
        """Run the real kubectl against the emulator (not checked: assert on returncode)."""
        return subprocess.run(
            [str(self.kubectl_bin), *args],
            input=input,
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=timeout,
            check=False,
        )

    def reset(self) -> None:
        """Restore the seeded state (the `k8s` fixture already does this before each test)."""
        self.emulator.reset()


@pytest.fixture
def k8s(k8s_emulator: EmulatorProcess, kubectl_bin: Path, tmp_path: Path) -> Cluster:
    k8s_emulator.reset()
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(kubeconfig_text(k8s_emulator.url))
    return Cluster(
        url=k8s_emulator.url,
        kubeconfig=kubeconfig,
        kubectl_bin=kubectl_bin,
        cache_dir=tmp_path / "kube-cache",
        emulator=k8s_emulator,
    )
