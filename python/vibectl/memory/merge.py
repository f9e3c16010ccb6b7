"""A note merged into the memory by the model (newer facts win): `vibectl memory update`, and
semiauto's `yes and` and `no but` answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vibectl.memory import store

if TYPE_CHECKING:
    from vibectl import _core


def merge_note(model: _core.Model, note: str, max_chars: int) -> str:
    """Returns the memory as stored."""
    from vibectl.llm.call import answer
    from vibectl.prompts.summary import memory_merge_prompt

    def merged(current: str) -> str:
        return answer(model, memory_merge_prompt(current, note, max_chars))

    return store.update(merged, max_chars)
