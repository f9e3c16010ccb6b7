"""The console entry point. The key report (`vibectl keys`, `keys list`, with or without
`--json`) is answered without loading the command-line parser, which costs more than the report
itself; every other command goes to `vibectl.cli`."""

from __future__ import annotations

import sys

_KEY_REPORT = (["keys"], ["keys", "list"], ["keys", "--json"], ["keys", "list", "--json"])


def exit_if_core_error(exc: BaseException) -> None:
    """A core error (its message says what to fix) ends the command here: one line, its exit code,
    never a traceback. Any other error returns, for the caller to re-raise. If the core was
    never loaded, nothing is imported to find out."""
    core = sys.modules.get("vibectl._core")
    if core is not None and isinstance(exc, core.VibectlError):
        from vibectl.exit_codes import for_core_error
        from vibectl.summary import render

        render.error(str(exc))
        sys.exit(for_core_error(exc))


def main() -> None:
    args = sys.argv[1:]
    if args not in _KEY_REPORT:
        from vibectl.cli import main as cli_main

        cli_main()
        return
    from vibectl.key_report import print_key_report
    from vibectl.logs import configure

    configure(verbose=False)
    try:
        print_key_report(as_json="--json" in args)
    except Exception as exc:
        exit_if_core_error(exc)
        raise
