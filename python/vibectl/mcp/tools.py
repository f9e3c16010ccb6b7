"""The three tools: `kubectl` (read-only, summarised), `vibe` (plan, then run what may run) and
`check` (investigate a predicate read-only). Their input schemas come from the annotated
parameters, their output schemas from `answers.py`; both are checked by the SDK on every call.

Every command passes `safety.check` as a planned command does, and a refusal runs nothing.
Whether a command changes the cluster comes from the verb table, never from the model or the
client; a change runs only with `--allow-writes` and the user's yes, asked through elicitation.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from vibectl.kubectl.run import KubectlResult, kubectl_argv
from vibectl.mcp.answers import CheckAnswer, CommandAnswer, Evidence, VibeAnswer
from vibectl.mcp.calls import run_kubectl, summarised
from vibectl.planning import audit
from vibectl.planning.action import Action
from vibectl.planning.check import Verdict
from vibectl.planning.safety import Checked, RefusedError, check

# Bounds on what a client may send: kubectl needs far less, and a model's context even less.
MAX_ARGS = 64
MAX_ARG_CHARS = 4096
MAX_REQUEST_CHARS = 4000
# No control characters in kubectl's arguments: a NUL cannot reach exec at all, and the others
# only hide what a command does from whoever reads it.
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"

Args = Annotated[
    list[Annotated[str, Field(max_length=MAX_ARG_CHARS, pattern=_NO_CONTROL)]],
    Field(
        min_length=1,
        max_length=MAX_ARGS,
        description="kubectl's arguments, verb first, without 'kubectl'; e.g. "
        '["get", "pods", "-n", "payments"]',
    ),
]
Request = Annotated[str, Field(min_length=1, max_length=MAX_REQUEST_CHARS)]


class Confirmation(BaseModel):
    """What the user is asked before a planned change runs."""

    run: bool = Field(description="Run this command? It changes the cluster.")


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """vibectl's own errors (a refusal, a model or config error) as the call's error result."""
    from vibectl import _core

    try:
        yield
    except RefusedError as refused:
        raise ToolError(f"refused: {refused}") from None
    except audit.AuditLogError as exc:
        raise ToolError(exc.format_message()) from None
    except _core.VibectlError as exc:
        raise ToolError(str(exc)) from None


def register(server: MCPServer, *, allow_writes: bool) -> None:
    @server.tool(
        name="kubectl",
        title="kubectl, read-only and summarised",
        description=(
            "Run one read-only kubectl command (get, describe, logs, events, top, …) against "
            "the user's current cluster and return vibectl's summary with the output the model "
            "saw (secrets redacted, cut to its budget). Commands that change the cluster, "
            "shell syntax and flags that change identity or target (--kubeconfig, --context, "
            "--token, --as, --server, …) are refused and nothing runs."
        ),
        annotations=ToolAnnotations(
            read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True
        ),
    )
    async def kubectl(args: Args) -> CommandAnswer:
        from vibectl import _core

        with _one_line_errors():
            checked = check(args, read_only=True)
            settings = _core.load_settings()
            audit.writable()
            started = audit.now()

            def record(exit_code: int) -> None:
                argv = kubectl_argv(checked.args, settings)
                audit.append(
                    audit.unasked("mcp kubectl", shlex.join(args), started, argv, exit_code)
                )

            return await summarised(checked, settings, ran=record)

    @server.tool(
        name="vibe",
        title="Plan and run a kubectl command",
        description=(
            "Have vibectl plan one kubectl command for a request in plain words. A read-only "
            "plan runs and its summary is returned with the plan. A plan that changes the "
            "cluster is returned without running"
            + (
                ", unless the user confirms it when asked (the client must support elicitation)."
                if allow_writes
                else " (this server was not started with --allow-writes)."
            )
        ),
        annotations=ToolAnnotations(
            read_only_hint=not allow_writes,
            destructive_hint=allow_writes,
            idempotent_hint=False,
            open_world_hint=True,
        ),
    )
    async def vibe(request: Request, ctx: Context) -> VibeAnswer:
        from vibectl import _core
        from vibectl.planning.action import plan_tool
        from vibectl.planning.run import plan
        from vibectl.prompts.planner import next_step_prompt

        with _one_line_errors():
            settings = _core.load_settings()
            prompt = next_step_prompt(
                request, memory=None, instructions=settings.custom_instructions
            )
            model = _core.get_model(settings.model)
            action = await anyio.to_thread.run_sync(
                plan, model, prompt, plan_tool(), abandon_on_cancel=True
            )
            if action.kind != "command":
                return _answer(action, None)
            checked = check(action.args, manifest=action.manifest)
            audit.writable()
            started = audit.now()
            by, confirmation = audit.BY_NONE, None
            refusal = None
            if checked.mutating:
                refusal = await _may_not_run(checked, ctx, allow_writes=allow_writes)
                if allow_writes:  # the user was asked, through elicitation
                    by, confirmation = audit.BY_ANSWER, "no" if refusal else "yes"

            def record(exit_code: int | None) -> None:
                argv = kubectl_argv(checked.args, settings)
                audit.append(
                    audit.Record(started, "mcp vibe", request, argv, by, confirmation, exit_code)
                )

            if refusal is not None:
                record(None)
                return _answer(action, checked, not_run=refusal)
            result = await summarised(checked, settings, stdin=checked.manifest or "", ran=record)
            return _answer(action, checked, result=result)

    @server.tool(
        name="check",
        title="Check a predicate about the cluster",
        description=(
            "Decide whether a statement about the cluster holds (e.g. 'every api pod is "
            "ready'): vibectl's planner investigates with up to 10 read-only kubectl commands, "
            "then answers true, false, poorly_posed or cannot_determine, with the commands and "
            "what they printed (redacted, cut) as evidence. Nothing that changes the cluster runs."
        ),
        annotations=ToolAnnotations(
            read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True
        ),
    )
    async def check_predicate(predicate: Request) -> CheckAnswer:
        with _one_line_errors():
            verdict = await _investigate(predicate)
        return CheckAnswer(
            answer=verdict.answer,  # type: ignore[arg-type]  # a key of CHECK_EXIT
            explanation=verdict.explanation,
            evidence=[Evidence(command=args, output=out.text) for args, out in verdict.evidence],
        )


async def _investigate(predicate: str) -> Verdict:
    """`vibectl check`'s loop, its planning steps in a worker thread and its kubectl killed if
    the call ends early."""
    from vibectl import _core
    from vibectl.planning.check import investigation

    settings = _core.load_settings()
    steps = investigation(predicate, _core.get_model(settings.model), settings, redact=True)

    def advance(result: KubectlResult | None) -> Checked | Verdict:
        try:
            return steps.send(result) if result is not None else next(steps)
        except StopIteration as done:
            verdict: Verdict = done.value
            return verdict

    step = await anyio.to_thread.run_sync(advance, None, abandon_on_cancel=True)
    while isinstance(step, Checked):
        audit.writable()
        started = audit.now()
        result = await run_kubectl(step.args, settings)
        audit.append(audit.unasked("mcp check", predicate, started, result.argv, result.returncode))
        step = await anyio.to_thread.run_sync(advance, result, abandon_on_cancel=True)
    return step


async def _may_not_run(checked: Checked, ctx: Context, *, allow_writes: bool) -> str | None:
    """Why a planned change may not run, or None once the user said yes."""
    if not allow_writes:
        return "it changes the cluster, and this server was started without --allow-writes"
    capabilities = ctx.client_capabilities
    asks = capabilities is not None and capabilities.elicitation is not None
    if not asks or not ctx.session.can_send_request:
        raise ToolError(
            "refused: the planned command changes the cluster, and this client cannot ask its "
            "user to confirm it (no MCP elicitation)"
        )
    command = shlex.join(["kubectl", *checked.args])
    manifest = f"\n\nManifest for kubectl -f -:\n{checked.manifest}" if checked.manifest else ""
    reply = await ctx.elicit(f"vibectl plans: {command}{manifest}", Confirmation)
    if reply.action == "accept" and reply.data.run:
        return None
    return "the user did not confirm it"


def _answer(
    action: Action,
    checked: Checked | None,
    *,
    not_run: str | None = None,
    result: CommandAnswer | None = None,
) -> VibeAnswer:
    return VibeAnswer(
        action=action.kind,  # type: ignore[arg-type]  # the plan schema's enum
        explanation=action.explanation,
        message=action.message,
        command=checked.args if checked else action.args,
        manifest=action.manifest,
        mutating=checked.mutating if checked else False,
        ran=result is not None,
        not_run=not_run,
        result=result,
    )
