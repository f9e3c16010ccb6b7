"""The summary request also carries the memory update: the model ends its answer with the new
memory between <memory> tags. This splits a stream of text deltas into what is shown and the
memory, holding back any text that could be the start of the tag."""

from __future__ import annotations

OPEN = "<memory>"
CLOSE = "</memory>"


class MemoryBlock:
    def __init__(self) -> None:
        self._pending = ""
        self._memory: list[str] | None = None

    def feed(self, delta: str) -> str:
        """The part of `delta` to show now."""
        if self._memory is not None:
            self._memory.append(delta)
            return ""
        text = self._pending + delta
        start = text.find(OPEN)
        if start >= 0:
            self._memory = [text[start + len(OPEN) :]]
            self._pending = ""
            return text[:start]
        # Keep back a tail that may be the beginning of the tag.
        keep = next((n for n in range(len(OPEN) - 1, 0, -1) if text.endswith(OPEN[:n])), 0)
        self._pending = text[len(text) - keep :] if keep else ""
        return text[: len(text) - keep]

    def finish(self) -> str:
        """Whatever was held back and is not the tag after all."""
        rest, self._pending = self._pending, ""
        return rest if self._memory is None else ""

    @property
    def memory(self) -> str | None:
        """The new memory, when the model wrote one."""
        if self._memory is None:
            return None
        body = "".join(self._memory)
        return body.split(CLOSE, 1)[0].strip()
