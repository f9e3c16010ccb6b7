"""A summarised kubectl verb: run kubectl → build the prompt → ask the model → render.

kubectl's output is never lost: when there is no summary (the model failed, `--no-show-vibe`,
Ctrl-C before the first words), kubectl's own output is printed instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vibectl.context.budget import output_budget
from vibectl.context.prepare import CommandOutput, prepare_output
from vibectl.exit_codes import INTERRUPTED, KUBECTL_NOT_FOUND, OK, for_core_error
from vibectl.kubectl.live import runs_until_stopped
from vibectl.kubectl.output_flag import is_for_machines, requested_output
from vibectl.kubectl.run import (
    KubectlInterruptedError,
    KubectlNotFoundError,
    KubectlResult,
    run_kubectl,
    run_kubectl_attached,
)
from vibectl.kubectl.unreachable import unreachable_hint
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


def summarize_verb(verb: Verb, args: list[str], overrides: Overrides) -> int:
    """A verb typed by the user. Output for a program (`-o json`, `-o jsonpath=…`) is kubectl's,
    unchanged and as it comes, unless `--summarize` asks for a summary too (then on stderr)."""
    choices, settings = resolve(overrides)
    kubectl_args = [*verb.kubectl, *args]
    for_machines = is_for_machines(requested_output(kubectl_args))
    if for_machines and not choices.summarize:
        try:
            if not (sys.stdout.isatty() or sys.stderr.isatty()):
                return run_kubectl_attached(kubectl_args, settings, announce=choices.show_kubectl)
            # On a terminal a person reads it: shown as it comes (`get -w -o json`), its control
            # characters escaped.
            result = run_kubectl(kubectl_args, settings, announce=choices.show_kubectl, live=True)
        except KubectlNotFoundError as exc:
            render.error(str(exc))
            return KUBECTL_NOT_FOUND
        except KubectlInterruptedError:
            return INTERRUPTED
        return result.returncode
    return run_and_summarise(verb, kubectl_args, choices, settings, for_machines=for_machines).code


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
    for_machines: bool = False,
) -> Outcome:
    """Run `kubectl ARGS` and summarise it; `announce` always prints the command first.
    `for_machines`: you asked for output a program reads, so it goes to stdout unchanged and the
    summary to stderr (a planned `-o json` is summarised as any output is).

    A command that runs until stopped (`get -w`, `logs -f`: `kubectl/live.py`), or any command
    with `--live-display`, shows its output as it comes, and what it printed is summarised when
    it ends or when Ctrl-C stops it (then exit 130)."""
    live = choices.live or runs_until_stopped(kubectl_args)
    interrupted = False
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
        return Outcome(KUBECTL_NOT_FOUND)
    except KubectlInterruptedError as stop:
        if not live:
            render.raw(stop.partial.stdout, stop.partial.stderr)
            return Outcome(INTERRUPTED, stop.partial)
        result, interrupted = stop.partial, True
    shown = live  # kubectl's output was shown as it came
    seen = bool(result.stdout_bytes.strip() or result.stderr_bytes.strip())
    summarise = choices.show_vibe and (
        (interrupted and seen) or result.returncode in verb.ok_exit_codes
    )
    if not summarise:
        if not shown:
            render.raw(result.stdout, result.stderr)
        if result.returncode != 0 and (hint := unreachable_hint(result.stderr)):
            render.notice(hint)
        return Outcome(result.returncode, result)
    if for_machines and not shown:
        render.raw_bytes(result.stdout_bytes, result.stderr_bytes)
    elif choices.show_raw_output and not shown:
        render.raw(result.stdout, result.stderr)
        render.summary_follows(result.stdout)
    code = _summarise(
        verb,
        kubectl_args,
        result,
        choices,
        settings,
        on_stderr=for_machines,
        shown=shown,
        stopped=interrupted,
    )
    return Outcome(INTERRUPTED if interrupted else code, result)


def _summarise(
    verb: Verb,
    kubectl_args: list[str],
    result: KubectlResult,
    choices: Choices,
    settings: Settings,
    *,
    on_stderr: bool,
    shown: bool,
    stopped: bool,
) -> int:
    """`on_stderr`: the summary goes to stderr, and kubectl's output is already on stdout;
    `shown`: kubectl's output is already on the screen (it was shown as it came); `stopped`:
    Ctrl-C stopped kubectl."""
    from vibectl import _core

    model = _core.get_model(choices.model)
    view: SummaryView | None = None
    block = MemoryBlock() if choices.update_memory else None
    memory_error: str | None = None
    memory_code = OK

    def without_summary(*, print_output: bool) -> None:
        """What is shown of the summary stays; kubectl's output follows unless already shown."""
        if view is not None:
            view.abandon()
        if print_output and not (choices.show_raw_output or on_stderr or shown):
            render.raw(result.stdout, result.stderr)

    try:
        budget = output_budget(model, settings.input_budget)
        output = prepared_for_model(kubectl_args, result, choices, budget)
        prompt = summary_prompt(
            verb, output, instructions=settings.custom_instructions, stopped=stopped
        )
        if block is not None:
            try:
                remembered = memory.read()
            except _core.VibectlError as exc:
                # Summarise without the memory; the reason is the command's last line.
                memory_error, memory_code, block = str(exc), for_core_error(exc), None
            else:
                prompt = with_memory_update(prompt, remembered, settings.memory_max_chars)
        stream = sys.stderr if on_stderr else sys.stdout
        view = open_view(
            stream=stream,
            terminal=render.terminal(stream),
            colour=render.styled(stream),
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
        return for_core_error(exc)
    except KeyboardInterrupt:
        without_summary(print_output=view is None or not view.shown)
        return INTERRUPTED
    view.finish()
    if choices.show_metrics:
        render.notice(_metrics(answer.metrics))
    if block is not None and block.memory is not None:
        try:
            memory.replace(block.memory, settings.memory_max_chars)
        except _core.VibectlError as exc:
            memory_error, memory_code = str(exc), for_core_error(exc)
    if memory_error is not None:
        render.error(memory_error)
        return memory_code
    return result.returncode


def prepared_for_model(
    kubectl_args: list[str], result: KubectlResult, choices: Choices, budget: int
) -> CommandOutput:
    """The command and its output as the model may see them; what was redacted or left out, said
    on stderr."""
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
