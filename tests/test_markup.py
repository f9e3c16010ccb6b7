"""Markup stripped from a summary that arrives in pieces reads as the whole text stripped."""

from __future__ import annotations

import pytest

from vibectl.summary.markup import MarkupStripper, strip_markup

TEXTS = [
    "[bold]api[/bold] is [green]Running[/green] [1/1]",
    "[bold red]billing-worker[/bold red] restarted [italic]7 times[/italic]",
    "literal \\[not a tag] and a [link=https://example.com]link[/link]",
    "an unclosed [bold tag at the end",
    "ends with a backslash \\",
]


def pieces_stripped(pieces: list[str]) -> str:
    stripper = MarkupStripper()
    return "".join(stripper.feed(piece) for piece in pieces) + stripper.flush()


@pytest.mark.parametrize("text", TEXTS)
def test_every_split_reads_as_the_whole(text: str) -> None:
    whole = strip_markup(text)
    for first in range(len(text) + 1):
        for second in range(first, len(text) + 1):
            pieces = [text[:first], text[first:second], text[second:]]
            assert pieces_stripped(pieces) == whole, pieces


def test_text_is_released_as_soon_as_no_tag_can_change_it() -> None:
    stripper = MarkupStripper()
    assert stripper.feed("Deployment [bo") == "Deployment "
    assert stripper.feed("ld]api[/bold] is ") == "api is "
    assert stripper.feed("[1/1] ready") == "[1/1] ready"
