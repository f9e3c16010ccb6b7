"""The summary request also carries the memory update: the model ends its answer with the new
memory between <memory> tags. This splits a stream of text deltas into what is shown and the
memory.

Only a final, well-formed block counts: `<memory>`, text without either tag, `</memory>`, then
nothing but whitespace. Anything else that looks like a block (a model that echoes the request,
tags and all; a block with text after it; one cut off) is shown as it came and stores nothing.
A block is held back from the screen until it is clear it is not the final one."""

from __future__ import annotations

OPEN = "<memory>"
CLOSE = "</memory>"


class MemoryBlock:
    def __init__(self) -> None:
        # Text not shown yet: a possible start of the tag, or a block that may be the final one.
        self._pending = ""
        self._memory: str | None = None

    def feed(self, delta: str) -> str:
        """The part of `delta` (and of what was held back) to show now."""
        self._pending += delta
        shown: list[str] = []
        while True:
            start = self._pending.find(OPEN)
            if start < 0:
                keep = _tag_prefix_at_end(self._pending)
                cut = len(self._pending) - keep
                shown.append(self._pending[:cut])
                self._pending = self._pending[cut:]
                break
            shown.append(self._pending[:start])
            self._pending = self._pending[start:]
            close = self._pending.find(CLOSE, len(OPEN))
            if close < 0:
                break
            end = close + len(CLOSE)
            if not self._pending[end:].strip():
                break
            # Text after the block: it was not the final one.
            shown.append(self._pending[:end])
            self._pending = self._pending[end:]
        return "".join(shown)

    def finish(self) -> str:
        """Whatever was held back and is not the final memory block after all."""
        rest, self._pending = self._pending, ""
        body = _final_block_body(rest)
        if body is None:
            return rest
        self._memory = body.strip()
        return ""

    @property
    def memory(self) -> str | None:
        """The new memory, once `finish` found a final, well-formed block."""
        return self._memory


def _tag_prefix_at_end(text: str) -> int:
    """How many characters at the end of `text` could be the beginning of the tag."""
    return next((n for n in range(len(OPEN) - 1, 0, -1) if text.endswith(OPEN[:n])), 0)


def _final_block_body(text: str) -> str | None:
    block = text.rstrip()
    if not (block.startswith(OPEN) and block.endswith(CLOSE)):
        return None
    body = block[len(OPEN) : len(block) - len(CLOSE)]
    return None if OPEN in body or CLOSE in body else body
