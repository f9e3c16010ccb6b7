"""Pytest fixtures for the third-party servers: each started once per session, on first use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.llm.server import LLMServer
from support.third_party.katan import start_katan
from support.third_party.litellm_proxy import LiteLLMProxy, start_proxy
from support.third_party.server import Server


@pytest.fixture(scope="session")
def litellm_proxy(
    llm_server_session: LLMServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiteLLMProxy]:
    """A LiteLLM proxy in front of the session's loopback LLM server (10-20 s to start)."""
    proxy = start_proxy(llm_server_session.url, tmp_path_factory.mktemp("litellm"))
    try:
        yield proxy
    finally:
        proxy.server.stop()


@pytest.fixture(scope="session")
def katan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """llm-katan's echo backend, OpenAI and Anthropic formats, checking key values."""
    server = start_katan(tmp_path_factory.mktemp("katan"))
    try:
        yield server
    finally:
        server.stop()
