"""Commands that run until they are stopped: `get -w`, `logs -f`, `events -w`, `rollout status`,
`port-forward`. Their output is shown as kubectl prints it, and summarised when they end or are
stopped with Ctrl-C.

Read from the words as kubectl's flag parser (pflag) takes them (`-fp` is `-f -p`): `-w`, `--watch`,
`--watch-only`, `-f`/`--follow` for `logs`, each also as `--flag=BOOL` (`--watch=false` is not
live); `rollout status` watches unless told `--watch=false`; `port-forward` always runs until
stopped. Nothing after `--` is a flag.
"""

from __future__ import annotations

from collections.abc import Sequence

# The words of a command, and the flags that make it run until stopped.
_WATCH = ("-w", "--watch", "--watch-only")
_LIVE_FLAGS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("get",): _WATCH,
    ("events",): ("-w", "--watch"),
    ("logs",): ("-f", "--follow"),
}
# Commands that run until stopped unless one of these flags says false.
_LIVE_BY_DEFAULT: dict[tuple[str, ...], tuple[str, ...]] = {
    ("rollout", "status"): ("-w", "--watch"),
    ("port-forward",): (),
}
# Go's strconv.ParseBool, which pflag uses for `--flag=VALUE`.
_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})


def _given(flags: Sequence[str], words: Sequence[str]) -> bool | None:
    """Whether the last of `flags` among `words` says true; None when none is given."""
    said: bool | None = None
    for word in words:
        name, has_value, value = word.partition("=")
        if name in flags:
            said = value in _TRUE if has_value else True
    return said


def runs_until_stopped(kubectl_args: Sequence[str]) -> bool:
    """Whether `kubectl ARGS` (verb first) keeps running and printing until stopped."""
    words = _read(kubectl_args)
    if "--" in words:
        words = words[: words.index("--")]
    for command, flags in _LIVE_BY_DEFAULT.items():
        if tuple(words[: len(command)]) == command:
            return _given(flags, words[len(command) :]) is not False
    for command, flags in _LIVE_FLAGS.items():
        if tuple(words[: len(command)]) == command:
            return _given(flags, words[len(command) :]) is True
    return False


def _read(args: Sequence[str]) -> list[str]:
    """The words with shorthands written together (`-fp`, `-wA`) read by kubectl's grammar, one
    flag a word (`--follow --previous`); as given when there are none, or when the grammar
    cannot read them (kubectl will say why)."""
    if not any(len(word) > 2 and word[0] == "-" and word[1] != "-" for word in args):
        return list(args)
    from vibectl.kubectl.grammar import GrammarError, parse

    try:
        return parse(args).argv()
    except GrammarError:
        return list(args)
