"""Command-line parsing: the first step of every command. Work is imported lazily per command."""

from __future__ import annotations

import importlib
import os
import sys

import click

from vibectl.command_table import COMMANDS
from vibectl.entry import exit_if_core_error
from vibectl.kubectl.verbs import GROUP_HELP, VERBS
from vibectl.options import OptionsGroup, with_options


class _LazyGroup(OptionsGroup):
    """Commands are imported when they run; `--help` lists them from the tables alone."""

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
    exit_code = 2


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
    except click.UsageError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        from vibectl.summary import render

        render.error(exc.format_message())
        sys.exit(exc.exit_code)
    except click.Abort:
        sys.stderr.write("\n")
        sys.exit(130)
    except Exception as exc:
        exit_if_core_error(exc)
        raise
    sys.exit(code if isinstance(code, int) else 0)
