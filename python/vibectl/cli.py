"""Command-line parsing: the first step of every command. Work is imported lazily per command."""

from __future__ import annotations

import importlib
import os
import sys

import click

from vibectl import exit_codes
from vibectl.command_table import COMMANDS, KUBECTL_COMMANDS
from vibectl.entry import exit_if_core_error
from vibectl.kubectl import global_flags
from vibectl.kubectl.verbs import GROUP_HELP, VERBS
from vibectl.options import OptionsGroup, spelled_plainly, with_options
from vibectl.typos import SuggestingGroup


class _LazyGroup(OptionsGroup, SuggestingGroup):
    """Commands are imported when they run; `--help` lists them from the tables alone.

    kubectl's global flags before a command that runs kubectl (`vibectl -n payments get pods`)
    are taken out here and handed to the command, as if they followed it. vibectl's own options
    before the command may be in the older vibectl's spellings (`--show-metrics all`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = spelled_plainly(args, leading=True)
        takes_value = {
            name: not (isinstance(p, click.Option) and p.is_flag)
            for p in self.get_params(ctx)
            for name in (*p.opts, *p.secondary_opts)
        }
        own: list[str] = []
        kubectl: list[str] = []
        index = 0
        while index < len(args) and args[index].startswith("-") and args[index] != "--":
            word = args[index]
            name = word.partition("=")[0]
            if name in takes_value:
                span = 2 if takes_value[name] and "=" not in word else 1
                own += args[index : index + span]
            elif span := global_flags.words_taken(args, index):
                kubectl += args[index : index + span]
            else:
                break
            index += span
        if not kubectl or args[index : index + 1] == [] or args[index] not in KUBECTL_COMMANDS:
            return super().parse_args(ctx, args)
        global_flags.remember(ctx, kubectl)
        return super().parse_args(ctx, [*own, *args[index:]])

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *(verb.kubectl[0] for verb in VERBS)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module, attribute, _ = COMMANDS[name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        from vibectl.commands.kubectl_verbs import verb_commands

        return next((c for c in verb_commands() if c.name == name), None)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        given = [value for value in ctx.params.values() if isinstance(value, str)]
        # `vibectl just` hands its words to kubectl, which takes bytes; the rest takes text.
        _require_text([*given, *(args if name != "just" else [])])
        return name, command, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = {name: help for name, (_, _, help) in COMMANDS.items()}
        for verb in VERBS:
            first = verb.kubectl[0]
            rows[first] = GROUP_HELP[first] + "." if len(verb.kubectl) > 1 else verb.help + "."
        with formatter.section("Commands"):
            formatter.write_dl(sorted(rows.items()))


class NotTextError(click.ClickException):
    """A word that is not text: a command line vibectl cannot read (one line, no help hint)."""

    exit_code = exit_codes.USAGE


def _require_text(words: list[str]) -> None:
    """Refuse a word that is not valid UTF-8 (Python holds its bytes as lone surrogates)."""
    for word in words:
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            from vibectl.summary.terminal_text import shown_word

            raise NotTextError(
                f"{shown_word(word)} is not valid UTF-8 text; only `vibectl just` passes bytes"
            ) from None


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from vibectl import __version__

    click.echo(f"vibectl {__version__}")
    ctx.exit()


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log what happens, the core's requests included."
)
@with_options
def cli(verbose: bool, log_level: str | None, **_verb_options: object) -> None:
    """vibectl: kubectl with an LLM that summarises its output.

    The verbs run kubectl with every argument as given and summarise what it printed. The
    options below apply to the verbs; they may also follow the verb, anywhere before `--`.
    """
    from vibectl.logs import configure

    configure(verbose=verbose, level=log_level)


def _terminal_width() -> int:
    # What click computes for help text, without the import of shutil (with bz2 and lzma)
    # that click would make just to ask for the terminal's width.
    try:
        columns = os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        columns = 80
    return max(min(columns, 80) - 2, 50)


def main() -> None:
    """Console entry point: exit codes come back from the commands; Ctrl-C exits 130 quietly.

    Every error the core raises says what is wrong and how to fix it, so it is shown as one
    line, never as a traceback.
    """
    try:
        code = cli.main(
            prog_name="vibectl", standalone_mode=False, terminal_width=_terminal_width()
        )
    except click.exceptions.NoArgsIsHelpError as exc:
        # A group on its own (`vibectl config`): its help on stdout, exit 0, as kubectl does.
        click.echo(exc.ctx.get_help() if exc.ctx is not None else exc.format_message())
        sys.exit(exit_codes.OK)
    except click.UsageError as exc:
        from vibectl.summary import render

        where = exc.ctx.command_path if exc.ctx is not None else "vibectl"
        render.error(f"{exc.format_message()} (see {where} --help)")
        sys.exit(exit_codes.USAGE)
    except click.ClickException as exc:
        from vibectl.summary import render

        render.error(exc.format_message())
        # An error that names its own code (a usage error in one line) exits with it.
        sys.exit(
            exc.exit_code if exc.exit_code != click.ClickException.exit_code else exit_codes.FAILED
        )
    except click.Abort:
        sys.stderr.write("\n")
        sys.exit(exit_codes.INTERRUPTED)
    except Exception as exc:
        exit_if_core_error(exc)
        raise
    sys.exit(code if isinstance(code, int) else 0)
