"""The release workflow (.github/workflows/release.yml) cannot run here; scripts/check lints it
with zizmor and GitHub's workflow schema. This checks that it builds with the maturin the test
command pins, so what CI releases is built the way the suite's wheel is."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_workflow_builds_with_the_pinned_maturin() -> None:
    pins = (REPO / "scripts" / "build-requirements.txt").read_text()
    (pinned,) = re.findall(r"^maturin==(\S+)$", pins, re.MULTILINE)
    workflow = (REPO / ".github" / "workflows" / "release.yml").read_text()
    uses = re.findall(r"uses: PyO3/maturin-action@", workflow)
    versions = re.findall(r"^\s+maturin-version: v(\S+)$", workflow, re.MULTILINE)
    assert len(versions) == len(uses) > 0
    assert set(versions) == {pinned}
