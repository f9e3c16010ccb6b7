"""`vibectl vibe`, `vibectl auto` and `vibectl check`: the model plans the kubectl commands."""

from __future__ import annotations

import time

import click

from vibectl.options import Overrides, given_to_groups, resolve, with_options

CHECK_EXIT = {"true": 0, "false": 1, "poorly_posed": 2, "cannot_determine": 3}
CHECK_MAX_STEPS = 10


# The request is words; vibectl's options are parsed wherever they stand among them, and a
# word that looks like a flag (`-n`, `--context prod`) stays part of the request.
_WORDS = {"ignore_unknown_options": True}


def _setup(ctx: click.Context, args: tuple[str, ...]) -> tuple[Overrides, list[str]]:
    return given_to_groups(ctx), list(args)


@click.command(context_settings=_WORDS)
@click.argument("request", nargs=-1, type=click.UNPROCESSED)
@with_options
@click.pass_context
def vibe(ctx: click.Context, /, request: tuple[str, ...], **_options: object) -> int:
    """Plan the next kubectl command from REQUEST and the memory, confirm it, run it, summarise."""
    from vibectl import _core
    from vibectl.plan_prompt import next_step_prompt, plan_tool
    from vibectl.planning import carry_out, current_memory, plan, user_context

    overrides, words = _setup(ctx, request)
    settings = _core.load_settings()
    choices = resolve(overrides, settings)
    context, words = user_context(words)
    prompt = next_step_prompt(
        " ".join(words), memory=current_memory(choices), instructions=settings.custom_instructions
    )
    action = plan(_core.get_model(choices.model), prompt, plan_tool())
    return carry_out(action, choices, settings, context=context, ask_read_only=True).code


@click.command(context_settings=_WORDS)
@click.argument("goal", nargs=-1, type=click.UNPROCESSED)
@click.option("--limit", type=click.IntRange(min=1), default=10, help="At most this many steps.")
@click.option("--interval", type=click.FloatRange(min=0), default=5.0, help="Seconds between.")
@with_options
@click.pass_context
def auto(
    ctx: click.Context, /, goal: tuple[str, ...], limit: int, interval: float, **_options: object
) -> int:
    """Repeat vibe steps towards GOAL until the planner says done or --limit is reached."""
    from vibectl import _core
    from vibectl.plan_prompt import next_step_prompt, plan_tool
    from vibectl.planning import carry_out, current_memory, plan, user_context
    from vibectl.prompts import Resource

    overrides, words = _setup(ctx, goal)
    settings = _core.load_settings()
    choices = resolve(overrides, settings)
    context, words = user_context(words)
    model = _core.get_model(choices.model)
    history: list[Resource] = []
    for number in range(1, limit + 1):
        if number > 1 and interval:
            time.sleep(interval)
        click.echo(f"--- step {number} of at most {limit}", err=True)
        prompt = next_step_prompt(
            " ".join(words),
            memory=current_memory(choices),
            instructions=settings.custom_instructions,
            history=history[-1:],
        )
        step = carry_out(plan(model, prompt, plan_tool()), choices, settings, context=context)
        if step.done or step.stop:
            return step.code
        if step.output is not None:
            history.append(step.output)
    click.echo(f"--- stopped after {limit} steps (--limit)", err=True)
    return 0


@click.command(context_settings=_WORDS)
@click.argument("predicate", nargs=-1, required=True, type=click.UNPROCESSED)
@with_options
@click.pass_context
def check(ctx: click.Context, /, predicate: tuple[str, ...], **_options: object) -> int:
    """Investigate PREDICATE with read-only commands. Exit 0 true, 1 false, 2 poorly posed,
    3 cannot be determined."""
    from vibectl import _core, render
    from vibectl.kubectl import KubectlNotFoundError, kubectl_argv, run_kubectl
    from vibectl.plan_prompt import check_prompt, check_tool
    from vibectl.planning import history_resource, plan
    from vibectl.prompts import Resource
    from vibectl.safety import RefusedError
    from vibectl.safety import check as check_command
    from vibectl.terminal_text import shown_command

    overrides, words = _setup(ctx, predicate)
    settings = _core.load_settings()
    choices = resolve(overrides, settings)
    model = _core.get_model(choices.model)
    history: list[Resource] = []
    for _ in range(CHECK_MAX_STEPS):
        prompt = check_prompt(
            " ".join(words), instructions=settings.custom_instructions, history=history
        )
        action = plan(model, prompt, check_tool())
        if action.kind == "answer" and action.answer in CHECK_EXIT:
            render.out(f"{action.answer}: {action.explanation}")
            return CHECK_EXIT[action.answer]
        try:
            checked = check_command(action.args, read_only=True)
        except RefusedError as refused:
            render.out(f"cannot_determine: refused the planned command: {refused}")
            return CHECK_EXIT["cannot_determine"]
        argv = kubectl_argv(
            checked.args, kubectl=settings.kubectl_command, kubeconfig=settings.kubeconfig
        )
        render.notice(f"Running: {shown_command(argv)}")
        try:
            result = run_kubectl(argv, hidden_env=_core.secret_env_vars(), stdin="")
        except KubectlNotFoundError as exc:
            render.out(f"cannot_determine: {exc}")
            return CHECK_EXIT["cannot_determine"]
        history.append(history_resource(checked.args, result, redact=choices.redact))
    click.echo(f"cannot_determine: no answer after {CHECK_MAX_STEPS} commands")
    return CHECK_EXIT["cannot_determine"]
