"""Showing the summary as it arrives: rich markup redrawn live on a terminal (a spinner until the
first words; without colour under NO_COLOR), plain text with the markup stripped otherwise
(piped, `TERM=dumb`). rich is imported only for a terminal. With `display.stream = false`,
the summary is shown once, at the end. The model's control characters are shown as escapes:
only vibectl's renderer drives the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TextIO

from vibectl.summary.markup import MarkupStripper, rich_markup, settled_length, strip_markup
from vibectl.summary.terminal_text import without_controls

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult


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

    def __init__(self, *, progressive: bool, stream: TextIO) -> None:
        self._progressive = progressive
        self._stream = stream
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
            self._stream.write("\n")
            self._stream.flush()

    def _write(self, text: str) -> None:
        if not self._started:
            text = text.lstrip()
        body = text.rstrip()
        if not body:
            self._space += text
            return
        self._started = True  # before writing: Ctrl-C may come as soon as the text is out
        self._stream.write(self._space + body)
        self._stream.flush()
        self._space = text[len(body) :]


class RichView:
    """rich markup in the theme's styles, after a spinner. While it streams, the part that fits
    the terminal (its last lines) is redrawn in place; when it ends the live part is erased and
    the whole summary printed once, so a summary taller than the terminal is in the scrollback
    once, not once per redraw. `colour` False (NO_COLOR) keeps the spinner and the redrawing."""

    def __init__(
        self,
        *,
        progressive: bool,
        theme: dict[str, str],
        waiting_for: str,
        stream: TextIO,
        colour: bool,
    ) -> None:
        from rich.console import Console
        from rich.live import Live
        from rich.spinner import Spinner
        from rich.theme import Theme

        self._progressive = progressive
        self._text = ""
        self._shown = ""
        self._console = Console(
            file=stream, theme=Theme(theme), highlight=False, no_color=not colour
        )
        self._live = Live(
            Spinner("dots", text=f"Asking {waiting_for}…"),
            console=self._console,
            refresh_per_second=12,
            transient=True,
            vertical_overflow="crop",
        )
        self._live.start(refresh=True)

    @property
    def shown(self) -> bool:
        return bool(self._shown)

    def add(self, piece: str) -> None:
        self._text += without_controls(piece)
        if self._progressive:
            self._show(self._text[: settled_length(self._text)])

    def finish(self) -> None:
        self._shown = self._text.strip()
        self.abandon()

    def abandon(self) -> None:
        """The live part is erased; what was shown of the summary is printed once."""
        self._live.stop()
        if self._shown:
            self._console.print(_renderable(self._shown))

    def _show(self, markup: str) -> None:
        markup = markup.strip()
        if markup and markup != self._shown:
            self._shown = markup
            self._live.update(_Tail(_renderable(markup)), refresh=True)


class _Tail:
    """A renderable's last lines that fit the terminal, one row kept for the cursor."""

    def __init__(self, renderable: RenderableType) -> None:
        self._renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        lines = console.render_lines(self._renderable, options.update(height=None), pad=False)
        for line in lines[-max(console.size.height - 1, 1) :]:
            yield from line
            yield Segment.line()


def _renderable(markup: str) -> RenderableType:
    from rich.errors import MarkupError
    from rich.text import Text

    try:
        return Text.from_markup(rich_markup(markup), emoji=False)
    except MarkupError:  # a stray closing tag: the words still count, the styles cannot
        return Text(strip_markup(markup))


def open_view(
    *,
    stream: TextIO,
    terminal: bool,
    colour: bool,
    progressive: bool,
    theme: dict[str, str],
    model: str,
) -> SummaryView:
    if terminal:
        return RichView(
            progressive=progressive, theme=theme, waiting_for=model, stream=stream, colour=colour
        )
    return PlainView(progressive=progressive, stream=stream)
