"""The kubectl verbs as commands, built from the verb table (`vibectl.kubectl.verbs`); none is
written out."""

from __future__ import annotations

import click

from vibectl.kubectl.verbs import GROUP_HELP, VERBS, Verb
from vibectl.options import OptionsGroup, WordsCommand, help_rows, settle, with_options

# kubectl flags (-n, -A, -o yaml, --context …) must reach kubectl untouched, wherever they stand.
# Only `--help`, right after the command, is vibectl's: `-h` could hide in `-ojsonpath={.h}`.
PASS_THROUGH = {
    "ignore_unknown_options": True,
    "allow_interspersed_args": False,
    "help_option_names": ["--help"],
}


class _VerbCommand(WordsCommand):
    """A verb's help lists vibectl's options, which its arguments may hold anywhere."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Options (anywhere before --; everything else goes to kubectl)"):
            formatter.write_dl([*help_rows(), ("--help", "Show this message and exit.")])


def _command(verb: Verb) -> click.Command:
    kubectl = " ".join(("kubectl", *verb.kubectl))

    @click.pass_context
    def run(ctx: click.Context, args: tuple[str, ...]) -> int:
        overrides, kubectl_args = settle(ctx, args)
        if kubectl_args[:1] == ["vibe"]:
            from vibectl.planning.vibe import plan_verb

            return plan_verb(verb, kubectl_args[1:], overrides)
        from vibectl.summary.run import summarize_verb

        return summarize_verb(verb, kubectl_args, overrides)

    return _VerbCommand(
        name=verb.kubectl[-1],
        callback=run,
        params=[click.Argument(["args"], nargs=-1, type=click.UNPROCESSED)],
        context_settings=PASS_THROUGH,
        help=(
            f"Run `{kubectl} ARGS...` and summarise {verb.focus}. "
            f'`vibectl {verb.name} vibe "REQUEST"` has the model plan the command.'
        ),
        short_help=verb.help + ".",
    )


def _group(name: str) -> click.Group:
    def options_only(**_given: object) -> None:
        """The verbs read the options back (`given_to_groups`)."""

    return click.group(name=name, cls=OptionsGroup, help=GROUP_HELP[name] + ".")(
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
