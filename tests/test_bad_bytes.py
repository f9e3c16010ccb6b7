"""Bad bytes get one line and a non-zero exit, never a traceback: arguments that are not UTF-8
(Python holds them as lone surrogates and passes them on as the bytes they were), and a kubectl
that cannot be started at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl


@pytest.mark.parametrize(
    "command",
    [
        ["get", "pods", "\udcff"],
        ["describe", "pods", "\udcff"],
        ["rollout", "status", "\udcff"],
        ["get", "vibe", "\udcff"],
        ["vibe", "\udcff"],
        ["check", "\udcff"],
        ["memory", "set", "\udcff"],
        ["instructions", "set", "\udcff"],
        ["config", "set", "system.custom_instructions", "\udcff"],
        ["--model", "\udcff", "get", "pods"],
    ],
)
def test_bytes_that_are_not_utf8_get_one_line_and_no_traceback(
    vibectl: Vibectl, llm_server: LLMServer, command: list[str]
) -> None:
    done = vibectl.run(*command)  # Python passes "\udcff" to the child as the byte 0xff
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr
        == "vibectl: error: $'\\xff' is not valid UTF-8 text; only `vibectl just` passes bytes\n"
    )
    assert llm_server.requests == []


def test_just_passes_bytes_to_kubectl(vibectl: Vibectl) -> None:
    done = vibectl.run("just", "get", "pods", "-n", PAYMENTS, "\udcff")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "not found" in done.stderr, "kubectl itself ran and answered"


def test_a_kubectl_that_cannot_be_started_is_one_line(
    vibectl: Vibectl, isolated_home: Path
) -> None:
    config = isolated_home / ".config" / "vibectl" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[core]\nkubectl_command = "kube\\u0000ctl"\n')
    for command in (["get", "pods"], ["just", "get", "pods"]):
        done = vibectl.run(*command)
        assert done.returncode == 127
        assert done.stderr == "vibectl: error: kubectl could not be started: embedded null byte\n"
