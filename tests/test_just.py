"""`vibectl just`: kubectl as it is, with no model: its stdout, stderr and exit code exactly."""

from __future__ import annotations

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl

MANIFEST = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: piped
  namespace: payments
data:
  KEY: value
"""


@pytest.mark.parametrize(
    "args",
    [
        ["get", "pods", "-n", PAYMENTS, "-o", "name"],
        ["get", "pods", "no-such-pod", "-n", PAYMENTS],
        ["get", "pods", "--show-vibe"],
        ["get", "deploy", "api", "-n", PAYMENTS, "-o", "yaml"],
    ],
)
def test_just_is_kubectl_exactly(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, args: list[str]
) -> None:
    expected = k8s.kubectl(*args)
    done = vibectl.run("just", *args)
    assert (done.returncode, done.stdout, done.stderr) == (
        expected.returncode,
        expected.stdout,
        expected.stderr,
    )
    assert llm_server.requests == []


def test_just_passes_stdin_to_kubectl(vibectl: Vibectl, k8s: Cluster) -> None:
    done = vibectl.run("just", "apply", "-f", "-", input=MANIFEST)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "configmap/piped created\n"
    got = k8s.kubectl("get", "cm", "piped", "-n", PAYMENTS, "-o", "jsonpath={.data.KEY}")
    assert got.stdout == "value"
