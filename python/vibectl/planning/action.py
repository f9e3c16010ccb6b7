"""The planner's answer: one action, returned through a tool definition (structured output).

The model never writes free text that is parsed into a command; it fills in the `plan` tool,
whose arguments the core validates against this schema before they reach us.
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


@dataclass(frozen=True)
class Action:
    kind: str
    explanation: str
    args: list[str] = field(default_factory=list)
    manifest: str | None = None
    message: str = ""
    answer: str | None = None


def action_from(arguments: dict[str, Any]) -> Action:
    """The tool's (already schema-checked) arguments as an action."""
    return Action(
        kind=str(arguments["action"]),
        explanation=str(arguments.get("explanation", "")),
        args=[str(a) for a in arguments.get("args", [])],
        manifest=arguments.get("manifest") or None,
        message=str(arguments.get("message", "")),
        answer=arguments.get("answer"),
    )


def plan_tool() -> _core.Tool:
    return _core.Tool("plan", "Plan one kubectl command, or say why not.", PLAN_SCHEMA)


def check_tool() -> _core.Tool:
    return _core.Tool("investigate", "Run one read-only kubectl command, or answer.", CHECK_SCHEMA)
