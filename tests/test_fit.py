"""Cutting output to a budget, through the core: logs by whole lines, JSON and YAML by
structure; and where the budget comes from."""

from __future__ import annotations

import json

from vibectl import _core
from vibectl.context.budget import output_budget

CHARS_PER_TOKEN = 4


def fit(args: list[str], text: str, budget: int) -> _core.PreparedOutput:
    return _core.prepare_output(args, text.encode(), b"", budget_tokens=budget, redact=False)


def test_output_within_the_budget_is_untouched() -> None:
    text = "NAME   READY\napi    1/1\n"
    fitted = fit(["get", "pods"], text, 100)
    assert (fitted.stdout, fitted.cut, fitted.reduced) == (text, None, None)


def test_text_keeps_whole_lines_from_both_ends() -> None:
    log = "".join(f"2024-05-01T10:00:{i:05d}Z line {i}\n" for i in range(10_000))
    fitted = fit(["describe", "pod", "api"], log, 2_000)
    lines = fitted.stdout.splitlines()
    assert len(fitted.stdout) <= 2_000 * CHARS_PER_TOKEN
    assert lines[0] == "2024-05-01T10:00:00000Z line 0"
    assert lines[-1] == "2024-05-01T10:00:09999Z line 9999"
    assert all(line in log.splitlines() or "lines left out" in line for line in lines)
    kept = len(lines) - 1
    assert fitted.cut == f"{10_000 - kept:,} lines left out"
    assert fitted.stdout.index("lines left out") < len(fitted.stdout) // 2  # more of the end


def test_json_lists_keep_their_first_and_last_items() -> None:
    pods = {"kind": "List", "items": [{"name": f"pod-{i}", "ready": True} for i in range(5_000)]}
    fitted = fit(["get", "pods", "-o", "json"], json.dumps(pods, indent=4), 5_000)
    cut = json.loads(fitted.stdout)
    assert cut["items"][0] == {"name": "pod-0", "ready": True}
    assert cut["items"][-1] == {"name": "pod-4999", "ready": True}
    assert any(isinstance(item, str) and "items left out" in item for item in cut["items"])
    assert fitted.cut is not None
    assert fitted.cut.startswith("1 lists shortened")


def test_deep_json_is_elided_when_lists_are_not_enough() -> None:
    deep: dict[str, object] = {"leaf": "x" * 50}
    for level in range(30):
        deep = {f"level{level}": deep, "other": list(range(50))}
    fitted = fit(["get", "-o", "json"], json.dumps(deep), 100)
    assert len(fitted.stdout) <= 100 * CHARS_PER_TOKEN
    assert "fields elided" in fitted.stdout
    json.loads(fitted.stdout)


def test_yaml_sequences_keep_their_first_and_last_items() -> None:
    items = "".join(
        f"- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: pod-{i}\n" for i in range(3_000)
    )
    text = f"apiVersion: v1\nitems:\n{items}kind: List\n"
    fitted = fit(["get", "pods", "-o", "yaml"], text, 3_000)
    assert len(fitted.stdout) <= 3_000 * CHARS_PER_TOKEN
    assert fitted.stdout.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n")
    assert "    name: pod-0\n" in fitted.stdout
    assert "    name: pod-2999\n" in fitted.stdout
    assert "items left out …\n" in fitted.stdout
    assert fitted.stdout.endswith("kind: List\n")


def test_the_budget_is_the_configured_one_within_a_quarter_of_the_window() -> None:
    listed, unlisted = _core.get_model("claude-sonnet-5-5"), _core.get_model("anthropic/x")
    assert output_budget(listed, 8_000) == 8_000
    assert output_budget(listed, 10_000_000) == 1_000_000 // 4
    assert output_budget(unlisted, 8_000) == 8_000
    assert output_budget(unlisted, 100_000) == 128_000 // 4
