"""The redaction rules, one by one, on text as kubectl and logs print it, through the core's
`prepare_output` (the rules themselves are Rust: src/context/redact.rs and its tests)."""

from __future__ import annotations

import pytest

from vibectl import _core

PEM = """\
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj
-----END PRIVATE KEY-----"""
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl"


def prepared(args: list[str], stdout: str) -> _core.PreparedOutput:
    return _core.prepare_output(args, stdout.encode(), b"", budget_tokens=100_000, redact=True)


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
    assert prepared(["logs", "api"], text).stdout == redacted


def test_prose_about_tokens_is_left_alone() -> None:
    text = "the bearer token expired; renew the Bearer credentials"
    assert prepared(["logs", "api"], text).stdout == text


def test_credential_flags_on_the_command_line() -> None:
    shown = prepared(["get", "pods", "--token", "abc", "--password=pw", "-n", "x"], "")
    assert shown.args == [
        "get",
        "pods",
        "--token",
        "<redacted>",
        "--password=<redacted>",
        "-n",
        "x",
    ]
    assert shown.redacted == 2
    # A configmap's literals are not secret; a secret's are.
    literal = ["create", "configmap", "c", "--from-literal=k=v"]
    assert (prepared(literal, "").args, prepared(literal, "").redacted) == (literal, 0)


def test_kubeconfig_yaml() -> None:
    kubeconfig = (
        "apiVersion: v1\nusers:\n- name: admin\n  user:\n"
        "    client-certificate-data: LS0tLS1CRUdJTiBDRVJU\n"
        "    client-key-data: LS0tLS1CRUdJTiBSU0Eg\n"
        "- name: basic\n  user:\n    password: hunter2\n    username: admin\n"
    )
    redacted = prepared(["config", "view", "--raw"], kubeconfig)
    assert redacted.redacted == 3
    assert "LS0t" not in redacted.stdout
    assert "hunter2" not in redacted.stdout
    assert "username: admin" in redacted.stdout
    assert redacted.mime_type == "application/yaml"


def test_json_in_lists_and_strings() -> None:
    document = (
        '{"kind": "List", "items": [{"kind": "Secret", "data": {"a": "c2VjcmV0"}}, '
        '"users:\\n- user:\\n    token: abc.def.ghi\\n"], "token": "xyz"}'
    )
    redacted = prepared(["get", "-o", "json"], document)
    assert redacted.redacted == 3
    for value in ("c2VjcmV0", "abc.def.ghi", "xyz"):
        assert value not in redacted.stdout


def test_flow_style_yaml_is_read_by_a_parser() -> None:
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
        "data: {password: aHVudGVy, token: dG9r}\n"
    )
    redacted = prepared(["get", "secret", "s", "-o", "yaml"], secret)
    assert redacted.redacted == 2
    assert "aHVudGVy" not in redacted.stdout
    assert "dG9r" not in redacted.stdout
    assert "password: <redacted>" in redacted.stdout


def test_yaml_over_secrets_that_does_not_parse_is_withheld() -> None:
    broken = "apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVy\n  [unclosed\n"
    redacted = prepared(["get", "secret", "s", "-o", "yaml"], broken)
    assert "aHVudGVy" not in redacted.stdout
    assert redacted.redacted == 1
