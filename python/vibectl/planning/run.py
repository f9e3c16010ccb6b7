"""Planned commands: ask the model for a plan, check it, confirm it, run it, summarise it.

Whether to ask before running comes from the verb table (a mutating verb always asks, unless
--yes), never from the model: output from the cluster cannot talk vibectl into a change.
"""

from __future__ import annotations

import dataclasses
import functools
import shlex
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vibectl.context.prepare import prepare_output
from vibectl.exit_codes import DECLINED, INTERRUPTED, NOT_DONE, OK
from vibectl.kubectl.run import kubectl_argv
from vibectl.llm.call import fill_in
from vibectl.memory import store as memory
from vibectl.planning import audit
from vibectl.planning.action import Action, action_from, plan_tool
from vibectl.planning.confirm import Answer, choose, type_line
from vibectl.planning.safety import Checked, RefusedError, check
from vibectl.prompts.planner import output_resource
from vibectl.prompts.prompt import Prompt, Resource
from vibectl.summary import render
from vibectl.summary.run import run_and_summarise

if TYPE_CHECKING:
    from vibectl import _core
    from vibectl.kubectl.run import KubectlResult
    from vibectl.kubectl.verbs import Verb
    from vibectl.options import Choices


@dataclass(frozen=True)
class Step:
    code: int
    #: the planner said the goal is reached
    done: bool = False
    #: nothing more should follow: an error, a question, a refusal, a declined command
    stop: bool = False
    output: Resource | None = None
    #: the command the user chose not to run, for the next plan to know
    declined: list[str] | None = None
    #: the user answered exit: the run (a chat session too) ends here
    ended: bool = False


def plan(model: _core.Model, prompt: Prompt, tool: _core.Tool) -> Action:
    return action_from(fill_in(model, prompt, tool))


# How many questions the planner may ask in a row before its question ends the run.
MAX_QUESTIONS = 3


def plan_asking(
    model: _core.Model,
    prompt_for: Callable[[str], Prompt],
    request: str,
    tool: _core.Tool | None = None,
) -> tuple[Action, str]:
    """The planner's action for `request` (through `tool`, by default the plan tool). A
    question it asks is put to the user on the terminal, and the request, with the answer, is
    planned again; returns the action and the request as answered. Off a terminal, or with no
    answer, the question is the action."""
    for _ in range(MAX_QUESTIONS):
        action = plan(model, prompt_for(request), tool or plan_tool())
        if action.kind != "question":
            break
        question = action.message or action.explanation
        if not sys.stdin.isatty():
            break
        render.notice(f"vibectl needs to know: {question}")
        reply = (type_line("> ") or "").strip()
        if not reply:
            break
        request = f"{request}\n(You asked: {question} The answer: {reply})"
    return action, request


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


def someone_can_stop(*, loop: bool) -> bool:
    """Whether a person can stop a command that runs until stopped (Ctrl-C): stdin is a
    terminal, and this is not a step of a loop (`auto`, `semiauto`)."""
    return not loop and sys.stdin.isatty()


# The answers that do not run the command: what is said, and how the run goes on.
_NOT_RUN: dict[Answer, tuple[str, Step]] = {
    "no": ("Not run.", Step(DECLINED, stop=True)),
    "no answer": ("Not run.", Step(DECLINED, stop=True)),
    "no but": ("Not run.", Step(OK)),
    "exit": ("Not run; the run ends here.", Step(OK, stop=True, ended=True)),
}
# semiauto's no skips the command and plans on, as the older vibectl's did.
_SKIPPED = ("Not run; planning goes on without it.", Step(OK))


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
    loop: bool = False,
    semiauto: bool = False,
) -> Step:
    """Act on a plan. `ask_read_only` asks before read-only commands too (default yes), as
    `--mode semiauto` does. What runs, or is declined, goes to the audit log with `request`.
    A plan that runs until stopped (`logs -f`) is refused in a `loop` (`auto`, `semiauto`: the
    next step would never come) and when stdin is not a terminal (nobody to press Ctrl-C).
    `semiauto` (or `--mode semiauto`) offers its answers on a terminal: yes and, no but (a note
    for the memory, then run, or not run and go on planning), memory (shown), exit; a no in
    `semiauto` skips the command and lets the run go on (a closed stdin, nobody there, ends it)."""
    if action.kind == "error":
        render.error(f"the request cannot be done: {action.message or action.explanation}")
        return Step(NOT_DONE, stop=True)
    if action.kind == "question":
        if sys.stdin.isatty():  # plan_asking put it to the user, who gave no answer
            render.notice("No answer; nothing was run.")
        else:
            render.notice(f"vibectl needs to know: {action.message or action.explanation}")
            render.notice("(stdin is not a terminal: put the answer in the request)")
        return Step(NOT_DONE, stop=True)
    if action.kind == "done":
        render.notice(f"Done: {action.message or action.explanation}")
        return Step(OK, done=True)

    def checked_plan(args: list[str]) -> Checked:
        """The plan (or the user's edit of it) as it passes the safety checks."""
        return check(
            args,
            manifest=action.manifest,
            required_verb=required.name if required else None,
            user_context=context,
            stoppable=someone_can_stop(loop=loop),
        )

    try:
        planned = checked_plan(action.args)
    except RefusedError as refused:
        render.error(f"refused the planned command: {refused}")
        return Step(NOT_DONE, stop=True)
    if action.explanation:
        render.notice(f"vibectl: {action.explanation}")
    if planned.manifest:
        render.block("Manifest for kubectl -f -:", planned.manifest)
    audit.writable()
    checked, answer, by, confirmation = asked(
        planned, checked_plan, choices, ask_read_only=ask_read_only, semiauto=semiauto
    )
    args = checked.args
    record = functools.partial(
        audit.Record,
        time=audit.now(),
        command=f"{required.name} vibe" if required else command,
        request=" ".join(request),
        argv=kubectl_argv(args, settings),
        confirmed_by=by,
        confirmation=confirmation,
    )
    if answer in _NOT_RUN:
        audit.append(record(exit_code=None))
        message, step = _SKIPPED if semiauto and answer == "no" else _NOT_RUN[answer]
        render.notice(message)
        if answer == "no but":
            note_for_the_memory(choices, settings)
        return dataclasses.replace(step, declined=args)
    if answer == "yes and":
        note_for_the_memory(choices, settings)
    outcome = run_and_summarise(
        checked.verb, args, choices, settings, stdin=checked.manifest or "", announce=True
    )
    exit_code = outcome.result.returncode if outcome.result is not None else None
    audit.append(record(exit_code=exit_code))
    output = None
    if outcome.result is not None:
        output = history_resource(args, outcome.result, redact=choices.redact)
    # Ctrl-C while kubectl or the summary ran ends the whole run (`auto` too).
    return Step(outcome.code, stop=outcome.code == INTERRUPTED, output=output)


def asked(
    planned: Checked,
    recheck: Callable[[list[str]], Checked],
    choices: Choices,
    *,
    ask_read_only: bool,
    semiauto: bool,
) -> tuple[Checked, Answer, str, str | None]:
    """The command to run (an edit at the question changes it), the answer, and for the audit
    who confirmed it and how."""
    asks = planned.mutating or ask_read_only or choices.ask_every
    if asks and choices.yes:
        return planned, "yes", audit.BY_FLAG, choices.yes_by
    if not asks:
        return planned, "yes", audit.BY_NONE, None
    semiauto_answers = (semiauto or choices.ask_every) and sys.stdin.isatty()
    checked, answer = confirmed(planned, recheck, semiauto=semiauto_answers)
    return checked, answer, audit.BY_ANSWER, answer


def confirmed(
    checked: Checked, recheck: Callable[[list[str]], Checked], *, semiauto: bool = False
) -> tuple[Checked, Answer]:
    """The command last put to the user, and their answer. On a terminal the answer may be
    edit: the command is typed again (line editing, the plan ready to change), goes through the
    same safety checks (`recheck`), and is asked about again. With `semiauto`'s answers, memory
    shows the memory and asks again."""
    while True:
        render.command("Planned", ["kubectl", *checked.args])
        question = "Run this command? It changes the cluster." if checked.mutating else "Run it?"
        answer = choose(
            question, default=not checked.mutating, editable=sys.stdin.isatty(), semiauto=semiauto
        )
        if answer == "memory":
            show_memory("Memory:", memory.read())
            continue
        if answer != "edit":
            return checked, answer
        typed = type_line("kubectl ", prefill=shlex.join(checked.args))
        if typed is None:
            return checked, "no"
        try:
            checked = recheck(shlex.split(typed))
        except (RefusedError, ValueError) as refused:
            render.error(f"refused the edited command: {refused}")


def note_for_the_memory(choices: Choices, settings: _core.Settings) -> None:
    """A note the user types, merged into the memory by the model (as `memory update` does, and
    as the older vibectl did); an empty one, or Ctrl-D, changes nothing."""
    from vibectl import _core
    from vibectl.memory.merge import merge_note

    note = (type_line("Note for the memory: ") or "").strip()
    if not note:
        return
    model = _core.get_model(choices.model)
    show_memory("Memory updated:", merge_note(model, note, settings.memory_max_chars))


def show_memory(title: str, text: str) -> None:
    if text:
        render.block(title, text)
    else:
        render.notice("(the memory is empty)")


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
