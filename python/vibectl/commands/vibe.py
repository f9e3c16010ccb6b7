"""`vibectl vibe`, `vibectl auto`, `vibectl semiauto` and `vibectl check`: the model plans the
kubectl commands."""

from __future__ import annotations

import shlex
import time

import click

from vibectl.options import OptionsCommand, resolve, settle, with_options

CHECK_EXIT = {"true": 0, "false": 1, "poorly_posed": 2, "cannot_determine": 3}
CHECK_MAX_STEPS = 10


# The request is words; vibectl's options are parsed wherever they stand among them, and a
# word that looks like a flag (`-n`, `--context prod`) stays part of the request.
_WORDS = {"ignore_unknown_options": True}


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("request", nargs=-1, type=click.UNPROCESSED)
@with_options
@click.pass_context
def vibe(ctx: click.Context, /, request: tuple[str, ...], **_options: object) -> int:
    """Plan the next kubectl command from REQUEST and the memory, confirm it, run it, summarise."""
    from vibectl import _core
    from vibectl.plan_prompt import next_step_prompt, plan_tool
    from vibectl.planning import carry_out, current_memory, plan, user_context

    overrides, _ = settle(ctx)
    words = list(request)
    settings = _core.load_settings()
    choices = resolve(overrides, settings)
    context, words = user_context(words)
    prompt = next_step_prompt(
        " ".join(words), memory=current_memory(choices), instructions=settings.custom_instructions
    )
    action = plan(_core.get_model(choices.model), prompt, plan_tool())
    step = carry_out(action, choices, settings, context=context, ask_read_only=True, request=words)
    return step.code


_LIMIT = click.option(
    "--limit", "-l", type=click.IntRange(min=1), default=10, help="At most this many steps."
)


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("goal", nargs=-1, type=click.UNPROCESSED)
@_LIMIT
@click.option(
    "--interval", "-i", type=click.FloatRange(min=0), default=5.0, help="Seconds between steps."
)
@with_options
@click.pass_context
def auto(
    ctx: click.Context, /, goal: tuple[str, ...], limit: int, interval: float, **_options: object
) -> int:
    """Repeat vibe steps towards GOAL until the planner says done or --limit is reached."""
    return _loop(ctx, "auto", goal, limit, interval)


@click.command(cls=OptionsCommand, context_settings=_WORDS)
@click.argument("goal", nargs=-1, type=click.UNPROCESSED)
@_LIMIT
@with_options
@click.pass_context
def semiauto(ctx: click.Context, /, goal: tuple[str, ...], limit: int, **_options: object) -> int:
    """Repeat vibe steps towards GOAL as auto does, asking before every command (read-only
    ones too); an answer of no ends the loop."""
    return _loop(ctx, "semiauto", goal, limit, 0.0)


def _loop(
    ctx: click.Context, command: str, goal: tuple[str, ...], limit: int, interval: float
) -> int:
    """Vibe steps towards `goal`; semiauto asks before every command."""
    from vibectl import _core
    from vibectl.plan_prompt import next_step_prompt, plan_tool
    from vibectl.planning import carry_out, current_memory, plan, user_context
    from vibectl.prompts import Resource

    overrides, _ = settle(ctx)
    settings = _core.load_settings()
    choices = resolve(overrides, settings)
    context, words = user_context(list(goal))
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
        action = plan(model, prompt, plan_tool())
        step = carry_out(
            action,
            choices,
            settings,
            context=context,
            ask_read_only=command == "semiauto",
            request=words,
            command=command,
        )
        if step.done or step.stop:
            return step.code
        if step.output is not None:
            history.append(step.output)
    click.echo(f"--- stopped after {limit} steps (--limit)", err=True)
    return 0


@click.command(cls=OptionsCommand, context_settings=_WORDS)
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

    overrides, _ = settle(ctx)
    words = list(predicate)
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
            click.echo(f"{action.answer}: {action.explanation}")
            return CHECK_EXIT[action.answer]
        try:
            checked = check_command(action.args, read_only=True)
        except RefusedError as refused:
            click.echo(f"cannot_determine: refused the planned command: {refused}")
            return CHECK_EXIT["cannot_determine"]
        argv = kubectl_argv(
            checked.args, kubectl=settings.kubectl_command, kubeconfig=settings.kubeconfig
        )
        render.notice(f"Running: {shlex.join(argv)}")
        try:
            result = run_kubectl(argv, hidden_env=_core.secret_env_vars(), stdin="")
        except KubectlNotFoundError as exc:
            click.echo(f"cannot_determine: {exc}")
            return CHECK_EXIT["cannot_determine"]
        history.append(history_resource(checked.args, result, redact=choices.redact))
    click.echo(f"cannot_determine: no answer after {CHECK_MAX_STEPS} commands")
    return CHECK_EXIT["cannot_determine"]
