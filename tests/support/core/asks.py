"""A prompt and a tool that the gateway, negotiation and third-party tests ask with."""

from __future__ import annotations

from vibectl import _core

PROMPT = _core.Prompt(
    ["You explain kubectl output."],
    "What is wrong with worker-1?",
    [_core.Resource("kubectl://get/pods", "worker-1 0/1 CrashLoopBackOff\n")],
)
SCALE = _core.Tool(
    "scale",
    "Scale a deployment.",
    {
        "type": "object",
        "properties": {"replicas": {"type": "integer", "minimum": 0}},
        "required": ["replicas"],
        "additionalProperties": False,
    },
)
