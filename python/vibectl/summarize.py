"""A summarised kubectl verb: run kubectl → build the prompt → ask the model → render.

kubectl's output is never lost: when there is no summary (the model failed, `--no-show-vibe`,
Ctrl-C before the first words), kubectl's own output is printed instead.
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from vibectl import render
from vibectl.budget import output_budget
from vibectl.kubectl import (
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    KubectlInterruptedError,
    KubectlNotFoundError,
    KubectlResult,
    kubectl_argv,
    run_kubectl,
)
from vibectl.model_call import ask
from vibectl.options import Choices, Overrides, resolve
from vibectl.prepare import prepare_output
from vibectl.prompts import CommandOutput, summary_prompt
from vibectl.summary_view import SummaryView, open_view
from vibectl.themes import THEMES
from vibectl.verbs import Verb

if TYPE_CHECKING:
    from vibectl._core import Usage

EXIT_LLM_FAILED = 1


def summarize_verb(verb: Verb, args: list[str], overrides: Overrides) -> int:
    from vibectl import _core

    settings = _core.load_settings()
    choices = resolve(overrides, settings)
    kubectl_args = [*verb.kubectl, *args]
    argv = kubectl_argv(
        kubectl_args, kubectl=settings.kubectl_command, kubeconfig=settings.kubeconfig
    )
    if choices.show_kubectl:
        render.notice(f"Running: {shlex.join(argv)}")
    try:
        result = run_kubectl(argv, hidden_env=_core.secret_env_vars())
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return EXIT_NOT_FOUND
    except KubectlInterruptedError as stop:
        render.raw(stop.partial.stdout, stop.partial.stderr)
        return EXIT_INTERRUPTED
    if result.returncode not in verb.ok_exit_codes or not choices.show_vibe:
        render.raw(result.stdout, result.stderr)
        return result.returncode
    if choices.show_raw_output:
        render.raw(result.stdout, result.stderr)
    return _summarise(verb, kubectl_args, result, choices, settings.custom_instructions)


def _summarise(
    verb: Verb,
    kubectl_args: list[str],
    result: KubectlResult,
    choices: Choices,
    instructions: str | None,
) -> int:
    from vibectl import _core

    model = _core.get_model(choices.model)
    view: SummaryView | None = None

    def without_summary(*, print_output: bool) -> None:
        """What is shown of the summary stays; kubectl's output follows unless already shown."""
        if view is not None:
            view.abandon()
        if print_output and not choices.show_raw_output:
            render.raw(result.stdout, result.stderr)

    try:
        output = _prepared(kubectl_args, result, choices, output_budget(model.name))
        view = open_view(
            styled=render.styled(),
            progressive=choices.stream,
            theme=THEMES[choices.theme],
            model=model.name,
        )
        answer = ask(model, summary_prompt(verb, output, instructions=instructions))
        for piece in answer:
            view.add(piece)
    except _core.VibectlError as exc:
        without_summary(print_output=True)
        render.error(str(exc))
        return EXIT_LLM_FAILED
    except KeyboardInterrupt:
        without_summary(print_output=view is None or not view.shown)
        return EXIT_INTERRUPTED
    view.finish()
    if choices.show_metrics:
        render.notice(_metrics(model.name, answer.usage))
    return result.returncode


def _prepared(
    kubectl_args: list[str], result: KubectlResult, choices: Choices, budget: int
) -> CommandOutput:
    """The command and its output as the model may see them; what was left out, on stderr."""
    output = prepare_output(
        kubectl_args, result.stdout, result.stderr, budget_tokens=budget, redact=choices.redact
    )
    if output.redacted:
        render.notice(
            f"vibectl: redacted {output.redacted} secret values before asking the model "
            "(--no-redact sends them)"
        )
    if output.cut:
        render.notice(
            f"vibectl: cut the output to the model's budget of {budget:,} tokens: {output.cut}"
        )
    return output


def _metrics(model: str, usage: Usage | None) -> str:
    if usage is None:
        return f"vibectl: {model}: no token counts were reported"
    return (
        f"vibectl: {model}: {usage.input_tokens:,} input tokens, "
        f"{usage.output_tokens:,} output tokens"
    )
