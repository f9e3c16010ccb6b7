"""The merge patch `edit vibe` applies before it shows the change: RFC 7386's own examples, and
the patch as the `-p` word kubectl is given."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from vibectl.planning.merge_patch import merged, patch_word
from vibectl.planning.safety import check

# RFC 7386, Appendix A: original, patch, result.
APPENDIX_A: list[tuple[Any, Any, Any]] = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("original", "change", "result"), APPENDIX_A)
def test_rfc_7386_appendix_a(original: Any, change: Any, result: Any) -> None:
    kept = copy.deepcopy(original)
    assert merged(original, change) == result
    assert original == kept, "the target is not changed"


def test_rfc_7386_section_3_example() -> None:
    original = {
        "title": "Goodbye!",
        "author": {"givenName": "John", "familyName": "Doe"},
        "tags": ["example", "sample"],
        "content": "This will be unchanged",
    }
    change = {
        "title": "Hello!",
        "phoneNumber": "+01-123-456-7890",
        "author": {"familyName": None},
        "tags": ["example"],
    }
    assert merged(original, change) == {
        "title": "Hello!",
        "author": {"givenName": "John"},
        "tags": ["example"],
        "content": "This will be unchanged",
        "phoneNumber": "+01-123-456-7890",
    }


@pytest.mark.parametrize(
    "text",
    ["plain", "héllo wörld ✓", "\x1b[2J\x07\r\n\t", "\x7f\x85\x9b", "\u202e\u200b", "$(id) `id`",
     "\U0001f600 \U000e0041", "\udcff"],
)  # fmt: skip
def test_the_word_is_the_patch_and_passes_the_safety_checks(text: str) -> None:
    change = {"metadata": {"annotations": {text: text}}}
    word = patch_word(change)
    assert json.loads(word) == change
    assert word.isprintable()
    assert "$" not in word
    assert "`" not in word
    args = ["patch", "deployment", "api", "--type", "merge", "-p", word]
    assert check(args).args[-1] == f"--patch={word}"


def test_readable_text_stays_readable() -> None:
    assert patch_word({"a": "héllo ✓"}) == '{"a":"héllo ✓"}'
