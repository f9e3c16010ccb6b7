"""Splitting a streamed answer into the summary shown and the memory update it carries."""

from __future__ import annotations

import pytest

from vibectl.summary.memory_block import MemoryBlock

ANSWER = (
    "Two pods run; one crash-loops.\n"
    "<memory>\napi 1.4.2 healthy; billing-worker crashes\n</memory>\n"
)


def split(answer: str, size: int) -> tuple[str, str | None]:
    block = MemoryBlock()
    shown = "".join(block.feed(answer[i : i + size]) for i in range(0, len(answer), size))
    return shown + block.finish(), block.memory


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 8, 9, 64])
def test_the_tag_is_found_whatever_the_chunking(size: int) -> None:
    shown, memory = split(ANSWER, size)
    assert shown == "Two pods run; one crash-loops.\n"
    assert memory == "api 1.4.2 healthy; billing-worker crashes"


@pytest.mark.parametrize("size", [1, 4, 64])
def test_text_that_only_looks_like_the_tag_is_shown(size: int) -> None:
    answer = "Ratio <mem 3/4 and <memo notes> stay visible <"
    assert split(answer, size) == (answer, None)


# What llm-katan's echo backend answers to a summary request: the request, tags and all.
ECHO = (
    "[echo] model=katan-echo messages=2\nUser: Summarise this.\n\n"
    "After the summary, write the updated memory between <memory> and </memory>: what the"
    " operator is working on, at most 1000 characters. Write nothing after </memory>."
)


@pytest.mark.parametrize("size", [1, 3, 9, 64, 1000])
def test_an_echoed_request_is_shown_and_stores_nothing(size: int) -> None:
    assert split(ECHO, size) == (ECHO, None)


@pytest.mark.parametrize(
    "answer",
    [
        "ok\n<memory>partial memory",
        "ok\n<memory>a block</memory> and then more text",
        "ok\n<memory>one <memory>inside</memory>",
        "ok\n<memory>unclosed </memory",
    ],
    ids=["unclosed", "text-after", "nested", "cut-close"],
)
def test_only_a_final_well_formed_block_counts(answer: str) -> None:
    for size in (1, 4, 64):
        assert split(answer, size) == (answer, None)


@pytest.mark.parametrize("size", [1, 5, 64])
def test_the_last_of_two_blocks_is_the_memory(size: int) -> None:
    answer = "Use <memory>x</memory> tags, says the doc.\n<memory>\nreal\n</memory>\n\n"
    assert split(answer, size) == ("Use <memory>x</memory> tags, says the doc.\n", "real")


def test_a_block_that_turns_out_not_final_is_shown_as_soon_as_that_is_clear() -> None:
    block = MemoryBlock()
    assert block.feed("Fine. <memory>maybe</memory>") == "Fine. "
    assert block.feed(" no: more text") == "<memory>maybe</memory> no: more text"
    assert block.finish() == ""
    assert block.memory is None
