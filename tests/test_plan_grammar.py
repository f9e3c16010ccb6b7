"""Planned words over kubectl's whole flag grammar (pflag's spellings, from the pinned kubectl's
flag table): whatever kubectl would read as another cluster, server, user, identity, kubeconfig,
token or context, or as a local file to read or write, is refused in every spelling; what is
left runs in one normalised form that reads the same way again."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vibectl.kubectl.grammar import GrammarError, parse
from vibectl.planning.safety import (
    REFUSED_COMMANDS,
    REFUSED_GLOBAL,
    REFUSED_LOCAL,
    RefusedError,
    check,
    verb_of,
)

TABLE = json.loads(resources.files("vibectl.kubectl").joinpath("flags.json").read_text())
MINE = "mine"  # the --context the user gave
JUDGED = {"filename", "output", "context"}
# Commands a plan may run, with the flags each reads (its own, then the global ones).
PATHS = sorted(
    name
    for name, command in TABLE["commands"].items()
    if not command["subcommands"] and tuple(name.split()[:2]) not in REFUSED_COMMANDS
)

_name = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_value = st.text("abcdefghijklmnopqrstuvwxyz0123456789=,./:{}[]*", min_size=1, max_size=12).filter(
    lambda v: not v.startswith("-")
)
# Files and servers a plan might aim at: loopback and scratch paths only, as kubectl runs these.
_place = st.sampled_from(["127.0.0.1:9", "local", "./local", "/nonexistent/x", "~/x", "a_b-c.d"])


def flags_of(path: str) -> dict[str, tuple[str, str, bool]]:
    """long name -> (shorthand, kind, is global), the command's own flag winning."""
    flags = {n: (s, k, True) for n, (s, k) in TABLE["global"].items()}
    flags.update({n: (s, k, False) for n, (s, k) in TABLE["commands"][path]["flags"].items()})
    return flags


def refused(name: str, is_global: bool) -> bool:
    return name in (REFUSED_GLOBAL if is_global else REFUSED_LOCAL)


def spellings(
    draw: st.DrawFn, flags: dict[str, tuple[str, str, bool]], name: str, value: str
) -> list[str]:
    """One of the ways pflag reads `--name value` (value ignored for flags that take none)."""
    short, kind, _ = flags[name]
    bools = "".join(
        s for s, k, g in flags.values() if s and k == "bool" and not refused_short(flags, s)
    )
    long = draw(st.sampled_from([f"--{name}", f"--{name.replace('-', '_')}"]))
    if kind in ("bool", "optional"):
        forms = [[long], [f"{long}=true" if kind == "bool" else f"{long}={value}"]]
        if short:
            forms.append([f"-{draw(st.text(bools, max_size=2))}{short}"])
        return draw(st.sampled_from(forms))
    forms = [[f"{long}={value}"], [long, value]]
    if short:
        run = draw(st.text(bools, max_size=3))
        forms += [[f"-{run}{short}{value}"], [f"-{run}{short}", value], [f"-{short}={value}"]]
    return draw(st.sampled_from(forms))


def refused_short(flags: dict[str, tuple[str, str, bool]], short: str) -> bool:
    return any(s == short and refused(n, g) for n, (s, _, g) in flags.items())


@st.composite
def safe_unit(draw: st.DrawFn, path: str) -> list[str]:
    """Words a plan may give: an argument, or a flag that is neither refused nor judged."""
    flags = flags_of(path)
    allowed = sorted(n for n, (_, _, g) in flags.items() if not refused(n, g) and n not in JUDGED)
    if not allowed or draw(st.booleans()):
        return [draw(_name)]
    return spellings(draw, flags, draw(st.sampled_from(allowed)), draw(_value))


@st.composite
def dangerous_unit(draw: st.DrawFn, path: str) -> list[str]:
    """Words that point kubectl elsewhere or at a local file, in any spelling."""
    flags = flags_of(path)
    names = sorted(n for n, (_, _, g) in flags.items() if refused(n, g))
    choices = [("refused", n) for n in names]
    if "context" in flags:
        choices.append(("context", "context"))
    if "filename" in flags and not flags["filename"][2]:
        choices.append(("filename", "filename"))
    if "output" in flags and not flags["output"][2]:
        choices.append(("output", "output"))
    kind, name = draw(st.sampled_from(choices))
    place = draw(_place)
    if kind == "context":
        value = draw(_name.filter(lambda v: v != MINE))
    elif kind == "filename":
        value = draw(
            st.sampled_from([place, f"http://{place}", f"-,{place}", f"{place},-", "/etc/hostname"])
        )
    elif kind == "output":
        form = draw(
            st.sampled_from(
                ["go-template-file", "jsonpath-file", "custom-columns-file", "templatefile"]
            )
        )
        value = f"{form}={place}"
    else:
        value = draw(st.sampled_from([place, "https://127.0.0.1:9", "http://127.0.0.1:9"]))
    return spellings(draw, flags, name, value)


@st.composite
def plans(
    draw: st.DrawFn, *, dangerous: bool | None, paths: Sequence[str] = PATHS
) -> tuple[str, list[str]]:
    """A command and its words; `dangerous` None: with or without a dangerous flag."""
    path = draw(st.sampled_from(paths))
    units = draw(st.lists(safe_unit(path), max_size=6))
    if dangerous is None:
        dangerous = draw(st.booleans())
    if dangerous:
        units.insert(draw(st.integers(0, len(units))), draw(dangerous_unit(path)))
    if draw(st.booleans()):  # the user's own context, which is allowed
        units.insert(draw(st.integers(0, len(units))), [f"--context={MINE}"])
    return path, [*path.split(), *(word for unit in units for word in unit)]


def judge(words: list[str]) -> list[str]:
    # port-forward runs until stopped, so only `vibectl port-forward vibe` may plan it.
    live = "port-forward" if words[:1] == ["port-forward"] else None
    return check(words, user_context=MINE, required_verb=live).args


@settings(max_examples=600, deadline=None)
@given(plans(dangerous=True))
def test_nothing_that_reaches_another_cluster_identity_or_file_passes(
    plan: tuple[str, list[str]],
) -> None:
    _, words = plan
    with pytest.raises(RefusedError):
        judge(words)


@settings(max_examples=400, deadline=None)
@given(plans(dangerous=False))
def test_the_rest_runs_in_one_normalised_form(plan: tuple[str, list[str]]) -> None:
    path, words = plan
    args = judge(words)
    assert args[: len(path.split())] == path.split()
    assert judge(args) == args, "the normalised form reads the same way again"
    flags = [a for a in args if a.startswith("-")]
    assert all(a.startswith("--") for a in flags), "every flag in one word, by its long name"
    assert f"--context={MINE}" in args, "the user's context is always passed"
    assert not [g for g in parse(args).given if refused(g.flag.name, g.flag.is_global)]


@pytest.mark.parametrize(
    "words",
    [
        ["get", "pods", "-shttps://127.0.0.1:9"],
        ["get", "pods", "-Ashttps://127.0.0.1:9"],
        ["get", "pods", "-As", "https://127.0.0.1:9"],
        ["get", "pods", "--context=mine", "--context=evil"],
        ["get", "pods", "--profile=cpu", "--profile-output=/tmp/profile"],
        ["get", "pods", "--cache-dir=/tmp/cache"],
        ["get", "pods", "-o", "go-template-file=/etc/hostname"],
        ["get", "-f", "http://127.0.0.1:9/pods.yaml"],
        ["get", "pods", "--client_key=/tmp/key"],
        ["get", "pods", "-kdir"],
        ["create", "configmap", "c", "--from-file=/etc/hostname"],
        ["create", "secret", "tls", "t", "--cert=/tmp/c", "--key=/tmp/k"],
        ["patch", "deploy", "api", "--patch-file=/tmp/p"],
        ["cluster-info", "dump", "--output-directory=/tmp/dump"],
        ["create", "token", "default"],
        ["apply", "edit-last-applied", "deploy/api"],
        ["apply", "--dry-run", "-shttp://127.0.0.1:9", "-f", "-"],
        ["get", "pods", "-n", "-shttp://127.0.0.1:9"],
        ["create", "-n", "x", "deployment", "web", "--image=nginx"],
        ["get", "pods", "--bogus"],
        ["get", "pods", "-Z"],
        ["get", "pods", "--watch=maybe"],
        ["rollout", "--server=x", "status", "deploy/api"],
    ],
)
def test_the_issues_bypasses_are_refused(words: list[str]) -> None:
    with pytest.raises(RefusedError):
        judge(words)


@pytest.mark.parametrize(
    ("words", "normalised"),
    [
        (["get", "pods", "-n", "payments"], ["get", "pods", "--namespace=payments"]),
        (["get", "pods", "-Aowide"], ["get", "pods", "--all-namespaces", "--output=wide"]),
        (["get", "pods", "-n", "a", "-nb"], ["get", "pods", "--namespace=a", "--namespace=b"]),
        (
            ["get", "pods", "-L", "a", "-Lb"],
            ["get", "pods", "--label-columns=a", "--label-columns=b"],
        ),
        (["top", "po", "-A"], ["top", "pod", "--all-namespaces"]),
        (["apply", "--dry-run", "-f", "-"], ["apply", "--dry-run", "--filename=-"]),
        (
            ["create", "rolebinding", "rb", "--clusterrole=view", "--user=alice"],
            ["create", "rolebinding", "rb", "--clusterrole=view", "--user=alice"],
        ),
        (
            ["create", "deployment", "web", "--image=nginx", "--", "date", "--server=x"],
            ["create", "deployment", "web", "--image=nginx", "--", "date", "--server=x"],
        ),
    ],
)
def test_spellings_are_normalised_as_kubectl_reads_them(
    words: list[str], normalised: list[str]
) -> None:
    assert check(words).args == normalised


def test_every_verb_with_two_words_is_its_own_verb() -> None:
    for path in PATHS:
        verb = verb_of(path.split())
        assert verb is not None, path
        assert check(path.split(), required_verb=verb.name).verb == verb


# kubectl's log line header (level, date, time, thread, file:line) and timings vary per run.
_KLOG_HEADER = re.compile(r"^[IWEF]\d{4} [\d:.]+\s+\d+ \S+\] ", re.MULTILINE)
# A flag value that makes kubectl panic (`--log-flush-frequency=0`) prints Go's stack, whose
# pointers differ from run to run.
_POINTER = re.compile(r"0x[0-9a-f]+")
_TIMING = re.compile(r"\d+ milliseconds")
_UNREACHABLE = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
users: [{name: u, user: {token: fake}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
current-context: x
"""


def kubectl_reading(kubectl: Path, words: list[str]) -> str:
    """What kubectl did with these words, against a server that is not there: its exit code
    and its log of the requests it tried (every URL, query and header that a flag sets)."""
    with tempfile.TemporaryDirectory() as scratch:
        kubeconfig = Path(scratch) / "config"
        kubeconfig.write_text(_UNREACHABLE)
        done = subprocess.run(
            [str(kubectl), f"--kubeconfig={kubeconfig}", "--request-timeout=5s", "-v=7", *words],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=scratch,
            env={"HOME": scratch, "PATH": "/usr/bin:/bin"},
        )
        log = (done.stdout + done.stderr).replace(scratch, "SCRATCH")
    lines = sorted(
        _POINTER.sub("0x", _TIMING.sub("N ms", _KLOG_HEADER.sub("", log))).splitlines()
    )  # Go's maps
    return "\n".join([f"exit {done.returncode}", *lines])


@settings(max_examples=40, deadline=None)
@given(plans(dangerous=None, paths=["get", "describe", "logs", "events", "top pod"]))
def test_the_real_kubectl_reads_the_words_as_the_parser_does(
    kubectl_bin: Path, plan: tuple[str, list[str]]
) -> None:
    _, words = plan
    try:
        normalised = parse(words).argv()
    except GrammarError:
        assume(False)
        raise
    assert kubectl_reading(kubectl_bin, normalised) == kubectl_reading(kubectl_bin, words)
