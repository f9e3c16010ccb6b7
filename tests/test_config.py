"""`vibectl config` and the config files, through the installed command and real processes."""

from __future__ import annotations

import os
import re
import resource
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from support.kill import kill_mid_write
from support.vibectl_cli import Vibectl, installed_vibectl

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(isolated_home: Path, tmp_path: Path) -> Vibectl:
    env = dict(os.environ)
    env["VIBECTL_SYSTEM_CONFIG"] = str(tmp_path / "etc" / "config.toml")
    return Vibectl(installed_vibectl(), env)


def user_file(home: Path) -> Path:
    return home / ".config" / "vibectl" / "config.toml"


def system_file(cli: Vibectl) -> Path:
    return Path(cli.env["VIBECTL_SYSTEM_CONFIG"])


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def ok(cli: Vibectl, *args: str) -> str:
    done = cli.run(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def fails(cli: Vibectl, *args: str) -> str:
    """The one error line of a failing command."""
    done = cli.run(*args)
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr
    [line] = done.stderr.splitlines()
    return line


def test_defaults_with_no_files(cli: Vibectl) -> None:
    shown = ok(cli, "config", "show")
    assert 'kubectl_command = "kubectl"' in shown
    assert 'theme = "default"' in shown
    assert ok(cli, "config", "get", "memory.max_chars") == "1000\n"
    assert ok(cli, "config", "get", "display.theme") == "default\n"


def test_user_values_override_system_values_key_by_key(cli: Vibectl, isolated_home: Path) -> None:
    write(
        system_file(cli), '[display]\ntheme = "dark"\nshow_kubectl = true\n[llm]\nmodel = "sys"\n'
    )
    write(user_file(isolated_home), '[display]\ntheme = "light"\n')
    assert ok(cli, "config", "get", "display.theme") == "light\n"
    assert ok(cli, "config", "get", "display.show_kubectl") == "true\n"
    assert ok(cli, "config", "get", "llm.model") == "sys\n"
    assert ok(cli, "config", "show", "display").startswith("[display]\n")
    assert ok(cli, "config", "show", "display.theme") == 'display.theme = "light"\n'


def test_config_dir_variable_moves_the_user_file(cli: Vibectl, tmp_path: Path) -> None:
    cli.env["VIBECTL_CONFIG_DIR"] = str(tmp_path / "vc")
    ok(cli, "config", "set", "display.theme", "dark")
    assert (tmp_path / "vc" / "config.toml").read_text() == '[display]\ntheme = "dark"\n'


def test_path_lists_the_files_in_order(cli: Vibectl, isolated_home: Path) -> None:
    write(user_file(isolated_home), "")
    lines = ok(cli, "config", "path").splitlines()
    assert lines == [
        f"system: {system_file(cli)} (missing)",
        f"user: {user_file(isolated_home)} (exists)",
    ]


def test_unknown_key_names_the_closest_one(cli: Vibectl, isolated_home: Path) -> None:
    write(user_file(isolated_home), '[display]\nthem = "dark"\n')
    line = fails(cli, "config", "show")
    assert line == (
        f"vibectl: error: {user_file(isolated_home)}: unknown key display.them; "
        "did you mean display.theme?"
    )
    assert fails(cli, "config", "set", "llm.modle", "x").endswith("did you mean llm.model?")


def test_invalid_values_name_key_value_and_what_is_allowed(
    cli: Vibectl, isolated_home: Path
) -> None:
    write(system_file(cli), "[memory]\nmax_chars = 5\n")
    assert fails(cli, "config", "show") == (
        f"vibectl: error: {system_file(cli)}: memory.max_chars: "
        "5 is not a whole number from 100 to 100000"
    )
    system_file(cli).unlink()
    assert fails(cli, "config", "set", "display.theme", "neon") == (
        'vibectl: error: display.theme: "neon" is not allowed; '
        "use one of: default, dark, light, accessible"
    )
    write(user_file(isolated_home), "[core\nkubeconfig = 1\n")
    assert re.fullmatch(
        r"vibectl: error: .*config\.toml: line 1, column \d+: .+", fails(cli, "config", "show")
    )


def test_a_bad_config_stops_other_commands_with_one_line(cli: Vibectl, isolated_home: Path) -> None:
    write(user_file(isolated_home), "[display]\nshow_vibe = maybe\n")
    assert "config.toml: line 2" in fails(cli, "get", "pods")


def test_set_unset_keep_comments_and_order(cli: Vibectl, isolated_home: Path) -> None:
    original = textwrap.dedent(
        """\
        # my settings
        [display]
        # colours matter
        theme = "dark"   # trailing comment
        show_raw_output = true

        [llm]
        model = "fast"
        """
    )
    write(user_file(isolated_home), original)
    ok(cli, "config", "set", "display.theme", "light")
    ok(cli, "config", "set", "llm.fallbacks", "gpt-5-mini, claude-haiku-5-5")
    ok(cli, "config", "set", "providers.litellm.base_url", "http://127.0.0.1:4000/v1")
    ok(cli, "config", "set", "providers.litellm.key_command", "pass show litellm")
    text = user_file(isolated_home).read_text()
    assert text.startswith(
        '# my settings\n[display]\n# colours matter\ntheme = "light"   # trailing comment\n'
    )
    assert 'fallbacks = ["gpt-5-mini", "claude-haiku-5-5"]' in text
    assert text.index("[display]") < text.index("[llm]") < text.index("[providers.litellm]")
    assert 'key_command = ["pass", "show", "litellm"]' in text
    assert ok(cli, "config", "unset", "providers.litellm.base_url").startswith(
        "providers.litellm.base_url removed"
    )
    assert ok(cli, "config", "unset", "providers.litellm.key_command").startswith(
        "providers.litellm.key_command removed"
    )
    assert ok(cli, "config", "unset", "llm.fallbacks").startswith("llm.fallbacks removed")
    ok(cli, "config", "set", "display.theme", "dark")
    assert user_file(isolated_home).read_text() == original
    assert ok(cli, "config", "unset", "llm.fallbacks").startswith("llm.fallbacks is not set")


def test_keys_are_masked_and_never_taken_on_the_command_line(
    cli: Vibectl, isolated_home: Path
) -> None:
    secret = "sk-ant-api03-configshowsecret-0123456789abcdef"
    write(user_file(isolated_home), f'[providers.anthropic]\nkey = "{secret}"\n')
    shown = ok(cli, "config", "show") + ok(cli, "config", "get", "providers.anthropic.key")
    assert secret not in shown
    assert "sk-ant-…cdef" in shown
    line = fails(cli, "config", "set", "providers.anthropic.key", "sk-ant-new")
    assert "vibectl keys set" in line
    assert "sk-ant-new" not in line


def test_new_files_are_private_and_modes_are_kept(cli: Vibectl, isolated_home: Path) -> None:
    ok(cli, "config", "set", "display.theme", "dark")
    path = user_file(isolated_home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    ok(cli, "config", "set", "display.theme", "light")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_failed_validation_leaves_the_file_untouched(cli: Vibectl, isolated_home: Path) -> None:
    write(user_file(isolated_home), '# mine\n[display]\ntheme = "dark"\n')
    before = user_file(isolated_home).read_bytes()
    fails(cli, "config", "set", "memory.max_chars", "12")
    fails(cli, "config", "set", "display.show_vibe", "perhaps")
    assert user_file(isolated_home).read_bytes() == before


def test_a_full_disk_leaves_the_file_untouched(cli: Vibectl, isolated_home: Path) -> None:
    write(user_file(isolated_home), '[display]\ntheme = "dark"\n')
    before = user_file(isolated_home).read_bytes()

    def tiny_disk() -> None:
        # Writes past 16 bytes fail with EFBIG, as they would on a full disk (Python ignores
        # SIGXFSZ, so the write returns an error instead of killing the process).
        resource.setrlimit(resource.RLIMIT_FSIZE, (16, 16))

    done = subprocess.run(
        [str(cli.executable), "config", "set", "system.custom_instructions", "x" * 200],
        env=cli.env,
        capture_output=True,
        text=True,
        preexec_fn=tiny_disk,
        check=False,
    )
    assert done.returncode == 1
    assert "was not written" in done.stderr
    assert user_file(isolated_home).read_bytes() == before
    # No temp file is left behind; the lock file beside the config stays, empty and harmless.
    assert sorted(p.name for p in user_file(isolated_home).parent.iterdir()) == [
        "config.toml",
        "config.toml.lock",
    ]


def test_kill_9_mid_write_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "config.toml"
    target.write_text('[display]\ntheme = "dark"\n')
    kill_mid_write(target)
    assert target.read_text() == '[display]\ntheme = "dark"\n'


def test_kill_9_during_repeated_sets_never_corrupts(cli: Vibectl, isolated_home: Path) -> None:
    ok(cli, "config", "set", "display.theme", "dark")
    loop = (
        "import itertools, sys\n"
        "from vibectl import _core\n"
        "for theme in itertools.cycle(['light', 'dark', 'accessible']):\n"
        "    _core.config_set('display.theme', theme)\n"
    )
    for delay in (0.05, 0.15, 0.3):
        proc = subprocess.Popen([sys.executable, "-c", loop], env=cli.env)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert ok(cli, "config", "get", "display.theme").strip() in {"light", "dark", "accessible"}


def test_edit_replaces_only_with_a_valid_draft(
    cli: Vibectl, isolated_home: Path, tmp_path: Path
) -> None:
    write(user_file(isolated_home), '[display]\ntheme = "dark"\n')
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "%s\\n" "$EDIT_LINE" >> "$1"\n')
    editor.chmod(0o755)
    cli.env["EDITOR"] = str(editor)
    cli.env["EDIT_LINE"] = "[memory]\nmax_chars = 2000"
    assert ok(cli, "config", "edit").startswith("Saved ")
    assert ok(cli, "config", "get", "memory.max_chars") == "2000\n"
    before = user_file(isolated_home).read_text()
    cli.env["EDIT_LINE"] = "[system]\ncustom_instructions = 3"
    line = fails(cli, "config", "edit")
    assert "system.custom_instructions: 3 is not a string" in line
    draft = re.search(r"your draft: (\S+)\)", line)
    assert draft is not None
    assert Path(draft.group(1)).read_text().endswith("custom_instructions = 3\n"), "draft kept"
    assert user_file(isolated_home).read_text() == before


FLAT_YAML = """\
kubeconfig: null
kubectl_command: kubectl
theme: dark
use_emoji: true
show_raw_output: false
show_vibe: true
warn_no_output: true
model: claude-3.7-sonnet
custom_instructions: Always mention the namespace.
memory: "payments runs api v1.4.2; billing-worker crash-loops"
memory_enabled: true
memory_max_chars: 500
colored_output: true
model_keys:
  anthropic: sk-ant-flat-yaml-key-0123456789abcd
  openai: null
  ollama: null
model_key_files:
  anthropic: null
  openai: /run/keys/openai
  ollama: null
"""

SECTIONED_YAML = """\
core:
  kubeconfig: null
  kubectl_command: kubectl
display:
  theme: light
  show_raw_output: false
  show_vibe: true
  show_kubectl: true
  show_memory: false
  show_iterations: false
  show_metrics: none
  show_streaming: true
llm:
  model: claude-3.7-sonnet
  max_retries: 2
  retry_delay_seconds: 1.0
providers:
  openai:
    key: null
    key_file: null
  anthropic:
    key: null
    key_file: /run/agenix/anthropic
  ollama:
    key: null
    key_file: null
memory:
  enabled: true
  max_chars: 500
warnings:
  warn_no_output: true
  warn_no_proxy: true
system:
  log_level: WARNING
  custom_instructions: null
proxy:
  active: null
  profiles: {}
memory_content: Investigating payments.
"""


def test_flat_yaml_is_read_until_migrated(cli: Vibectl, isolated_home: Path) -> None:
    old = isolated_home / ".vibectl" / "config.yaml"
    write(old, FLAT_YAML)
    assert ok(cli, "config", "get", "display.theme") == "dark\n"
    assert ok(cli, "config", "get", "providers.openai.key_file") == "/run/keys/openai\n"
    shown = ok(cli, "config", "show")
    assert "sk-ant-flat-yaml-key" not in shown
    assert ok(cli, "config", "path").splitlines()[-1] == f"older vibectl YAML: {old} (exists)"

    report = ok(cli, "config", "migrate")
    assert f"Read {old} (left as it was)." in report
    assert "mapped   model → llm.model" in report
    assert "mapped   model_keys.anthropic → providers.anthropic.key" in report
    assert "mapped   memory → the memory file" in report
    assert "dropped  use_emoji (no equivalent in this vibectl)" in report
    assert old.read_text() == FLAT_YAML
    memory = isolated_home / ".local" / "state" / "vibectl" / "memory.txt"
    assert memory.read_text() == "payments runs api v1.4.2; billing-worker crash-loops"
    assert (
        ok(cli, "config", "get", "system.custom_instructions") == "Always mention the namespace.\n"
    )
    assert "note     llm.model is claude-sonnet-5-5 instead of claude-3.7-sonnet:" in report
    assert ok(cli, "config", "get", "llm.model") == "claude-sonnet-5-5\n"
    assert "already exists" in fails(cli, "config", "migrate")
    ok(cli, "config", "set", "display.theme", "light")


def test_sectioned_yaml_from_the_client_dir(cli: Vibectl, isolated_home: Path) -> None:
    old = isolated_home / ".config" / "vibectl" / "client" / "config.yaml"
    write(old, SECTIONED_YAML)
    assert ok(cli, "config", "get", "providers.anthropic.key_file") == "/run/agenix/anthropic\n"
    assert ok(cli, "config", "get", "display.show_metrics") == "false\n"
    report = ok(cli, "config", "migrate")
    assert "mapped   display.show_streaming → display.stream" in report
    assert "dropped  llm.retry_delay_seconds (no equivalent in this vibectl)" in report
    assert "dropped  system.log_level (no equivalent in this vibectl)" in report
    assert "show_kubectl = true" in user_file(isolated_home).read_text()


def test_yaml_lookup_order(cli: Vibectl, isolated_home: Path, tmp_path: Path) -> None:
    write(isolated_home / ".vibectl" / "config.yaml", "theme: dark\n")
    assert ok(cli, "config", "get", "display.theme") == "dark\n"
    write(isolated_home / ".config" / "vibectl" / "client" / "config.yaml", "theme: light\n")
    assert ok(cli, "config", "get", "display.theme") == "light\n"
    cli.env["VIBECTL_CLIENT_CONFIG_DIR"] = str(tmp_path / "client")
    write(tmp_path / "client" / "config.yaml", "theme: accessible\n")
    assert ok(cli, "config", "get", "display.theme") == "accessible\n"
    write(user_file(isolated_home), "")
    assert ok(cli, "config", "get", "display.theme") == "default\n", "config.toml wins"


def test_migrate_without_an_old_config_is_one_line(cli: Vibectl) -> None:
    assert "no older vibectl config found" in fails(cli, "config", "migrate")


def test_docs_list_every_key_of_the_schema() -> None:
    from vibectl import _core

    rows = re.findall(
        r"^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \| (.+) \|$",
        (REPO / "docs" / "config.md").read_text(),
        re.MULTILINE,
    )
    documented = [
        (key, kind.strip(), default.strip(), meaning) for key, kind, default, meaning in rows
    ]
    schema = [
        (k.key, k.kind, f"`{k.default}`" if k.default is not None else "unset", k.description)
        for k in _core.config_schema()
    ]
    assert documented == schema


def test_help_reads_no_config_file(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
        "from vibectl.cli import main\n"
        "sys.argv = ['vibectl', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([p for p in opened if 'vibectl' in p and not p.endswith(('.py', '.pyc'))],"
        " file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"


def test_get_names_an_unknown_key_and_an_unset_one_differently(cli: Vibectl) -> None:
    assert fails(cli, "config", "get", "display.them") == (
        "vibectl: error: unknown key display.them; did you mean display.theme?"
    )
    assert fails(cli, "config", "get", "core.kubeconfig") == (
        "vibectl: error: core.kubeconfig is not set and has no default; "
        "set it with `vibectl config set`"
    )
