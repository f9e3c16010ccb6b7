"""`vibectl mcp` on stdio, driven by the official MCP SDK's client against the loopback LLM
server and the real kubectl talking to the emulator: listing, each tool, the resources and
prompts, refusals that run nothing, elicitation, and concurrent calls."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import mcp_types as types
import pytest
from mcp import ClientSession, MCPError

from support.audit_log import audit_log
from support.k8s.plugin import Cluster
from support.k8s.seed import API_DEPLOYMENT, API_PODS, PAYMENTS, SECRET, SECRET_DATA
from support.llm.server import LLMServer, Message
from support.mcp_client import stdio_session
from support.vibectl_cli import PLANTED_KEY, Vibectl, env_recording_kubectl
from test_planning import plan, replicas

Body = Callable[[ClientSession], Awaitable[Any]]


def serve(
    vibectl: Vibectl,
    tmp_path: Path,
    body: Body,
    *args: str,
    elicitation: Any = None,
) -> Any:
    """`body(session)` against `vibectl mcp ARGS`, started by the SDK's stdio client."""

    async def main() -> Any:
        with (tmp_path / "server.stderr").open("w") as errlog:
            async with stdio_session(vibectl, *args, errlog=errlog, elicitation=elicitation) as s:
                return await body(s)

    return anyio.run(main)


def call(name: str, arguments: dict[str, Any]) -> Body:
    async def body(session: ClientSession) -> types.CallToolResult:
        return await session.call_tool(name, arguments)

    return body


def error_text(result: types.CallToolResult) -> str:
    """The error result's message, without the SDK's "Error executing tool NAME: " prefix."""
    assert result.is_error, result
    [content] = result.content
    assert isinstance(content, types.TextContent)
    return (
        content.text.split(": ", 1)[1]
        if content.text.startswith("Error executing")
        else content.text
    )


SCALE = ["scale", "deployment", API_DEPLOYMENT, "-n", PAYMENTS, "--replicas=4"]
# What runs, and what a tool answers with: the plan read by kubectl's flag grammar, normalised.
SCALE_RUN = ["scale", "deployment", API_DEPLOYMENT, f"--namespace={PAYMENTS}", "--replicas=4"]
PODS_RUN = ["get", "pods", f"--namespace={PAYMENTS}"]


def test_initialize_lists_tools_with_schemas_and_annotations(
    vibectl: Vibectl, tmp_path: Path
) -> None:
    async def body(session: ClientSession) -> Any:
        return (
            await session.list_tools(),
            await session.list_resources(),
            await session.list_prompts(),
        )

    tools, resources, prompts = serve(vibectl, tmp_path, body)
    by_name = {tool.name: tool for tool in tools.tools}
    assert sorted(by_name) == ["check", "kubectl", "vibe"]
    for tool in by_name.values():
        assert tool.input_schema["type"] == "object"
        assert tool.output_schema is not None
        assert tool.output_schema["type"] == "object"
        assert tool.annotations is not None
        assert tool.annotations.open_world_hint is True
    args = by_name["kubectl"].input_schema["properties"]["args"]
    assert args["type"] == "array"
    assert args["items"]["type"] == "string"
    assert by_name["kubectl"].annotations.read_only_hint is True  # type: ignore[union-attr]
    assert by_name["check"].annotations.read_only_hint is True  # type: ignore[union-attr]
    vibe = by_name["vibe"].annotations
    assert vibe is not None
    assert (vibe.read_only_hint, vibe.destructive_hint) == (True, False), "no --allow-writes"
    assert "summary" in by_name["kubectl"].output_schema["required"]  # type: ignore[index]
    assert sorted(str(r.uri) for r in resources.resources) == [
        "vibectl://context",
        "vibectl://instructions",
        "vibectl://memory",
    ]
    assert sorted(p.name for p in prompts.prompts) == ["plan", "summary"]


def test_allow_writes_marks_vibe_destructive(vibectl: Vibectl, tmp_path: Path) -> None:
    async def body(session: ClientSession) -> Any:
        return await session.list_tools()

    tools = serve(vibectl, tmp_path, body, "--allow-writes")
    [vibe] = [t for t in tools.tools if t.name == "vibe"]
    assert vibe.annotations is not None
    assert (vibe.annotations.read_only_hint, vibe.annotations.destructive_hint) == (False, True)


def test_kubectl_tool_returns_the_summary_and_what_the_model_saw(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, isolated_home: Path
) -> None:
    llm_server.reply_text("[name]api[/name] pods are [healthy]running[/healthy].")
    result = serve(vibectl, tmp_path, call("kubectl", {"args": ["get", "pods", "-n", PAYMENTS]}))
    assert not result.is_error, result
    answer = result.structured_content
    assert answer["summary"] == "api pods are running."
    assert answer["command"] == PODS_RUN
    assert answer["exit_code"] == 0
    assert answer["mime_type"] == "text/plain"
    assert API_PODS[0] in answer["stdout"]
    [request] = llm_server.requests
    assert API_PODS[0] in json.dumps(request.body), "the real kubectl ran, the model saw it"
    assert PLANTED_KEY not in json.dumps(result.model_dump(mode="json"))
    [record] = audit_log(isolated_home)
    assert record["argv"][1:] == PODS_RUN
    assert (record["command"], record["request"], record["confirmed_by"]) == (
        "mcp kubectl",
        f"get pods -n {PAYMENTS}",
        "none",
    )
    assert (record["confirmation"], record["exit_code"]) == (None, 0)


def test_kubectl_tool_redacts_secrets_before_model_and_client(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    llm_server.reply_text("One secret.")
    args = ["get", "secret", SECRET, "-n", PAYMENTS, "-o", "yaml"]
    result = serve(vibectl, tmp_path, call("kubectl", {"args": args}))
    answer = result.structured_content
    assert answer["redacted"] >= 2
    assert answer["mime_type"] == "application/yaml"
    everything = json.dumps(result.model_dump(mode="json")) + json.dumps(
        llm_server.requests[0].body
    )
    for value in SECRET_DATA.values():
        assert value not in everything
        assert __import__("base64").b64encode(value.encode()).decode() not in everything


def test_a_kubectl_failure_is_an_error_result_without_a_model_call(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, isolated_home: Path
) -> None:
    result = serve(vibectl, tmp_path, call("kubectl", {"args": ["get", "pod", "missing"]}))
    assert error_text(result).startswith("kubectl exited 1: ")
    assert "not found" in error_text(result)
    assert llm_server.requests == []
    [record] = audit_log(isolated_home)
    assert (record["command"], record["exit_code"]) == ("mcp kubectl", 1)


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["delete", "pod", API_PODS[0], "-n", PAYMENTS], "`kubectl delete` changes the cluster"),
        (["get", "pods", "--kubeconfig", "/tmp/other"], "--kubeconfig"),
        (["get", "pods", "--kubeconfig=/tmp/other"], "--kubeconfig"),
        (["get", "pods", "--context", "prod"], "--context changes the cluster"),
        (["get", "pods", "--token=abc"], "--token"),
        (["get", "pods", "|", "sh"], "is shell syntax"),
        (["exec", "web-0", "--", "sh"], "is not a kubectl verb vibectl runs"),
        (["scale", "deploy", "api", "--replicas=0"], "`kubectl scale` changes the cluster"),
        # nobody could stop these: the call would never end
        (["get", "pods", "-n", PAYMENTS, "-w"], "`kubectl get` as planned runs until stopped"),
        (["logs", "-fn", PAYMENTS, API_PODS[0]], "`kubectl logs` as planned runs until stopped"),
        (["rollout", "status", "deploy/api"], "runs until stopped"),
    ],
)
def test_refused_kubectl_calls_run_nothing(
    vibectl: Vibectl,
    *,
    llm_server: LLMServer,
    k8s: Cluster,
    tmp_path: Path,
    args: list[str],
    why: str,
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")
    result = serve(vibectl, tmp_path, call("kubectl", {"args": args}))
    text = error_text(result)
    assert text.startswith("refused: ")
    assert why in text
    assert not seen.exists(), "kubectl was never started"
    assert llm_server.requests == []
    assert k8s.kubectl("get", "pod", API_PODS[0], "-n", PAYMENTS).returncode == 0


@pytest.mark.parametrize(
    "arguments",
    [
        {"args": ["get"] + ["pods"] * 64},
        {"args": ["get", "pods", "x" * 5000]},
        {"args": ["get", "pods\x00", "-n", PAYMENTS]},
        {"args": ["get", "pods\n-A"]},
        {"args": ["get", "pods", "\x1b[2J"]},
        {"args": ["get", 5]},
        {"args": ["get", None]},
        {"args": ["get", {"pods": True}]},
        {"args": "get pods"},
        {"args": []},
        {},
    ],
    ids=[
        "65 args",
        "5000 chars",
        "NUL",
        "newline",
        "escape",
        "a number",
        "null",
        "an object",
        "a string",
        "empty",
        "missing",
    ],
)
def test_hostile_arguments_are_refused_and_run_nothing(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, arguments: dict[str, Any]
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")

    async def body(session: ClientSession) -> Any:
        refused = await session.call_tool("kubectl", arguments)
        alive = await session.send_ping()
        return refused, alive

    result, alive = serve(vibectl, tmp_path, body)
    assert isinstance(alive, types.EmptyResult), "the server lives on"
    assert result.is_error, result
    assert not seen.exists(), "kubectl was never started"
    assert llm_server.requests == []


def test_vibe_runs_a_read_only_plan_and_returns_plan_and_summary(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, isolated_home: Path
) -> None:
    plan(llm_server, args=["get", "pods", "-n", PAYMENTS])
    llm_server.reply_text("Two api pods run.")
    result = serve(vibectl, tmp_path, call("vibe", {"request": "show the payments pods"}))
    assert not result.is_error, result
    answer = result.structured_content
    assert answer["action"] == "command"
    assert answer["command"] == PODS_RUN
    assert (answer["mutating"], answer["ran"], answer["not_run"]) == (False, True, None)
    assert answer["result"]["summary"] == "Two api pods run."
    assert API_PODS[0] in answer["result"]["stdout"]
    planner, _summary = llm_server.requests
    assert "Goal: show the payments pods" in json.dumps(planner.body)
    [record] = audit_log(isolated_home)
    assert record["argv"][1:] == PODS_RUN
    assert (record["command"], record["request"], record["confirmed_by"]) == (
        "mcp vibe",
        "show the payments pods",
        "none",
    )
    assert (record["confirmation"], record["exit_code"]) == (None, 0)


def test_vibe_returns_a_mutating_plan_without_running_it(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path, isolated_home: Path
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")
    plan(llm_server, args=SCALE)
    result = serve(vibectl, tmp_path, call("vibe", {"request": "scale api to four"}))
    assert not result.is_error, result
    answer = result.structured_content
    assert (answer["command"], answer["mutating"], answer["ran"]) == (SCALE_RUN, True, False)
    assert "--allow-writes" in answer["not_run"]
    assert answer["result"] is None
    assert not seen.exists(), "kubectl was never started"
    assert replicas(k8s) == "2"
    assert len(llm_server.requests) == 1
    [record] = audit_log(isolated_home)
    assert (record["command"], record["confirmed_by"], record["exit_code"]) == (
        "mcp vibe",
        "none",
        None,
    )


def test_vibe_refuses_an_unsafe_plan(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")
    plan(llm_server, args=["get", "pods", "--kubeconfig", "/tmp/other"])
    result = serve(vibectl, tmp_path, call("vibe", {"request": "pods elsewhere"}), "--allow-writes")
    assert error_text(result).startswith("refused: --kubeconfig ")
    assert not seen.exists()


def test_vibe_refuses_a_plan_that_runs_until_stopped(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")
    plan(llm_server, args=["logs", "--follow", API_PODS[0], "-n", PAYMENTS])
    result = serve(vibectl, tmp_path, call("vibe", {"request": "follow the api logs"}))
    assert error_text(result).startswith("refused: `kubectl logs` as planned runs until stopped")
    assert not seen.exists()
    assert len(llm_server.requests) == 1, "no summary of a command that never ran"


def test_vibe_passes_on_errors_and_questions(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    plan(llm_server, "question", message="Which deployment?")
    result = serve(vibectl, tmp_path, call("vibe", {"request": "scale it"}))
    answer = result.structured_content
    assert (answer["action"], answer["message"], answer["ran"]) == (
        "question",
        "Which deployment?",
        False,
    )


def confirm(action: str, run: bool = True) -> Any:
    """An elicitation callback answering `action` (accept/decline/cancel); records what it
    was asked."""
    asked: list[types.ElicitRequestParams] = []

    async def callback(_context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params)
        content = {"run": run} if action == "accept" else None
        return types.ElicitResult(action=action, content=content)  # type: ignore[arg-type]

    callback.asked = asked  # type: ignore[attr-defined]
    return callback


def test_allow_writes_runs_a_change_after_the_user_confirms(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path, isolated_home: Path
) -> None:
    plan(llm_server, args=SCALE)
    llm_server.reply_text("Scaled api to 4.")
    yes = confirm("accept")
    result = serve(
        vibectl,
        tmp_path,
        call("vibe", {"request": "scale api to four"}),
        "--allow-writes",
        elicitation=yes,
    )
    assert not result.is_error, result
    [asked] = yes.asked
    assert (
        f"kubectl scale deployment {API_DEPLOYMENT} --namespace={PAYMENTS} --replicas=4"
        in asked.message
    )
    answer = result.structured_content
    assert (answer["mutating"], answer["ran"]) == (True, True)
    assert answer["result"]["summary"] == "Scaled api to 4."
    assert replicas(k8s) == "4"
    [record] = audit_log(isolated_home)
    assert record["argv"][1:] == SCALE_RUN
    assert (record["confirmed_by"], record["confirmation"], record["exit_code"]) == (
        "answer",
        "yes",
        0,
    )


@pytest.mark.parametrize(
    ("action", "run"), [("accept", False), ("decline", True), ("cancel", True)]
)
def test_allow_writes_runs_nothing_unless_the_user_says_yes(
    vibectl: Vibectl,
    *,
    llm_server: LLMServer,
    k8s: Cluster,
    tmp_path: Path,
    action: str,
    run: bool,
) -> None:
    plan(llm_server, args=SCALE)
    result = serve(
        vibectl,
        tmp_path,
        call("vibe", {"request": "scale api to four"}),
        "--allow-writes",
        elicitation=confirm(action, run),
    )
    answer = result.structured_content
    assert (answer["ran"], answer["not_run"]) == (False, "the user did not confirm it")
    assert replicas(k8s) == "2"


def test_allow_writes_refuses_a_change_when_the_client_cannot_ask(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path
) -> None:
    plan(llm_server, args=SCALE)
    result = serve(vibectl, tmp_path, call("vibe", {"request": "scale api"}), "--allow-writes")
    assert "no MCP elicitation" in error_text(result)
    assert replicas(k8s) == "2"


def test_resources_memory_instructions_and_context(
    vibectl: Vibectl, isolated_home: Path, tmp_path: Path
) -> None:
    memory = isolated_home / ".local" / "state" / "vibectl" / "memory.txt"
    memory.parent.mkdir(parents=True)
    memory.write_text("the user works on payments")
    assert vibectl.run("instructions", "set", "Name", "the", "namespace.").returncode == 0

    async def body(session: ClientSession) -> dict[str, str]:
        read = {}
        for uri in ("vibectl://memory", "vibectl://instructions", "vibectl://context"):
            [content] = (await session.read_resource(uri)).contents  # type: ignore[arg-type]
            assert isinstance(content, types.TextResourceContents)
            read[uri] = content.text
        return read

    read = serve(vibectl, tmp_path, body)
    assert read == {
        "vibectl://memory": "the user works on payments",
        "vibectl://instructions": "Name the namespace.",
        "vibectl://context": "emulator",
    }


def test_prompts_are_the_summary_and_planning_prompts(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    secret_yaml = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: aHVudGVyMg==\n"
    )

    async def body(session: ClientSession) -> Any:
        summary = await session.get_prompt(
            "summary", {"command": "get secret s -o yaml", "output": secret_yaml}
        )
        planning = await session.get_prompt("plan", {"request": "why is billing failing"})
        return summary, planning

    summary, planning = serve(vibectl, tmp_path, body)
    first, output = summary.messages
    assert isinstance(first.content, types.TextContent)
    assert "Summarise what `kubectl get secret s -o yaml` printed." in first.content.text
    assert isinstance(output.content, types.EmbeddedResource)
    assert str(output.content.resource.uri) == "kubectl://get/secret/s/-o/yaml"
    assert "aHVudGVyMg==" not in json.dumps(summary.model_dump(mode="json")), "redacted"
    [text] = planning.messages
    assert isinstance(text.content, types.TextContent)
    assert "Goal: why is billing failing" in text.content.text
    assert llm_server.requests == [], "a prompt is only built, never sent"


def test_eight_concurrent_calls_are_in_flight_together(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    # Each answer waits 3 s, so all eight model requests arriving before any call returns shows
    # the calls ran side by side, not one after another (that would take 24 s).
    llm_server.script(Message(text="Pods are fine.", header_delay=3, times=8))

    async def body(session: ClientSession) -> tuple[list[types.CallToolResult], int]:
        results: list[types.CallToolResult] = []
        returned_before_all_asked = -1

        async def one(namespace: str) -> None:
            args = {"args": ["get", "pods", "-n", namespace]}
            results.append(await session.call_tool("kubectl", args))

        async def watch() -> None:
            nonlocal returned_before_all_asked
            with anyio.fail_after(20):
                while len(llm_server.requests) < 8:
                    await anyio.sleep(0.02)
            returned_before_all_asked = len(results)

        async with anyio.create_task_group() as group:
            group.start_soon(watch)
            for index in range(8):
                group.start_soon(one, ("default", PAYMENTS)[index % 2])
        return results, returned_before_all_asked

    results, returned_early = serve(vibectl, tmp_path, body)
    assert returned_early == 0
    assert len(results) == 8
    for result in results:
        assert not result.is_error, result
        assert result.structured_content["summary"] == "Pods are fine."


def test_help_imports_nothing_of_mcp() -> None:
    probe = (
        "import sys\n"
        "from vibectl.cli import main\n"
        "sys.argv = ['vibectl', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mcp', 'pydantic', 'anyio')"
        " or m.startswith('vibectl.mcp')), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"
    assert "mcp" in done.stdout, "listed, from the command table"


def test_check_answers_with_the_evidence(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, isolated_home: Path
) -> None:
    investigate = {"action": "command", "args": ["get", "pods", "-n", PAYMENTS]}
    llm_server.reply_text(json.dumps({**investigate, "explanation": "look at the pods"}))
    verdict = {"action": "answer", "answer": "false", "explanation": "billing-worker crashes"}
    llm_server.reply_text(json.dumps(verdict))
    result = serve(vibectl, tmp_path, call("check", {"predicate": "every payments pod is ready"}))
    assert not result.is_error, result
    answer = result.structured_content
    assert (answer["answer"], answer["explanation"]) == ("false", "billing-worker crashes")
    [evidence] = answer["evidence"]
    assert evidence["command"] == PODS_RUN
    [record] = audit_log(isolated_home)
    assert (record["command"], record["request"], record["argv"][1:]) == (
        "mcp check",
        "every payments pod is ready",
        PODS_RUN,
    )
    assert API_PODS[0] in evidence["output"]
    first, second = llm_server.requests
    assert "Predicate: every payments pod is ready" in json.dumps(first.body)
    assert API_PODS[0] in json.dumps(second.body), "the planner saw what kubectl printed"


def test_check_runs_nothing_that_changes_the_cluster(
    vibectl: Vibectl, llm_server: LLMServer, k8s: Cluster, tmp_path: Path
) -> None:
    seen = env_recording_kubectl(vibectl, tmp_path / "recorder")
    planned = {"action": "command", "args": ["delete", "pod", API_PODS[0], "-n", PAYMENTS]}
    llm_server.reply_text(json.dumps({**planned, "explanation": "restart it"}))
    result = serve(vibectl, tmp_path, call("check", {"predicate": "api restarts cleanly"}))
    answer = result.structured_content
    assert answer["answer"] == "cannot_determine"
    assert (
        "refused the planned command: `kubectl delete` changes the cluster" in answer["explanation"]
    )
    assert answer["evidence"] == []
    assert not seen.exists()
    assert k8s.kubectl("get", "pod", API_PODS[0], "-n", PAYMENTS).returncode == 0


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("vibe", {"request": "x" * 5000}),
        ("vibe", {"request": ""}),
        ("vibe", {"request": ["get", "pods"]}),
        ("check", {"predicate": 5}),
        ("check", {"predicate": "y" * 5000}),
        ("rm", {"args": ["-rf", "/"]}),
    ],
    ids=["huge request", "empty request", "a list", "a number", "huge predicate", "no such tool"],
)
def test_hostile_requests_are_refused_before_any_model_call(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path, tool: str, arguments: dict[str, Any]
) -> None:
    async def body(session: ClientSession) -> Any:
        refused = await session.call_tool(tool, arguments)
        return refused, await session.send_ping()

    result, alive = serve(vibectl, tmp_path, body)
    assert isinstance(alive, types.EmptyResult)
    assert result.is_error, result
    assert llm_server.requests == []


def test_a_bad_prompt_argument_is_an_error_and_the_server_lives_on(
    vibectl: Vibectl, tmp_path: Path
) -> None:
    async def body(session: ClientSession) -> Any:
        for command in ("exec web-0 -- sh", "get 'pods", ""):
            with pytest.raises(MCPError, match="command") as refused:
                await session.get_prompt("summary", {"command": command, "output": ""})
            assert refused.value.code == types.INVALID_PARAMS
        return await session.send_ping()

    alive = serve(vibectl, tmp_path, body)
    assert isinstance(alive, types.EmptyResult)


def test_a_failed_summary_still_says_what_kubectl_printed(
    vibectl: Vibectl, llm_server: LLMServer, tmp_path: Path
) -> None:
    llm_server.fail(400, message="prompt is too long")
    result = serve(vibectl, tmp_path, call("kubectl", {"args": ["get", "pods", "-n", PAYMENTS]}))
    text = error_text(result)
    assert text.startswith("kubectl ran (exit 0), but it could not be summarised: ")
    assert "prompt is too long" in text
    assert API_PODS[0] in text
