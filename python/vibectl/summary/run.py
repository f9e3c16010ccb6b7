"""A summarised kubectl verb: run kubectl → build the prompt → ask the model → render.

kubectl's output is never lost: when there is no summary (the model failed, `--no-show-vibe`,
Ctrl-C before the first words), kubectl's own output is printed instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vibectl.context.budget import output_budget
from vibectl.context.prepare import CommandOutput, prepare_output
from vibectl.kubectl.run import (
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    KubectlInterruptedError,
    KubectlNotFoundError,
    KubectlResult,
    run_kubectl,
)
from vibectl.kubectl.verbs import Verb
from vibectl.llm.call import ask
from vibectl.memory import store as memory
from vibectl.options import Choices, Overrides, resolve
from vibectl.prompts.summary import summary_prompt, with_memory_update
from vibectl.summary import render
from vibectl.summary.memory_block import MemoryBlock
from vibectl.summary.themes import THEMES
from vibectl.summary.view import SummaryView, open_view

if TYPE_CHECKING:
    from vibectl._core import Metrics, Settings

EXIT_LLM_FAILED = 1


def summarize_verb(verb: Verb, args: list[str], overrides: Overrides) -> int:
    choices, settings = resolve(overrides)
    return run_and_summarise(verb, [*verb.kubectl, *args], choices, settings).code


@dataclass(frozen=True)
class Outcome:
    code: int
    result: KubectlResult | None = None


def run_and_summarise(
    verb: Verb,
    kubectl_args: list[str],
    choices: Choices,
    settings: Settings,
    *,
    stdin: str | None = None,
    announce: bool = False,
) -> Outcome:
    """Run `kubectl ARGS` and summarise it; `announce` always prints the command first."""
    live = choices.live or verb.live
    try:
        result = run_kubectl(
            kubectl_args,
            settings,
            stdin=stdin,
            announce=choices.show_kubectl or announce,
            live=live,
        )
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        return Outcome(EXIT_NOT_FOUND)
    except KubectlInterruptedError as stop:
        if not live:
            render.raw(stop.partial.stdout, stop.partial.stderr)
        return Outcome(EXIT_INTERRUPTED, stop.partial)
    shown = live  # kubectl's output was shown as it came
    if result.returncode not in verb.ok_exit_codes or not choices.show_vibe:
        if not shown:
            render.raw(result.stdout, result.stderr)
        return Outcome(result.returncode, result)
    if choices.show_raw_output and not shown:
        render.raw(result.stdout, result.stderr)
    code = _summarise(verb, kubectl_args, result, choices, settings)
    return Outcome(code, result)


def _summarise(
    verb: Verb,
    kubectl_args: list[str],
    result: KubectlResult,
    choices: Choices,
    settings: Settings,
) -> int:
    from vibectl import _core

    model = _core.get_model(choices.model)
    view: SummaryView | None = None
    block = MemoryBlock() if choices.update_memory else None
    memory_error: str | None = None

    def without_summary(*, print_output: bool) -> None:
        """What is shown of the summary stays; kubectl's output follows unless already shown."""
        if view is not None:
            view.abandon()
        if print_output and not choices.show_raw_output:
            render.raw(result.stdout, result.stderr)

    try:
        budget = output_budget(model, settings.input_budget)
        output = _prepared(kubectl_args, result, choices, budget)
        prompt = summary_prompt(verb, output, instructions=settings.custom_instructions)
        if block is not None:
            try:
                remembered = memory.read()
            except _core.VibectlError as exc:
                # Summarise without the memory; the reason is the command's last line.
                memory_error, block = str(exc), None
            else:
                prompt = with_memory_update(prompt, remembered, settings.memory_max_chars)
        view = open_view(
            styled=render.styled(),
            progressive=choices.stream,
            theme=THEMES[choices.theme],
            model=model.name,
        )
        answer = ask(model, prompt)
        for piece in answer:
            view.add(block.feed(piece) if block is not None else piece)
        if block is not None:
            view.add(block.finish())
    except _core.VibectlError as exc:
        without_summary(print_output=True)
        render.error(str(exc))
        return EXIT_LLM_FAILED
    except KeyboardInterrupt:
        without_summary(print_output=view is None or not view.shown)
        return EXIT_INTERRUPTED
    view.finish()
    if choices.show_metrics:
        render.notice(_metrics(answer.metrics))
    if block is not None and block.memory is not None:
        try:
            memory.replace(block.memory, settings.memory_max_chars)
        except _core.VibectlError as exc:
            memory_error = str(exc)
    if memory_error is not None:
        render.error(memory_error)
        return EXIT_LLM_FAILED
    return result.returncode


def _prepared(
    kubectl_args: list[str], result: KubectlResult, choices: Choices, budget: int
) -> CommandOutput:
    """The command and its output as the model may see them; what was left out, on stderr."""
    output = prepare_output(
        kubectl_args,
        result.stdout_bytes,
        result.stderr_bytes,
        budget_tokens=budget,
        redact=choices.redact,
    )
    if output.redacted:
        render.notice(
            f"vibectl: redacted {output.redacted} secret values before asking the model "
            "(--no-redact sends them)"
        )
    left_out = "; ".join(words for words in (output.reduced, output.cut) if words)
    if left_out:
        render.notice(
            f"vibectl: cut the output to the model's budget of {budget:,} tokens: {left_out}"
        )
    return output


def _metrics(metrics: Metrics | None) -> str:
    """One line: the model that answered, tokens, latency, time to first token, retries."""
    if metrics is None:
        return "vibectl: the model call finished without metrics"
    first = f", first token after {metrics.first_token_s:.2f}s" if metrics.first_token_s else ""
    return (
        f"vibectl: {metrics.model}: {metrics.input_tokens:,} input tokens, "
        f"{metrics.output_tokens:,} output tokens, {metrics.latency_s:.2f}s{first}, "
        f"{metrics.retries} retries"
    )
