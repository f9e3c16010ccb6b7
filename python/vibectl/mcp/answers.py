"""What the tools answer: their output schemas, as pydantic models the SDK publishes as JSON
Schema and checks every answer against."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class CommandAnswer(BaseModel):
    """A kubectl command that ran, and its summary."""

    command: list[str] = Field(
        description="kubectl's arguments as run (verb first), credentials redacted"
    )
    exit_code: int = Field(description="kubectl's exit code")
    summary: str = Field(description="the model's summary of the output, plain text")
    stdout: str = Field(
        description="what kubectl printed, as the model saw it: secrets redacted, reduced to "
        "the budget"
    )
    stderr: str = Field(description="kubectl's stderr, redacted and cut the same way")
    mime_type: str = Field(description="application/json, application/yaml or text/plain")
    redacted: int = Field(description="how many secret values were replaced by <redacted>")
    cut: str | None = Field(
        description="what was aggregated or left out to fit the model's budget, if any"
    )


class VibeAnswer(BaseModel):
    """vibectl's plan for a request, and its result when it ran."""

    action: Literal["command", "error", "question", "done"] = Field(
        description="command: a kubectl command; error: it cannot be done; question: the "
        "planner needs to know more; done: nothing left to do"
    )
    explanation: str = Field(description="the planner's reason, one sentence")
    message: str = Field(description="for error, question and done: what the planner said")
    command: list[str] = Field(description="the planned kubectl arguments (verb first), if any")
    manifest: str | None = Field(description="YAML the plan pipes to `kubectl … -f -`, if any")
    mutating: bool = Field(description="whether the planned command changes the cluster")
    ran: bool = Field(description="whether the command ran")
    not_run: str | None = Field(description="why a planned command did not run")
    result: CommandAnswer | None = Field(description="the command's summary, when it ran")


class Evidence(BaseModel):
    """One read-only command the investigation ran."""

    command: list[str] = Field(description="kubectl's arguments (verb first)")
    output: str = Field(description="what it printed, redacted and cut, as the planner saw it")


class CheckAnswer(BaseModel):
    """Whether a predicate about the cluster holds, and what showed it."""

    answer: Literal["true", "false", "poorly_posed", "cannot_determine"]
    explanation: str = Field(description="why, in one sentence")
    evidence: list[Evidence] = Field(description="the commands run to decide, in order")
