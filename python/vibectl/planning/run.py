"""Planned commands: ask the model for a plan, check it, confirm it, run it, summarise it.

Whether to ask before running comes from the verb table (a mutating verb always asks, unless
--yes), never from the model: output from the cluster cannot talk vibectl into a change.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vibectl.context.prepare import prepare_output
from vibectl.kubectl.run import kubectl_argv
from vibectl.llm.call import fill_in
from vibectl.memory import store as memory
from vibectl.planning import audit
from vibectl.planning.action import Action, action_from
from vibectl.planning.confirm import confirm
from vibectl.planning.safety import RefusedError, check
from vibectl.prompts.planner import output_resource
from vibectl.prompts.prompt import Prompt, Resource
from vibectl.summary import render
from vibectl.summary.run import run_and_summarise

if TYPE_CHECKING:
    from vibectl import _core
    from vibectl.kubectl.run import KubectlResult
    from vibectl.kubectl.verbs import Verb
    from vibectl.options import Choices

EXIT_NOT_DONE = 1


@dataclass(frozen=True)
class Step:
    code: int
    #: the planner said the goal is reached
    done: bool = False
    #: nothing more should follow: an error, a question, a refusal, a declined command
    stop: bool = False
    output: Resource | None = None


def plan(model: _core.Model, prompt: Prompt, tool: _core.Tool) -> Action:
    return action_from(fill_in(model, prompt, tool))


def user_context(args: list[str]) -> tuple[str | None, list[str]]:
    """The `--context` the user gave among a vibe request's words, and the words without it."""
    words: list[str] = []
    context: str | None = None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--context" and index + 1 < len(args):
            context = args[index + 1]
            index += 2
            continue
        if arg.startswith("--context="):
            context = arg.split("=", 1)[1]
        else:
            words.append(arg)
        index += 1
    return context, words


def carry_out(
    action: Action,
    choices: Choices,
    settings: _core.Settings,
    *,
    required: Verb | None = None,
    context: str | None = None,
    ask_read_only: bool = False,
    request: Sequence[str] = (),
    command: str = "vibe",
) -> Step:
    """Act on a plan. `ask_read_only` asks before read-only commands too (default yes), as
    `--mode semiauto` does. What runs, or is declined, goes to the audit log with `request`."""
    if action.kind == "error":
        render.error(f"the request cannot be done: {action.message or action.explanation}")
        return Step(EXIT_NOT_DONE, stop=True)
    if action.kind == "question":
        render.notice(f"vibectl needs to know: {action.message or action.explanation}")
        return Step(EXIT_NOT_DONE, stop=True)
    if action.kind == "done":
        render.notice(f"Done: {action.message or action.explanation}")
        return Step(0, done=True)
    try:
        checked = check(
            action.args,
            manifest=action.manifest,
            required_verb=required.name if required else None,
            user_context=context,
        )
    except RefusedError as refused:
        render.error(f"refused the planned command: {refused}")
        return Step(EXIT_NOT_DONE, stop=True)
    args = checked.args
    if action.explanation:
        render.notice(f"vibectl: {action.explanation}")
    if checked.manifest:
        render.block("Manifest for kubectl -f -:", checked.manifest)
    asks = checked.mutating or ask_read_only or choices.ask_every
    record = functools.partial(
        audit.Record,
        time=audit.now(),
        command=f"{required.name} vibe" if required else command,
        request=" ".join(request),
        argv=kubectl_argv(args, settings),
    )
    if asks and choices.yes:
        by, confirmation = audit.BY_FLAG, choices.yes_by
    elif asks:
        render.command("Planned", ["kubectl", *args])
        question = "Run this command? It changes the cluster." if checked.mutating else "Run it?"
        by = audit.BY_ANSWER
        if not confirm(question, default=not checked.mutating):
            audit.append(record(confirmed_by=by, confirmation="no", exit_code=None))
            render.notice("Not run.")
            return Step(0, stop=True)
        confirmation = "yes"
    else:
        by, confirmation = audit.BY_NONE, None
    outcome = run_and_summarise(
        checked.verb, args, choices, settings, stdin=checked.manifest or "", announce=True
    )
    exit_code = outcome.result.returncode if outcome.result is not None else None
    audit.append(record(confirmed_by=by, confirmation=confirmation, exit_code=exit_code))
    output = None
    if outcome.result is not None:
        output = history_resource(args, outcome.result, redact=choices.redact)
    return Step(outcome.code, output=output)


# What an earlier step printed is given to the next plan within this many tokens.
HISTORY_TOKENS = 2000


def history_resource(args: list[str], result: KubectlResult, *, redact: bool) -> Resource:
    """An earlier step's output for the next plan: redacted and cut like any output."""
    shown = prepare_output(
        args, result.stdout_bytes, result.stderr_bytes, budget_tokens=HISTORY_TOKENS, redact=redact
    )
    return output_resource(args, shown.stdout + shown.stderr)


def current_memory(choices: Choices) -> str | None:
    return memory.read() if choices.memory else None
