"""Secrets out of everything that reaches a model: kubectl's output and its command line.

Replaced by `<redacted>`: the values of a Secret's `data` and `stringData` (and its
last-applied-configuration annotation, which repeats them), in YAML and JSON; the values of
kubeconfig credential keys anywhere (`token`, `client-key-data`, `password`, …, as YAML or JSON
keys and as `key: value` lines of text, such as a kubeconfig kept in a ConfigMap); PEM blocks;
bearer tokens and `Authorization` values in any text; credential flags on the command line. A
secret printed through a template (`-o jsonpath=…` on secrets) cannot be told apart from the rest
of the output, so that output is withheld whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vibectl.context import kube_yaml
from vibectl.kubectl.output_flag import is_templated, requested_output
from vibectl.kubectl.output_format import Format

REDACTED = "<redacted>"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
SECRET_FIELDS = ("data", "stringData")
CREDENTIAL_KEYS = frozenset(
    {
        "token",
        "id-token",
        "access-token",
        "refresh-token",
        "client-key-data",
        "client-certificate-data",
        "client-secret",
        "password",
    }
)
# Flags whose value is a credential; --from-literal only when a secret is created.
_SECRET_FLAGS = ("--token", "--password", "--docker-password")

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.DOTALL)
# A block whose end is missing (a log cut short): the opening line and the base64 after it.
_PEM_UNTERMINATED = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(?:(?:\\n|\s)+[A-Za-z0-9+/=]+)*")
_SCHEME = r"(?:basic|bearer|digest|negotiate|token)\s+"
_AUTHORIZATION = re.compile(
    rf"(?i)(\bauthorization[\"']?\s*[:=]\s*[\"']?)(?!(?:{_SCHEME})?{REDACTED})({_SCHEME})?"
    r"[^\s\"',;]+"
)
# `key: value` lines of credential keys in plain text (`describe`, a kubeconfig kept in a
# ConfigMap and printed inside a JSON string).
_CREDENTIAL_LINE = re.compile(
    rf"(?m)^([ \t]*(?:-[ \t]+)?(?:{'|'.join(sorted(CREDENTIAL_KEYS))}):[ \t]+)(?!{REDACTED})\S.*$"
)
# "Bearer" then something token-like: it holds a digit or punctuation, unlike a word of prose.
_BEARER = re.compile(rf"(?i)\b(bearer\s+)(?!{REDACTED})(?=[\w.~+/-]*[\d.~+/-])[\w.~+/-]{{8,}}=*")


@dataclass(frozen=True)
class Redaction:
    text: str
    count: int


def redact_text(text: str) -> Redaction:
    """PEM blocks, Authorization values and bearer tokens, in any text."""
    count = 0
    for pattern, replacement in (
        (_PEM, lambda m: f"<redacted {m[1]}>"),
        (_PEM_UNTERMINATED, lambda m: f"<redacted {m[1]}>"),
        (_AUTHORIZATION, lambda m: f"{m[1]}{m[2] or ''}{REDACTED}"),
        (_BEARER, lambda m: f"{m[1]}{REDACTED}"),
    ):
        text, found = pattern.subn(replacement, text)
        count += found
    return Redaction(text, count)


def _redact_credential_lines(text: str) -> Redaction:
    redacted, count = _CREDENTIAL_LINE.subn(lambda m: f"{m[1]}{REDACTED}", text)
    return Redaction(redacted, count)


def _redact_json(value: Any, key: str | None = None) -> tuple[Any, int]:
    """A parsed JSON value (held under `key`) with its secrets replaced; how many were."""
    if isinstance(value, str):
        if key in CREDENTIAL_KEYS and value and value != REDACTED:
            return REDACTED, 1
        lines = _redact_credential_lines(value) if "\n" in value else Redaction(value, 0)
        return lines.text, lines.count
    if isinstance(value, list):
        items = [_redact_json(item) for item in value]
        return [item for item, _ in items], sum(count for _, count in items)
    if not isinstance(value, dict):
        return value, 0
    count = 0
    if value.get("kind") == "Secret":
        value = dict(value)
        for name in SECRET_FIELDS:
            if isinstance(fields := value.get(name), dict):
                value[name] = dict.fromkeys(fields, REDACTED)
                count += len(fields)
        metadata = value.get("metadata") or {}
        if LAST_APPLIED in (metadata.get("annotations") or {}):
            annotations = {**metadata["annotations"], LAST_APPLIED: REDACTED}
            value["metadata"] = {**metadata, "annotations": annotations}
            count += 1
    redacted = {}
    for name, item in value.items():
        redacted[name], found = _redact_json(item, name)
        count += found
    return redacted, count


def _redact_yaml(root: kube_yaml.Node) -> int:
    count = 0
    for node in root.walk():
        kind = node.field("kind")
        if kind is not None and kind.value == "Secret":
            for name in SECRET_FIELDS:
                fields = node.field(name)
                for entry in fields.fields() if fields is not None else []:
                    entry.replace_value(REDACTED)
                    count += 1
            metadata = node.field("metadata")
            annotations = metadata.field("annotations") if metadata is not None else None
            applied = annotations.field(LAST_APPLIED) if annotations is not None else None
            if applied is not None:
                applied.replace_value(REDACTED)
                count += 1
        if node.key in CREDENTIAL_KEYS and (node.value or node.children) and node.value != REDACTED:
            node.replace_value(REDACTED)
            count += 1
    return count


def _redact_structure(text: str, fmt: Format) -> Redaction:
    if fmt == "json":
        document, count = _redact_json(json.loads(text))
        return Redaction(
            json.dumps(document, indent=4, ensure_ascii=False) if count else text, count
        )
    if fmt == "yaml":
        root = kube_yaml.parse(text)
        count = _redact_yaml(root)
        return Redaction(kube_yaml.render(root) if count else text, count)
    return _redact_credential_lines(text)


def _names_secrets(args: Sequence[str]) -> bool:
    """Whether the command names secrets (`secret`, `secrets/x`, `cm,secret`)."""
    for arg in args:
        if arg == "--":
            return False
        kinds = (part.split("/")[0].split(".")[0] for part in arg.split(","))
        if not arg.startswith("-") and any(kind in ("secret", "secrets") for kind in kinds):
            return True
    return False


def redact_output(text: str, fmt: Format, args: Sequence[str]) -> Redaction:
    """kubectl's output (printed in `fmt` for the command `args`) fit to be sent."""
    if text and _names_secrets(args) and is_templated(requested_output(args)):
        return Redaction(f"{REDACTED} (the output of a template over secrets is not sent)\n", 1)
    by_structure = _redact_structure(text, fmt)
    by_text = redact_text(by_structure.text)
    return Redaction(by_text.text, by_structure.count + by_text.count)


def redact_args(args: Sequence[str]) -> tuple[list[str], int]:
    """The command line with the values of credential flags replaced; how many were."""
    secret_flags = (*_SECRET_FLAGS, "--from-literal") if _names_secrets(args) else _SECRET_FLAGS
    shown: list[str] = []
    count = 0
    value_of: str | None = None  # the flag whose value is the next argument
    for arg in args:
        flag, has_value, value = arg.partition("=")
        if value_of is not None:
            shown.append(_hidden(value_of, arg))
            count += 1
            value_of = None
        elif flag in secret_flags and has_value:
            shown.append(f"{flag}={_hidden(flag, value)}")
            count += 1
        else:
            shown.append(arg)
            value_of = arg if arg in secret_flags else None
    return shown, count


def _hidden(flag: str, value: str) -> str:
    """A credential flag's value hidden; a literal keeps its key (`password=<redacted>`)."""
    if flag == "--from-literal":
        return f"{value.partition('=')[0]}={REDACTED}"
    return REDACTED
