"""What kubectl's `-o` flag asks for: its value (the last one given, in any spelling), and
whether that is output for a program (JSON, YAML, names, a template) rather than for a reader."""

from __future__ import annotations

from collections.abc import Sequence

# `-o` values whose output is whatever a template makes of the objects (each also comes as
# `NAME=TEMPLATE` and `NAME-file=PATH`; jsonpath also as `jsonpath-as-json=`).
TEMPLATED = ("jsonpath", "go-template", "template", "custom-columns")
# `-o` values a script reads: kubectl's output is passed through, not summarised.
MACHINE = ("json", "yaml", "name")


def requested_output(args: Sequence[str]) -> str | None:
    """The value of the last `-o`/`--output` before `--` (`-o yaml`, `-oyaml`, `--output=yaml`)."""
    found: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        following = args[index + 1] if index + 1 < len(args) else None
        if arg in ("-o", "--output"):
            found = following
        elif arg.startswith("--output="):
            found = arg.removeprefix("--output=")
        elif arg.startswith("-o") and not arg.startswith("--"):
            found = arg[2:].removeprefix("=")
    return found


def is_templated(requested: str | None) -> bool:
    return requested is not None and requested.split("=")[0] in TEMPLATED


def is_for_machines(requested: str | None) -> bool:
    """Whether `-o` asks for output a program reads: JSON, YAML, names or a template."""
    if requested is None:
        return False
    kind = requested.split("=")[0].removesuffix("-file").removesuffix("-as-json")
    return kind in MACHINE or kind in TEMPLATED
