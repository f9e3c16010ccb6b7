"""The prompts: vibectl's summary and planning prompts, as MCP prompt messages. The system and
user fragments become one user message; each resource (kubectl's output, the memory) is an
embedded resource of its own, as the core sends them: data, never instructions."""

from __future__ import annotations

import shlex

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.prompts.base import Message, UserMessage
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, EmbeddedResource, TextResourceContents

from vibectl.prompts.prompt import Prompt


def messages(prompt: Prompt) -> list[Message]:
    text = "\n\n".join((*prompt.system, *prompt.user))
    embedded: list[Message] = [
        UserMessage(
            EmbeddedResource(
                resource=TextResourceContents(uri=r.uri, text=r.text, mime_type=r.mime_type)
            )
        )
        for r in prompt.resources
    ]
    return [UserMessage(text), *embedded]


def register(server: MCPServer) -> None:
    @server.prompt(
        name="summary",
        description="vibectl's prompt for summarising what a kubectl command printed "
        "(redacted and cut as vibectl does before a model sees it).",
    )
    def summary(command: str, output: str) -> list[Message]:
        """`command`: kubectl's arguments, e.g. `get pods -n payments`; `output`: what it
        printed."""
        from vibectl import _core
        from vibectl.context.budget import output_budget
        from vibectl.context.prepare import prepare_output
        from vibectl.planning.safety import verb_of
        from vibectl.prompts.summary import summary_prompt

        try:
            args = shlex.split(command)
        except ValueError as exc:
            raise MCPError(INVALID_PARAMS, f"command: {exc}") from None
        if args[:1] == ["kubectl"]:
            args = args[1:]
        verb = verb_of(args)
        if verb is None:
            why = f"command {command!r} does not start with a kubectl verb vibectl knows"
            raise MCPError(INVALID_PARAMS, why)
        settings = _core.load_settings()
        budget = output_budget(_core.get_model(settings.model), settings.input_budget)
        shown = prepare_output(args, output.encode(), b"", budget_tokens=budget, redact=True)
        return messages(summary_prompt(verb, shown, instructions=settings.custom_instructions))

    @server.prompt(
        name="plan",
        description="vibectl's prompt for planning the next kubectl command towards a goal.",
    )
    def plan(request: str) -> list[Message]:
        """`request`: what the operator wants, in plain words."""
        from vibectl import _core
        from vibectl.prompts.planner import next_step_prompt

        settings = _core.load_settings()
        return messages(
            next_step_prompt(request, memory=None, instructions=settings.custom_instructions)
        )
