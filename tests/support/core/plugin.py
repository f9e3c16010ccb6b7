"""Pytest fixtures for the core tests: each wire format, and each way of structured output,
pointed at the fake LLM server."""

from __future__ import annotations

import pytest

from support.core.wires import FORCED_TOOL, STRUCTURED, WIRES, Structured, Wire
from support.llm.server import LLMServer


@pytest.fixture(params=WIRES, ids=lambda w: w.provider)
def wire(
    request: pytest.FixtureRequest, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> Wire:
    """Each provider in turn, with its requests going to the fake LLM server."""
    chosen: Wire = request.param
    chosen.point_at(llm_server, monkeypatch)
    return chosen


@pytest.fixture(params=STRUCTURED, ids=lambda s: s.id)
def structured(
    request: pytest.FixtureRequest, llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch
) -> Structured:
    """Each way a model is made to answer with a tool's arguments, pointed at the server."""
    chosen: Structured = request.param
    chosen.wire.point_at(llm_server, monkeypatch)
    return chosen


@pytest.fixture
def forced_tool(llm_server: LLMServer, monkeypatch: pytest.MonkeyPatch) -> Structured:
    """Structured output by a forced tool call (Anthropic), pointed at the server."""
    FORCED_TOOL.wire.point_at(llm_server, monkeypatch)
    return FORCED_TOOL
