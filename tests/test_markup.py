"""Markup stripped from a summary that arrives in pieces reads as the whole text stripped."""

from __future__ import annotations

import pytest

from vibectl.summary.markup import MarkupStripper, strip_markup

TEXTS = [
    "[bold]api[/bold] is [green]Running[/green] [1/1]",
    "[bold red]billing-worker[/bold red] restarted [italic]7 times[/italic]",
    "literal \\[not a tag] and a [link=https://example.com]link[/link]",
    "Pod [api-server] is [error]failing[/error] [2/2] [Warning] [bold  red]x",
    "an open [api-server bracket that never closes, and [bold]bold[/]",
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


def test_only_vibectl_tags_are_markup() -> None:
    assert (
        strip_markup("Pod [api-server] is [error]failing[/error]") == "Pod [api-server] is failing"
    )
    assert strip_markup("[link=https://x]docs[/link] [bold red]x[/bold red] [/]") == (
        "[link=https://x]docs[/link] x "
    )
    assert strip_markup("[Warning] [2/2] [x]") == "[Warning] [2/2] [x]"


def test_rich_gets_every_other_bracket_escaped() -> None:
    from rich.text import Text

    from vibectl.summary.markup import rich_markup

    shown = Text.from_markup(rich_markup("Pod [api-server] is [error]failing[/error] [oops"))
    assert shown.plain == "Pod [api-server] is failing [oops"


def test_an_open_bracket_that_cannot_become_a_tag_is_released() -> None:
    stripper = MarkupStripper()
    assert stripper.feed("Pod [api-ser") == "Pod [api-ser"
    assert stripper.feed("ver] is [err") == "ver] is "
    assert stripper.feed("or]down") == "down"
