"""The redaction rules, one by one, on text as kubectl and logs print it."""

from __future__ import annotations

import pytest

from vibectl.context.redact import redact_args, redact_output, redact_text

PEM = """\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
-----END PRIVATE KEY-----"""
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (f"Authorization: Bearer {TOKEN}", "Authorization: Bearer <redacted>"),
        ('"authorization": "Basic dXNlcjpwYXNz"', '"authorization": "Basic <redacted>"'),
        (f"calling with bearer {TOKEN} now", "calling with bearer <redacted> now"),
        (f"{PEM}\n", "<redacted PRIVATE KEY>\n"),
        ("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU", "<redacted CERTIFICATE>"),
    ],
)
def test_text_rules(text: str, redacted: str) -> None:
    assert redact_text(text).text == redacted


def test_prose_about_tokens_is_left_alone() -> None:
    text = "the bearer token expired; renew the Bearer credentials"
    assert redact_text(text).text == text


def test_credential_flags_on_the_command_line() -> None:
    assert redact_args(["get", "pods", "--token", "abc", "--password=pw", "-n", "x"]) == (
        ["get", "pods", "--token", "<redacted>", "--password=<redacted>", "-n", "x"],
        2,
    )
    # A configmap's literals are not secret; a secret's are.
    literal = ["create", "configmap", "c", "--from-literal=k=v"]
    assert redact_args(literal) == (literal, 0)


def test_kubeconfig_yaml() -> None:
    kubeconfig = (
        "apiVersion: v1\nusers:\n- name: admin\n  user:\n"
        "    client-certificate-data: LS0tLS1CRUdJTiBDRVJU\n"
        "    client-key-data: LS0tLS1CRUdJTiBSU0Eg\n"
        "- name: basic\n  user:\n    password: hunter2\n    username: admin\n"
    )
    redacted = redact_output(kubeconfig, "yaml", ["get"])
    assert redacted.count == 3
    assert "LS0t" not in redacted.text
    assert "hunter2" not in redacted.text
    assert "username: admin" in redacted.text


def test_json_in_lists_and_strings() -> None:
    document = (
        '{"kind": "List", "items": [{"kind": "Secret", "data": {"a": "c2VjcmV0"}}, '
        '"users:\\n- user:\\n    token: abc.def.ghi\\n"], "token": "xyz"}'
    )
    redacted = redact_output(document, "json", ["get"])
    assert redacted.count == 3
    for value in ("c2VjcmV0", "abc.def.ghi", "xyz"):
        assert value not in redacted.text
