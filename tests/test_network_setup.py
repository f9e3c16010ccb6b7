"""Proxies and a custom CA, as users set them: HTTPS_PROXY, NO_PROXY, SSL_CERT_FILE. Each case
runs in its own process, because HTTP clients read these once, when they are built."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from support.http_proxy import HttpProxy
from support.llm.server import LLMServer

KEY = "sk-ant-api03-networksetup-0123456789abcdef0123456789"
CALL = (
    "from vibectl import _core\n"
    "print(_core.get_model('sonnet').complete(_core.Prompt('s', 'u')).text)\n"
)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(ca: trustme.CA) -> Iterator[LLMServer]:

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(tls)
    with LLMServer(tls=tls) as server:
        yield server


def call(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CALL],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def base_env(server: LLMServer, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "ANTHROPIC_BASE_URL": server.url,
            "VIBECTL_ANTHROPIC_API_KEY": KEY,
            "VIBECTL_CONFIG_DIR": str(tmp_path / "config"),
        }
    )
    env.pop("NO_PROXY", None)
    return env


def test_a_custom_ca_through_ssl_cert_file(
    tls_server: LLMServer, ca: trustme.CA, tmp_path: Path
) -> None:
    env = base_env(tls_server, tmp_path)
    env["VIBECTL_CONFIG_DIR"] = str(tmp_path / "c1")
    tls_server.reply_text("over tls")
    refused = call(env)
    assert refused.returncode != 0, "an unknown CA must not be trusted"
    assert "UnavailableError" in refused.stderr
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    env["SSL_CERT_FILE"] = str(bundle)
    tls_server.reply_text("over tls")
    done = call(env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "over tls\n"


def test_https_proxy_tunnels_and_no_proxy_bypasses(
    tls_server: LLMServer, ca: trustme.CA, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    env = base_env(tls_server, tmp_path)
    env["SSL_CERT_FILE"] = str(bundle)
    with HttpProxy() as proxy:
        env["HTTPS_PROXY"] = proxy.url
        tls_server.reply_text("through the proxy")
        done = call(env)
        assert done.returncode == 0, done.stderr
        assert done.stdout == "through the proxy\n"
        assert proxy.seen == [f"CONNECT localhost:{tls_server.port}"]
        env["NO_PROXY"] = "localhost"
        tls_server.reply_text("direct")
        done = call(env)
        assert done.stdout == "direct\n"
        assert len(proxy.seen) == 1, "NO_PROXY bypassed the proxy"


def test_http_proxy_for_a_plain_http_endpoint(llm_server: LLMServer, tmp_path: Path) -> None:
    env = base_env(llm_server, tmp_path)
    with HttpProxy() as proxy:
        env["HTTP_PROXY"] = proxy.url
        llm_server.reply_text("proxied")
        done = call(env)
        assert done.returncode == 0, done.stderr
        assert proxy.seen == [f"POST {llm_server.url}/v1/messages"]
