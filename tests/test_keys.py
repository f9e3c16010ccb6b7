"""Key resolution in the core: every source, the precedence, errors and checks, over real HTTP."""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import socket
import stat
from pathlib import Path

import pytest

from support.key_sources import SOURCES, KeyPlanter, distinctive_key
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, installed_vibectl
from vibectl import _core

PROMPT = _core.Prompt("s", "u")


@pytest.fixture
def planter(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, llm_server: LLMServer
) -> KeyPlanter:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", llm_server.url)
    monkeypatch.setenv("VIBECTL_SYSTEM_CONFIG", str(tmp_path / "no-system.toml"))
    return KeyPlanter(os.environ, tmp_path / "secrets")


def sent_key(server: LLMServer) -> str:
    """Make a real call and return the key the provider received."""
    server.reply_text("ok")
    _core.get_model("claude-sonnet-5-5").complete(PROMPT)
    return server.requests[-1].headers["x-api-key"]


def anthropic_status() -> _core.KeyStatus:
    [status] = [s for s in _core.key_statuses() if s.provider == "anthropic"]
    return status


@pytest.mark.parametrize("source", SOURCES)
def test_each_source_alone_reaches_the_provider_header(
    source: str, planter: KeyPlanter, isolated_home: Path, llm_server: LLMServer
) -> None:
    key = distinctive_key(source)
    name = planter.plant(source, key)
    planter.write_config(isolated_home)
    assert sent_key(llm_server) == key
    status = anthropic_status()
    assert status.state == "ok"
    assert status.source is not None
    assert status.source.startswith(name)
    assert status.fingerprint == f"sk-ant-…{key[-4:]}"


@pytest.mark.parametrize(("higher", "lower"), list(itertools.pairwise(SOURCES)))
def test_each_adjacent_pair_the_higher_wins(
    higher: str, lower: str, planter: KeyPlanter, isolated_home: Path, llm_server: LLMServer
) -> None:
    winner, loser = distinctive_key(higher), distinctive_key(lower)
    planter.plant(higher, winner)
    lower_name = planter.plant(lower, loser)
    planter.write_config(isolated_home)
    assert sent_key(llm_server) == winner
    assert any(s.startswith(lower_name) for s in anthropic_status().shadowed)


def test_key_files_are_trimmed_of_bom_crlf_and_spaces(
    planter: KeyPlanter, isolated_home: Path, llm_server: LLMServer
) -> None:
    key = distinctive_key("trimmed")
    path = planter.root / "messy"
    path.parent.mkdir(parents=True)
    path.write_bytes(("\ufeff" + key + "   \r\n").encode())
    path.chmod(0o600)
    os.environ["VIBECTL_ANTHROPIC_API_KEY_FILE"] = str(path)
    assert sent_key(llm_server) == key


def test_a_changed_key_file_is_picked_up(planter: KeyPlanter, llm_server: LLMServer) -> None:
    first, second = distinctive_key("first"), distinctive_key("second")
    planter.plant("file_var", first)
    assert sent_key(llm_server) == first
    path = Path(os.environ["VIBECTL_ANTHROPIC_API_KEY_FILE"])
    path.write_text(second + "\n")
    assert sent_key(llm_server) == second


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "does not exist"),
        ("empty", "is empty"),
        ("directory", "is a directory"),
    ],
)
def test_bad_key_files_name_the_file_and_the_source(
    setup: str, expected: str, planter: KeyPlanter, isolated_home: Path
) -> None:
    path = planter.root / "bad-key"
    planter.root.mkdir(parents=True)
    if setup == "empty":
        path.write_text(" \r\n")
    elif setup == "directory":
        path.mkdir()
    planter.config["anthropic"] = {"key_file": str(path)}
    config = planter.write_config(isolated_home)
    with pytest.raises(_core.InvalidKeyError) as caught:
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)
    message = str(caught.value)
    assert f"the file {path} {expected}" in message
    assert f"providers.anthropic.key_file={path} in {config}" in message


def test_group_readable_key_file_warns_once_with_the_fix(
    planter: KeyPlanter, llm_server: LLMServer, caplog: pytest.LogCaptureFixture
) -> None:
    planter.plant("file_var", distinctive_key("shared"))
    path = Path(os.environ["VIBECTL_ANTHROPIC_API_KEY_FILE"])
    path.chmod(0o640)
    with caplog.at_level(logging.WARNING):
        _core.refresh_logging()
        sent_key(llm_server)
        path.write_text(path.read_text() + " ")  # re-read, still shared
        sent_key(llm_server)
    warnings = [r.getMessage() for r in caplog.records if "chmod" in r.getMessage()]
    assert warnings == [f"key file {path} can be read by other users; run `chmod 600 {path}`"]


def test_key_command_failing_and_timing_out(
    planter: KeyPlanter, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planter.config["anthropic"] = {"key_command": ["sh", "-c", "echo locked >&2; exit 3"]}
    planter.write_config(isolated_home)
    with pytest.raises(_core.InvalidKeyError, match=r"the command exited with 3 \(its error") as e:
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)
    assert "locked" not in str(e.value), "a key command's stderr may hold the key: never shown"
    monkeypatch.setenv("VIBECTL_KEY_COMMAND_TIMEOUT", "0.3")
    planter.config["anthropic"] = {"key_command": ["sh", "-c", "sleep 5; echo late"]}
    planter.write_config(isolated_home)
    with pytest.raises(_core.InvalidKeyError, match=r"did not finish within 0\.3s"):
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)


def test_key_command_runs_only_when_reached_and_once(
    planter: KeyPlanter, isolated_home: Path, llm_server: LLMServer
) -> None:
    runs = planter.root / "runs"
    key = distinctive_key("counted")
    planter.root.mkdir(parents=True)
    command = ["sh", "-c", f"echo run >> {runs}; echo {key}"]
    planter.config["anthropic"] = {"key": distinctive_key("higher"), "key_command": command}
    planter.write_config(isolated_home)
    sent_key(llm_server)
    anthropic_status()
    assert not runs.exists(), "a source above it won, so the command never ran"
    planter.config["anthropic"] = {"key_command": command}
    planter.write_config(isolated_home)
    assert sent_key(llm_server) == key
    assert sent_key(llm_server) == key
    assert anthropic_status().source is not None
    assert runs.read_text() == "run\n"


def test_older_yaml_counts_as_the_config(
    planter: KeyPlanter, isolated_home: Path, llm_server: LLMServer
) -> None:
    key = distinctive_key("oldyaml")
    yaml = isolated_home / ".vibectl" / "config.yaml"
    yaml.parent.mkdir()
    yaml.write_text(f"model: claude-3.7-sonnet\nmodel_keys:\n  anthropic: {key}\n  openai: null\n")
    assert sent_key(llm_server) == key
    assert anthropic_status().source == f"providers.anthropic.key in {yaml}"
    key_file = planter.root / "from-yaml"
    planter.root.mkdir(parents=True)
    key_file.write_text(key)
    key_file.chmod(0o600)
    yaml.write_text(f"providers:\n  anthropic:\n    key: null\n    key_file: {key_file}\n")
    assert sent_key(llm_server) == key


def test_missing_key_names_model_provider_fixes_and_the_provider_that_has_one(
    planter: KeyPlanter, llm_server: LLMServer
) -> None:
    with pytest.raises(_core.MissingKeyError) as caught:
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)
    assert str(caught.value) == (
        "no API key for anthropic (model claude-sonnet-5-5): run `vibectl keys set anthropic` "
        "or `export VIBECTL_ANTHROPIC_API_KEY=…`"
    )
    planter.plant("var", distinctive_key("other", "openai"), provider="openai")
    with pytest.raises(_core.MissingKeyError, match=r"a key is set for openai: choose one"):
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)
    assert llm_server.requests == []


def test_placeholder_keys_are_refused_naming_the_source(planter: KeyPlanter) -> None:
    os.environ["VIBECTL_ANTHROPIC_API_KEY"] = "<your-anthropic-key>"
    with pytest.raises(_core.InvalidKeyError) as caught:
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)
    assert str(caught.value) == (
        "the anthropic key from VIBECTL_ANTHROPIC_API_KEY cannot be used: "
        "it looks like placeholder text, not a key"
    )
    os.environ["VIBECTL_ANTHROPIC_API_KEY"] = "sk-ant-abc def-0123456789012345678901234567890123"
    with pytest.raises(_core.InvalidKeyError, match="contains whitespace"):
        _core.get_model("claude-sonnet-5-5").complete(PROMPT)


def test_a_suspicious_key_warns_naming_the_source_and_a_fine_one_is_silent(
    planter: KeyPlanter, llm_server: LLMServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        _core.refresh_logging()
        planter.plant("legacy_var", distinctive_key("fine"))
        sent_key(llm_server)
        assert caplog.records == []
        os.environ["ANTHROPIC_API_KEY"] = "sk-proj-" + "x1" * 30
        sent_key(llm_server)
    [record] = caplog.records
    assert record.getMessage() == (
        "the anthropic key from ANTHROPIC_API_KEY: "
        "anthropic keys start with sk-ant-, this one does not"
    )


def test_ollama_needs_no_key_and_others_report_missing(planter: KeyPlanter) -> None:
    states = {s.provider: s.state for s in _core.key_statuses()}
    assert states == {"anthropic": "missing", "openai": "missing", "ollama": "not needed"}


def test_child_environment_drops_every_key_variable(
    planter: KeyPlanter, isolated_home: Path
) -> None:
    planter.config["my-gateway"] = {"kind": "openai", "base_url": "http://127.0.0.1:9/v1"}
    planter.write_config(isolated_home)
    hidden = set(_core.secret_env_vars())
    for provider in ("ANTHROPIC", "OPENAI", "OLLAMA"):
        assert {
            f"VIBECTL_{provider}_API_KEY",
            f"VIBECTL_{provider}_API_KEY_FILE",
            f"{provider}_API_KEY",
        } <= hidden
    assert "VIBECTL_MY_GATEWAY_API_KEY" in hidden
    assert "MY_GATEWAY_API_KEY" not in hidden


# The `vibectl keys` commands, as a user runs them.


@pytest.fixture
def cli(planter: KeyPlanter) -> Vibectl:
    return Vibectl(installed_vibectl(), dict(os.environ))


def test_keys_set_reads_stdin_and_stores_a_private_file(cli: Vibectl, isolated_home: Path) -> None:
    key = distinctive_key("stdin")
    done = cli.run("keys", "set", "anthropic", input=key + "\n")
    assert done.returncode == 0, done.stderr
    stored = isolated_home / ".config" / "vibectl" / "keys" / "anthropic"
    assert done.stdout == f"Stored the anthropic key in {stored} (mode 0600)\n"
    assert stored.read_text() == key + "\n"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    listing = cli.run("keys")
    assert f"sk-ant-…{key[-4:]}  from providers.anthropic.key_file={stored}" in listing.stdout
    assert key not in listing.stdout + listing.stderr + done.stdout + done.stderr
    as_json = json.loads(cli.run("keys", "--json").stdout)
    assert as_json[0]["provider"] == "anthropic"
    assert as_json[0]["state"] == "ok"
    unset = cli.run("keys", "unset", "anthropic")
    assert unset.stdout.splitlines() == [
        "Removed providers.anthropic.key_file",
        f"Removed {stored}",
    ]
    assert not stored.exists()
    assert "missing" in cli.run("keys").stdout.splitlines()[0]


def test_keys_set_refuses_a_placeholder_and_changes_nothing(
    cli: Vibectl, isolated_home: Path
) -> None:
    done = cli.run("keys", "set", "anthropic", input="<paste key here>\n")
    assert done.returncode == 1
    assert done.stderr.startswith("vibectl: error: that is not a usable anthropic key")
    assert not (isolated_home / ".config" / "vibectl").exists()


def test_keys_set_file_records_a_path_only(
    cli: Vibectl, isolated_home: Path, tmp_path: Path
) -> None:
    done = cli.run("keys", "set", "openai", "--file", "/run/agenix/openai")
    assert done.returncode == 0, done.stderr
    assert "does not exist yet" in done.stderr
    text = (isolated_home / ".config" / "vibectl" / "config.toml").read_text()
    assert text == '[providers.openai]\nkey_file = "/run/agenix/openai"\n'


def test_keys_set_for_an_unknown_provider_says_how_to_add_it(cli: Vibectl) -> None:
    done = cli.run("keys", "set", "mystery", input="k\n")
    assert done.returncode == 1
    assert "vibectl config set providers.mystery.kind openai" in done.stderr


def test_keys_check_offline_and_live(
    cli: Vibectl, planter: KeyPlanter, llm_server: LLMServer
) -> None:
    key = distinctive_key("live")
    planter.plant("var", key)
    cli.env.update(os.environ)
    done = cli.run("keys", "check", "--live")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("anthropic  ok (")
    assert "ollama" not in done.stdout, "a provider without a key is not checked"
    llm_server.reject_keys(key)
    done = cli.run("keys", "check", "--live")
    assert done.returncode == 1
    assert done.stdout.startswith("anthropic  rejected (")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cli.env["ANTHROPIC_BASE_URL"] = f"http://127.0.0.1:{port}"
    done = cli.run("keys", "check", "--live")
    assert done.returncode == 1
    assert done.stdout.startswith("anthropic  unreachable (")
    cli.env["VIBECTL_ANTHROPIC_API_KEY"] = "<key>"
    done = cli.run("keys", "check")
    assert done.returncode == 1
    assert "anthropic  invalid: " in done.stdout
    assert key not in done.stdout + done.stderr


def test_docs_state_the_order_the_code_uses() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "keys.md").read_text()
    listed = re.findall(r"^\d\. (.+)$", docs.split("<!-- key-order")[1], re.MULTILINE)[:8]
    expected = [
        "`VIBECTL_<P>_API_KEY`",
        "`VIBECTL_<P>_API_KEY_FILE`",
        "config `providers.<p>.key`",
        "config `providers.<p>.key_file`",
        "config `providers.<p>.key_command`",
        "`$CREDENTIALS_DIRECTORY/<p>_api_key`",
        "the legacy variables `ANTHROPIC_API_KEY`",
        "the `llm` tool's `keys.json`",
    ]
    assert len(listed) == len(expected) == len(SOURCES)
    for line, start in zip(listed, expected, strict=True):
        assert line.startswith(start), line
    # The code's order: each source shadows the next (test_each_adjacent_pair_the_higher_wins
    # runs over SOURCES), and the Rust ORDER lists the same sources in the same order.
    rust = (Path(__file__).resolve().parent.parent / "src" / "keys.rs").read_text()
    order = re.search(r"pub const ORDER: \[Source; 8\] = \[(.*?)\];", rust, re.DOTALL)
    assert order is not None
    names = re.findall(r"Source::(\w+)", order.group(1))
    assert names == [
        "Var",
        "FileVar",
        "ConfigKey",
        "ConfigKeyFile",
        "ConfigKeyCommand",
        "Credentials",
        "LegacyVar",
        "LlmKeysJson",
    ]
