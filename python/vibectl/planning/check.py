"""`vibectl check PREDICATE`: read-only commands the model plans until it can answer whether the
predicate holds; the answer is the exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from vibectl.exit_codes import (
    CHECK_CANNOT_DETERMINE,
    CHECK_FALSE,
    CHECK_POORLY_POSED,
    CHECK_TRUE,
)
from vibectl.kubectl.run import KubectlNotFoundError, run_kubectl
from vibectl.options import resolve
from vibectl.planning.action import check_tool
from vibectl.planning.run import history_resource, plan
from vibectl.planning.safety import RefusedError
from vibectl.planning.safety import check as check_command
from vibectl.prompts.planner import check_prompt

if TYPE_CHECKING:
    from vibectl.options import Overrides
    from vibectl.prompts.prompt import Resource

CHECK_EXIT = {
    "true": CHECK_TRUE,
    "false": CHECK_FALSE,
    "poorly_posed": CHECK_POORLY_POSED,
    "cannot_determine": CHECK_CANNOT_DETERMINE,
}
CHECK_MAX_STEPS = 10


def check(predicate: list[str], overrides: Overrides) -> int:
    """Investigate the predicate; print the answer and why, and return its exit code."""
    from vibectl import _core

    choices, settings = resolve(overrides)
    model = _core.get_model(choices.model)
    history: list[Resource] = []
    for _ in range(CHECK_MAX_STEPS):
        prompt = check_prompt(
            " ".join(predicate), instructions=settings.custom_instructions, history=history
        )
        action = plan(model, prompt, check_tool())
        if action.kind == "answer" and action.answer in CHECK_EXIT:
            click.echo(f"{action.answer}: {action.explanation}")
            return CHECK_EXIT[action.answer]
        try:
            checked = check_command(action.args, read_only=True)
        except RefusedError as refused:
            click.echo(f"cannot_determine: refused the planned command: {refused}")
            return CHECK_EXIT["cannot_determine"]
        try:
            result = run_kubectl(checked.args, settings, stdin="", announce=True)
        except KubectlNotFoundError as exc:
            click.echo(f"cannot_determine: {exc}")
            return CHECK_EXIT["cannot_determine"]
        history.append(history_resource(checked.args, result, redact=choices.redact))
    click.echo(f"cannot_determine: no answer after {CHECK_MAX_STEPS} commands")
    return CHECK_EXIT["cannot_determine"]
