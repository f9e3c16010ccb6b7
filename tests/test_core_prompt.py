"""Prompts, resources and tools as Python values: what they accept and refuse."""

from __future__ import annotations

import pytest

from vibectl import _core


def test_fragments_are_joined_with_blank_lines() -> None:
    prompt = _core.Prompt(["You are vibectl.", "", "Be brief.\n"], "Summarise.")
    assert prompt.system == "You are vibectl.\n\nBe brief."
    assert prompt.user == "Summarise."
    assert prompt.resources == []
    with pytest.raises(TypeError, match="user must be a str or a list of str"):
        _core.Prompt("s", 3)  # type: ignore[arg-type]


def test_resources_carry_uri_text_mime_type_and_name() -> None:
    res = _core.Resource("memory://notes", "prod is in eu-west-1")
    assert (res.uri, res.text, res.mime_type, res.name) == (
        "memory://notes",
        "prod is in eu-west-1",
        "text/plain",
        None,
    )
    named = _core.Resource("kubectl://get/pods", "x", mime_type="application/yaml", name="pods")
    assert (named.mime_type, named.name) == ("application/yaml", "pods")
    assert _core.Prompt("s", "u", [named]).resources == [named]


def test_a_tool_keeps_its_schema_as_json() -> None:
    schema = {
        "type": "object",
        "properties": {"n": {"type": "integer", "enum": [1, 2]}, "ok": {"type": "boolean"}},
        "required": ["n"],
        "description": "ünïcode",
        "examples": [{"n": 1, "ok": True, "x": None, "f": 1.5, "l": ["a"]}],
    }
    tool = _core.Tool("pick", "Pick one.", schema)
    assert (tool.name, tool.description) == ("pick", "Pick one.")
    assert tool.input_schema == schema
    tool.input_schema["type"] = "changed"
    assert tool.input_schema["type"] == "object", "the getter hands out a copy"


@pytest.mark.parametrize(
    ("name", "schema", "error", "message"),
    [
        ("two words", {"type": "object"}, ValueError, "letters, digits"),
        ("t", {"type": "array"}, ValueError, 'set "type": "object"'),
        ("t", {"type": "object", "patternProperties": {}}, ValueError, "not supported"),
        ("t", {"type": "object", "default": float("nan")}, ValueError, "NaN"),
        ("t", {"type": "object", 1: "x"}, TypeError, "keys must be str"),
        ("t", {"type": "object", "default": {1, 2}}, TypeError, "set is not a JSON value"),
    ],
)
def test_unusable_tools_are_refused_when_made(
    name: str, schema: dict[object, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        _core.Tool(name, "d", schema)  # type: ignore[arg-type]
