"""Helpers for Kubernetes objects held as plain JSON dicts: metadata, timestamps, stable ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

Obj = dict[str, Any]

UTC = dt.UTC

# k8s.io/apimachinery/pkg/util/rand: the alphabet of generated name suffixes (no vowels, no 0/1/3).
SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"

_UID_NAMESPACE = uuid.UUID("0b7f8d0e-6a2c-4c71-9a43-6c1f3b2e9d55")


def metadata(obj: Obj) -> Obj:
    """The object's metadata dict, created if missing (so callers may write into it)."""
    md = obj.setdefault("metadata", {})
    assert isinstance(md, dict)
    return md


def name_of(obj: Obj) -> str:
    return str(obj.get("metadata", {}).get("name", ""))


def namespace_of(obj: Obj) -> str | None:
    ns = obj.get("metadata", {}).get("namespace")
    return str(ns) if ns else None


def uid_of(obj: Obj) -> str:
    return str(obj.get("metadata", {}).get("uid", ""))


def labels_of(obj: Obj) -> dict[str, str]:
    labels = obj.get("metadata", {}).get("labels") or {}
    return {str(k): str(v) for k, v in labels.items()}


def annotations_of(obj: Obj) -> dict[str, str]:
    annotations = obj.get("metadata", {}).get("annotations") or {}
    return {str(k): str(v) for k, v in annotations.items()}


def group_of(api_version: str) -> str:
    return api_version.rsplit("/", 1)[0] if "/" in api_version else ""


def format_time(when: dt.datetime) -> str:
    """RFC 3339 with second precision, as the API server renders metav1.Time."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: object) -> dt.datetime | None:
    """Parse an API timestamp (seconds or fractional); None if absent or malformed."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def stable_uid(*parts: str) -> str:
    """A UUID derived from the given parts: the same object gets the same uid on every reset."""
    return str(uuid.uuid5(_UID_NAMESPACE, "/".join(parts)))


def stable_suffix(seed: str, length: int = 5) -> str:
    """A pseudo-random, deterministic name suffix in the Kubernetes suffix alphabet."""
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(SUFFIX_ALPHABET[b % len(SUFFIX_ALPHABET)] for b in digest[:length])


def stable_hex(seed: str, length: int) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


def stable_int(seed: str, modulo: int) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:4], "big") % modulo


def drop_nulls(value: Any) -> Any:
    """Remove null fields recursively, as decoding into the Go types and re-encoding does."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def owner_reference(owner: Obj, *, controller: bool = True) -> Obj:
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": name_of(owner),
        "uid": uid_of(owner),
        "controller": controller,
        "blockOwnerDeletion": True,
    }


def controller_uid(obj: Obj) -> str | None:
    """The uid of the object's controlling owner, if any."""
    for ref in obj.get("metadata", {}).get("ownerReferences") or []:
        if ref.get("controller"):
            return str(ref.get("uid", ""))
    return None


def owner_uids(obj: Obj) -> list[str]:
    return [str(ref.get("uid", "")) for ref in obj.get("metadata", {}).get("ownerReferences") or []]
