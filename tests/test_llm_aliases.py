"""The `llm` tool's own aliases (`llm aliases set NAME MODEL`, kept in its aliases.json) name
models here as they did for the older vibectl; the file is read, never written, and a file
that cannot be used is ignored with one warning line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from pathlib import Path

import pytest

from support.older import older_venv_path, run_older_script
from vibectl import _core


def write_aliases(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "aliases.json"
    path.write_text(text)
    return path


def llm_default_dir(home: Path) -> Path:
    return home / ".config" / "io.datasette.llm"


# As llm 0.36 writes it: `llm aliases set fast claude-3.5-haiku` (llm-anthropic 0.30 installed).
AS_LLM_WRITES_IT = json.dumps(
    {"fast": "anthropic/claude-3-5-haiku-latest", "writer": "gpt-4o"}, indent=4
)


def test_an_llm_alias_names_its_model(isolated_home: Path) -> None:
    path = write_aliases(llm_default_dir(isolated_home), AS_LLM_WRITES_IT + "\n")
    before = path.read_bytes()
    fast = _core.get_model("fast")
    assert (fast.provider, fast.api_id) == ("anthropic", "claude-3-5-haiku-latest")
    assert (_core.get_model("writer").provider, _core.get_model("writer").api_id) == (
        "openai",
        "gpt-4o",
    )
    assert path.read_bytes() == before, "read, never written"


def test_llm_user_path_moves_it_and_the_users_own_alias_wins(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = isolated_home / "llm-home"
    write_aliases(elsewhere, '{"fast": "gpt-4o", "quick": "claude-3.5-haiku"}')
    monkeypatch.setenv("LLM_USER_PATH", str(elsewhere))
    config = isolated_home / ".config" / "vibectl" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[models.aliases]\nfast = "haiku"\nsnappy = "quick"\n')
    assert _core.get_model("fast").api_id == "claude-haiku-5-5"
    assert _core.get_model("snappy").api_id == "claude-3-5-haiku-latest"


def make_fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("fifo", "is a FIFO (named pipe), not a regular file"),
        ("directory", "is a directory, not a regular file"),
        ("huge", "is larger than 1 MiB"),
        ("bad json", "is not a JSON object"),
        ("a list", "is not a JSON object"),
    ],
)
def test_an_aliases_file_that_cannot_be_used_is_ignored_with_one_warning(
    isolated_home: Path, caplog: pytest.LogCaptureFixture, kind: str, why: str
) -> None:
    path = llm_default_dir(isolated_home) / "aliases.json"
    if kind == "fifo":
        make_fifo(path)
    elif kind == "directory":
        path.mkdir(parents=True)
    else:
        texts = {
            "huge": '{"a": "' + "x" * (1 << 20) + '"}',
            "bad json": '{"fast": ',
            "a list": "[]",
        }
        write_aliases(path.parent, texts[kind])
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        _core.refresh_logging()
        assert _core.get_model("sonnet").provider == "anthropic"
        with pytest.raises(_core.UnknownModelError):
            _core.get_model("fast")
    _core.refresh_logging()
    assert time.monotonic() - started < 5, "never waits for a writer"
    warnings = [r.getMessage() for r in caplog.records if "aliases" in r.getMessage()]
    assert warnings, caplog.records
    assert all(
        w.startswith(f"the llm tool's aliases in {path} are ignored: the file {why}")
        for w in warnings
    ), warnings


def test_aliases_that_point_at_each_other_end_as_an_unknown_model(isolated_home: Path) -> None:
    write_aliases(
        llm_default_dir(isolated_home), '{"a": "b", "b": "a", "self": "self", "ok": "gpt-4o"}'
    )
    assert _core.get_model("ok").api_id == "gpt-4o"
    for name in ("a", "b", "self"):
        with pytest.raises(_core.UnknownModelError) as caught:
            _core.get_model(name)
        assert "\n" not in str(caught.value)


def test_the_older_llm_and_ours_resolve_its_aliases_alike(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`llm aliases set` run by the older vibectl's own llm (0.36, llm-anthropic 0.30), then
    each alias resolved by both: llm's model and the id it sends, and ours."""
    venv = older_venv_path()
    if not (venv / "bin" / "llm").exists():
        pytest.fail(f"the older vibectl is not installed in {venv}", pytrace=False)
    llm_home = isolated_home / "llm-home"
    env = {**os.environ, "LLM_USER_PATH": str(llm_home)}
    aliases = {"fast": "claude-3.5-haiku", "big": "claude-opus-4.1", "writer": "4o"}
    for alias, model in aliases.items():
        subprocess.run(
            [str(venv / "bin" / "llm"), "aliases", "set", alias, model],
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
        )
    rows = json.loads(run_older_script(venv, "llm_aliases.py", env))
    theirs = {r["name"]: (r["provider"], r["api_id"]) for r in rows if r["name"] in aliases}
    assert set(theirs) == set(aliases)
    monkeypatch.setenv("LLM_USER_PATH", str(llm_home))
    ours = {a: (_core.get_model(a).provider, _core.get_model(a).api_id) for a in aliases}
    assert ours == theirs


def test_config_migrate_keeps_a_model_named_by_an_llm_alias(isolated_home: Path) -> None:
    write_aliases(llm_default_dir(isolated_home), AS_LLM_WRITES_IT)
    older = isolated_home / ".vibectl" / "config.yaml"
    older.parent.mkdir()
    older.write_text("model: fast\n")
    migration = _core.config_migrate()
    assert migration.notes == []
    toml = (isolated_home / ".config" / "vibectl" / "config.toml").read_text()
    assert 'model = "fast"' in toml
