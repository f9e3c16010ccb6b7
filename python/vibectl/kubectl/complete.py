"""Completions from kubectl itself (`kubectl __complete WORDS… INCOMPLETE`, cobra's protocol):
resource types, resource names from the cluster, flags and their values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vibectl.kubectl.run import KubectlInterruptedError, KubectlNotFoundError, run_kubectl

if TYPE_CHECKING:
    from vibectl._core import Settings

# cobra's ShellCompDirectiveError: kubectl could not complete.
_DIRECTIVE_ERROR = 1


def kubectl_completions(
    words: Sequence[str], incomplete: str, settings: Settings
) -> list[tuple[str, str]]:
    """What kubectl offers after WORDS for INCOMPLETE: (value, description) pairs, best first;
    nothing when kubectl cannot be run or cannot complete."""
    try:
        result = run_kubectl(["__complete", *words, incomplete], settings, stdin="")
    except (KubectlNotFoundError, KubectlInterruptedError):
        return []
    lines = result.stdout.splitlines()
    if result.returncode != 0 or not lines or not lines[-1].startswith(":"):
        return []
    try:
        directive = int(lines[-1][1:])
    except ValueError:
        return []
    if directive & _DIRECTIVE_ERROR:
        return []
    pairs = [line.partition("\t") for line in lines[:-1] if line]
    return [(value, description) for value, _, description in pairs]
