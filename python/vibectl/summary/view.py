"""Showing the summary as it arrives: rich markup redrawn live on a terminal (a spinner until the
first words), plain text with the markup stripped otherwise. rich is imported only for a
terminal. With `display.stream = false`, the summary is shown once, at the end. The model's
control characters are shown as escapes: only vibectl's renderer drives the terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol

from vibectl.summary.markup import MarkupStripper, settled_length, strip_markup
from vibectl.summary.terminal_text import without_controls

if TYPE_CHECKING:
    from rich.console import RenderableType


class SummaryView(Protocol):
    @property
    def shown(self) -> bool:
        """Whether any of the summary is on the screen."""

    def add(self, piece: str) -> None: ...

    def finish(self) -> None:
        """The summary is complete."""

    def abandon(self) -> None:
        """No more will come (an error, Ctrl-C): what is shown stays."""


class PlainView:
    """Text without markup, written as it arrives (or at the end), trimmed of outer whitespace."""

    def __init__(self, *, progressive: bool) -> None:
        self._progressive = progressive
        self._stripper = MarkupStripper()
        self._pieces: list[str] = []
        self._started = False
        self._space = ""  # whitespace written only if more text follows it

    @property
    def shown(self) -> bool:
        return self._started

    def add(self, piece: str) -> None:
        piece = without_controls(piece)
        if self._progressive:
            self._write(self._stripper.feed(piece))
        else:
            self._pieces.append(piece)

    def finish(self) -> None:
        if not self._progressive:
            self._write(strip_markup("".join(self._pieces)))
        self._write(self._stripper.flush())
        self.abandon()

    def abandon(self) -> None:
        if self._started:
            sys.stdout.write("\n")
            sys.stdout.flush()

    def _write(self, text: str) -> None:
        if not self._started:
            text = text.lstrip()
        body = text.rstrip()
        if not body:
            self._space += text
            return
        self._started = True  # before writing: Ctrl-C may come as soon as the text is out
        sys.stdout.write(self._space + body)
        sys.stdout.flush()
        self._space = text[len(body) :]


class RichView:
    """rich markup in the theme's styles, redrawn with each piece, after a spinner."""

    def __init__(self, *, progressive: bool, theme: dict[str, str], waiting_for: str) -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.spinner import Spinner
        from rich.theme import Theme

        self._progressive = progressive
        self._text = ""
        self._shown = False
        console = Console(theme=Theme(theme), highlight=False)
        self._live = Live(
            Spinner("dots", text=f"Asking {waiting_for}…"),
            console=console,
            refresh_per_second=12,
            vertical_overflow="visible",
        )
        self._live.start(refresh=True)

    @property
    def shown(self) -> bool:
        return self._shown

    def add(self, piece: str) -> None:
        self._text += without_controls(piece)
        if self._progressive:
            self._show(self._text[: settled_length(self._text)])

    def finish(self) -> None:
        # Stopping draws the last frame: the whole summary, once.
        self._show(self._text, draw=False)
        self._live.stop()

    def abandon(self) -> None:
        if not self._shown:
            from rich.console import Group

            self._live.update(Group(), refresh=True)
        self._live.stop()

    def _show(self, markup: str, *, draw: bool = True) -> None:
        markup = markup.strip()
        if markup:
            self._shown = True
            self._live.update(_renderable(markup), refresh=draw)


def _renderable(markup: str) -> RenderableType:
    from rich.errors import MarkupError
    from rich.text import Text

    try:
        return Text.from_markup(markup)
    except MarkupError:  # a stray closing tag: the words still count, the styles cannot
        return Text(strip_markup(markup))


def open_view(*, styled: bool, progressive: bool, theme: dict[str, str], model: str) -> SummaryView:
    if styled:
        return RichView(progressive=progressive, theme=theme, waiting_for=model)
    return PlainView(progressive=progressive)
