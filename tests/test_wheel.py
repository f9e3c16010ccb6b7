"""What `pip install vibectl` users get on Linux: the manylinux2014 release wheel that
scripts/build-wheels makes, its tags, and the wheel in a fresh venv, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from support.k8s.plugin import Cluster
from support.llm.server import LLMServer
from support.release_files import release_wheel
from support.vibectl_cli import Vibectl, installed_vibectl, vibectl_env

REPO = Path(__file__).resolve().parent.parent


# abi3 for CPython >= 3.11; glibc 2.17 and newer, in the legacy and the PEP 600 spelling.
TAGS = ["cp311-abi3-manylinux2014_x86_64", "cp311-abi3-manylinux_2_17_x86_64"]


def test_the_wheel_is_tagged_abi3_manylinux2014() -> None:
    wheel = release_wheel()
    assert wheel.name.endswith("-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/WHEEL"))
        lines = archive.read(info).decode().splitlines()
    assert [line.removeprefix("Tag: ") for line in lines if line.startswith("Tag: ")] == TAGS
    assert "Root-Is-Purelib: false" in lines


def test_auditwheel_finds_the_wheel_consistent_with_its_tag() -> None:
    """auditwheel reads the glibc symbol versions the extension needs: 2.17 at most, and no
    shared library outside the manylinux2014 set, so the tag is honest."""
    shown = subprocess.run(
        [str(Path(sys.executable).with_name("auditwheel")), "show", "--json", str(release_wheel())],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(shown.stdout)
    assert report["overall_tag"] == report["sym_tag"] == "manylinux_2_17_x86_64"
    assert report["external_libs"] == {}


def test_the_wheel_is_one_abi3_wheel_with_stub_and_marker() -> None:
    wheel = release_wheel()
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


def test_smoke_test_passes_on_the_wheel() -> None:
    """scripts/smoke-test, which the release workflow runs on every platform's wheel."""
    subprocess.run(
        ["bash", str(REPO / "scripts" / "smoke-test"), str(release_wheel()), sys.executable],
        check=True,
        timeout=300,
    )
