"""The older vibectl (0.11.6) and ours, side by side: same HOME, same config (written by the
older tools themselves), the same pinned kubectl against the emulator behind a stand-in that
records every argv, and the same loopback LLM server. Command by command: the kubectl argv and
the exit code; and what each reads from the older configs."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.llm.script import Message
from support.llm.server import LLMServer
from support.older import OLDER_DIR, migration_table_names, recorded, recording_kubectl
from support.vibectl_cli import PLANTED_KEY, installed_vibectl

SUMMARY = "[green]All pods are running.[/green]"


@pytest.fixture(scope="module")
def summaries() -> Iterator[LLMServer]:
    """An LLM server answering every request with the same summary, for both tools."""
    with LLMServer(default_reply=Message(text=SUMMARY)).start() as server:
        yield server


@dataclass
class Side:
    """One of the two tools, run with the shared environment; its kubectl calls recorded."""

    executable: Path
    env: dict[str, str]
    log: Path

    def run(self, *args: str, stdin: str = "") -> tuple[int, list[list[str]], str]:
        self.log.unlink(missing_ok=True)
        done = subprocess.run(
            [str(self.executable), *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return done.returncode, recorded(self.log), done.stdout + done.stderr


@dataclass
class Both:
    older: Side
    ours: Side
    home: Path
    venv: Path


@pytest.fixture
def both(
    *,
    older_venv: Path,
    isolated_home: Path,
    kubectl_bin: Path,
    k8s: Cluster,
    summaries: LLMServer,
    tmp_path: Path,
) -> Both:
    log = recording_kubectl(tmp_path / "stand-in", kubectl_bin)
    env = dict(os.environ)
    env.update(
        PATH=os.pathsep.join([str(log.parent), str(older_venv / "bin"), "/usr/bin", "/bin"]),
        KUBECONFIG=str(k8s.kubeconfig),
        ANTHROPIC_BASE_URL=summaries.url,
        VIBECTL_ANTHROPIC_API_KEY=PLANTED_KEY,
        KUBE_EDITOR="true",
        EDITOR="true",
        VISUAL="true",
    )
    # The older vibectl needs its key in llm's keys.json too (bench/older.py says why).
    subprocess.run(
        [str(older_venv / "bin" / "llm"), "keys", "set", "anthropic", "--value", PLANTED_KEY],
        env=env,
        check=True,
        capture_output=True,
    )
    older = Side(older_venv / "bin" / "vibectl", env, log)
    ours = Side(installed_vibectl(), env, log)
    return Both(older, ours, isolated_home, older_venv)


def _sectioned(both: Both, *settings: tuple[str, str]) -> Path:
    """The 0.10+ YAML, written by the older vibectl's own `config set`."""
    for key, value in settings:
        code, _, output = both.older.run("config", "set", key, value)
        assert code == 0, output
    return both.home / ".config" / "vibectl" / "client" / "config.yaml"


def _flat(both: Both, *settings: tuple[str, str]) -> Path:
    """The 0.2-0.9 YAML, written by vibectl 0.9.1's own Config class."""
    env = dict(both.older.env)
    script = OLDER_DIR / "write_flat_config.py"
    args = [f"{k}={v}" for k, v in settings]
    done = subprocess.run(
        [str(both.venv / "bin" / "python"), str(script), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip())


# Each command as a user types it, for both tools; `--no-show-vibe` keeps the model out of it,
# so only vibectl's handling of the command line decides the argv.
COMMANDS = [
    ["just", "get", "pods", "-n", "payments"],
    ["get", "pods", "-n", "payments", "--no-show-vibe"],
    ["get", "deployments", "-A", "--no-show-vibe", "--freeze-memory"],
    ["describe", "deployment", "api", "-n", "payments", "--no-show-vibe"],
    ["logs", "api-7d9c8b6f5-abcde", "-n", "payments", "--no-show-vibe"],
    ["events", "-n", "payments", "--no-show-vibe"],
    ["get", "pods", "-n", "nowhere-ns", "--no-show-vibe"],
    ["get", "nosuchkind", "--no-show-vibe"],
    ["scale", "deployment/api", "--replicas=3", "-n", "payments", "--no-show-vibe"],
    ["rollout", "status", "deployment/api", "-n", "payments", "--no-show-vibe"],
    ["rollout", "history", "deployment/billing-worker", "-n", "payments", "--no-show-vibe"],
    ["cluster-info", "--no-show-vibe"],
    ["version", "--no-show-vibe"],
    ["--show-kubectl", "get", "pods", "-n", "payments", "--no-show-vibe"],
    ["--show-metrics", "all", "get", "pods", "-n", "default", "--no-show-vibe"],
    ["--show-streaming", "get", "pods", "-n", "default", "--no-show-vibe"],
    ["--model", "claude-haiku-4.5", "get", "pods", "-n", "default", "--no-show-vibe"],
    ["port-forward", "pod/web-0", "18080:80", "--no-show-vibe"],
    ["delete", "pod", "web-0", "-n", "default", "--no-show-vibe"],
]

# Where the older vibectl fails (what it prints): ours runs kubectl with the arguments as given.
OLDER_FAILS = {
    "rollout status": "status() got an unexpected keyword argument 'show_streaming'",
    "rollout history": "history() got an unexpected keyword argument 'show_streaming'",
}


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_the_same_kubectl_argv_and_exit_code(both: Both, k8s: Cluster, args: list[str]) -> None:
    older = both.older.run(*args)
    k8s.reset()
    ours = both.ours.run(*args)
    if args[0] == "version":  # the older vibectl always asked for JSON; ours runs what you typed
        assert (older[0], older[1]) == (0, [["version", "--output=json"]]), older[2]
        assert (ours[0], ours[1]) == (0, [["version"]]), ours[2]
        return
    broken = OLDER_FAILS.get(" ".join(args[:2]))
    if broken is not None:
        assert (older[0], older[1]) == (1, []), older[2]
        assert broken in older[2]
        kubectl_args = [a for a in args if a != "--no-show-vibe"]
        assert (ours[0], ours[1]) == (0, [kubectl_args]), ours[2]
        return
    assert (ours[0], ours[1]) == (older[0], older[1]), f"older said:\n{older[2]}\nours:\n{ours[2]}"


def test_edit_is_kubectl_edit(both: Both) -> None:
    """The older `edit` always had the model rewrite a summary of the resource in the editor
    (it reads a top-level `intelligent_edit` that its `config set` cannot write, so
    features.intelligent_edit = false changes nothing); `edit vibe` does that now, and `edit`
    is kubectl edit (an editor that exits without a change: "Edit cancelled")."""
    _sectioned(both, ("features.intelligent_edit", "false"))
    args = ["edit", "deployment/api", "-n", "payments", "--no-show-vibe"]
    older, ours = both.older.run(*args), both.ours.run(*args)
    assert (older[0], older[1]) == (1, [["get", "deployment/api", "-n", "payments", "-o", "yaml"]])
    assert "Editor was cancelled" in older[2]
    assert (ours[0], ours[1]) == (0, [args[:-1]]), ours[2]
    assert "Edit cancelled, no changes made." in ours[2]


def test_what_is_read_from_the_sectioned_yaml(both: Both) -> None:
    yaml = _sectioned(
        both,
        ("display.theme", "light"),
        ("llm.model", "claude-3.5-haiku"),
        ("display.show_vibe", "false"),
        ("system.custom_instructions", "Always name the namespace."),
    )
    code, _, output = both.older.run("memory", "set", "payments", "runs", "api", "1.4.2")
    assert code == 0, output
    assert "memory_content: payments runs api 1.4.2" in yaml.read_text()
    _documented(both, yaml)
    _read_alike(both, "light", "claude-3.5-haiku", "payments runs api 1.4.2")
    older = both.older.run("get", "pods", "-n", "payments")
    ours = both.ours.run("get", "pods", "-n", "payments")
    assert (ours[0], ours[1]) == (older[0], older[1])


def test_what_is_read_from_the_flat_yaml(both: Both) -> None:
    """0.10+ no longer read this file (it starts a new one in client/), so the older side here
    is 0.9.1's own writer; ours reads what it wrote."""
    yaml = _flat(
        both,
        ("theme", "light"),
        ("model", "claude-3.5-haiku"),
        ("show_vibe", "false"),
        ("custom_instructions", "Always name the namespace."),
        ("memory", "payments runs api 1.4.2"),
    )
    _documented(both, yaml)
    _read_alike(both, "light", "claude-3.5-haiku", "payments runs api 1.4.2")


def _documented(both: Both, yaml: Path) -> None:
    """Every key of a config the older tools wrote has a row in docs/migrating.md."""
    code = (
        "import json, sys, yaml\n"
        "def leaves(node, prefix=''):\n"
        "    if isinstance(node, dict) and node:\n"
        "        for k, v in node.items():\n"
        "            yield from leaves(v, f'{prefix}{k}.')\n"
        "    else:\n"
        "        yield prefix[:-1]\n"
        "print(json.dumps(list(leaves(yaml.safe_load(open(sys.argv[1]))))))\n"
    )
    done = subprocess.run(
        [str(both.venv / "bin" / "python"), "-c", code, str(yaml)],
        capture_output=True,
        text=True,
        check=True,
    )
    patterns = [
        re.compile(re.escape(name).replace("<p>", "[^.]+").replace(r"\*", ".*") + "$")
        for name in migration_table_names()
    ]
    missing = [k for k in json.loads(done.stdout) if not any(p.match(k) for p in patterns)]
    assert not missing, f"docs/migrating.md has no row for {missing}"


def _read_alike(both: Both, theme: str, model: str, memory: str) -> None:
    ours = both.ours
    assert ours.run("config", "get", "display.theme")[2] == f"{theme}\n"
    assert ours.run("config", "get", "llm.model")[2] == f"{model}\n"
    assert ours.run("memory", "show")[2] == f"{memory}\n"
    assert ours.run("instructions", "show")[2] == "Always name the namespace.\n"
    # show_vibe false: kubectl's output is printed and no model is asked.
    code, argv, output = ours.run("get", "pods", "-n", "payments")
    assert (code, argv) == (0, [["get", "pods", "-n", "payments"]])
    assert "api-7d9c8b6f5-abcde" in output
    assert "All pods are running" not in output


def test_writes_before_a_migration_keep_the_yaml_and_lose_nothing(both: Both) -> None:
    yaml = _sectioned(both, ("display.theme", "light"), ("llm.model", "claude-3.7-sonnet"))
    both.older.run("memory", "set", "payments", "runs", "api", "1.4.2")
    before = yaml.read_text()
    code, _, output = both.ours.run("memory", "freeze")
    assert code == 0, output
    assert "migrated the older vibectl config" in output
    for args, expected in [
        (("instructions", "set", "be brief"), "Instructions set."),
        (("theme", "set", "dark"), ""),
        (("config", "set", "display.show_kubectl", "true"), "display.show_kubectl set"),
    ]:
        code, _, output = both.ours.run(*args)
        assert code == 0, output
        assert expected in output
    assert yaml.read_text() == before, "the YAML is left as it was"
    toml = (both.home / ".config" / "vibectl" / "config.toml").read_text()
    assert 'model = "claude-sonnet-5-5"' in toml, "migrated to a model that works"
    assert "enabled = false" in toml
    assert 'theme = "dark"' in toml
    assert both.ours.run("memory", "show")[2].startswith("payments runs api 1.4.2\n")


def test_the_key_file_wins_over_llms_keys_json(both: Both, summaries: LLMServer) -> None:
    """The older vibectl sent keys.json's key even with a key_file configured (llm's own
    lookup put the stored key first); ours sends the key file's, which the user configured
    for vibectl (docs/keys.md)."""
    key_file = both.home / "anthropic.key"
    key_file.write_text("sk-ant-from-the-key-file-0123456789abcdef\n")
    key_file.chmod(0o600)
    _sectioned(both, ("providers.anthropic.key_file", str(key_file)))
    env = dict(both.ours.env)
    del env["VIBECTL_ANTHROPIC_API_KEY"]
    ours = Side(both.ours.executable, env, both.ours.log)
    summaries.reset()
    code, _, output = ours.run("get", "pods", "-n", "default")
    assert code == 0, output
    keys = {r.headers.get("x-api-key") for r in summaries.requests}
    assert keys == {"sk-ant-from-the-key-file-0123456789abcdef"}
    report = json.loads(ours.run("keys", "--json")[2])
    anthropic = next(k for k in report if k["provider"] == "anthropic")
    assert str(key_file) in anthropic["source"]
