"""The two installs compared: the peers from PyPI, and our vibectl from this checkout.

Both live in venvs under the cache directory and are reused: pip skips pinned requirements that
are already satisfied, and cargo rebuilds only what changed in the checkout.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PEERS = ("vibectl", "llm", "llm-anthropic")  # pinned in tests/tools/install-older-vibectl


def _venv(path: Path) -> Path:
    if not (path / "bin" / "python").exists():
        _run([sys.executable, "-m", "venv", str(path)])
    return path


def _pip(venv: Path, *args: str) -> None:
    _run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            *args,
        ]
    )


def _run(argv: list[str], cwd: Path | None = None) -> None:
    print(f"bench: {' '.join(argv)}", file=sys.stderr, flush=True)
    subprocess.run(argv, cwd=cwd, check=True, stdout=sys.stderr)


def install_peers(cache: Path, repo: Path) -> Path:
    """The older vibectl, llm and llm-anthropic, pinned, in a venv of their own: the same
    install the compatibility tests use."""
    venv = cache / "venv-peers"
    _run([str(repo / "tests" / "tools" / "install-older-vibectl"), str(venv)])
    return venv


def install_ours(cache: Path, repo: Path) -> Path:
    """Our vibectl as a release wheel built from `repo` (the build reuses `repo`/target)."""
    venv = _venv(cache / "venv-ours")
    _pip(venv, _maturin_pin(repo))
    wheels = cache / "wheel"
    for old in wheels.glob("*.whl"):
        old.unlink()
    maturin = str(venv / "bin" / "maturin")
    python = str(venv / "bin" / "python")
    _run([maturin, "build", "--release", "--locked", "-i", python, "--out", str(wheels)], repo)
    (wheel,) = wheels.glob("*.whl")
    _pip(venv, "--force-reinstall", "--no-deps", str(wheel))
    _pip(venv, f"{wheel}[mcp]")  # its dependencies, with the MCP SDK, when missing
    return venv


def _maturin_pin(repo: Path) -> str:
    """maturin as pinned for the tests, so the bench builds with the same version."""
    for line in (repo / "tests" / "requirements.txt").read_text().splitlines():
        if line.startswith("maturin=="):
            return line.strip()
    raise RuntimeError("tests/requirements.txt pins no maturin")


def versions(venv: Path, *names: str) -> str:
    """`name version` for each distribution installed in `venv`."""
    code = (
        "import sys\nfrom importlib.metadata import version\n"
        "print(', '.join(f'{n} {version(n)}' for n in sys.argv[1:]))"
    )
    argv = [str(venv / "bin" / "python"), "-c", code, *names]
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout.strip()
