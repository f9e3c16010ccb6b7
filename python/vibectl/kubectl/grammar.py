"""kubectl's command line read as kubectl reads it: cobra finds the command, pflag its flags.

The flags come from `flags.json` beside this module, generated from the pinned kubectl's own help
(`scripts/kubectl-flags`). The grammar is pflag's: `--name=value`, `--name value` (unless the
flag takes no value: a bool, or a flag whose value is optional such as `--dry-run`), `-x value`,
`-xvalue`, `-x=value`, shorthands run together (`-Aw`, `-As URL`: a shorthand that needs a value
takes the rest of the word, or the next word), `_` read as `-` in names (kubectl's normaliser),
a repeated flag's last value wins (list flags keep every value), and everything after `--` is an
argument. A word kubectl would read differently from this parser is an error here, never a guess.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

# pflag's strconv.ParseBool: the values a bool flag accepts after `=`.
_BOOLS = {"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"}


class GrammarError(Exception):
    """kubectl would reject these words, or could read them otherwise; the message says why."""


@dataclass(frozen=True)
class Flag:
    name: str
    short: str
    #: bool / optional (takes no value unless `=value`) / value / list (repeatable value)
    kind: str
    #: whether it is one of kubectl's global flags (`kubectl options`)
    is_global: bool

    @property
    def needs_value(self) -> bool:
        return self.kind in ("value", "list")


@dataclass(frozen=True)
class Given:
    flag: Flag
    #: None when given without a value (`--watch`, `--dry-run`)
    value: str | None

    def word(self) -> str:
        """The flag in one word, as the normalised command passes it."""
        name = f"--{self.flag.name}"
        return name if self.value is None else f"{name}={self.value}"


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    given: list[Given] = field(default_factory=list)
    arguments: list[str] = field(default_factory=list)
    #: the words after `--`, or None when there was no `--`
    after_dash: list[str] | None = None

    def effective(self) -> list[Given]:
        """What kubectl uses: every value of a list flag, only the last of any other flag."""
        last = {g.flag.name: g for g in self.given}
        return [g for g in self.given if g.flag.kind == "list" or last[g.flag.name] is g]

    def values(self, name: str) -> list[str | None]:
        return [g.value for g in self.effective() if g.flag.name == name]

    def with_flag(self, name: str, value: str) -> Command:
        """The command with one more flag given (GrammarError if it has no such flag)."""
        flag = _flags(self.path)[0].get(name)
        if flag is None:
            raise GrammarError(f"kubectl {' '.join(self.path)} has no flag --{name}")
        return Command(
            self.path, [*self.given, Given(flag, value)], self.arguments, self.after_dash
        )

    def argv(self) -> list[str]:
        """One normalised spelling: the command, its arguments, each flag given as
        `--name=value`, in order (kubectl parses every one, then keeps the last)."""
        words = [*self.path, *self.arguments, *(g.word() for g in self.given)]
        if self.after_dash is not None:
            words += ["--", *self.after_dash]
        return words


@functools.cache
def _table() -> dict[str, Any]:
    text = resources.files("vibectl.kubectl").joinpath("flags.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def table_version() -> str:
    """The kubectl version the flag table was generated from."""
    return str(_table()["kubectl"])


def _flags(path: tuple[str, ...]) -> tuple[dict[str, Flag], dict[str, Flag]]:
    """By long name and by shorthand: the command's own flags, then the global ones. A command's
    own flag hides a global one of the same name (`create rolebinding --user` is a subject)."""
    table = _table()
    by_name: dict[str, Flag] = {}
    for is_global, flags in (
        (False, table["commands"][" ".join(path)]["flags"]),
        (True, table["global"]),
    ):
        for name, (short, kind) in flags.items():
            by_name.setdefault(name, Flag(name, short, kind, is_global))
    by_short: dict[str, Flag] = {}
    for flag in by_name.values():
        if flag.short:
            by_short.setdefault(flag.short, flag)
    return by_name, by_short


def _child(path: tuple[str, ...], word: str) -> str | None:
    """The subcommand of `path` that `word` names (or is an alias of)."""
    commands = _table()["commands"]
    key = " ".join((*path, word))
    if key in commands or any(name.startswith(key + " ") for name in commands):
        return word
    for name, command in commands.items():
        words = tuple(name.split())
        if words[:-1] == path and word in command["aliases"]:
            return str(words[-1])
    return None


def _command_path(words: Sequence[str]) -> tuple[str, ...]:
    path: tuple[str, ...] = ()
    for word in words:
        child = _child(path, word)
        if child is None:
            break
        path = (*path, child)
    if not path:
        raise GrammarError(
            f"{words[0]!r} is not a kubectl command vibectl runs" if words else "no command"
        )
    if " ".join(path) not in _table()["commands"]:
        raise GrammarError(f"`kubectl {' '.join(path)}` needs a subcommand")
    return path


def parse(words: Sequence[str]) -> Command:
    """The command these words run, as kubectl would read them."""
    path = _command_path(words)
    reader = _Reader(path, words[len(path) :])
    given: list[Given] = []
    arguments: list[str] = []
    while (word := reader.take()) is not None:
        if word == "--":
            return Command(path, given, arguments, reader.rest())
        if word.startswith("--"):
            given.append(reader.long(word))
        elif word.startswith("-") and word != "-":
            given += reader.shorthands(word[1:])
        else:
            arguments.append(word)
    return Command(path, given, arguments)


class _Reader:
    """The words after the command, taken one at a time as pflag takes them."""

    def __init__(self, path: tuple[str, ...], words: Sequence[str]) -> None:
        self._command = " ".join(path)
        self._by_name, self._by_short = _flags(path)
        self._words = list(words)
        self._index = 0

    def take(self) -> str | None:
        if self._index >= len(self._words):
            return None
        self._index += 1
        return self._words[self._index - 1]

    def rest(self) -> list[str]:
        return self._words[self._index :]

    def long(self, word: str) -> Given:
        """`--name`, `--name=value` or `--name value`."""
        name, has_value, value = word[2:].partition("=")
        if not name or name[0] in "-=":
            raise GrammarError(f"{word!r} is not a flag kubectl reads")
        flag = self._by_name.get(name.replace("_", "-"))
        if flag is None:
            raise GrammarError(f"kubectl {self._command} has no flag --{name}")
        if has_value:
            return _valued(flag, value, f"--{flag.name}")
        return Given(flag, self._value(f"--{flag.name}") if flag.needs_value else None)

    def shorthands(self, letters: str) -> list[Given]:
        """`-x`, `-xvalue`, `-x=value`, `-x value`, and several run together (`-Aw`, `-As URL`):
        one that needs a value takes the rest of the word, or else the next word."""
        given: list[Given] = []
        while letters:
            flag = self._by_short.get(letters[0])
            if flag is None:
                raise GrammarError(f"kubectl {self._command} has no flag -{letters[0]}")
            if letters[1:2] == "=" and len(letters) > 2:
                return [*given, _valued(flag, letters[2:], f"-{letters[0]}")]
            if not flag.needs_value:
                given.append(Given(flag, None))
                letters = letters[1:]
                continue
            value = letters[1:] or self._value(f"-{letters[0]}")
            return [*given, Given(flag, value)]
        return given

    def _value(self, flag: str) -> str:
        value = self.take()
        if value is None:
            raise GrammarError(f"{flag} needs a value")
        if value.startswith("-") and value != "-":
            # kubectl of another version might read this word as a flag: say it in one word.
            raise GrammarError(f"write {flag}=VALUE: the value {value!r} looks like a flag")
        return value


def _valued(flag: Flag, value: str, spelling: str) -> Given:
    if flag.kind == "bool" and value not in _BOOLS:
        raise GrammarError(f"{spelling} takes true or false, not {value!r}")
    return Given(flag, value)


def subcommands(path: tuple[str, ...]) -> list[str]:
    return list(_table()["commands"][" ".join(path)]["subcommands"])
