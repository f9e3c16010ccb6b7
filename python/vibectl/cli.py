"""Command-line parsing: the first step of every command. Work is imported lazily per command."""

from __future__ import annotations

import sys

import click

from vibectl.commands.config import config
from vibectl.commands.instructions import instructions
from vibectl.commands.just import just
from vibectl.commands.keys import keys
from vibectl.commands.kubectl_verbs import verb_commands
from vibectl.commands.memory import memory
from vibectl.commands.models import models
from vibectl.commands.theme import theme
from vibectl.commands.vibe import auto, check, vibe
from vibectl.options import with_options


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from vibectl import __version__, _core

    click.echo(f"vibectl {__version__} (core {_core.__version__})")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the vibectl and core versions and exit.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log what happens, the core's requests included."
)
@with_options
def cli(verbose: bool, **_verb_options: object) -> None:
    """vibectl: kubectl with an LLM that summarises its output.

    The verbs run kubectl with every argument as given and summarise what it printed. The
    options below apply to the verbs; they may also follow the verb, anywhere before `--`.
    """
    from vibectl.logs import configure

    configure(verbose=verbose)


for command in (
    auto,
    check,
    config,
    instructions,
    just,
    keys,
    memory,
    models,
    theme,
    vibe,
    *verb_commands(),
):
    cli.add_command(command)


def _is_core_error(exc: BaseException) -> bool:
    # Only an exception raised by the core can be one of its errors; if the core was never
    # loaded, there is nothing to check (and nothing is imported to check it).
    core = sys.modules.get("vibectl._core")
    return core is not None and isinstance(exc, core.VibectlError)


def main() -> None:
    """Console entry point: exit codes come back from the commands; Ctrl-C exits 130 quietly.

    Every error the core raises says what is wrong and how to fix it, so it is shown as one
    line, never as a traceback.
    """
    try:
        code = cli.main(prog_name="vibectl", standalone_mode=False)
    except click.UsageError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        from vibectl import render

        render.error(exc.format_message())
        sys.exit(exc.exit_code)
    except click.Abort:
        sys.stderr.write("\n")
        sys.exit(130)
    except Exception as exc:
        if not _is_core_error(exc):
            raise
        from vibectl import render

        render.error(str(exc))
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
