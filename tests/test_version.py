"""One version, in Cargo.toml: the crate, the core's `__version__`, the sdist and the wheel take
it from there (maturin reads it for pyproject.toml's dynamic version), and so does the Nix
package (tests/nix/package.nix checks that side)."""

from __future__ import annotations

import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

from support.release_files import release_sdist, release_wheel

REPO = Path(__file__).resolve().parent.parent


def cargo_version() -> str:
    with (REPO / "Cargo.toml").open("rb") as f:
        version: str = tomllib.load(f)["package"]["version"]
    return version


def test_pyproject_takes_the_version_from_cargo() -> None:
    with (REPO / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    assert "version" not in project
    assert "version" in project["dynamic"]


def test_core_sdist_and_wheel_carry_cargos_version() -> None:
    from vibectl import __version__, _core

    version = cargo_version()
    assert __version__ == _core.__version__ == version

    sdist = release_sdist()
    assert sdist.name == f"vibectl-{version}.tar.gz"
    with tarfile.open(sdist) as archive:
        member = archive.extractfile(f"vibectl-{version}/PKG-INFO")
        assert member is not None
        assert Parser().parsestr(member.read().decode())["Version"] == version

    wheel = release_wheel()
    assert wheel.name.startswith(f"vibectl-{version}-")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"vibectl-{version}.dist-info/METADATA").decode()
    assert Parser().parsestr(metadata)["Version"] == version
