"""`vibectl completion`: the script each shell sources, exercised in a real bash (the script's
own completion function over COMP_WORDS, as bash calls it on Tab), resource names asked of the
real kubectl (`kubectl __complete`) against the emulator."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from support.k8s.seed import API_PODS, PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl


def bash_completes(vibectl: Vibectl, line: str) -> list[str]:
    """What bash offers on Tab after `line` (which ends in a space to complete a new word)."""
    words = line.split(" ")
    script = (
        "source <(vibectl completion bash)\n"
        "complete -p vibectl >&2\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_vibectl_completion vibectl\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = vibectl.in_bash(script)
    assert done.returncode == 0, done.stderr
    assert "complete -o nosort -F _vibectl_completion vibectl" in done.stderr
    return done.stdout.split()


def test_commands_complete(vibectl: Vibectl) -> None:
    assert bash_completes(vibectl, "vibectl ge") == ["get"]
    assert set(bash_completes(vibectl, "vibectl co")) == {"completion", "config"}
    assert bash_completes(vibectl, "vibectl rollout st") == ["status"]
    assert bash_completes(vibectl, "vibectl completion ") == ["bash", "zsh", "fish"]


def test_options_complete_to_vibectls_and_kubectls(vibectl: Vibectl) -> None:
    offered = bash_completes(vibectl, "vibectl get --mo")
    assert "--model" in offered
    offered = bash_completes(vibectl, "vibectl get --show-")
    assert {"--show-raw-output", "--show-kind", "--show-labels"} <= set(offered)


def test_resource_types_and_names_come_from_kubectl(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    assert "pods" in bash_completes(vibectl, "vibectl get ")
    names = bash_completes(vibectl, f"vibectl get pods -n {PAYMENTS} ")
    assert set(API_PODS) <= set(names)
    names = bash_completes(vibectl, f"vibectl -n {PAYMENTS} describe pods ")
    assert set(API_PODS) <= set(names), "a global flag before the verb counts"
    names = bash_completes(vibectl, f"vibectl get pods -n {PAYMENTS} --model haiku api-")
    assert set(names) == set(API_PODS), "vibectl's options are not kubectl's words"
    assert llm_server.requests == []


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_speak_the_same_protocol(vibectl: Vibectl, shell: str) -> None:
    script = vibectl.run("completion", shell)
    assert script.returncode == 0, script.stderr
    assert f"_VIBECTL_COMPLETE={shell}_source" not in script.stdout
    assert f"{shell}_complete" in script.stdout
    line = f"vibectl get pods -n {PAYMENTS} "
    done = subprocess.run(
        [str(vibectl.executable)],
        env={
            **vibectl.env,
            "_VIBECTL_COMPLETE": f"{shell}_complete",
            "COMP_WORDS": line,
            # zsh gives the index of the word being completed, fish the word itself
            "COMP_CWORD": str(len(line.split(" ")) - 1) if shell == "zsh" else "",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert API_PODS[0] in done.stdout


def test_an_unknown_shell_is_one_line(vibectl: Vibectl) -> None:
    done = vibectl.run("completion", "tcsh")
    assert done.returncode != 0
    assert len(done.stderr.splitlines()) == 1
