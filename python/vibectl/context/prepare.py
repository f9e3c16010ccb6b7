"""What of a command reaches the model: its secrets redacted, then its output cut to the budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vibectl.context.budget import estimate_tokens
from vibectl.context.fit import fit
from vibectl.context.redact import redact_args, redact_output, redact_text
from vibectl.kubectl.output_flag import requested_output
from vibectl.kubectl.output_format import output_format

_MIME_TYPES = {"json": "application/json", "yaml": "application/yaml", "text": "text/plain"}
# stderr holds warnings and errors; a runaway one may take a tenth of the budget.
_STDERR_SHARE = 10


@dataclass(frozen=True)
class CommandOutput:
    """What the model is shown of a command and what it printed: redacted, then cut."""

    args: Sequence[str]  # the kubectl arguments, credentials redacted
    stdout: str
    stderr: str
    mime_type: str
    redacted: int  # how many values were replaced by <redacted>
    cut: str | None  # what was left out to fit the budget, in words


def prepare_output(
    args: Sequence[str], stdout: str, stderr: str, *, budget_tokens: int, redact: bool
) -> CommandOutput:
    """`kubectl ARGS…` and what it printed, as the model may see them."""
    fmt = output_format(requested_output(args), stdout)
    shown_args = list(args)
    redacted = 0
    if redact:
        shown_args, redacted = redact_args(args)
        out, err = redact_output(stdout, fmt, args), redact_text(stderr)
        stdout, stderr = out.text, err.text
        redacted += out.count + err.count
    err_fitted = fit(stderr, "text", budget_tokens // _STDERR_SHARE)
    out_fitted = fit(stdout, fmt, budget_tokens - estimate_tokens(err_fitted.text))
    cuts = [out_fitted.cut, err_fitted.cut and f"{err_fitted.cut} of stderr"]
    return CommandOutput(
        args=shown_args,
        stdout=out_fitted.text,
        stderr=err_fitted.text,
        mime_type=_MIME_TYPES[fmt],
        redacted=redacted,
        cut="; ".join(cut for cut in cuts if cut) or None,
    )
