"""What a planned kubectl command must pass before it runs, whatever the model said.

The words are read with kubectl's own grammar (`kubectl/grammar.py`: the flags of the pinned
kubectl, pflag's spellings) into one normalised command, and that command is judged and run, so
no spelling of a flag reads one way here and another way in kubectl. Refused: a command outside
the verb table, a flag kubectl does not have, any flag that points kubectl at another cluster,
server, user, identity, kubeconfig or token, or makes it read or write a local file or URL, and
words that only make sense to a shell or could not reach kubectl intact. Whether to ask for
confirmation comes from the verb table, never from the model. docs/planning.md lists the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vibectl.kubectl.grammar import Command, GrammarError, parse, subcommands
from vibectl.kubectl.verbs import VERBS, Verb
from vibectl.summary.terminal_text import has_controls, shown_word

# A word that is one of these on its own was meant for a shell; no shell runs the command.
SHELL_WORDS = {"|", "||", "|&", "&", "&&", ";", ";;", "<", "<<", "<<<", ">", ">>", "2>", "2>&1"}
SHELL_SUBSTITUTIONS = ("$(", "`")

# Linux passes at most 128 KiB in one word; a plan needs far less. Manifests go through stdin.
MAX_WORD_BYTES = 16 * 1024
MAX_COMMAND_BYTES = 64 * 1024

_IDENTITY = "changes which cluster, server or user kubectl acts as"
_LOCAL_FILE = "makes kubectl read or write a local file"

# Global flags (`kubectl options`) a plan may not give, and why. --context is judged apart.
REFUSED_GLOBAL = {
    "kubeconfig": _IDENTITY,
    "cluster": _IDENTITY,
    "user": _IDENTITY,
    "server": _IDENTITY,
    "token": _IDENTITY,
    "username": _IDENTITY,
    "password": _IDENTITY,
    "as": _IDENTITY,
    "as-group": _IDENTITY,
    "as-uid": _IDENTITY,
    "certificate-authority": _IDENTITY,
    "client-certificate": _IDENTITY,
    "client-key": _IDENTITY,
    "tls-server-name": _IDENTITY,
    "insecure-skip-tls-verify": _IDENTITY,
    "profile": _LOCAL_FILE + " (a profile)",
    "profile-output": _LOCAL_FILE + " (a profile)",
    "cache-dir": _LOCAL_FILE + " (its cache)",
    "v": "logs kubectl's requests and the answers, secrets included",
    "vmodule": "logs kubectl's requests and the answers, secrets included",
}

# A command's own flags a plan may not give, and why. -f/--filename is judged apart.
REFUSED_LOCAL = {
    "kustomize": _LOCAL_FILE + " (a kustomization)",
    "from-file": _LOCAL_FILE,
    "from-env-file": _LOCAL_FILE,
    "cert": _LOCAL_FILE,
    "key": _LOCAL_FILE,
    "patch-file": _LOCAL_FILE,
    "output-directory": _LOCAL_FILE + " (a dump)",
    "edit": "opens an editor",
    "insecure-skip-tls-verify-backend": "skips checking the kubelet's identity",
    "address": "makes port-forward listen on addresses beyond this machine's loopback",
}

# Commands under the verbs that a plan may not run, and why.
REFUSED_COMMANDS: dict[tuple[str, ...], str] = {
    ("create", "token"): "mints a service account token",
    ("apply", "edit-last-applied"): "opens an editor",
}

# -o: the formats that print what kubectl fetched; the `-file` ones read a local template.
OUTPUT_FORMATS = {
    "json",
    "yaml",
    "name",
    "wide",
    "go-template",
    "template",
    "jsonpath",
    "jsonpath-as-json",
    "custom-columns",
}


class RefusedError(Exception):
    """A planned command vibectl will not run; the message says why, in one line."""


@dataclass(frozen=True)
class Checked:
    #: the normalised command, without `kubectl`
    args: list[str]
    verb: Verb
    manifest: str | None

    @property
    def mutating(self) -> bool:
        return self.verb.mutating


def verb_of(path: Sequence[str]) -> Verb | None:
    """The verb table's row for a command (the longest match: `rollout undo`)."""
    matches = [v for v in VERBS if tuple(path[: len(v.kubectl)]) == v.kubectl]
    return max(matches, key=lambda v: len(v.kubectl), default=None)


def _quoted(word: str) -> str:
    """A word for a message: escaped, and cut if long."""
    return shown_word(word) if len(word) <= 60 else shown_word(word[:60]) + "…"


def _check_words(args: Sequence[str]) -> None:
    sizes = [len(word.encode("utf-8", "surrogateescape")) for word in args]
    if max(sizes) > MAX_WORD_BYTES:
        raise RefusedError(f"an argument is longer than {MAX_WORD_BYTES:,} bytes")
    if sum(sizes) > MAX_COMMAND_BYTES:
        raise RefusedError(f"the command is longer than {MAX_COMMAND_BYTES:,} bytes")
    for word in args:
        if has_controls(word):
            raise RefusedError(f"{_quoted(word)} holds a control character")
        if word in SHELL_WORDS or any(s in word for s in SHELL_SUBSTITUTIONS):
            raise RefusedError(
                f"{_quoted(word)} is shell syntax; vibectl runs one kubectl command, no shell"
            )


def _check_flags(command: Command, *, user_context: str | None) -> None:
    # Every time a flag is given, though kubectl uses only the last of most.
    for given in command.given:
        flag, value = given.flag, given.value
        why = (REFUSED_GLOBAL if flag.is_global else REFUSED_LOCAL).get(flag.name)
        if why:
            raise RefusedError(f"--{flag.name} {why}")
        if flag.name == "context" and flag.is_global and value != user_context:
            raise RefusedError("--context changes the cluster; pass --context yourself to allow it")
        if flag.name == "filename" and not flag.is_global and value != "-":
            raise RefusedError(
                f"-f {_quoted(value or '')} {_LOCAL_FILE} or URL; a plan gives its manifest "
                "through -f -"
            )
        if flag.name == "output" and not flag.is_global:
            form = (value or "").split("=", 1)[0]
            if form not in OUTPUT_FORMATS:
                why = _LOCAL_FILE if "file" in form else "is not an output format a plan may use"
                raise RefusedError(f"-o {_quoted(form)} {why}")


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
    _check_words(args)
    verb = verb_of(args)
    if verb is None:
        raise RefusedError(f"{_quoted(args[0])} is not a kubectl verb vibectl runs")
    if required_verb is not None and verb.name != required_verb:
        raise RefusedError(f"the plan runs `kubectl {verb.name}`, but this is `{required_verb}`")
    if verb.live and required_verb != verb.kubectl[0]:
        raise RefusedError(
            f"`kubectl {verb.name}` runs until stopped; run it yourself: vibectl {verb.name} …"
        )
    if read_only and verb.mutating:
        raise RefusedError(f"`kubectl {verb.name}` changes the cluster; only reading is allowed")
    try:
        command = parse(args)
    except GrammarError as wrong:
        raise RefusedError(str(wrong)) from None
    refused = REFUSED_COMMANDS.get(command.path[:2])
    if refused:
        raise RefusedError(f"`kubectl {' '.join(command.path)}` {refused}")
    if command.arguments and subcommands(command.path):
        raise RefusedError(
            f"`kubectl {' '.join(command.path)}` takes a subcommand, not "
            f"{_quoted(command.arguments[0])}"
        )
    _check_flags(command, user_context=user_context)
    if manifest is not None and "-" not in command.values("filename"):
        try:
            command = command.with_flag("filename", "-")
        except GrammarError as wrong:
            raise RefusedError(f"{wrong}, so it cannot take the manifest") from None
    if user_context is not None and not command.values("context"):
        command = command.with_flag("context", user_context)
    return Checked(command.argv(), verb, manifest)
