"""kubectl for a tool call: run in a worker thread, and killed when the call ends early.

A client that cancels a call, or disconnects in the middle of one, cancels the task awaiting
kubectl; the process is killed then, so no kubectl outlives the call that started it.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import anyio
import anyio.to_thread

from vibectl.kubectl.run import KubectlResult, run_kubectl

if TYPE_CHECKING:
    from vibectl._core import Settings


class _Run:
    """One kubectl run, as seen from both sides: the worker that starts it and the call that
    may cancel it. The lock orders the two, so a kubectl started after a cancel is killed too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self.began = False
        self.cancelled = False
        self.finished = threading.Event()

    def begin(self) -> bool:
        with self._lock:
            self.began = not self.cancelled
            return self.began

    def started(self, process: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._process = process
            if self.cancelled:
                process.kill()

    def cancel(self) -> bool:
        """Kill kubectl if it runs; whether the worker began (and must be waited for)."""
        with self._lock:
            self.cancelled = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
            return self.began


async def run_for_call(
    args: Sequence[str], settings: Settings, *, stdin: str = ""
) -> KubectlResult:
    """`kubectl ARGS` as configured, in a worker thread; kubectl gets `stdin` (never the
    server's own)."""
    run = _Run()

    def work() -> KubectlResult | None:
        if not run.begin():
            return None
        try:
            return run_kubectl(args, settings, stdin=stdin, started=run.started)
        finally:
            run.finished.set()

    try:
        result = await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except anyio.get_cancelled_exc_class():
        if run.cancel():
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(run.finished.wait)
        raise
    assert result is not None, "only a cancelled run has no result"
    return result
