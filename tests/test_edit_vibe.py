"""`vibectl edit vibe`: the object named and the merge patch scripted as structured output on the
loopback server; the object read and patched by the real kubectl against the emulator; the diff
shown, asked about from stdin, and recorded in the audit log."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from support.audit_log import audit_log
from support.k8s.plugin import Cluster
from support.k8s.seed import API_DEPLOYMENT, API_IMAGE, PAYMENTS, SECRET, SECRET_DATA
from support.llm.server import LLMServer
from support.pty_screen import PtyScreen
from support.vibectl_cli import Vibectl
from vibectl import exit_codes
from vibectl.context.prepare import REDACTED

API = {"resource": "deployment", "name": API_DEPLOYMENT, "namespace": PAYMENTS}
NEW_IMAGE = "ghcr.io/example/api:1.5.0"


def target(server: LLMServer, action: str = "edit", **fields: Any) -> None:
    """Script the first answer: the object to edit (the default model answers as JSON)."""
    server.reply_text(json.dumps({"action": action, "explanation": "that one", **fields}))


def patch(server: LLMServer, change: Any, explanation: str = "the change") -> None:
    server.reply_text(json.dumps({"action": "patch", "patch": change, "explanation": explanation}))


def deployment(k8s: Cluster) -> dict[str, Any]:
    done = k8s.kubectl("get", "deploy", API_DEPLOYMENT, "-n", PAYMENTS, "-o", "json")
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def replicas(k8s: Cluster) -> int:
    count: int = deployment(k8s)["spec"]["replicas"]
    return count


def test_a_yes_patches_the_deployment_after_showing_the_diff(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    target(llm_server, **API)
    patch(llm_server, {"spec": {"replicas": 3}}, "api gets three replicas")
    llm_server.reply_text("Patched api: 3 replicas.")
    done = vibectl.run("edit", "vibe", "give", "api", "three", "replicas", input="y\n")
    assert done.returncode == 0, done.stderr
    assert replicas(k8s) == 3
    assert done.stdout == "Patched api: 3 replicas.\n"
    err = done.stderr
    assert "--- deployment/api (now)\n+++ deployment/api (patched)\n@@" in err
    assert "\n-  replicas: 2\n+  replicas: 3\n" in err
    assert "vibectl: api gets three replicas" in err
    planned = (
        "Planned: kubectl patch deployment api --namespace=payments --type=merge "
        """'--patch={"spec":{"replicas":3}}'"""
    )
    assert planned in err
    assert err.index("--- deployment/api") < err.index("Planned:") < err.index("[y/N")
    assert "Running: kubectl patch deployment api" in err
    read, patched = audit_log(isolated_home)
    assert read["command"] == patched["command"] == "edit vibe"
    assert read["request"] == patched["request"] == "give api three replicas"
    assert read["argv"][1:4] == ["get", "deployment", "api"]
    assert (read["confirmed_by"], read["exit_code"]) == ("none", 0)
    assert patched["argv"][1:5] == ["patch", "deployment", "api", "--namespace=payments"]
    assert (patched["confirmed_by"], patched["confirmation"]) == ("answer", "yes")
    assert patched["exit_code"] == 0
    summary = json.dumps(llm_server.requests[2].body)
    assert "kubectl patch deployment api" in summary, "kubectl's output is summarised"


def test_a_no_changes_nothing_and_is_recorded_as_declined(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    target(llm_server, **API)
    patch(llm_server, {"spec": {"replicas": 5}})
    done = vibectl.run("edit", "vibe", "five replicas for api", input="n\n")
    assert done.returncode == exit_codes.DECLINED, done.stderr
    assert "Not run." in done.stderr
    assert "+  replicas: 5" in done.stderr
    assert replicas(k8s) == 2
    assert len(llm_server.requests) == 2
    declined = audit_log(isolated_home)[-1]
    assert (declined["command"], declined["confirmation"], declined["exit_code"]) == (
        "edit vibe",
        "no",
        None,
    )


def test_stdin_closed_takes_the_default_no(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    target(llm_server, **API)
    patch(llm_server, {"spec": {"replicas": 5}})
    done = vibectl.run("edit", "vibe", "five replicas for api", input="")
    assert done.returncode == exit_codes.DECLINED, done.stderr
    assert replicas(k8s) == 2


def test_yes_and_options_among_the_words_change_the_image(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    containers = deployment(k8s)["spec"]["template"]["spec"]["containers"]
    assert containers[0]["image"] == API_IMAGE
    changed = [{**containers[0], "image": NEW_IMAGE}]
    # A model reached by its provider's prefix answers through forced tool calls.
    llm_server.reply_tool_call("target", {"action": "edit", "explanation": "api", **API})
    change = {"spec": {"template": {"spec": {"containers": changed}}}}
    llm_server.reply_tool_call("patch", {"action": "patch", "patch": change, "explanation": "1.5"})
    llm_server.reply_text("New image.")
    done = vibectl.run(
        "edit", "vibe", "-n", PAYMENTS, "--yes", "api on 1.5.0", "--show-kubectl",
        "--model", "anthropic/claude-x",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "[y/N" not in done.stderr
    removed, added = [
        line.split()
        for line in done.stderr.splitlines()
        if line.startswith(("-", "+")) and "image:" in line
    ]
    assert (removed, added) == (["-", "image:", API_IMAGE], ["+", "image:", NEW_IMAGE])
    assert "Running: kubectl get deployment api --namespace=payments --output=json" in (
        done.stderr
    ), "--show-kubectl shows the read"
    image = deployment(k8s)["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == NEW_IMAGE
    assert "Request: -n payments api on 1.5.0" in json.dumps(llm_server.requests[0].body)
    assert [r.body["tool_choice"]["name"] for r in llm_server.requests[:2]] == ["target", "patch"]
    assert {r.body["model"] for r in llm_server.requests} == {"claude-x"}
    patched = audit_log(isolated_home)[-1]
    assert (patched["confirmed_by"], patched["confirmation"]) == ("flag", "--yes")


def test_the_emulator_merges_as_the_api_server_does(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    """null deletes a key, a list is replaced whole, the rest of the object stays."""
    before = deployment(k8s)
    labels = before["metadata"]["labels"]
    target(llm_server, **API)
    patch(
        llm_server,
        {
            "metadata": {"labels": {next(iter(labels)): None, "tier": "web"}},
            "spec": {"template": {"spec": {"containers": [{"name": "only", "image": "x:1"}]}}},
        },
    )
    llm_server.reply_text("ok")
    done = vibectl.run("edit", "vibe", "relabel and replace the container", "--yes")
    assert done.returncode == 0, done.stderr
    after = deployment(k8s)
    assert after["metadata"]["labels"] == {
        **{k: v for k, v in labels.items() if k != next(iter(labels))},
        "tier": "web",
    }
    [container] = after["spec"]["template"]["spec"]["containers"]
    assert (container["name"], container["image"]) == ("only", "x:1")
    assert after["spec"]["replicas"] == before["spec"]["replicas"]


def test_the_users_context_reaches_the_read_and_the_patch(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    context = k8s.kubectl("config", "current-context").stdout.strip()
    target(llm_server, **API)
    patch(llm_server, {"spec": {"replicas": 4}})
    llm_server.reply_text("ok")
    done = vibectl.run("edit", "vibe", "--context", context, "api to 4", "--yes")
    assert done.returncode == 0, done.stderr
    assert replicas(k8s) == 4
    read, patched = audit_log(isolated_home)
    assert f"--context={context}" in read["argv"]
    assert f"--context={context}" in patched["argv"]


def test_what_the_model_sees_of_a_secret_is_redacted_and_the_placeholder_never_written(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    target(llm_server, resource="secret", name=SECRET, namespace=PAYMENTS)
    patch(llm_server, {"data": {"password": "<redacted>", "port": "NTQzMg=="}})
    done = vibectl.run("edit", "vibe", "add the port to the db secret", "--yes")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    [line] = done.stderr.splitlines()[-1:]
    assert line.startswith("vibectl: error: refused the patch: the patch writes <redacted>")
    shown = json.dumps(llm_server.requests[1].body)
    assert SECRET in shown
    password = SECRET_DATA["password"]
    assert password not in shown
    assert base64.b64encode(password.encode()).decode() not in shown
    assert REDACTED in shown, "the placeholder vibectl refuses is the one the core writes"
    got = k8s.kubectl("get", "secret", SECRET, "-n", PAYMENTS, "-o", "jsonpath={.data.password}")
    assert base64.b64decode(got.stdout).decode() == password
    assert len(llm_server.requests) == 2


@pytest.mark.parametrize(
    "written",
    [
        {"data": {"password": base64.b64encode(REDACTED.encode()).decode()}},
        {"data": {"password": base64.b64encode(REDACTED.upper().encode()).decode().rstrip("=")}},
        {"stringData": {"password": REDACTED.upper()}},
        {"stringData": {"password": f" {REDACTED[:1]} {REDACTED[1:-1]}\t{REDACTED[-1:]} "}},
        {"metadata": {"annotations": {REDACTED.title(): "x"}}},
    ],
)
def test_the_placeholder_in_another_spelling_is_refused_too(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, written: dict[str, Any]
) -> None:
    """A model that knows a Secret's data is base64 encodes the placeholder it was shown; the
    secret would then hold the placeholder instead of its value."""
    target(llm_server, resource="secret", name=SECRET, namespace=PAYMENTS)
    patch(llm_server, written)
    done = vibectl.run("edit", "vibe", "keep the db secret as it is", "--yes")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    assert "refused the patch: the patch writes <redacted>" in done.stderr
    got = k8s.kubectl("get", "secret", SECRET, "-n", PAYMENTS, "-o", "jsonpath={.data.password}")
    assert base64.b64decode(got.stdout).decode() == SECRET_DATA["password"]


def test_a_secret_can_gain_a_key_without_its_hidden_values(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    target(llm_server, resource="secret", name=SECRET, namespace=PAYMENTS)
    patch(llm_server, {"data": {"port": "NTQzMg=="}})
    llm_server.reply_text("Added port.")
    done = vibectl.run("edit", "vibe", "add the port to the db secret", "--yes")
    assert done.returncode == 0, done.stderr
    data = json.loads(
        k8s.kubectl("get", "secret", SECRET, "-n", PAYMENTS, "-o", "jsonpath={.data}").stdout
    )
    assert base64.b64decode(data["password"]).decode() == SECRET_DATA["password"]
    assert data["port"] == "NTQzMg=="


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"metadata": {"name": "api-2"}}, "changes metadata.name"),
        ({"metadata": {"namespace": "default"}}, "changes metadata.namespace"),
        ({"metadata": None}, "changes metadata.name"),
        ({"kind": "StatefulSet"}, "changes kind"),
        ({"apiVersion": "apps/v2"}, "changes apiVersion"),
        ({"status": {"replicas": 9}}, "changes status"),
        ({"metadata": {"annotations": {"a": "x" * 20_000}}}, "more than 16,384"),
    ],
)
def test_a_patch_that_is_not_an_edit_of_this_object_is_refused(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, change: dict[str, Any], why: str
) -> None:
    before = deployment(k8s)
    target(llm_server, **API)
    patch(llm_server, change)
    done = vibectl.run("edit", "vibe", "do something odd", "--yes")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: refused the patch: ")
    assert why in line
    assert deployment(k8s)["metadata"]["resourceVersion"] == before["metadata"]["resourceVersion"]


def test_a_patch_that_is_not_an_object_fails_the_schema_twice_and_nothing_runs(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    target(llm_server, **API)
    for _ in range(2):  # the core asks once more after an answer that does not fit the schema
        patch(llm_server, ["spec", "replicas", 9])
    done = vibectl.run("edit", "vibe", "nine", "--yes")
    assert done.returncode == exit_codes.MODEL_FAILED, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: ")
    assert "Traceback" not in done.stderr
    assert replicas(k8s) == 2


def test_control_characters_in_the_patch_are_escaped_in_the_diff_and_reach_the_cluster(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    hostile = "\x1b]52;c;cm0gLXJmIC8=\x07\x1b[2J\rok\x9b31m $(id) `id` \u202e"
    target(llm_server, **API)
    patch(llm_server, {"metadata": {"annotations": {"note": hostile}}})
    llm_server.reply_text("Annotated.")
    done = vibectl.run("edit", "vibe", "annotate api", "--yes")
    assert done.returncode == 0, done.stderr
    for raw in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
        assert raw not in done.stderr
    assert r'+    note: "\x1b]52;c;cm0gLXJmIC8=\x07\x1b[2J\rok\u009b31m $(id) `id` \u202e"' in (
        done.stderr
    )
    assert r"\u001b]52" in done.stderr, "the Planned line spells it as JSON escapes"
    assert deployment(k8s)["metadata"]["annotations"]["note"] == hostile


@pytest.mark.parametrize("change", [{}, {"spec": {"replicas": 2}}])
def test_a_patch_that_changes_nothing_runs_nothing(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path, change: dict[str, Any]
) -> None:
    target(llm_server, **API)
    patch(llm_server, change, "api already has two replicas")
    done = vibectl.run("edit", "vibe", "api to two replicas", input="y\n")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "vibectl: nothing to change: api already has two replicas"
    )
    assert "Planned" not in done.stderr
    assert [r["argv"][1] for r in audit_log(isolated_home)] == ["get"]


def test_an_object_that_is_not_there_is_kubectls_error(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path
) -> None:
    target(llm_server, resource="deployment", name="nope", namespace=PAYMENTS)
    done = vibectl.run("edit", "vibe", "scale nope", "--yes")
    assert done.returncode == 1, done.stderr
    assert 'deployments.apps "nope" not found' in done.stderr
    assert len(llm_server.requests) == 1
    [read] = audit_log(isolated_home)
    assert read["exit_code"] == 1


@pytest.mark.parametrize(
    ("named", "why"),
    [
        ({"resource": "deployment,secret", "name": "api"}, "is not a resource type"),
        ({"resource": "deployment/api", "name": "api"}, "is not a resource type"),
        ({"resource": "deployment", "name": "--all"}, "is not a name"),
        ({"resource": "deployment", "name": "api", "namespace": "-A"}, "is not a namespace"),
        ({"resource": "deployment", "name": "api\x1b[2J"}, r"is not a name"),
    ],
)
def test_an_object_named_oddly_is_refused_before_kubectl_runs(
    vibectl: Vibectl, llm_server: LLMServer, isolated_home: Path, named: dict[str, str], why: str
) -> None:
    target(llm_server, **named)
    done = vibectl.run("edit", "vibe", "something")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: refused the object to edit: ")
    assert why in line
    assert "\x1b" not in line
    assert not (isolated_home / ".local" / "state" / "vibectl" / "audit.jsonl").exists()


def test_the_models_error_or_question_ends_it(vibectl: Vibectl, llm_server: LLMServer) -> None:
    target(llm_server, "error", message="that changes two deployments")
    done = vibectl.run("edit", "vibe", "scale everything")
    assert done.returncode == exit_codes.NOT_DONE
    assert "the request cannot be done: that changes two deployments" in done.stderr
    target(llm_server, "question", message="Which deployment?")
    done = vibectl.run("edit", "vibe", "scale it")
    assert done.returncode == exit_codes.NOT_DONE
    assert "vibectl needs to know: Which deployment?" in done.stderr
    target(llm_server, **API)
    llm_server.reply_text(json.dumps({"action": "error", "explanation": "x", "message": "no"}))
    done = vibectl.run("edit", "vibe", "make api faster")
    assert done.returncode == exit_codes.NOT_DONE
    assert done.stderr.splitlines() == ["vibectl: error: the request cannot be done: no"]


def test_no_request_is_a_usage_error(vibectl: Vibectl, llm_server: LLMServer) -> None:
    done = vibectl.run("edit", "vibe")
    assert done.returncode == exit_codes.USAGE
    assert done.stderr == 'vibectl: error: say what to change: vibectl edit vibe "REQUEST"\n'
    assert llm_server.requests == []


def test_on_a_terminal_the_diff_is_coloured_and_the_models_escapes_do_nothing(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    target(llm_server, **API)
    patch(
        llm_server,
        {"spec": {"replicas": 3}, "metadata": {"labels": {"x": "\x1b[2J\x1b]52;c;eA==\x07"}}},
    )
    llm_server.reply_text("Done.")
    run = vibectl.on_terminal("edit", "vibe", "api to 3", "--yes", stderr_on_terminal=True)
    assert run.returncode == 0, run.output
    assert "\x1b[1;31m-  replicas: 2" in run.output, "removed: the theme's error colour"
    assert "\x1b[32m+  replicas: 3" in run.output, "added: its healthy colour"
    assert "\x1b[2J" not in run.output
    assert "\x1b]52" not in run.output
    assert r'+    x: "\x1b[2J\x1b]52;c;eA==\x07"' in run.text
    assert replicas(k8s) == 3


def test_a_container_list_copied_with_a_hidden_value_is_refused(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    """A list is replaced whole, so a model changing one container copies the others' fields,
    hidden values too: the placeholder would replace the real token."""
    token = "tok-9f8e7d6c5b4a39281706"
    set_env = k8s.kubectl(
        "set", "env", f"deploy/{API_DEPLOYMENT}", "-n", PAYMENTS, f"API_TOKEN={token}"
    )
    assert set_env.returncode == 0, set_env.stderr
    target(llm_server, **API)
    [container] = deployment(k8s)["spec"]["template"]["spec"]["containers"]
    copied = json.loads(json.dumps(container).replace(token, "<redacted>"))
    patch(
        llm_server,
        {"spec": {"template": {"spec": {"containers": [{**copied, "image": NEW_IMAGE}]}}}},
    )
    done = vibectl.run("edit", "vibe", "api on 1.5.0", "--yes")
    assert done.returncode == exit_codes.NOT_DONE, done.stderr
    assert "refused the patch: the patch writes <redacted>" in done.stderr
    assert token not in json.dumps(llm_server.requests[1].body)
    [container] = deployment(k8s)["spec"]["template"]["spec"]["containers"]
    assert container["image"] == API_IMAGE
    assert {"name": "API_TOKEN", "value": token} in container["env"]


def test_help_among_the_words_is_the_help_not_a_request(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    for flag in ("--help", "-h"):
        done = vibectl.run("edit", "vibe", "give api 3 replicas", flag)
        assert done.returncode == 0, done.stderr
        assert 'vibectl edit vibe "REQUEST"' in done.stdout
    assert llm_server.requests == []


def test_an_object_in_no_namespace_is_patched_without_one(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    target(llm_server, resource="namespace", name=PAYMENTS)
    patch(llm_server, {"metadata": {"labels": {"team": "billing"}}})
    llm_server.reply_text("Labelled.")
    done = vibectl.run("edit", "vibe", "label payments for the billing team", "--yes")
    assert done.returncode == 0, done.stderr
    got = k8s.kubectl("get", "namespace", PAYMENTS, "-o", "jsonpath={.metadata.labels.team}")
    assert got.stdout == "billing"
    read, patched = audit_log(isolated_home)
    assert not any(word.startswith("--namespace") for word in read["argv"] + patched["argv"])


def test_a_patch_nested_past_reason_is_one_line_and_nothing_runs(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster
) -> None:
    deep: dict[str, Any] = {}
    for _ in range(300):
        deep = {"a": deep}
    target(llm_server, **API)
    for _ in range(2):
        patch(llm_server, {"metadata": {"annotations": deep}})
    done = vibectl.run("edit", "vibe", "deep", "--yes")
    assert done.returncode == exit_codes.MODEL_FAILED, "the core reads no JSON that deep"
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: ")
    assert replicas(k8s) == 2


def test_on_a_terminal_the_question_is_asked_then_the_diff_then_the_yes(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, isolated_home: Path
) -> None:
    target(llm_server, "question", message="Which deployment?")
    target(llm_server, **API)
    patch(llm_server, {"spec": {"replicas": 4}}, "api gets four")
    llm_server.reply_text("Four now.")
    argv: list[str | Path] = [vibectl.executable, "edit", "vibe", "four replicas"]
    with PtyScreen(argv, env=vibectl.env) as screen:
        screen.wait_for("vibectl needs to know: Which deployment?")
        screen.type("api\r")
        screen.wait_for("[y/N/e(dit)]")
        text = screen.text()
        assert text.index("-  replicas: 2") < text.index("+  replicas: 4") < text.index("Planned")
        screen.type("y\r")
        assert screen.wait() == 0, screen.text()
        assert "Four now." in screen.text()
    assert replicas(k8s) == 4
    assert "The answer: api" in json.dumps(llm_server.requests[2].body), "the patch sees it"
    assert audit_log(isolated_home)[-1]["confirmation"] == "yes"


@pytest.mark.parametrize(
    "printed",
    [
        '{"apiVersion": "v1", "kind": "List", "metadata": {"name": "api"}, "items": []}',
        '{"kind": "Deployment", "metadata": {"name": "web"}}',
        "not json",
        "[]",
    ],
)
def test_a_kubectl_that_prints_anything_but_the_object_ends_it(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, printed: str
) -> None:
    """`core.kubectl_command` may be any program; what it printed is not taken for the object."""
    program = tmp_path / "kubectl-like"
    program.write_text(f"#!/bin/sh\ncat <<'EOF'\n{printed}\nEOF\n")
    program.chmod(0o755)
    assert vibectl.run("config", "set", "core.kubectl_command", str(program)).returncode == 0
    target(llm_server, **API)
    done = vibectl.run("edit", "vibe", "api to 3", "--yes")
    assert done.returncode == exit_codes.FAILED, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("vibectl: error: kubectl printed ")
    assert len(llm_server.requests) == 1
