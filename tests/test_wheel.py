"""What `pip install vibectl` users get: the release wheel in a fresh venv, end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, installed_vibectl, vibectl_env

REPO = Path(__file__).resolve().parent.parent


def release_wheel() -> Path:
    named = os.environ.get("VIBECTL_TEST_WHEEL")
    wheels = [Path(named)] if named else sorted((REPO / "dist").glob("vibectl-*.whl"))
    if len(wheels) != 1 or not wheels[0].is_file():
        pytest.fail(
            "no single release wheel: run `maturin build --release --out dist` "
            "(scripts/check does) or set VIBECTL_TEST_WHEEL"
        )
    return wheels[0]


def test_the_wheel_is_one_abi3_wheel_with_stub_and_marker() -> None:
    wheel = release_wheel()
    assert "-cp311-abi3-" in wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    assert "vibectl/_core.pyi" in names
    assert "vibectl/py.typed" in names
    assert any(n.startswith("vibectl/_core.") and n.endswith(".so") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_wheel_installs_and_summarises_in_a_fresh_venv(
    tmp_path: Path, kubectl_bin: Path, k8s: Cluster, llm_server: LLMServer
) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(release_wheel()),
        ],
        check=True,
        timeout=300,
    )
    fresh = Vibectl(
        installed_vibectl(python),
        vibectl_env(
            kubectl_dir=kubectl_bin.parent, kubeconfig=k8s.kubeconfig, llm_url=llm_server.url
        ),
    )
    assert fresh.executable != installed_vibectl(Path(sys.executable))
    version = fresh.run("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("vibectl ")
    llm_server.reply_text("[green]All good[/green] in payments.")
    done = fresh.run("get", "pods", "-n", "payments")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "All good in payments.\n"
    assert "billing-worker" in llm_server.requests[0].body["messages"][0]["content"]
