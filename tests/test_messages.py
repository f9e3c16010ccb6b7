"""What vibectl says when something is off: keys, the model in use, a cluster that does not
answer, kubectl's output beside the summary, a bad value. The installed command, the real
kubectl, the loopback model."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from support.k8s.emulator import kubeconfig_text
from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, installed_vibectl
from vibectl import exit_codes


def bare() -> Vibectl:
    """vibectl with nothing configured: no key, no config (the test's HOME is empty)."""
    return Vibectl(installed_vibectl(), dict(os.environ))


def test_keys_check_with_nothing_configured_says_so_and_fails() -> None:
    done = bare().run("keys", "check")
    assert done.returncode == exit_codes.KEYS_UNUSABLE
    assert done.stdout.startswith("No API key is configured: `vibectl keys set anthropic`")


def test_a_key_with_a_problem_is_a_warning_not_ok() -> None:
    cli = bare()
    cli.env["VIBECTL_ANTHROPIC_API_KEY"] = "xk-" + "a" * 60
    done = cli.run("keys", "check")
    assert done.returncode == exit_codes.OK, "a warning: the key may still work"
    assert done.stdout.startswith("anthropic  warning: anthropic keys start with sk-ant-")
    assert " ok" not in done.stdout
    report = cli.run("keys").stdout.splitlines()
    assert report[0].startswith("anthropic  warning ")
    assert "anthropic keys start with sk-ant-" in report[1]


def test_your_key_is_named_a_placeholder() -> None:
    cli = bare()
    cli.env["VIBECTL_ANTHROPIC_API_KEY"] = "<your key>"
    done = cli.run("keys", "check")
    assert done.returncode == exit_codes.KEYS_UNUSABLE
    assert "invalid: it looks like placeholder text, not a key" in done.stdout


def test_config_get_llm_model_shows_the_model_in_use_and_why() -> None:
    cli = bare()
    cli.env["VIBECTL_OPENAI_API_KEY"] = "sk-proj-" + "b" * 48
    done = cli.run("config", "get", "llm.model")
    assert done.returncode == 0, done.stderr
    in_use = cli.run("models").stdout.splitlines()[-1]
    assert in_use == f"In use: {done.stdout.strip()} (no llm.model set)"
    assert done.stderr.startswith("vibectl: llm.model is not set; ")
    assert "of openai, the first provider that is set up" in done.stderr
    cli.run("config", "set", "llm.model", "haiku")
    done = cli.run("config", "get", "llm.model")
    assert (done.stdout, done.stderr) == ("haiku\n", "")


def test_no_cluster_keeps_kubectls_words_and_adds_what_to_check(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    kubeconfig = tmp_path / "nowhere.yaml"
    kubeconfig.write_text(kubeconfig_text(f"http://127.0.0.1:{port}"))
    vibectl.env["KUBECONFIG"] = str(kubeconfig)
    done = vibectl.run("get", "pods")
    assert done.returncode == 1, "kubectl's own exit code"
    lines = done.stderr.splitlines()
    assert any("memcache.go" in line for line in lines), "kubectl's words stay"
    assert lines[-1] == (
        f"vibectl: kubectl could not reach the cluster at http://127.0.0.1:{port}: check that "
        "it is up and that your kubeconfig points at it (`kubectl config current-context`; "
        "KUBECONFIG, --kubeconfig or core.kubeconfig)"
    )
    assert llm_server.requests == []


def test_show_raw_output_is_set_apart_from_the_summary(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text("All fine.")
    done = vibectl.run("get", "ns", PAYMENTS, "--show-raw-output")
    assert done.returncode == 0, done.stderr
    table, summary = done.stdout.split("--- summary ---\n")
    assert table.startswith("NAME")
    assert table.endswith("\n")
    assert summary == "All fine.\n"


def test_an_unknown_theme_is_one_line(vibectl: Vibectl) -> None:
    done = vibectl.run("theme", "set", "solarized")
    assert done.returncode == exit_codes.USAGE
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: Invalid value for ")
    assert "'solarized' is not one of 'default', 'dark', 'light', 'accessible'." in line
    assert line.endswith(" (see vibectl theme set --help)")
