"""`vibectl get` end to end: installed command, real kubectl, emulator, core, loopback HTTP."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.llm.server import LLMServer
from support.vibectl_cli import (
    PLANTED_KEY,
    Vibectl,
    env_recording_kubectl,
    installed_vibectl,
    sent_prompt,
)

SUMMARY = (
    "[blue]Deployment[/blue] [bold]api[/bold] has 2 pods [green]Running[/green]; "
    "[bold]billing-worker[/bold] is in [red]CrashLoopBackOff[/red] [1/1 restarts shown]."
)
PLAIN = (
    "Deployment api has 2 pods Running; billing-worker is in CrashLoopBackOff [1/1 restarts shown]."
)


def test_get_pods_prints_the_models_summary(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text(SUMMARY)
    done = vibectl.run("get", "pods", "-n", "payments")
    assert done.returncode == 0, done.stderr
    assert done.stdout == PLAIN + "\n"
    assert done.stderr == ""
    prompt = sent_prompt(llm_server)
    assert "kubectl get pods -n payments" in prompt
    assert "billing-worker" in prompt
    assert "CrashLoopBackOff" in prompt
    assert re.search(r"api-\S+\s+1/1\s+Running", prompt), prompt
    [request] = llm_server.requests
    assert request.headers["x-api-key"] == PLANTED_KEY


def test_kubectl_flags_pass_through_wherever_they_stand(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("get", "-n", "payments", "pods", "-o", "wide", "-l", "app=api")
    assert done.returncode == 0, done.stderr
    prompt = sent_prompt(llm_server)
    assert "kubectl get -n payments pods -o wide -l app=api" in prompt
    assert "billing-worker" not in prompt, "the label selector reached kubectl"


def test_all_namespaces_and_yaml(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    assert vibectl.run("get", "pods", "-A").returncode == 0
    assert "kube-system" in sent_prompt(llm_server)
    llm_server.reset()
    llm_server.reply_text("ok")
    assert vibectl.run("get", "deploy", "api", "-n", "payments", "-o", "yaml").returncode == 0
    assert "kind: Deployment" in sent_prompt(llm_server)


def test_kubectl_failure_gives_its_stderr_and_exit_code(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    done = vibectl.run("get", "pods", "--no-such-flag")
    assert done.returncode == 1
    assert "unknown flag: --no-such-flag" in done.stderr
    assert "Traceback" not in done.stderr
    assert llm_server.requests == []
    done = vibectl.run("get", "pods", "no-such-pod", "-n", "payments")
    assert done.returncode == 1
    assert 'pods "no-such-pod" not found' in done.stderr
    assert llm_server.requests == []


def test_no_resources_is_summarised_not_dropped(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("There are no pods in the empty namespace.")
    done = vibectl.run("get", "pods", "-n", "empty")
    assert done.returncode == 0, done.stderr
    assert "No resources found" in sent_prompt(llm_server)


def test_missing_key_shows_the_output_then_one_line(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    del vibectl.env["VIBECTL_ANTHROPIC_API_KEY"]
    done = vibectl.run("get", "pods", "-n", "payments")
    assert done.returncode == 1
    assert "billing-worker" in done.stdout, "kubectl's output is never lost"
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: no API key for anthropic")
    assert "VIBECTL_ANTHROPIC_API_KEY" in line
    assert llm_server.requests == []


def test_provider_error_is_one_line_with_status_and_message(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.fail(500, message="upstream exploded", times=None)
    done = vibectl.run("get", "pods", "-n", "payments")
    assert done.returncode == 1
    assert "billing-worker" in done.stdout
    [line] = done.stderr.splitlines()
    assert f"anthropic ({llm_server.url}) returned 500 api_error: upstream exploded" in line
    assert len(llm_server.requests) == 3, "the core retried twice before giving up"
    assert PLANTED_KEY not in done.stdout + done.stderr


def test_rejected_key_names_its_variable_not_its_value(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.fail(401, message="invalid x-api-key")
    done = vibectl.run("get", "pods")
    assert done.returncode == 1
    assert "check the key in VIBECTL_ANTHROPIC_API_KEY" in done.stderr
    assert PLANTED_KEY not in done.stdout + done.stderr


def test_kubectl_never_sees_the_key(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "wrapper")
    llm_server.reply_text("ok")
    assert vibectl.run("get", "pods").returncode == 0
    child_env = seen.read_text()
    assert "KUBECONFIG=" in child_env
    assert "VIBECTL_ANTHROPIC_API_KEY" not in child_env
    assert PLANTED_KEY not in child_env


def test_kubectl_missing_is_one_line(vibectl: Vibectl, tmp_path: Path) -> None:
    vibectl.env["PATH"] = str(tmp_path)
    done = vibectl.run("get", "pods")
    assert done.returncode == 127
    assert done.stderr == (
        "vibectl: error: kubectl was not found; install kubectl or set core.kubectl_command\n"
    )


def test_ctrl_c_while_waiting_for_the_model_exits_quietly(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("too late", header_delay=30)
    proc = vibectl.start("get", "pods")
    deadline = time.monotonic() + 20
    while not llm_server.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    assert llm_server.requests, "vibectl never reached the model"
    proc.send_signal(signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 130
    assert "Traceback" not in stderr


def test_version_is_the_installed_package_and_its_core(vibectl: Vibectl) -> None:
    from importlib.metadata import version

    from vibectl import __version__, _core

    done = vibectl.run("--version")
    assert done.returncode == 0
    assert done.stdout == f"vibectl {version('vibectl')}\n"
    assert __version__ == _core.__version__ == version("vibectl")


def test_help_and_version_stay_light() -> None:
    """--help loads neither the core nor rich; --version loads the core but not rich."""
    probe = (
        "import sys\n"
        "from vibectl.cli import main\n"
        "sys.argv = ['vibectl', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('rich', 'vibectl._core') if m in sys.modules), file=sys.stderr)\n"
    )
    for flag, loaded in (("--help", "[]"), ("--version", "['vibectl._core']")):
        done = subprocess.run(
            [sys.executable, "-c", probe, flag], capture_output=True, text=True, check=True
        )
        assert done.stderr.strip() == loaded, flag
    assert installed_vibectl().exists()


def test_help_lists_every_command_and_each_one_loads() -> None:
    from vibectl.command_table import COMMANDS
    from vibectl.kubectl.verbs import VERBS

    vibectl = installed_vibectl()
    listing = subprocess.run(
        [str(vibectl), "--help"], capture_output=True, text=True, check=True
    ).stdout
    names = sorted({*COMMANDS, *(verb.kubectl[0] for verb in VERBS)})
    listed = [line.split()[0] for line in listing.split("Commands:")[1].splitlines() if line]
    assert listed == names
    for name in names:
        done = subprocess.run(
            [str(vibectl), name, "--help"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (name, done.stderr)
        assert f"Usage: vibectl {name}" in done.stdout
