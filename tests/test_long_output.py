"""Output over the model's budget is cut before it is sent, with a notice in the prompt and on
stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.k8s.plugin import Cluster
from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.vibectl_cli import Vibectl, sent_prompt

# The default budget (llm.input_budget) for a model the registry does not list: its window is
# taken to be 128,000 tokens, and a quarter of that is more than the default.
UNLISTED = "anthropic/claude-unlisted"
BUDGET = 8_000
CHARS_PER_TOKEN = 4
LINES = 5000
LINE = "INFO request served in {:05d} ms by worker pool alpha beta gamma"


@pytest.fixture
def big_configmap(k8s: Cluster, tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("\n".join(LINE.format(i) for i in range(LINES)) + "\n")
    done = k8s.kubectl("create", "configmap", "big", "-n", PAYMENTS, f"--from-file=app.log={log}")
    assert done.returncode == 0, done.stderr


@pytest.mark.usefixtures("big_configmap")
@pytest.mark.parametrize("command", [["get", "-o", "yaml"], ["get", "-o", "json"], ["describe"]])
def test_big_output_is_cut_to_the_budget(
    vibectl: Vibectl, llm_server: LLMServer, command: list[str]
) -> None:
    llm_server.reply_text("A big log.")
    done = vibectl.run(*command, "configmap", "big", "-n", PAYMENTS, "--model", UNLISTED)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "A big log.\n"
    [notice] = done.stderr.splitlines()
    assert notice.startswith(
        f"vibectl: cut the output to the model's budget of {BUDGET:,} tokens: "
    )
    prompt = sent_prompt(llm_server)
    assert len(prompt) < BUDGET * CHARS_PER_TOKEN + 2_000
    assert "The output was too long and was cut" in prompt
    assert LINE.format(0) in prompt
    assert LINE.format(LINES - 1) in prompt
    assert "left out" in prompt
