"""The kubectl verbs as commands, built from the verb table (`vibectl.kubectl.verbs`); none is
written out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from vibectl.kubectl import global_flags
from vibectl.kubectl.verbs import GROUP_HELP, VERBS, Verb
from vibectl.options import (
    OPTIONS,
    OptionsGroup,
    WordsCommand,
    help_rows,
    settle,
    split_options,
    with_options,
)
from vibectl.typos import SuggestingGroup, mistyped_option, quoted

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

# kubectl flags (-n, -A, -o yaml, --context …) must reach kubectl untouched, wherever they stand.
# For `just`, only `--help` right after the command is vibectl's (`just get -h` is kubectl's).
PASS_THROUGH = {
    "ignore_unknown_options": True,
    "allow_interspersed_args": False,
    "help_option_names": ["--help"],
}
# A verb reads `-h` and `--help` itself, wherever they stand as words of their own before `--`
# (as words of their own only: `-h` may be part of `-ojsonpath={.h}`).
_VERB_ARGS = {**PASS_THROUGH, "help_option_names": []}
_HELP = ("-h", "--help")
_VIBECTL_FLAGS = [flag for option in OPTIONS for flag in (option.on, option.off) if flag]


class _VerbCommand(WordsCommand):
    """A verb's help lists vibectl's options, which its arguments may hold anywhere; an option
    being typed completes to vibectl's and kubectl's."""

    def __init__(self, verb: Verb, **attributes: Any) -> None:
        super().__init__(**attributes)
        self.verb = verb

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        own = [
            CompletionItem(flag)
            for flag in [*_VIBECTL_FLAGS, *_HELP]
            if flag.startswith(incomplete)
        ]
        return own + _from_kubectl(ctx, self.verb, incomplete)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Options (anywhere before --; everything else goes to kubectl)"):
            formatter.write_dl(
                [*help_rows(), ("-h, --help", "Show this help, then kubectl's, and exit.")]
            )


def _from_kubectl(ctx: click.Context, verb: Verb, incomplete: str) -> list[CompletionItem]:
    """What kubectl completes after the words typed so far (vibectl's options left out)."""
    from click.shell_completion import CompletionItem

    from vibectl import _core
    from vibectl.kubectl.complete import kubectl_completions

    try:
        _, words = split_options(list(ctx.params.get("args") or ()))
        settings = _core.load_settings()
    except (click.UsageError, _core.VibectlError):
        return []
    words = [*verb.kubectl, *global_flags.before_the_command(ctx), *words]
    pairs = kubectl_completions(words, incomplete, settings)
    return [CompletionItem(value, help=description or None) for value, description in pairs]


def _complete_words(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    command = ctx.command
    assert isinstance(command, _VerbCommand)
    return _from_kubectl(ctx, command.verb, incomplete)


def _before_dashes(args: list[str]) -> list[str]:
    return args[: args.index("--")] if "--" in args else args


def _show_help(ctx: click.Context, verb: Verb) -> int:
    """vibectl's help for the verb, then kubectl's own (`kubectl VERB --help`); no model."""
    from vibectl import _core
    from vibectl.exit_codes import KUBECTL_NOT_FOUND
    from vibectl.kubectl.run import KubectlNotFoundError, run_kubectl_attached
    from vibectl.summary import render

    click.echo(ctx.get_help())
    click.echo(f"\nkubectl's help for `kubectl {verb.name}`:\n")
    try:
        return run_kubectl_attached([*verb.kubectl, "--help"], _core.load_settings())
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return KUBECTL_NOT_FOUND


def _refuse_mistyped(args: list[str]) -> None:
    """A vibectl option mistyped among kubectl's arguments (`--modle`) stops here, before kubectl
    runs: kubectl would reject it, or worse, take it for one of its own."""
    for word in _before_dashes(args):
        if word.startswith("--") and not global_flags.is_global(word):
            meant = mistyped_option(word, _VIBECTL_FLAGS)
            if meant is not None:
                raise click.UsageError(f"unknown option {quoted(word)}; did you mean {meant}?")


def _command(verb: Verb) -> click.Command:
    kubectl = " ".join(("kubectl", *verb.kubectl))

    @click.pass_context
    def run(ctx: click.Context, args: tuple[str, ...]) -> int:
        if any(word in _HELP for word in _before_dashes(list(args))):
            return _show_help(ctx, verb)
        overrides, kubectl_args = settle(ctx, args)
        _refuse_mistyped(kubectl_args)
        before = global_flags.before_the_command(ctx)
        if kubectl_args[:1] == ["vibe"]:
            from vibectl.planning.vibe import plan_verb

            return plan_verb(verb, [*before, *kubectl_args[1:]], overrides)
        from vibectl.summary.run import summarize_verb

        return summarize_verb(verb, [*before, *kubectl_args], overrides)

    return _VerbCommand(
        verb,
        name=verb.kubectl[-1],
        callback=run,
        params=[
            click.Argument(
                ["args"], nargs=-1, type=click.UNPROCESSED, shell_complete=_complete_words
            )
        ],
        context_settings=_VERB_ARGS,
        help=(
            f"Run `{kubectl} ARGS...` and summarise {verb.focus}. "
            f'`vibectl {verb.name} vibe "REQUEST"` has the model plan the command.'
        ),
        short_help=verb.help + ".",
    )


class _VerbGroup(OptionsGroup, SuggestingGroup):
    """A group of verbs (`rollout`): vibectl's options in older spellings too; a mistyped verb
    names the closest one."""


def _group(name: str) -> click.Group:
    def options_only(**_given: object) -> None:
        """The verbs read the options back (`given_to_groups`)."""

    return click.group(name=name, cls=_VerbGroup, help=GROUP_HELP[name] + ".")(
        with_options(options_only)
    )


def verb_commands() -> list[click.Command]:
    """One command per verb; verbs of two words are grouped under their first (`rollout`)."""
    commands: list[click.Command] = []
    groups: dict[str, click.Group] = {}
    for verb in VERBS:
        command = _command(verb)
        if len(verb.kubectl) == 1:
            commands.append(command)
            continue
        if verb.kubectl[0] not in groups:
            groups[verb.kubectl[0]] = _group(verb.kubectl[0])
            commands.append(groups[verb.kubectl[0]])
        groups[verb.kubectl[0]].add_command(command)
    return commands
