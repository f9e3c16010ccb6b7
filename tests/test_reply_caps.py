"""Every response body is read under a byte cap derived from `llm.max_reply_chars`: a whole reply
or a structured answer over it is an error naming the setting, a streamed line over it too, and
an error body is read only to 64 KiB with its status still reported. Over real HTTP, with the
peak memory of a process that meets 52 MB bodies measured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.core.wires import FAST, Structured, Wire
from support.llm.server import Fail, LLMServer, Message
from vibectl import _core

PROMPT = _core.Prompt("s", "u")
MAX_CHARS = 1000
# What a reply of MAX_CHARS characters may weigh: 4 bytes a character and 1 MiB around it.
CAP = MAX_CHARS * 4 + (1 << 20)
BIG = 8 * CAP
ONCE = _core.CallSettings(
    max_retries=0, connect_timeout=2.0, first_byte_timeout=20.0, idle_timeout=20.0
)


@pytest.fixture(autouse=True)
def small_cap(isolated_home: Path) -> None:
    config = isolated_home / ".config/vibectl/config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[llm]\nmax_reply_chars = {MAX_CHARS}\n")


def over_the_cap(what: str) -> str:
    return (
        f"sent {what} over {CAP} bytes, more than llm.max_reply_chars = {MAX_CHARS} allows; "
        "the rest was not read (`vibectl config set llm.max_reply_chars N` raises the cap)"
    )


def test_a_whole_reply_over_the_cap_is_an_error_naming_the_setting(
    wire: Wire, llm_server: LLMServer
) -> None:
    llm_server.reply_text("x" * BIG)
    with pytest.raises(_core.ResponseFormatError) as caught:
        wire.get().complete(PROMPT)
    assert str(caught.value).endswith(over_the_cap("a reply"))
    assert len(llm_server.requests) == 1, "a reply too large would be too large again"


def test_a_reply_within_the_cap_is_read_whole(wire: Wire, llm_server: LLMServer) -> None:
    llm_server.reply_text("é" * MAX_CHARS)
    assert wire.get().complete(PROMPT).text == "é" * MAX_CHARS


def test_a_structured_answer_over_the_cap_is_an_error_not_a_cut_plan(
    structured: Structured, llm_server: LLMServer
) -> None:
    from support.core.wires import TOOL_NAME

    structured.answer(llm_server, {"replicas": 3, "note": "x" * BIG})
    tool = _core.Tool(TOOL_NAME, "Scale it.", {"type": "object", "properties": {}})
    with pytest.raises(_core.ResponseFormatError) as caught:
        _core.get_model(structured.model).with_settings(FAST).call_tool(PROMPT, tool)
    assert str(caught.value).endswith(over_the_cap("a reply"))


def test_a_streamed_line_over_the_cap_is_an_error(wire: Wire, llm_server: LLMServer) -> None:
    # One word: the server streams it as two halves, each a single event over the cap.
    llm_server.reply_text("x" * BIG)
    with pytest.raises(_core.ResponseFormatError) as caught:
        "".join(wire.get().stream(PROMPT))
    assert str(caught.value).endswith(over_the_cap("a stream line"))


def test_tool_arguments_streamed_past_the_cap_in_a_text_reply_are_an_error(
    wire: Wire, llm_server: LLMServer
) -> None:
    """Asked for text, a server streams a tool call instead, in pieces each under the line cap:
    what is held for it may not outgrow a whole reply's cap (Ollama sends a call in one line)."""
    arguments = {"note": "x" * (5 * CAP // 2)}
    llm_server.reply_tool_call("plan", arguments)
    with pytest.raises(_core.ResponseFormatError) as caught:
        "".join(wire.get().stream(PROMPT))
    what = "a stream line" if wire.provider == "ollama" else "a reply"
    assert str(caught.value).endswith(over_the_cap(what))


_MEASURE = """
import json, resource, sys
from vibectl import _core

model = _core.get_model(sys.argv[1]).with_settings(_core.CallSettings(
    max_retries=0, connect_timeout=2.0, first_byte_timeout=60.0, idle_timeout=60.0))
prompt = _core.Prompt("s", "u")
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
model.complete(prompt)
before = peak()
try:
    "".join(model.stream(prompt)) if sys.argv[2] == "stream" else model.complete(prompt)
    failed = None
except _core.ProviderError as e:
    failed = {"error": type(e).__name__, "status": e.status, "length": len(str(e))}
print(json.dumps({"grew_kib": peak() - before, "failed": failed}))
"""

HUGE = "x" * 52_000_000


@pytest.mark.parametrize(
    ("case", "reply", "failure"),
    [
        ("complete", Message(text=HUGE), ("ResponseFormatError", None)),
        ("stream", Message(text=HUGE), ("ResponseFormatError", None)),
        ("error body", Fail(status=503, message=HUGE), ("UnavailableError", 503)),
    ],
    ids=["reply", "stream", "error-body"],
)
def test_the_peak_memory_stays_bounded_whatever_the_server_sends(
    wire: Wire,
    llm_server: LLMServer,
    case: str,
    reply: Message | Fail,
    failure: tuple[str, int | None],
) -> None:
    llm_server.script(Message(text="warm"), reply)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, wire.model, case],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    # The error says what happened in a line, the status reported whatever the body held.
    assert (measured["failed"]["error"], measured["failed"]["status"]) == failure
    assert measured["failed"]["length"] < 1000
    # A 52 MB body read whole adds at least 52 MB; under the caps about 1 MiB is held at a time.
    assert measured["grew_kib"] < 16 * 1024, measured
