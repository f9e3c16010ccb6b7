"""The release artifacts scripts/build-wheels writes to dist/, as the tests find them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent


def release_wheel() -> Path:
    named = os.environ.get("VIBECTL_TEST_WHEEL")
    wheels = [Path(named)] if named else sorted((REPO / "dist").glob("vibectl-*.whl"))
    if len(wheels) != 1 or not wheels[0].is_file():
        pytest.fail(
            "no single release wheel: run scripts/build-wheels (scripts/check does) "
            "or set VIBECTL_TEST_WHEEL"
        )
    return wheels[0]


def release_sdist() -> Path:
    sdists = sorted((REPO / "dist").glob("vibectl-*.tar.gz"))
    if len(sdists) != 1:
        pytest.fail("no single sdist in dist/: run scripts/build-wheels (scripts/check does)")
    return sdists[0]
