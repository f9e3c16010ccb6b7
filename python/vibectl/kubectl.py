"""Running kubectl: an argv list (never a shell), with no API key in the child's environment."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class KubectlNotFoundError(Exception):
    """kubectl could not be started."""


@dataclass(frozen=True)
class KubectlResult:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str


def child_environment(hidden: Iterable[str]) -> dict[str, str]:
    """The user's environment minus every variable vibectl reads a key from."""
    drop = set(hidden)
    return {name: value for name, value in os.environ.items() if name not in drop}


def kubectl_argv(
    args: Sequence[str], *, kubectl: str = "kubectl", kubeconfig: str | None = None
) -> list[str]:
    """The command line: the configured kubeconfig is added unless the user gave one."""
    argv = [os.path.expanduser(kubectl), *args]
    user_gave_one = any(a == "--kubeconfig" or a.startswith("--kubeconfig=") for a in args)
    if kubeconfig and not user_gave_one:
        argv.append(f"--kubeconfig={os.path.expanduser(kubeconfig)}")
    return argv


def run_kubectl(argv: Sequence[str], *, hidden_env: Iterable[str]) -> KubectlResult:
    argv = list(argv)
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            env=child_environment(hidden_env),
            check=False,
        )
    except FileNotFoundError:
        raise KubectlNotFoundError(
            f"{argv[0]} was not found; install kubectl or set core.kubectl_command"
        ) from None
    except PermissionError as exc:
        raise KubectlNotFoundError(f"kubectl could not be started: {exc}") from None
    return KubectlResult(argv, done.returncode, done.stdout, done.stderr)
