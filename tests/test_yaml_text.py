"""The YAML `edit vibe` shows its diff in: read back by the real kubectl (sigs.k8s.io/yaml, as
`kubectl apply -f` reads a manifest), it is the object it was written from, whatever its strings
hold; and no line holds a character a terminal could act on."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.k8s.plugin import Cluster
from vibectl.summary.yaml_text import as_yaml

TRICKY = [
    "",
    " ",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "1",
    "1.4.2",
    "0x1F",
    "1e3",
    ".inf",
    "-",
    "- a",
    "a: b",
    "a #b",
    "#c",
    "key:",
    "http://x:80/y",
    "ghcr.io/x/api:1.4",
    "*ref",
    "&anchor",
    "!tag",
    "@at",
    "%p",
    "'q'",
    '"dq"',
    "{a}",
    "[b]",
    "a, b",
    "two  spaces",
    "trailing ",
    " leading",
    "multi\nline\n",
    "multi\nline",
    "a\n\nb\n",
    "\nstarts",
    "ends\n\n",
    "tab\there",
    "\x1b[2J",
    "\r\n",
    "\x7f\x85\u2028\u202e",
    "ünï ✓",
    "\U0001f600",
    "2024-01-01",
    "<<",
]


def _read_back(k8s: Cluster, data: dict[str, Any]) -> Any:
    document = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": data}
    done = k8s.kubectl(
        "create", "--dry-run=client", "-o", "json", "-f", "-", input=as_yaml(document)
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["data"]


def test_kubectl_reads_back_every_tricky_string(k8s: Cluster) -> None:
    data = {f"k{number}": text for number, text in enumerate(TRICKY)}
    data.update({text: "as a key" for text in TRICKY if text and text.isprintable()})
    assert _read_back(k8s, data) == data


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=20), max_size=6))
def test_kubectl_reads_back_any_strings(k8s: Cluster, data: dict[str, str]) -> None:
    assert _read_back(k8s, data) == data


def test_the_layout_is_kubectls() -> None:
    document = {
        "spec": {"replicas": 2, "paused": False, "template": {}, "list": []},
        "kind": "Deployment",
        "items": [{"name": "a", "ports": [{"port": 80}]}, "b", [1, 2]],
        "script": "echo hi\necho there\n",
    }
    assert as_yaml(document) == (
        "items:\n"
        "- name: a\n"
        "  ports:\n"
        "  - port: 80\n"
        "- b\n"
        "-\n"
        "  - 1\n"
        "  - 2\n"
        "kind: Deployment\n"
        "script: |\n"
        "  echo hi\n"
        "  echo there\n"
        "spec:\n"
        "  list: []\n"
        "  paused: false\n"
        "  replicas: 2\n"
        "  template: {}\n"
    )


def test_no_line_holds_a_character_a_terminal_acts_on() -> None:
    text = as_yaml({"a\x1b]52;c;x\x07": "\x1b[2J\r\x9b\u202e", "b": "x\ny\x1b\n"})
    assert text.isascii()
    assert all(line.isprintable() for line in text.splitlines())
