"""Every command and flag the older vibectl (0.11.6) lists in its `--help` tree is accepted by
ours, or is on the one list of replaced ones (`REFUSED`, `REPLACED_COMMANDS`), whose messages are
tested here; and tests/older/surface.json is what the older vibectl itself lists."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import Any

import click
import pytest

from support.older import (
    OLDER_DIR,
    migration_table_names,
    ours_parse,
    run_older_script,
    surface,
)
from support.vibectl_cli import Vibectl, installed_vibectl

REPO = Path(__file__).resolve().parent.parent

# A value for each argument the older help pages name, and for each option that takes one.
ARGUMENTS = {
    "RESOURCE": ["pods"],
    "ARGS...": ["-n", "default"],
    "REQUEST": ["show pods"],
    "PREDICATE...": ["all pods are running"],
    "INSTRUCTIONS_TEXT": ["be brief"],
    "TEXT...": ["payments is in ns pay"],
    "UPDATE_TEXT...": ["payments moved to ns pay2"],
    "KEY": ["display.theme"],
    "VALUE": ["dark"],
    "SECTION": ["display"],
    "THEME_NAME": ["dark"],
}
VALUES = {"TEXT": "claude-haiku-5-5", "INTEGER": "1", "FLOAT": "0"}
OPTION_VALUES = {"--since": "2h", "--output": "audit.json"}


def _replaced() -> tuple[dict[str, str], dict[str, str]]:
    from vibectl.commands.replaced import REPLACED_COMMANDS
    from vibectl.options import REFUSED

    return REPLACED_COMMANDS, REFUSED


def _usages(option: dict[str, Any]) -> list[list[str]]:
    """Each way the older help page lets the option be written."""
    takes = option["takes"]
    if takes is None:
        return [[name] for name in [*option["names"], *option["off"]]]
    values = takes if isinstance(takes, list) else [OPTION_VALUES.get(option["names"][0], "")]
    if not isinstance(takes, list):
        values = [OPTION_VALUES.get(option["names"][0]) or VALUES[takes]]
    usages = [[name, value] for name in option["names"] for value in values]
    return [*usages, [f"{option['names'][0]}={values[-1]}"]]


def _pages() -> list[dict[str, Any]]:
    replaced_commands, _ = _replaced()
    return [p for p in surface() if p["command"].split(" ")[0] not in replaced_commands]


def _cases() -> list[tuple[str, list[str], list[str] | None]]:
    """(command, argv, the words our parse must leave, if known) for every option usage of
    every page, the option before and after the arguments."""
    _, refused = _replaced()
    cases = []
    for page in _pages():
        path = page["command"].split() if page["command"] else []
        if page["subcommands"]:  # a group: its options, then a command under it
            below = ["get", "pods"] if not path else [page["subcommands"][0], "deploy/web"]
            tail, words = below, below[1:]
        else:
            tail = [w for a in page["arguments"] for w in ARGUMENTS[a]]
            # The words of a request, or a verb's for kubectl; other commands' arguments are
            # their own business, but no option may be left among them.
            words = tail if _takes_words(page["command"]) else None
        for option in page["options"]:
            if option["names"][0] in refused:
                continue
            for usage in _usages(option):
                cases.append((page["command"], [*path, *usage, *tail], words))
                if not page["subcommands"] and tail:
                    cases.append((page["command"], [*path, *tail, *usage], words))
    return cases


def _takes_words(command: str) -> bool:
    from vibectl.kubectl.verbs import VERBS

    return command in {"vibe", "auto", "semiauto", "check", "edit", *(v.name for v in VERBS)}


def test_the_inventory_is_what_the_older_vibectl_lists(
    older_venv: Path, isolated_home: Path
) -> None:
    listed = run_older_script(older_venv, "walk_help.py", dict(os.environ))
    assert listed == (OLDER_DIR / "surface.json").read_text(), (
        "the older vibectl's help tree differs from tests/older/surface.json"
    )
    pages = surface()
    assert len(pages) == 70
    assert sum(len(p["options"]) for p in pages) == 207


def test_every_older_command_is_one_of_ours_or_replaced() -> None:
    from vibectl.cli import cli

    replaced_commands, _ = _replaced()
    for page in surface():
        if not page["command"] or page["command"].split()[0] in replaced_commands:
            continue
        command: click.Command | None = cli
        for name in page["command"].split():
            assert isinstance(command, click.Group), page["command"]
            command = command.get_command(click.Context(command), name)
            assert command is not None, f"we have no `vibectl {page['command']}`"
        assert isinstance(command, click.Group) == bool(page["subcommands"]), page["command"]


@pytest.mark.parametrize(("command", "argv", "words"), _cases(), ids=lambda v: str(v)[:60])
def test_every_older_flag_is_accepted_and_taken_out(
    command: str, argv: list[str], words: list[str] | None
) -> None:
    if argv[0] == "--version":
        with pytest.raises(click.exceptions.Exit) as shown:
            ours_parse(argv)
        assert shown.value.exit_code == 0
        return
    parsed = ours_parse(argv)
    expected = command if command else "get"
    if command == "rollout":
        expected = "rollout history"
    assert parsed.command == expected
    if words is not None:
        assert parsed.words == words, f"{argv}: an older flag was left in {parsed.words}"
    flags = [a for a in argv if a.startswith("--")]
    assert not set(flags) & set(parsed.words), f"{argv}: an older flag was left"


def test_repeated_and_oddly_spelled_older_flags() -> None:
    """The last one given wins; words and levels in any case; a bad word is an error."""
    last = ours_parse(["--show-metrics", "all", "get", "pods", "--show-metrics", "none"])
    assert (last.params["show_metrics"], last.words) == (False, ["pods"])
    spelled = ours_parse(["--show-metrics=SUB", "--log-level", "Info", "--mode=AUTO", "get", "x"])
    assert (spelled.params["show_metrics"], spelled.params["log_level"]) == (True, "info")
    assert spelled.params["mode"] == "auto"
    bare = ours_parse(["--show-metrics", "get", "pods"])
    assert (bare.command, bare.params["show_metrics"], bare.words) == ("get", True, ["pods"])
    frozen = ours_parse(["get", "pods", "--unfreeze-memory", "--freeze-memory"])
    assert frozen.params["update_memory"] is False
    steps = ours_parse(["auto", "-l", "1", "-i", "0", "show pods", "-l", "2"])
    assert (steps.params["limit"], steps.words) == (2, ["show pods"])
    kubectl_flags = ours_parse(["get", "pods", "--", "--show-metrics", "all"])
    assert kubectl_flags.words == ["pods", "--", "--show-metrics", "all"], (
        "after -- it is kubectl's"
    )
    with pytest.raises(click.UsageError, match="--show-metrics takes one of none, total"):
        ours_parse(["get", "pods", "--show-metrics=most"])
    with pytest.raises(click.UsageError, match="--mode takes one of manual, auto, semiauto"):
        ours_parse(["get", "pods", "--mode", "yolo"])


def _replaced_invocations() -> list[tuple[list[str], str]]:
    replaced_commands, refused = _replaced()
    runs = [([name, "list"], f"vibectl {name}: {text}") for name, text in replaced_commands.items()]
    runs += [(["setup-proxy", "configure", "p", "vibectl-server://h:1", "--activate"], "")]
    for flag, text in refused.items():
        value = [] if flag == "--no-proxy" else ["team"]
        runs += [([flag, *value, "get", "pods"], text), (["get", "pods", flag, *value], text)]
    runs += [(["audit", "show", "--proxy", "team"], refused["--proxy"])]
    return runs


@pytest.mark.parametrize(("argv", "message"), _replaced_invocations(), ids=" ".join)
def test_replaced_ones_say_what_replaces_them_in_one_line(
    isolated_home: Path, argv: list[str], message: str
) -> None:
    done = Vibectl(installed_vibectl(), dict(os.environ)).run(*argv)
    assert (done.returncode, done.stdout) == (2, "")
    [line] = done.stderr.splitlines()
    assert message in line
    assert re.search(r"providers\.NAME|instructions set", line)


def test_the_migration_table_lists_every_older_command_and_flag() -> None:
    """docs/migrating.md's one table has a row for each command, flag and replaced one."""
    table = (REPO / "docs" / "migrating.md").read_text()
    named = set(migration_table_names())
    replaced_commands, refused = _replaced()
    kept = [p for p in surface() if p["command"].split(" ")[0] not in replaced_commands]
    wanted = {f"vibectl {p['command']}".strip() for p in kept}
    wanted |= {name for p in kept for o in p["options"] for name in [*o["names"], *o["off"]]}
    wanted |= {*(f"vibectl {c}" for c in replaced_commands), *refused}
    missing = sorted(wanted - named)
    assert not missing, f"docs/migrating.md has no row for {missing}"
    for name in itertools.chain(replaced_commands, refused):
        assert name in table
