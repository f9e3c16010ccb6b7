"""`vibectl check PREDICATE`: read-only commands the model plans until it can answer whether the
predicate holds; the answer is the exit code. The loop is a generator, so the command line and
the MCP server (`mcp/tools.py`) each run its kubectl commands their own way."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vibectl.exit_codes import (
    CHECK_CANNOT_DETERMINE,
    CHECK_FALSE,
    CHECK_POORLY_POSED,
    CHECK_TRUE,
)
from vibectl.kubectl.run import KubectlNotFoundError, run_kubectl
from vibectl.options import resolve
from vibectl.planning import audit
from vibectl.planning.action import check_tool
from vibectl.planning.run import history_resource, plan
from vibectl.planning.safety import Checked, RefusedError
from vibectl.planning.safety import check as check_command
from vibectl.prompts.planner import check_prompt
from vibectl.summary import render

if TYPE_CHECKING:
    from vibectl import _core
    from vibectl.kubectl.run import KubectlResult
    from vibectl.options import Overrides
    from vibectl.prompts.prompt import Resource

CHECK_EXIT = {
    "true": CHECK_TRUE,
    "false": CHECK_FALSE,
    "poorly_posed": CHECK_POORLY_POSED,
    "cannot_determine": CHECK_CANNOT_DETERMINE,
}
CHECK_MAX_STEPS = 10


@dataclass(frozen=True)
class Verdict:
    answer: str  # a key of CHECK_EXIT
    explanation: str
    #: each command run and its output as the planner saw it, in order
    evidence: tuple[tuple[list[str], Resource], ...] = ()


def investigation(
    predicate: str, model: _core.Model, settings: _core.Settings, *, redact: bool
) -> Generator[Checked, KubectlResult, Verdict]:
    """Yields each read-only command the model plans, is sent what it printed, and returns the
    verdict; the caller runs kubectl."""
    evidence: list[tuple[list[str], Resource]] = []
    for _ in range(CHECK_MAX_STEPS):
        history = [resource for _args, resource in evidence]
        prompt = check_prompt(predicate, instructions=settings.custom_instructions, history=history)
        action = plan(model, prompt, check_tool())
        if action.kind == "answer" and action.answer in CHECK_EXIT:
            return Verdict(action.answer, action.explanation, tuple(evidence))
        try:
            checked = check_command(action.args, read_only=True)
        except RefusedError as refused:
            why = f"refused the planned command: {refused}"
            return Verdict("cannot_determine", why, tuple(evidence))
        result = yield checked
        evidence.append((checked.args, history_resource(checked.args, result, redact=redact)))
    return Verdict(
        "cannot_determine", f"no answer after {CHECK_MAX_STEPS} commands", tuple(evidence)
    )


def check(predicate: list[str], overrides: Overrides) -> int:
    """Investigate the predicate; print the answer and why, and return its exit code."""
    from vibectl import _core

    choices, settings = resolve(overrides)
    model = _core.get_model(choices.model)
    request = " ".join(predicate)
    steps = investigation(request, model, settings, redact=choices.redact)
    try:
        checked = next(steps)
        while True:
            started = audit.now()
            audit.writable()
            try:
                result = run_kubectl(checked.args, settings, stdin="", announce=True)
            except KubectlNotFoundError as exc:
                verdict = Verdict("cannot_determine", str(exc))
                break
            audit.append(audit.unasked("check", request, started, result.argv, result.returncode))
            checked = steps.send(result)
    except StopIteration as done:
        verdict = done.value
    render.out(f"{verdict.answer}: {verdict.explanation}")
    return CHECK_EXIT[verdict.answer]
