"""Cutting output to a budget: logs by whole lines, JSON and YAML by structure."""

from __future__ import annotations

import json

from vibectl.context.budget import CHARS_PER_TOKEN, output_budget
from vibectl.context.fit import fit


def test_output_within_the_budget_is_untouched() -> None:
    text = "NAME   READY\napi    1/1\n"
    assert fit(text, "text", 100).text == text
    assert fit(text, "text", 100).cut is None


def test_logs_keep_whole_lines_from_both_ends() -> None:
    log = "".join(f"2024-05-01T10:00:{i:05d}Z line {i}\n" for i in range(10_000))
    fitted = fit(log, "text", 2_000)
    lines = fitted.text.splitlines()
    assert len(fitted.text) <= 2_000 * CHARS_PER_TOKEN
    assert lines[0] == "2024-05-01T10:00:00000Z line 0"
    assert lines[-1] == "2024-05-01T10:00:09999Z line 9999"
    assert all(line in log.splitlines() or "lines left out" in line for line in lines)
    kept = len(lines) - 1
    assert fitted.cut == f"{10_000 - kept:,} lines left out"
    assert fitted.text.index("lines left out") < len(fitted.text) // 2  # more of the end is kept


def test_json_lists_keep_their_first_and_last_items() -> None:
    pods = {"kind": "List", "items": [{"name": f"pod-{i}", "ready": True} for i in range(5_000)]}
    fitted = fit(json.dumps(pods, indent=4), "json", 5_000)
    cut = json.loads(fitted.text)
    assert cut["items"][0] == {"name": "pod-0", "ready": True}
    assert cut["items"][-1] == {"name": "pod-4999", "ready": True}
    assert any(isinstance(item, str) and "items left out" in item for item in cut["items"])
    assert fitted.cut is not None
    assert fitted.cut.startswith("1 lists shortened")


def test_deep_json_is_elided_when_lists_are_not_enough() -> None:
    deep: dict[str, object] = {"leaf": "x" * 50}
    for level in range(30):
        deep = {f"level{level}": deep, "other": list(range(50))}
    fitted = fit(json.dumps(deep), "json", 100)
    assert len(fitted.text) <= 100 * CHARS_PER_TOKEN
    assert "fields elided" in fitted.text
    json.loads(fitted.text)


def test_yaml_sequences_keep_their_first_and_last_items() -> None:
    items = "".join(
        f"- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: pod-{i}\n" for i in range(3_000)
    )
    text = f"apiVersion: v1\nitems:\n{items}kind: List\n"
    fitted = fit(text, "yaml", 3_000)
    assert len(fitted.text) <= 3_000 * CHARS_PER_TOKEN
    assert fitted.text.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n")
    assert "    name: pod-0\n" in fitted.text
    assert "    name: pod-2999\n" in fitted.text
    assert "items left out\n" in fitted.text
    assert fitted.text.endswith("kind: List\n")


def test_the_budget_comes_from_the_context_window() -> None:
    from vibectl import _core

    assert output_budget(_core.get_model("claude-sonnet-5-5")) == 1_000_000 // 4
    assert output_budget(_core.get_model("anthropic/claude-unlisted")) == 128_000 // 4
