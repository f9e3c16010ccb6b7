"""Secrets never reach the model, in any spelling (issue 14, section 3): kinds spelled as
kubectl reads them, every template format over secrets, and credentials outside Secrets (env
values, container arguments, token shapes in logs and objects). Each case runs the real CLI
against the pinned kubectl and the emulator; the loopback server's bytes are checked."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import PAYMENTS, SECRET, SECRET_DATA
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, sent_prompt

SECRET_VALUES = [
    *SECRET_DATA.values(),
    *(base64.b64encode(v.encode()).decode() for v in SECRET_DATA.values()),
]
NOTICE = re.compile(r"^vibectl: redacted (\d+) secret values before asking the model", re.M)


def assert_never_sent(server: LLMServer, *values: str) -> None:
    for request in server.requests:
        for value in values:
            assert value.encode() not in request.raw, f"{value!r} reached the model"


def redactions(stderr: str) -> int:
    found = NOTICE.search(stderr)
    assert found, stderr
    return int(found[1])


def templates(tmp_path: Path) -> dict[str, str]:
    files = {
        "go": "{{range .items}}{{.data.password}}{{end}}{{.data.password}}",
        "jsonpath": "{.data}{.items[*].data}",
        "columns": "NAME          DATA\nmetadata.name data\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return {name: str(tmp_path / name) for name in files}


@pytest.mark.parametrize(
    "command",
    [
        ["get", "Secret", SECRET, "-o", "go-template-file={go}"],
        ["get", "SECRETS", "-o", "jsonpath-file={jsonpath}"],
        ["get", "secrets.v1.", "-o", "jsonpath-as-json={{.items[*].data}}"],
        ["get", "deploy,Secret", "-o", "custom-columns-file={columns}"],
        ["get", "secret", SECRET, "-o", "templatefile={go}"],
        ["get", f"secret/{SECRET}", "-o", "custom-columns=DATA:.data"],
        ["get", "Secrets", SECRET, "-o", "go-template", "--template={{{{.data}}}}"],
    ],
    ids=["Secret-go-template-file", "SECRETS-jsonpath-file", "secrets.v1.-jsonpath-as-json",
         "deploy,Secret-custom-columns-file", "secret-templatefile", "secret/name-custom-columns",
         "--template"],
)  # fmt: skip
def test_templates_over_secrets_in_any_spelling_are_withheld(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, command: list[str]
) -> None:
    files = templates(tmp_path)
    llm_server.reply_text("ok")
    args = [part.format(**files) for part in command]
    done = vibectl.run(*args, "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert_never_sent(llm_server, *SECRET_VALUES)
    assert redactions(done.stderr) == 1
    assert "the output of a template over secrets is not sent" in sent_prompt(llm_server)


@pytest.mark.parametrize("kind", ["Secret", "SECRETS", "secrets.v1."])
@pytest.mark.parametrize("output", ["yaml", "json"])
def test_secret_objects_in_any_spelling_are_redacted(
    vibectl: Vibectl, llm_server: LLMServer, kind: str, output: str
) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("get", kind, SECRET, "-n", PAYMENTS, "-o", output)
    assert done.returncode == 0, done.stderr
    assert_never_sent(llm_server, *SECRET_VALUES)
    assert redactions(done.stderr) == 2
    assert "db-credentials" in sent_prompt(llm_server)


AWS_KEY = "AKIAZ3MSJV4WWNKWW5FG"
GITHUB_TOKEN = "ghp_8cW5ZbX0cJ5l2n9q1dYxk3mR7uTt4aB6eF0h"
SLACK_TOKEN = "xoxb-2829375937-1234567890123-aBcDeFgHiJkLmNoPqRsTuVwX"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZXJ2aWNlLWEiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLXZhbHVl"
PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj"
DB_PASSWORD = "Corr3ct-H0rse-Battery"
URL_PASSWORD = "url-pa55w0rd-9"
PAIR_PASSWORD = "pair-pa55-7781"
PAIR_TOKEN = "tok-00aa11bb22cc"
ARG_TOKEN = "arg-token-5f5f5f"
ARG_KEY = "arg-key-6e6e6e"
CREDENTIALS = [AWS_KEY, GITHUB_TOKEN, SLACK_TOKEN, JWT, PEM_BODY, DB_PASSWORD, URL_PASSWORD,
               PAIR_PASSWORD, PAIR_TOKEN, ARG_TOKEN, ARG_KEY]  # fmt: skip

LOG_LINES = [
    f"INFO using AWS key {AWS_KEY} for the upload",
    f"DEBUG github client ready with {GITHUB_TOKEN}",
    f"DEBUG slack notifier {SLACK_TOKEN}",
    f"INFO session jwt {JWT} accepted",
    "-----BEGIN RSA PRIVATE KEY-----",
    PEM_BODY,
    PEM_BODY,
    "-----END RSA PRIVATE KEY-----",
    f"INFO connecting to postgres://app:{URL_PASSWORD}@db.payments:5432/orders",
    f"WARN login retry user=app password={PAIR_PASSWORD} token={PAIR_TOKEN}",
    "INFO ready to serve on :8080",
]


def leaky_pod() -> str:
    """A pod whose env, command, args and log (the emulator's echo image prints its args, one
    line each) hold secrets."""
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "leaky", "namespace": PAYMENTS},
        "spec": {
            "containers": [
                {
                    "name": "app",
                    "image": "ghcr.io/example/echo:1.0",
                    "command": ["/app", f"--token={ARG_TOKEN}", "--api-key", ARG_KEY],
                    "args": LOG_LINES,
                    "env": [
                        {"name": "DB_PASSWORD", "value": DB_PASSWORD},
                        {"name": "LOG_LEVEL", "value": "debug"},
                        {"name": "DATABASE_URL", "value": f"postgres://app:{URL_PASSWORD}@db/x"},
                    ],
                }
            ]
        },
    }
    return json.dumps(pod)


@pytest.fixture
def leaky(k8s: Cluster) -> None:
    done = k8s.kubectl("apply", "-f", "-", input=leaky_pod())
    assert done.returncode == 0, done.stderr


@pytest.mark.usefixtures("leaky")
@pytest.mark.parametrize(
    "command",
    [["get", "pod", "leaky", "-o", "yaml"], ["get", "pod", "leaky", "-o", "json"],
     ["describe", "pod", "leaky"]],
    ids=["yaml", "json", "describe"],
)  # fmt: skip
def test_credentials_outside_secrets_in_objects(
    vibectl: Vibectl, llm_server: LLMServer, command: list[str]
) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run(*command, "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert_never_sent(llm_server, *CREDENTIALS)
    assert redactions(done.stderr) >= len(CREDENTIALS)
    prompt = sent_prompt(llm_server)
    assert "LOG_LEVEL" in prompt
    assert "debug" in prompt
    assert "ready to serve on :8080" in prompt


@pytest.mark.usefixtures("leaky")
def test_token_shapes_in_logs(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run("logs", "leaky", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert_never_sent(llm_server, *CREDENTIALS)
    # AWS, GitHub, Slack, the JWT, the key, the URL's password, password= and token=.
    assert redactions(done.stderr) == 8
    prompt = sent_prompt(llm_server)
    assert "<redacted RSA PRIVATE KEY>" in prompt
    assert "postgres://app:<redacted>@db.payments:5432/orders" in prompt
    assert "ready to serve on :8080" in prompt
