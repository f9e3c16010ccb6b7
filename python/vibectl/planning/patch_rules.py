"""What the model's merge patch for `edit vibe` must be before its change is even shown: whatever
the model said, it edits the object that was read, in place, and never writes back a secret it
was not shown."""

from __future__ import annotations

from typing import Any

from vibectl.context.prepare import REDACTED
from vibectl.planning.safety import MAX_WORD_BYTES, RefusedError

# kubectl takes the patch as one argument (`-p`), which the safety checks cap.
MAX_PATCH_BYTES = MAX_WORD_BYTES

# What makes the object the one that was read; a patch changing one would make or rename
# another object.
_IDENTITY = (("kind",), ("apiVersion",), ("metadata", "name"), ("metadata", "namespace"))


def _field(document: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        document = document.get(key) if isinstance(document, dict) else None
    return document


def _strings(value: Any) -> list[str]:
    """Every string in a patch: its keys and its values, however deep."""
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *_strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def check_patch(
    current: dict[str, Any], patch: dict[str, Any], patched: Any, *, word: str, hidden: bool
) -> None:
    """Raises RefusedError saying why `patch` (giving `patched` from `current`; `word` as kubectl
    would be given it) may not be applied. `hidden`: the model saw secret values as REDACTED."""
    size = len(word.encode())
    if size > MAX_PATCH_BYTES:
        raise RefusedError(f"the patch is {size:,} bytes, more than {MAX_PATCH_BYTES:,}")
    for path in _IDENTITY:
        if _field(patched, path) != _field(current, path):
            raise RefusedError(f"the patch changes {'.'.join(path)}, which names the object")
    if "status" in patch:
        raise RefusedError("the patch changes status, which the cluster writes, not a patch")
    if hidden and any(REDACTED in text for text in _strings(patch)):
        raise RefusedError(
            f"the patch writes {REDACTED}, which stands for a secret value the model was not shown"
        )
