"""The planner's answers, each returned through a tool definition (structured output): one
action (`plan`; `investigate` for `check`), and for `edit vibe` the object to edit (`target`)
and the change to it (`patch`).

The model never writes free text that is parsed into a command; it fills in a tool, whose
arguments the core validates against its schema before they reach us.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vibectl import _core

PLAN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {
            "type": "string",
            "enum": ["command", "error", "question", "done"],
            "description": (
                "command: run one kubectl command; error: the request cannot be done; "
                "question: something must be asked first; done: the goal is reached"
            ),
        },
        "args": {
            "type": "array",
            "items": {"type": "string"},
            "description": "for command: kubectl's arguments, verb first, without 'kubectl'",
        },
        "manifest": {
            "type": "string",
            "description": "for command: YAML piped to kubectl when args include '-f -'",
        },
        "explanation": {"type": "string", "description": "one sentence: why this action"},
        "message": {
            "type": "string",
            "description": "error: the reason; question: the question; done: the result",
        },
    },
    "required": ["action", "explanation"],
    "additionalProperties": False,
}

CHECK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {
            "type": "string",
            "enum": ["command", "answer"],
            "description": "command: run one read-only kubectl command; answer: decide",
        },
        "args": {
            "type": "array",
            "items": {"type": "string"},
            "description": "for command: kubectl's arguments, verb first, without 'kubectl'",
        },
        "answer": {
            "type": "string",
            "enum": ["true", "false", "poorly_posed", "cannot_determine"],
            "description": "for answer: whether the predicate holds",
        },
        "explanation": {"type": "string", "description": "one sentence: why"},
    },
    "required": ["action", "explanation"],
    "additionalProperties": False,
}

# `edit vibe`, first: the one object to edit (vibectl reads it itself, with `kubectl get`).
TARGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {
            "type": "string",
            "enum": ["edit", "error", "question"],
            "description": (
                "edit: the request changes this one object; error: it cannot be done as an "
                "edit of one object; question: something must be asked first"
            ),
        },
        "resource": {
            "type": "string",
            "description": "for edit: the resource type as kubectl get takes it (deployment)",
        },
        "name": {"type": "string", "description": "for edit: the object's name"},
        "namespace": {
            "type": "string",
            "description": "for edit: its namespace; leave out for a cluster-wide object",
        },
        "explanation": {"type": "string", "description": "one sentence: why this object"},
        "message": {"type": "string", "description": "error: the reason; question: the question"},
    },
    "required": ["action", "explanation"],
    "additionalProperties": False,
}

# `edit vibe`, then: the change to the object as read, as a JSON merge patch.
PATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {
            "type": "string",
            "enum": ["patch", "error"],
            "description": "patch: change the object so; error: the request cannot be done",
        },
        "patch": {
            "type": "object",
            "description": (
                "for patch: a JSON merge patch (RFC 7386) of the object: only the fields that "
                "change; null deletes a field; a list is replaced whole"
            ),
        },
        "explanation": {"type": "string", "description": "one sentence: what changes, and why"},
        "message": {"type": "string", "description": "error: the reason"},
    },
    "required": ["action", "explanation"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Target:
    """The object an `edit vibe` changes."""

    resource: str
    name: str
    namespace: str | None


@dataclass(frozen=True)
class Action:
    kind: str
    explanation: str
    args: list[str] = field(default_factory=list)
    manifest: str | None = None
    message: str = ""
    answer: str | None = None
    target: Target | None = None


def action_from(arguments: dict[str, Any]) -> Action:
    """The tool's (already schema-checked) arguments as an action."""
    return Action(
        kind=str(arguments["action"]),
        explanation=str(arguments.get("explanation", "")),
        args=[str(a) for a in arguments.get("args", [])],
        manifest=arguments.get("manifest") or None,
        message=str(arguments.get("message", "")),
        answer=arguments.get("answer"),
        target=_target(arguments),
    )


def _target(arguments: dict[str, Any]) -> Target | None:
    if not (arguments.get("resource") and arguments.get("name")):
        return None
    namespace = str(arguments.get("namespace") or "") or None
    return Target(str(arguments["resource"]), str(arguments["name"]), namespace)


@dataclass(frozen=True)
class Edit:
    """The change an `edit vibe` makes: a merge patch, or the reason there is none."""

    kind: str
    explanation: str
    patch: dict[str, Any] | None
    message: str = ""


def edit_from(arguments: dict[str, Any]) -> Edit:
    """The patch tool's (already schema-checked) arguments."""
    return Edit(
        kind=str(arguments["action"]),
        explanation=str(arguments.get("explanation", "")),
        patch=arguments.get("patch"),
        message=str(arguments.get("message", "")),
    )


def plan_tool() -> _core.Tool:
    return _core.Tool("plan", "Plan one kubectl command, or say why not.", PLAN_SCHEMA)


def check_tool() -> _core.Tool:
    return _core.Tool("investigate", "Run one read-only kubectl command, or answer.", CHECK_SCHEMA)


def target_tool() -> _core.Tool:
    return _core.Tool("target", "Name the one object to edit, or say why not.", TARGET_SCHEMA)


def patch_tool() -> _core.Tool:
    return _core.Tool("patch", "Change the object with a JSON merge patch.", PATCH_SCHEMA)
