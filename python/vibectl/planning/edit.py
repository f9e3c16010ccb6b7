"""`vibectl edit vibe REQUEST`: the model names the one object to change; vibectl reads it with
`kubectl get`; the model, shown it as prepared for a model (secrets redacted, bookkeeping
dropped), answers with a JSON merge patch; vibectl checks the patch, applies it to the object as
read, shows the diff, and, once confirmed, runs `kubectl patch --type=merge` as any planned
command runs (safety checks, the audit log, a summary)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from vibectl.context.budget import output_budget
from vibectl.exit_codes import FAILED, INTERRUPTED, KUBECTL_NOT_FOUND, NOT_DONE, OK, USAGE
from vibectl.kubectl.run import KubectlInterruptedError, KubectlNotFoundError, run_kubectl
from vibectl.llm.call import fill_in
from vibectl.options import resolve
from vibectl.planning import audit
from vibectl.planning.action import Action, Target, edit_from, patch_tool, target_tool
from vibectl.planning.merge_patch import merged, patch_word
from vibectl.planning.patch_rules import check_patch
from vibectl.planning.run import carry_out, current_memory, plan_asking, user_context
from vibectl.planning.safety import RefusedError, check
from vibectl.prompts.edit import patch_prompt, target_prompt
from vibectl.summary import render
from vibectl.summary.diff_view import diff_lines, show_diff
from vibectl.summary.run import prepared_for_model
from vibectl.summary.terminal_text import shown_word
from vibectl.summary.yaml_text import as_yaml

if TYPE_CHECKING:
    from vibectl import _core
    from vibectl.context.prepare import CommandOutput
    from vibectl.kubectl.run import KubectlResult
    from vibectl.options import Choices, Overrides
    from vibectl.prompts.prompt import Prompt

# The command, as the audit log names it.
COMMAND = "edit vibe"

# What kubectl may be given as the object: one resource type (`deployment`,
# `deployments.apps`), one name, one namespace; never a list, a flag or a `TYPE/NAME`.
_RESOURCE = re.compile(r"[A-Za-z][A-Za-z0-9.-]*")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
_NAMESPACE = re.compile(r"[a-z0-9][a-z0-9-]*")


class _Stopped(Exception):
    """The edit ends here, said already; `code` is the exit code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def edit_vibe(words: list[str], overrides: Overrides) -> int:
    from vibectl import _core

    choices, settings = resolve(overrides)
    context, words = user_context(words)
    if not words:
        render.error('say what to change: vibectl edit vibe "REQUEST"')
        return USAGE
    model = _core.get_model(choices.model)
    try:
        target, request = _target(model, words, choices, settings)
        read_args = _read_command(target, context)
        result = _read(read_args, choices, settings, " ".join(words))
        current = _object(result, target)
        read = prepared_for_model(
            read_args, result, choices, output_budget(model, settings.input_budget)
        )
        patch, patched, explanation = _patch(model, request, read, current, settings)
    except _Stopped as stopped:
        return stopped.code
    shown = f"{target.resource}/{target.name}"
    lines = diff_lines(
        as_yaml(current), as_yaml(patched), old=f"{shown} (now)", new=f"{shown} (patched)"
    )
    if not lines:
        render.notice(f"vibectl: nothing to change: {explanation}")
        return OK
    if explanation:
        render.notice(f"vibectl: {explanation}")
    show_diff(lines, theme=choices.theme)
    namespace = current["metadata"].get("namespace")
    args = [
        "patch",
        target.resource,
        target.name,
        *(["-n", namespace] if namespace else []),
        "--type",
        "merge",
        "-p",
        patch_word(patch),
    ]
    planned = Action("command", explanation="", args=args)
    return carry_out(
        planned, choices, settings, context=context, request=words, command=COMMAND
    ).code


def _target(
    model: _core.Model, words: list[str], choices: Choices, settings: _core.Settings
) -> tuple[Target, str]:
    """The object the model names, and the request as answered (its questions asked)."""

    def prompt_for(request: str) -> Prompt:
        return target_prompt(
            request, memory=current_memory(choices), instructions=settings.custom_instructions
        )

    action, request = plan_asking(model, prompt_for, " ".join(words), target_tool())
    if action.kind != "edit":  # an error or a question, said as for any plan
        step = carry_out(action, choices, settings, request=words, command=COMMAND)
        raise _Stopped(step.code)
    if action.target is None:
        render.error("the request cannot be done: the model named no object to edit")
        raise _Stopped(NOT_DONE)
    return action.target, request


def _patch(
    model: _core.Model,
    request: str,
    read: CommandOutput,
    current: dict[str, Any],
    settings: _core.Settings,
) -> tuple[dict[str, Any], Any, str]:
    """The model's change to the object, checked (`patch_rules.py`); the object so changed; the
    model's explanation."""
    prompt = patch_prompt(request, read, instructions=settings.custom_instructions)
    edit = edit_from(fill_in(model, prompt, patch_tool()))
    if edit.kind != "patch" or edit.patch is None:
        render.error(f"the request cannot be done: {edit.message or edit.explanation}")
        raise _Stopped(NOT_DONE)
    patched = merged(current, edit.patch)
    try:
        check_patch(
            current, edit.patch, patched, word=patch_word(edit.patch), hidden=read.redacted > 0
        )
    except RefusedError as refused:
        render.error(f"refused the patch: {refused}")
        raise _Stopped(NOT_DONE) from None
    return edit.patch, patched, edit.explanation


def _read_command(target: Target, context: str | None) -> list[str]:
    """`kubectl get TYPE NAME [-n NS] -o json`, through the checks every planned command takes."""
    words = [("resource type", target.resource, _RESOURCE), ("name", target.name, _NAME)]
    if target.namespace is not None:
        words.append(("namespace", target.namespace, _NAMESPACE))
    namespace = ["-n", target.namespace] if target.namespace else []
    try:
        for what, word, shape in words:
            if shape.fullmatch(word) is None:
                raise RefusedError(f"{shown_word(word)} is not a {what}")
        args = ["get", target.resource, target.name, *namespace, "-o", "json"]
        return check(args, user_context=context, read_only=True).args
    except RefusedError as refused:
        render.error(f"refused the object to edit: {refused}")
        raise _Stopped(NOT_DONE) from None


def _read(
    args: list[str], choices: Choices, settings: _core.Settings, request: str
) -> KubectlResult:
    """What kubectl printed of the object, recorded in the audit log. When it could not be read,
    kubectl's own output is shown and its exit code is the edit's."""
    audit.writable()
    started = audit.now()
    try:
        result = run_kubectl(args, settings, stdin="", announce=choices.show_kubectl)
    except KubectlNotFoundError as exc:
        render.error(str(exc))
        raise _Stopped(KUBECTL_NOT_FOUND) from None
    except KubectlInterruptedError:
        raise _Stopped(INTERRUPTED) from None
    audit.append(audit.unasked(COMMAND, request, started, result.argv, result.returncode))
    if result.returncode != 0:
        render.raw(result.stdout, result.stderr)
        raise _Stopped(result.returncode)
    return result


def _object(result: KubectlResult, target: Target) -> dict[str, Any]:
    """The one object kubectl printed."""
    try:
        document = json.loads(result.stdout_bytes)
    except ValueError:
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("metadata"), dict):
        render.error(f"kubectl printed no object for {shown_word(target.resource)}")
        raise _Stopped(FAILED)
    if (
        str(document.get("kind", "")).endswith("List")
        or document["metadata"].get("name") != target.name
    ):
        render.error(f"kubectl printed another object than {shown_word(target.name)}")
        raise _Stopped(FAILED)
    return document
