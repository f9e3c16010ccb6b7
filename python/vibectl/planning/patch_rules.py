"""What the model's merge patch for `edit vibe` must be before its change is even shown: whatever
the model said, it edits the object that was read, in place, and never writes back a secret it
was not shown."""

from __future__ import annotations

import base64
import binascii
import re
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


# What a Secret's `data` values are spelled in; a model that knows it may encode the placeholder.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+=*")


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def _holds_placeholder(text: str) -> bool:
    """Whether `text` holds REDACTED however spelled: in another case, with spaces in it, or
    base64-encoded (padded or not, either alphabet)."""
    placeholder = _squeezed(REDACTED)
    if placeholder in _squeezed(text):
        return True
    if _BASE64.fullmatch(text) is None:
        return False
    padded = text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4)
    try:
        decoded = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return placeholder in _squeezed(decoded.decode(errors="replace"))


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
    if hidden and any(_holds_placeholder(text) for text in _strings(patch)):
        raise RefusedError(
            f"the patch writes {REDACTED}, which stands for a secret value the model was not shown"
        )
