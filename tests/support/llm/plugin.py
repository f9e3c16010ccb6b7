"""Pytest fixtures for the fake LLM server: one server per session, a clean script per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.llm.server import LLMServer


@pytest.fixture(scope="session")
def llm_server_session() -> Iterator[LLMServer]:
    """The session's one fake LLM server on 127.0.0.1 (a free port), stopped at session end."""
    with LLMServer() as server:
        yield server


@pytest.fixture
def llm_server(llm_server_session: LLMServer) -> LLMServer:
    """The fake LLM server with no scripted replies and no recorded requests."""
    llm_server_session.reset()
    return llm_server_session
