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

    def flags(self) -> str:
        names = [name for name in (self.on, self.off) if name]
        shown = " / ".join(names)
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
        "Print the model, tokens, latency and retries of the call (display.show_metrics).",
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
)

_BY_FLAG = {flag: option for option in OPTIONS for flag in (option.on, option.off) if flag}


@dataclass(frozen=True)
class Overrides:
    """The options given on the command line; None where the config decides."""

    model: str | None = None
    show_raw_output: bool | None = None
    show_vibe: bool | None = None
    show_kubectl: bool | None = None
    show_metrics: bool | None = None
    summarize: bool | None = None
    yes: bool | None = None
    redact: bool | None = None
    memory: bool | None = None

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
    theme: str
    redact: bool
    memory: bool
    yes: bool


def resolve(overrides: Overrides) -> tuple[Choices, Settings]:
    """What a command does (the options given, else the config), and the config it read."""
    from vibectl import _core

    settings = _core.load_settings()

    def pick(given: bool | None, configured: bool) -> bool:
        return configured if given is None else given

    choices = Choices(
        model=overrides.model if overrides.model is not None else settings.model,
        show_raw_output=pick(overrides.show_raw_output, settings.show_raw_output),
        show_vibe=pick(overrides.show_vibe, settings.show_vibe),
        show_kubectl=pick(overrides.show_kubectl, settings.show_kubectl),
        show_metrics=pick(overrides.show_metrics, settings.show_metrics),
        summarize=pick(overrides.summarize, False),
        stream=settings.stream,
        theme=settings.theme,
        redact=pick(overrides.redact, True),
        memory=pick(overrides.memory, settings.memory_enabled),
        yes=pick(overrides.yes, False),
    )
    return choices, settings


def split_options(args: Sequence[str]) -> tuple[Overrides, list[str]]:
    """vibectl's options taken out of a verb's arguments (up to `--`), and the rest for kubectl."""
    given: dict[str, Any] = {}
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            rest.extend(args[index - 1 :])
            break
        flag, has_value, value = arg.partition("=")
        option = _BY_FLAG.get(flag)
        if option is None:
            rest.append(arg)
        elif option.metavar is None:
            if has_value:
                raise click.UsageError(f"{flag} takes no value")
            given[option.dest] = flag == option.on
        elif has_value:
            given[option.dest] = value
        elif index < len(args):
            given[option.dest] = args[index]
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


def with_options(function: F) -> F:
    """Declare vibectl's options on a click group (they are read back by `given_to_groups`)."""
    for option in reversed(OPTIONS):
        if option.metavar is not None:
            decorator = click.option(
                option.on or "", option.dest, metavar=option.metavar, help=option.help
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
