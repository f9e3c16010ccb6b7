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


def test_an_unclosed_block_still_gives_the_memory() -> None:
    assert split("ok\n<memory>partial memory", 4) == ("ok\n", "partial memory")
