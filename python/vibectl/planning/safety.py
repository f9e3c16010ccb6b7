"""What a planned kubectl command must pass before it runs, whatever the model said.

The verb must be one of vibectl's verbs; nothing may look like shell syntax (commands run as an
argument list, so a pipe would only be a confusing argument); and no flag may change who
vibectl acts as or which cluster it talks to. Whether to ask for confirmation comes from the
verb table, never from the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vibectl.kubectl.verbs import VERBS, Verb

_SHELL_TOKENS = {"|", "||", "&&", "&", ";", ">", ">>", "<", "<<", "2>&1", "2>"}

# Flags that change identity or target. --context is allowed only as the user gave it.
_IDENTITY_FLAGS = {
    "--kubeconfig",
    "--token",
    "--as",
    "--as-group",
    "--as-uid",
    "--server",
    "-s",
    "--cluster",
    "--user",
    "--username",
    "--password",
    "--client-key",
    "--client-certificate",
    "--certificate-authority",
    "--insecure-skip-tls-verify",
    "--tls-server-name",
}


class RefusedError(Exception):
    """A planned command vibectl will not run; the message says why, in one line."""


@dataclass(frozen=True)
class Checked:
    args: list[str]
    verb: Verb
    manifest: str | None

    @property
    def mutating(self) -> bool:
        return self.verb.mutating


def verb_of(args: Sequence[str]) -> Verb | None:
    """The verb table's row for these arguments (the longest match: `rollout undo`)."""
    matches = [v for v in VERBS if tuple(args[: len(v.kubectl)]) == v.kubectl]
    return max(matches, key=lambda v: len(v.kubectl), default=None)


def _flag_value(args: Sequence[str], flag: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def check(
    args: Sequence[str],
    *,
    manifest: str | None = None,
    required_verb: str | None = None,
    user_context: str | None = None,
    read_only: bool = False,
) -> Checked:
    args = list(args)
    if args[:1] == ["kubectl"]:
        args = args[1:]
    if not args:
        raise RefusedError("the plan has no kubectl command")
    verb = verb_of(args)
    if verb is None:
        raise RefusedError(f"{args[0]!r} is not a kubectl verb vibectl runs")
    if required_verb is not None and verb.kubectl[0] != required_verb:
        raise RefusedError(f"the plan runs `kubectl {verb.name}`, but this is `{required_verb}`")
    if verb.live and required_verb != verb.kubectl[0]:
        raise RefusedError(
            f"`kubectl {verb.name}` runs until stopped; run it yourself: vibectl {verb.name} …"
        )
    if read_only and verb.mutating:
        raise RefusedError(f"`kubectl {verb.name}` changes the cluster; only reading is allowed")
    for arg in args:
        if arg in _SHELL_TOKENS or "$(" in arg or "`" in arg:
            raise RefusedError(
                f"{arg!r} is shell syntax; vibectl runs one kubectl command, no shell"
            )
        name = arg.split("=", 1)[0]
        if name in _IDENTITY_FLAGS:
            raise RefusedError(f"{name} changes who or where vibectl acts; refused")
    context = _flag_value(args, "--context")
    if context is not None and context != user_context:
        raise RefusedError("--context changes the cluster; pass --context yourself to allow it")
    if manifest is not None and "-" not in (
        _flag_value(args, "-f"),
        _flag_value(args, "--filename"),
    ):
        args += ["-f", "-"]
    return Checked(args, verb, manifest)
