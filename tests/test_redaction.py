"""Secrets never reach the model: what the loopback server received is checked byte by byte."""

from __future__ import annotations

import base64

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import PAYMENTS, SECRET, SECRET_DATA
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, sent_prompt

PASSWORD = SECRET_DATA["password"]
SECRET_VALUES = [PASSWORD, *(base64.b64encode(v.encode()).decode() for v in SECRET_DATA.values())]

PEM = """\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu
-----END PRIVATE KEY-----"""
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"


def assert_never_sent(server: LLMServer, *values: str) -> None:
    [request] = server.requests
    for value in values:
        assert value.encode() not in request.raw, f"{value!r} reached the model"


def redaction_notice(count: int) -> str:
    return (
        f"vibectl: redacted {count} secret values before asking the model "
        "(--no-redact sends them)\n"
    )


@pytest.mark.parametrize("output", ["yaml", "json"])
def test_secret_values_are_redacted(vibectl: Vibectl, llm_server: LLMServer, output: str) -> None:
    llm_server.reply_text("The secret holds a username and a password.")
    done = vibectl.run("get", "secret", SECRET, "-n", PAYMENTS, "-o", output, "--summarize")
    assert done.returncode == 0, done.stderr
    assert SECRET in done.stdout, "kubectl's own output, for you"
    assert done.stderr == redaction_notice(2) + "The secret holds a username and a password.\n"
    assert_never_sent(llm_server, *SECRET_VALUES)
    prompt = sent_prompt(llm_server)
    assert "db-credentials" in prompt
    assert ("password: <redacted>" if output == "yaml" else '"password": "<redacted>"') in prompt
    assert "2 secret values were replaced by <redacted>" in prompt


def test_every_secret_in_a_list_and_in_its_last_applied_annotation(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    applied = base64.b64encode(b"applied-Pa55").decode()
    manifest = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: applied\n  namespace: payments\n"
        f"data:\n  token: {applied}\n"
    )
    assert k8s.kubectl("apply", "-f", "-", input=manifest).returncode == 0
    llm_server.reply_text("ok")
    done = vibectl.run("get", "secrets", "-n", PAYMENTS, "-o", "yaml", "--summarize")
    assert done.returncode == 0, done.stderr
    assert done.stderr == redaction_notice(4) + "ok\n"  # 3 data values and 1 annotation
    assert_never_sent(llm_server, applied, *SECRET_VALUES)
    assert "last-applied-configuration: <redacted>" in sent_prompt(llm_server)


def test_templates_over_secrets_are_withheld(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run(
        "get", "secret", SECRET, "-n", PAYMENTS, "-o", "jsonpath={.data}", "--summarize"
    )
    assert done.returncode == 0, done.stderr
    assert len(llm_server.requests) == 1
    assert_never_sent(llm_server, *SECRET_VALUES)


def test_describe_secret_sends_no_value(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    assert vibectl.run("describe", "secret", SECRET, "-n", PAYMENTS).returncode == 0
    assert_never_sent(llm_server, *SECRET_VALUES)
    assert "password:" in sent_prompt(llm_server)


def test_literals_of_a_created_secret_stay_out_of_the_prompt(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run(
        "create", "secret", "generic", "new", "-n", PAYMENTS, "--from-literal=password=hunter2-xyz"
    )
    assert done.returncode == 0, done.stderr
    assert_never_sent(llm_server, "hunter2-xyz")
    assert "--from-literal=password=<redacted>" in sent_prompt(llm_server)
    got = k8s.kubectl("get", "secret", "new", "-n", PAYMENTS, "-o", "jsonpath={.data.password}")
    assert base64.b64decode(got.stdout) == b"hunter2-xyz"


def test_pem_blocks_tokens_and_kubeconfig_credentials_in_any_object(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    kubeconfig = f"users:\n- name: admin\n  user:\n    token: {TOKEN}\n"
    created = k8s.kubectl(
        "create", "configmap", "leaky", "-n", PAYMENTS,
        f"--from-literal=tls.key={PEM}",
        f"--from-literal=kubeconfig={kubeconfig}",
        "--from-literal=curl=curl -H 'Authorization: Bearer abc123def456ghi' https://api",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    summarize = ["--summarize"]  # -o yaml and json are for programs unless a summary is asked
    for command in (
        ["get", "-o", "yaml", *summarize],
        ["get", "-o", "json", *summarize],
        ["describe"],
    ):
        llm_server.reset()
        llm_server.reply_text("ok")
        done = vibectl.run(*command, "configmap", "leaky", "-n", PAYMENTS)
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith(redaction_notice(3))
        assert_never_sent(
            llm_server, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw", TOKEN, "abc123def456ghi"
        )
        assert "<redacted PRIVATE KEY>" in sent_prompt(llm_server)


def test_no_redact_sends_the_values(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text("ok")
    done = vibectl.run(
        "get", "secret", SECRET, "-n", PAYMENTS, "-o", "yaml", "--no-redact", "--summarize"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "ok\n"
    encoded = base64.b64encode(PASSWORD.encode()).decode()
    assert f"password: {encoded}" in sent_prompt(llm_server)
