"""vibectl's own options on the kubectl verbs, defined once.

They are accepted before the verb (`vibectl --show-raw-output get pods`, parsed by click on the
root group and on verb groups such as `rollout`) and anywhere among the verb's arguments up to a
`--` (`vibectl get pods -n x --model fast`, taken out by `split_options`); they never reach
kubectl. What is not given comes from the config (`display.*`, `llm.model`); the last one given
wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vibectl.exit_codes import USAGE

if TYPE_CHECKING:
    from vibectl._core import Settings

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Option:
    dest: str
    on: str | None  # the flag that sets True (or takes the value)
    off: str | None  # the flag that sets False
    help: str
    metavar: str | None = None  # set for an option that takes a value
    # For an option that takes one of these words: the values that mean True (the others mean
    # False). Given alone, such an option means True; `--no-…` means False.
    words: dict[str, bool] | None = None

    def flags(self) -> str:
        names = [name for name in (self.on, self.off) if name]
        shown = " / ".join(names)
        if self.words:
            return f"{self.on} [{'|'.join(self.words)}] / {self.off}"
        return f"{shown} {self.metavar}" if self.metavar else shown


OPTIONS: tuple[Option, ...] = (
    Option("model", "--model", None, "The model to ask (default: llm.model).", metavar="NAME"),
    Option(
        "show_raw_output",
        "--show-raw-output",
        "--no-show-raw-output",
        "Print kubectl's own output before the summary (display.show_raw_output).",
    ),
    Option(
        "show_vibe",
        "--show-vibe",
        "--no-show-vibe",
        "Summarise with the model; without it, kubectl's output is printed (display.show_vibe).",
    ),
    Option(
        "show_kubectl",
        "--show-kubectl",
        "--no-show-kubectl",
        "Print the kubectl command that runs (display.show_kubectl).",
    ),
    Option(
        "show_metrics",
        "--show-metrics",
        "--no-show-metrics",
        "Print the model, tokens, latency and retries of each call (display.show_metrics); "
        "none is off, total, sub and all are on.",
        words={"none": False, "total": True, "sub": True, "all": True},
    ),
    Option(
        "stream",
        "--show-streaming",
        "--no-show-streaming",
        "Show the summary as it arrives (display.stream).",
    ),
    Option(
        "live",
        "--live-display",
        "--no-live-display",
        "Show kubectl's output as it arrives (logs -f, get -w, wait), then summarise it; a "
        "watch or follow on a terminal takes the keys P pause, W wrap, F filter, S save, E exit.",
    ),
    Option(
        "summarize",
        "--summarize",
        None,
        "With -o json, yaml, name or a template: kubectl's output on stdout, a summary on stderr.",
    ),
    Option(
        "yes",
        "--yes",
        None,
        "Run planned commands that change the cluster without asking first.",
    ),
    Option(
        "mode",
        "--mode",
        None,
        "Confirm planned commands: manual (those that change the cluster), auto (none, as "
        "--yes), semiauto (every one).",
        metavar="[manual|auto|semiauto]",
    ),
    Option(
        "redact",
        None,
        "--no-redact",
        "Send secret values to the model as they are (they are redacted by default).",
    ),
    Option(
        "memory",
        None,
        "--no-memory",
        "Neither use nor update the memory for this command (memory.enabled).",
    ),
    Option(
        "update_memory",
        "--unfreeze-memory",
        "--freeze-memory",
        "Update the memory after this command, or not (it is still read).",
    ),
    Option(
        "log_level",
        "--log-level",
        None,
        "Log from this level on: debug, info, warning, error or critical (-v is debug).",
        metavar="LEVEL",
    ),
)

MODES = ("manual", "auto", "semiauto")
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
_VALUES = {"mode": MODES, "log_level": LOG_LEVELS}

# Options of the older vibectl that nothing means now: refused in one line naming what replaces
# them (docs/migrating.md lists them).
_GATEWAYS = (
    "vibectl talks to a gateway (such as a LiteLLM proxy) as a provider of its own: set "
    'providers.NAME.kind = "openai" and providers.NAME.base_url (docs/config.md)'
)
REFUSED: dict[str, str] = {
    "--proxy": f"--proxy is gone with vibectl-server: {_GATEWAYS}; pick it with --model NAME/MODEL",
    "--no-proxy": f"--no-proxy is gone with vibectl-server: {_GATEWAYS}",
}

_BY_FLAG = {flag: option for option in OPTIONS for flag in (option.on, option.off) if flag}


class ReplacedError(click.ClickException):
    """An option or command of the older vibectl that nothing means now: one line, the usage
    code (64)."""

    exit_code = USAGE


def spelled_plainly(args: Sequence[str], *, leading: bool = False) -> list[str]:
    """The arguments with an option that takes a word (`--show-metrics all`, the older
    vibectl's spelling) written as our on/off flag, up to `--` (with `leading`, up to the first
    argument that is not an option: a group's own options end there); the rest as it is."""
    out: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        flag, equals, value = arg.partition("=")
        has_value = bool(equals)
        option = _BY_FLAG.get(flag)
        if arg == "--" or (leading and not arg.startswith("-")):
            return [*out, *args[index - 1 :]]
        if option is None or not option.words or flag != option.on:
            out.append(arg)
            if leading and option is not None and option.metavar and not has_value:
                out.extend(args[index : index + 1])  # its value, whatever it looks like
                index += 1
            continue
        if not has_value and index < len(args) and args[index].lower() in option.words:
            value, has_value = args[index], True
            index += 1
        if has_value and value.lower() not in option.words:
            raise click.UsageError(f"{flag} takes one of {', '.join(option.words)}, not {value!r}")
        on = option.words[value.lower()] if has_value else True
        out.append(option.on if on else option.off or "")
    return out


class OptionsGroup(click.Group):
    """A group taking vibectl's options, in the older vibectl's spellings too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, spelled_plainly(args, leading=True))


class WordsCommand(click.Command):
    """A command whose arguments (a verb's, for kubectl) may hold vibectl's options anywhere
    before `--`; `settle` takes them out."""


class OptionsCommand(click.Command):
    """A command taking vibectl's options anywhere among its words, older spellings too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, spelled_plainly(args))


@dataclass(frozen=True)
class Overrides:
    """The options given on the command line; None where the config decides."""

    model: str | None = None
    show_raw_output: bool | None = None
    show_vibe: bool | None = None
    show_kubectl: bool | None = None
    show_metrics: bool | None = None
    stream: bool | None = None
    live: bool | None = None
    summarize: bool | None = None
    yes: bool | None = None
    mode: str | None = None
    redact: bool | None = None
    memory: bool | None = None
    update_memory: bool | None = None
    log_level: str | None = None

    def then(self, later: Overrides) -> Overrides:
        """These overrides, with every option `later` gives replacing ours."""
        given = {k: v for k, v in dataclasses.asdict(later).items() if v is not None}
        return dataclasses.replace(self, **given)


@dataclass(frozen=True)
class Choices:
    """What a verb does, from the options given and the config."""

    model: str | None
    show_raw_output: bool
    show_vibe: bool
    show_kubectl: bool
    show_metrics: bool
    summarize: bool
    stream: bool
    live: bool
    theme: str
    redact: bool
    #: the memory is given to the model
    memory: bool
    #: the memory is updated after the command
    update_memory: bool
    #: planned commands that change the cluster run without asking
    yes: bool
    #: the flag that said so (`--yes`, `--mode auto`)
    yes_by: str | None
    #: every planned command is asked about, read-only ones too (--mode semiauto)
    ask_every: bool


def resolve(overrides: Overrides) -> tuple[Choices, Settings]:
    """What a command does (the options given, else the config), and the config it read."""
    from vibectl import _core

    settings = _core.load_settings()

    def pick(given: bool | None, configured: bool) -> bool:
        return configured if given is None else given

    # --unfreeze-memory uses and updates a frozen memory for this command; --no-memory wins.
    memory = pick(overrides.memory, overrides.update_memory or settings.memory_enabled)
    yes_by = "--yes" if overrides.yes else "--mode auto" if overrides.mode == "auto" else None
    choices = Choices(
        model=overrides.model if overrides.model is not None else settings.model,
        show_raw_output=pick(overrides.show_raw_output, settings.show_raw_output),
        show_vibe=pick(overrides.show_vibe, settings.show_vibe),
        show_kubectl=pick(overrides.show_kubectl, settings.show_kubectl),
        show_metrics=pick(overrides.show_metrics, settings.show_metrics),
        summarize=pick(overrides.summarize, False),
        stream=pick(overrides.stream, settings.stream),
        live=pick(overrides.live, False),
        theme=settings.theme,
        redact=pick(overrides.redact, True),
        memory=memory,
        update_memory=memory and pick(overrides.update_memory, True),
        yes=yes_by is not None,
        yes_by=yes_by,
        ask_every=overrides.mode == "semiauto",
    )
    return choices, settings


def _value(option: Option, flag: str, value: str) -> str:
    allowed = _VALUES.get(option.dest)
    if allowed is not None and value.lower() not in allowed:
        raise click.UsageError(f"{flag} takes one of {', '.join(allowed)}, not {value!r}")
    return value.lower() if allowed is not None else value


def split_options(args: Sequence[str]) -> tuple[Overrides, list[str]]:
    """vibectl's options taken out of a verb's arguments (up to `--`), and the rest for kubectl."""
    given: dict[str, Any] = {}
    rest: list[str] = []
    args = spelled_plainly(args)
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            rest.extend(args[index - 1 :])
            break
        flag, has_value, value = arg.partition("=")
        if flag in REFUSED:
            raise ReplacedError(REFUSED[flag])
        option = _BY_FLAG.get(flag)
        if option is None:
            rest.append(arg)
        elif option.metavar is None:
            if has_value:
                raise click.UsageError(f"{flag} takes no value")
            given[option.dest] = flag == option.on
        elif has_value:
            given[option.dest] = _value(option, flag, value)
        elif index < len(args):
            given[option.dest] = _value(option, flag, args[index])
            index += 1
        else:
            raise click.UsageError(f"{flag} needs a value ({option.metavar})")
    return Overrides(**given), rest


def given_to_groups(ctx: click.Context) -> Overrides:
    """The options click parsed on the root group and on verb groups, outermost first."""
    chain: list[click.Context] = []
    current: click.Context | None = ctx
    while current is not None:
        chain.insert(0, current)
        current = current.parent
    overrides = Overrides()
    for level in chain:
        given = {o.dest: level.params[o.dest] for o in OPTIONS if o.dest in level.params}
        overrides = overrides.then(Overrides(**given))
    return overrides


def settle(ctx: click.Context, args: Sequence[str] = ()) -> tuple[Overrides, list[str]]:
    """The options given to the command and its groups, with those among `args` last (the last
    one given wins), and the rest of `args`; applies --log-level."""
    given, rest = split_options(args)
    overrides = given_to_groups(ctx).then(given)
    if overrides.log_level is not None:
        from vibectl.logs import configure

        configure(level=overrides.log_level)
    return overrides, rest


def _refuse(_ctx: click.Context, param: click.Parameter, value: object) -> None:
    if value:
        raise ReplacedError(REFUSED[param.opts[0]])


def with_options(function: F) -> F:
    """Declare vibectl's options on a click group (they are read back by `given_to_groups`), and
    the older vibectl's that are refused."""
    for flag in REFUSED:
        function = click.option(
            flag,
            flag.lstrip("-").replace("-", "_"),
            is_flag=flag == "--no-proxy",
            hidden=True,
            expose_value=False,
            callback=_refuse,
        )(function)
    for option in reversed(OPTIONS):
        if option.metavar is not None:
            allowed = _VALUES.get(option.dest)
            decorator = click.option(
                option.on or "",
                option.dest,
                metavar=option.metavar,
                type=click.Choice(allowed, case_sensitive=False) if allowed else None,
                help=option.help,
            )
        elif option.on and option.off:
            decorator = click.option(
                f"{option.on}/{option.off}", option.dest, default=None, help=option.help
            )
        else:
            decorator = click.option(
                option.on or option.off or "",
                option.dest,
                flag_value=option.off is None,
                default=None,
                help=option.help,
            )
        function = decorator(function)
    return function


def help_rows() -> list[tuple[str, str]]:
    """The options as `--help` lists them for a verb."""
    return [(option.flags(), option.help) for option in OPTIONS]
