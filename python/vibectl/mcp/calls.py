"""A checked kubectl command run for a tool call: run kubectl → redact and cut → summary prompt
→ model → plain text. The same functions as a summarised verb (`summarize.py`), with nothing
printed (on stdio, stdout is the MCP channel) and everything the model saw handed back."""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio.to_thread
from mcp.server.mcpserver.exceptions import ToolError

from vibectl.context.budget import output_budget
from vibectl.context.prepare import CommandOutput, prepare_output
from vibectl.kubectl.run import KubectlNotFoundError, KubectlResult
from vibectl.llm.call import answer
from vibectl.mcp.answers import CommandAnswer
from vibectl.mcp.running import run_for_call
from vibectl.prompts.summary import summary_prompt
from vibectl.summary.markup import strip_markup

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from vibectl._core import Settings
    from vibectl.planning.safety import Checked


async def run_kubectl(args: Sequence[str], settings: Settings, *, stdin: str = "") -> KubectlResult:
    """`kubectl ARGS` as configured (program, kubeconfig), with no key in its environment."""
    try:
        return await run_for_call(args, settings, stdin=stdin)
    except KubectlNotFoundError as exc:
        raise ToolError(str(exc)) from None


def shown(args: Sequence[str], result: KubectlResult, budget_tokens: int) -> CommandOutput:
    """What kubectl printed as a model may see it: always redacted, then cut."""
    return prepare_output(
        args, result.stdout_bytes, result.stderr_bytes, budget_tokens=budget_tokens, redact=True
    )


async def summarised(
    checked: Checked,
    settings: Settings,
    *,
    stdin: str = "",
    ran: Callable[[int], None] | None = None,
) -> CommandAnswer:
    """Run a checked command and summarise it; a kubectl failure is an error with its output.
    `ran` is told kubectl's exit code as soon as it has run (the audit log)."""
    from vibectl import _core

    model = _core.get_model(settings.model)
    result = await run_kubectl(checked.args, settings, stdin=stdin)
    if ran is not None:
        ran(result.returncode)
    output = shown(checked.args, result, output_budget(model, settings.input_budget))
    if result.returncode not in checked.verb.ok_exit_codes:
        printed = (output.stderr or output.stdout).strip() or "(nothing printed)"
        raise ToolError(f"kubectl exited {result.returncode}: {printed}")
    prompt = summary_prompt(checked.verb, output, instructions=settings.custom_instructions)
    try:
        text = await anyio.to_thread.run_sync(answer, model, prompt, abandon_on_cancel=True)
    except _core.VibectlError as exc:
        # kubectl has run (a change is made by now): say so, with what it printed.
        printed = (output.stdout + output.stderr).strip() or "(nothing printed)"
        raise ToolError(
            f"kubectl ran (exit {result.returncode}), but it could not be summarised: {exc}\n"
            f"{printed}"
        ) from None
    return CommandAnswer(
        command=list(output.args),
        exit_code=result.returncode,
        summary=strip_markup(text).strip(),
        stdout=output.stdout,
        stderr=output.stderr,
        mime_type=output.mime_type,
        redacted=output.redacted,
        cut="; ".join(words for words in (output.reduced, output.cut) if words) or None,
    )
