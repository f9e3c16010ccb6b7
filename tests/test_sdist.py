"""The sdist scripts/build-wheels makes: what pip compiles where no wheel fits. It holds what
the wheel is built from, and pip builds it into a wheel that installs and runs."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from support.release_files import release_sdist

REPO = Path(__file__).resolve().parent.parent
# The environment scripts/build-wheels ran in, read before each test gets its own HOME: rustup
# finds its toolchain there, and maturin its zig wrappers (in the cache dir), whose paths cargo
# counts as part of every crate's build.
BUILD_ENV = dict(os.environ)


def test_the_sdist_holds_what_the_wheel_is_built_from() -> None:
    sdist = release_sdist()
    root = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert all(name.startswith(f"{root}/") for name in names)
    assert {name.split("/")[1] for name in names} == {
        "Cargo.lock",
        "Cargo.toml",
        "LICENSE",
        "PKG-INFO",
        "README.md",
        "pyproject.toml",
        "python",
        "src",
    }
    tracked = subprocess.run(
        ["git", "ls-files", "src", "python"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    missing = sorted(set(tracked) - {name.removeprefix(f"{root}/") for name in names})
    assert not missing, f"the sdist lacks {missing}"


@pytest.mark.timeout(1200)
def test_pip_builds_the_sdist_into_a_wheel_that_runs(tmp_path: Path) -> None:
    """pip's PEP 517 build of the sdist, with the suite's pinned maturin and no build isolation
    so cargo reuses the dependencies scripts/build-wheels compiled (same target dir, same zig
    build); the crate itself is compiled anew from the sdist's sources, whose times are set to
    now (the archive's are older than the last build, which would let cargo skip it)."""
    with tarfile.open(release_sdist()) as archive:
        archive.extractall(tmp_path / "sdist", filter="data")
    (source,) = (tmp_path / "sdist").iterdir()
    now = time.time()
    for path in source.rglob("*"):
        os.utime(path, (now, now))
    bin_dir = Path(sys.executable).parent
    env = {
        **BUILD_ENV,
        "PATH": f"{bin_dir}{os.pathsep}{BUILD_ENV['PATH']}",
        "CARGO_TARGET_DIR": BUILD_ENV.get("CARGO_TARGET_DIR", str(REPO / "target")),
        "MATURIN_PEP517_ARGS": "--locked --zig --compatibility manylinux2014",
    }
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--disable-pip-version-check",
            "--no-build-isolation",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        env=env,
        check=True,
        timeout=1200,
    )
    (wheel,) = wheels.iterdir()
    assert wheel.name == release_sdist().name.replace(
        ".tar.gz", "-cp311-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
    )
    subprocess.run(
        ["bash", str(REPO / "scripts" / "smoke-test"), str(wheel), sys.executable],
        check=True,
        timeout=300,
    )
