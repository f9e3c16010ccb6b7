"""The console entry point. The key report (`vibectl keys`, `keys list`, with or without
`--json`) is answered without loading the command-line parser, which costs more than the report
itself; every other command goes to `vibectl.cli`."""

from __future__ import annotations

import sys

_KEY_REPORT = (["keys"], ["keys", "list"], ["keys", "--json"], ["keys", "list", "--json"])


def is_core_error(exc: BaseException) -> bool:
    """Whether `exc` is one of the core's errors, whose messages say what to fix in one line.
    If the core was never loaded, nothing is imported to find out."""
    core = sys.modules.get("vibectl._core")
    return core is not None and isinstance(exc, core.VibectlError)


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
        if not is_core_error(exc):
            raise
        from vibectl.summary import render

        render.error(str(exc))
        sys.exit(1)
