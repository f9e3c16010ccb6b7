"""One module per command (or command group). Importing one must stay cheap: no rich, no core."""

# kubectl flags (-n, -A, -o yaml, --context …) must reach kubectl untouched, wherever they stand.
# Only `--help`, right after the command, is vibectl's: `-h` could hide in `-ojsonpath={.h}`.
PASS_THROUGH = {
    "ignore_unknown_options": True,
    "allow_interspersed_args": False,
    "help_option_names": ["--help"],
}
