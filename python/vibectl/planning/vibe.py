"""The planned commands that carry out a request: `vibectl VERB vibe`, `vibectl vibe` (one step)
and `vibectl auto` and `semiauto` (steps until the planner says done)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from vibectl.exit_codes import NOT_DONE, USAGE
from vibectl.options import resolve
from vibectl.planning.run import (
    carry_out,
    current_memory,
    plan_asking,
    someone_can_stop,
    user_context,
)
from vibectl.prompts.planner import next_step_prompt, verb_plan_prompt
from vibectl.summary import render

if TYPE_CHECKING:
    from vibectl.kubectl.verbs import Verb
    from vibectl.options import Overrides
    from vibectl.prompts.prompt import Prompt, Resource


def plan_verb(verb: Verb, words: list[str], overrides: Overrides) -> int:
    """`vibectl VERB vibe REQUEST`: plan a `kubectl VERB` command, then carry it out."""
    from vibectl import _core

    choices, settings = resolve(overrides)
    context, words = user_context(words)
    if not words:
        render.error(f'say what you want: vibectl {verb.name} vibe "REQUEST"')
        return USAGE

    def prompt_for(request: str) -> Prompt:
        return verb_plan_prompt(
            verb.name,
            request,
            memory=current_memory(choices),
            instructions=settings.custom_instructions,
            must_end=not someone_can_stop(loop=False),
        )

    action, _ = plan_asking(_core.get_model(choices.model), prompt_for, " ".join(words))
    step = carry_out(action, choices, settings, required=verb, context=context, request=words)
    return step.code


def vibe(request: list[str], overrides: Overrides) -> int:
    """`vibectl vibe REQUEST`: the next command from the request and the memory, asked first."""
    from vibectl import _core

    choices, settings = resolve(overrides)
    context, words = user_context(request)

    def prompt_for(request: str) -> Prompt:
        return next_step_prompt(
            request,
            memory=current_memory(choices),
            instructions=settings.custom_instructions,
            must_end=not someone_can_stop(loop=False),
        )

    action, _ = plan_asking(_core.get_model(choices.model), prompt_for, " ".join(words))
    step = carry_out(action, choices, settings, context=context, ask_read_only=True, request=words)
    return step.code


def auto(
    goal: list[str], overrides: Overrides, *, limit: int, interval: float, semiauto: bool = False
) -> int:
    """`vibectl auto GOAL`: vibe steps, each seeing the last one's output, until done or `limit`;
    `semiauto` asks before every command, read-only ones too (a no or a no but skips it and goes
    on planning, exit ends the loop), as `auto --mode semiauto` does; otherwise a no in `auto`
    ends the loop. Every plan is told which commands the user declined."""
    from vibectl import _core

    choices, settings = resolve(overrides)
    context, words = user_context(goal)
    model = _core.get_model(choices.model)
    history: list[Resource] = []
    declined: list[list[str]] = []
    goal_so_far = " ".join(words)

    def prompt_for(request: str) -> Prompt:
        return next_step_prompt(
            request,
            memory=current_memory(choices),
            instructions=settings.custom_instructions,
            history=history[-1:],
            declined=declined,
        )

    for number in range(1, limit + 1):
        if number > 1 and interval:
            time.sleep(interval)
        render.notice(f"--- step {number} of at most {limit}")
        action, goal_so_far = plan_asking(model, prompt_for, goal_so_far)
        step = carry_out(
            action,
            choices,
            settings,
            context=context,
            ask_read_only=semiauto,
            request=words,
            command="semiauto" if semiauto else "auto",
            loop=True,
            semiauto=semiauto or choices.ask_every,
        )
        if step.done or step.stop:
            return step.code
        if step.output is not None:
            history.append(step.output)
        if step.declined is not None:
            declined.append(step.declined)
    render.notice(f"--- stopped after {limit} steps (--limit) without reaching the goal")
    return NOT_DONE
