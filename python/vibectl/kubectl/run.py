"""Running kubectl as configured: `core.kubectl_command` with `core.kubeconfig`, as an argv list
(never a shell), with no API key in the child's environment.

kubectl's stdin is vibectl's own, so `-f -` reads what is piped to vibectl.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TextIO

from vibectl.exit_codes import INTERRUPTED
from vibectl.kubectl.live import runs_until_stopped

if TYPE_CHECKING:
    from vibectl._core import Settings
    from vibectl.kubectl.live_view import LiveView

# How long kubectl gets to stop after Ctrl-C before it is killed.
_STOP_GRACE_SECONDS = 2.0


class KubectlNotFoundError(Exception):
    """kubectl could not be started."""


@dataclass(frozen=True)
class KubectlResult:
    """What kubectl printed, as bytes: they go to the core as they are (one copy of a large
    output, never a decoded second one) and to stdout unchanged for `-o json`; the text is
    decoded only to be printed."""

    argv: list[str]
    returncode: int
    stdout_bytes: bytes
    stderr_bytes: bytes

    @property
    def stdout(self) -> str:
        return self.stdout_bytes.decode(errors="replace")

    @property
    def stderr(self) -> str:
        return self.stderr_bytes.decode(errors="replace")


class KubectlInterruptedError(Exception):
    """Ctrl-C while kubectl ran; `partial` holds what it printed until then."""

    def __init__(self, partial: KubectlResult) -> None:
        super().__init__("interrupted")
        self.partial = partial


def child_environment(hidden: Iterable[str]) -> dict[str, str]:
    """The user's environment minus every variable vibectl reads a key from."""
    drop = set(hidden)
    return {name: value for name, value in os.environ.items() if name not in drop}


def kubectl_argv(args: Sequence[str], settings: Settings) -> list[str]:
    """The command line: the configured kubeconfig is added unless the user gave one, before a
    `--` (what follows it is not kubectl's)."""
    flags_end = args.index("--") if "--" in args else len(args)
    flags = list(args[:flags_end])
    user_gave_one = any(a == "--kubeconfig" or a.startswith("--kubeconfig=") for a in flags)
    if settings.kubeconfig and not user_gave_one:
        flags = [*flags, f"--kubeconfig={os.path.expanduser(settings.kubeconfig)}"]
    return [os.path.expanduser(settings.kubectl_command), *flags, *args[flags_end:]]


def _announced(argv: list[str], announce: bool) -> list[str]:
    if announce:
        from vibectl.summary.render import command

        command("Running", argv)
    return argv


def _start(argv: list[str], **streams: Any) -> subprocess.Popen[bytes]:
    from vibectl import _core

    try:
        return subprocess.Popen(argv, env=child_environment(_core.secret_env_vars()), **streams)
    except FileNotFoundError:
        raise KubectlNotFoundError(
            f"{argv[0]} was not found; install kubectl or set core.kubectl_command"
        ) from None
    except (OSError, ValueError) as exc:  # not executable, too long a command, a NUL in it
        raise KubectlNotFoundError(f"kubectl could not be started: {exc}") from None


class _CtrlCHeld:
    """While open, Ctrl-C is noted instead of raised: kubectl and the threads that read its
    output are either started or not, never half, and what was started is stopped cleanly."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: Any = None

    def __enter__(self) -> _CtrlCHeld:
        # Only the main thread gets Ctrl-C (and may set a handler); in a worker thread (the MCP
        # server's calls) there is nothing to hold.
        main = threading.current_thread() is threading.main_thread()
        if main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _note(self, _signum: int, _frame: object) -> None:
        self.pressed = True


def _stop(process: subprocess.Popen[bytes]) -> None:
    """After Ctrl-C: let kubectl stop as it would on Ctrl-C itself, then make sure it did (a
    second Ctrl-C meanwhile changes nothing)."""
    with _CtrlCHeld():
        # On Windows the console gave kubectl the Ctrl-C itself (they share it), and a process
        # cannot be sent SIGINT.
        if process.poll() is None and sys.platform != "win32":
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=_STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _reader(
    stream: IO[bytes], into: io.BytesIO, echo: Callable[[bytes], None] | None
) -> threading.Thread:
    """Reads into a BytesIO, handing each chunk to `echo` as it goes: the BytesIO grows in
    place, and `getvalue()` hands over its buffer without copying, so a large output is held
    once (a list of chunks joined would hold it twice)."""

    def read() -> None:
        while chunk := os.read(stream.fileno(), 65536):
            into.write(chunk)
            if echo is not None:
                echo(chunk)

    return threading.Thread(target=read, daemon=True)


def run_kubectl(
    args: Sequence[str],
    settings: Settings,
    *,
    stdin: str | None = None,
    announce: bool = False,
    started: Callable[[subprocess.Popen[bytes]], None] | None = None,
    live: bool = False,
) -> KubectlResult:
    """Run `kubectl ARGS` and capture its output; on Ctrl-C, raise with what it printed so far.
    `announce` prints the command line first; `live` also copies kubectl's output to vibectl's
    stdout and stderr as it arrives (`get -w`, `logs -f`, `port-forward`: `kubectl/live.py`),
    on a terminal with the live display's keys (`kubectl/live_keys.py`), E stopping kubectl as
    Ctrl-C does.

    kubectl reads vibectl's own stdin, unless `stdin` is given (a planned manifest, or "" so a
    planned command cannot swallow the answers meant for vibectl's questions), or the keys are
    read (they are only for a command that runs until stopped, which reads no input, or one
    given `stdin`). `started` is given the process as soon as it runs, so a caller in another
    thread can stop it.
    """
    from vibectl.kubectl import live_keys

    argv = _announced(kubectl_argv(args, settings), announce)
    out, err = io.BytesIO(), io.BytesIO()
    view = _keyed_view(args, live=live, stdin=stdin, collected=(out, err))
    piped: dict[str, int] = {}
    if stdin is not None:
        piped = {"stdin": subprocess.PIPE}
    elif view is not None:  # the keys are read from the terminal, not kubectl
        piped = {"stdin": subprocess.DEVNULL}
    with contextlib.ExitStack() as exits:
        with _CtrlCHeld() as ctrl_c:
            process = _start(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **piped)
            if started is not None:
                started(process)
            keys = None
            if view is not None:
                keys = exits.enter_context(live_keys.Keys(view, lambda: _stop(process)).reading())
            assert process.stdout is not None
            assert process.stderr is not None
            readers = [
                _reader(process.stdout, out, _echo(sys.stdout, live, view)),
                _reader(process.stderr, err, _echo(sys.stderr, live, view)),
            ]
            for reader in readers:
                reader.start()
        if stdin is not None and process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.write(stdin.encode())
            process.stdin.close()
        interrupted = ctrl_c.pressed
        try:
            if not interrupted:
                process.wait()
        except KeyboardInterrupt:
            interrupted = True
        interrupted = interrupted or (keys is not None and keys.exited)
        if interrupted:
            _stop(process)
        for reader in readers:
            reader.join()
        if view is not None:
            view.finish()
    result = KubectlResult(
        argv,
        INTERRUPTED if interrupted else process.returncode,
        out.getvalue(),
        err.getvalue(),
    )
    if interrupted:
        raise KubectlInterruptedError(result)
    return result


def _keyed_view(
    args: Sequence[str], *, live: bool, stdin: str | None, collected: tuple[io.BytesIO, io.BytesIO]
) -> LiveView | None:
    """The live display whose keys are read, for a command shown live on a terminal that does not
    read the terminal itself: one that runs until stopped, or one given `stdin`."""
    from vibectl.kubectl import live_keys
    from vibectl.kubectl.live_view import LiveView

    if not (live and live_keys.available() and (stdin is not None or runs_until_stopped(args))):
        return None
    out, err = collected
    return LiveView(lambda: out.getvalue() + err.getvalue())


def _echo(stream: TextIO, live: bool, view: LiveView | None) -> Callable[[bytes], None] | None:
    """Where kubectl's output for `stream` goes as it arrives: the live display's lines, or
    copied as it is (`live`), or nowhere."""
    from vibectl.summary.render import live_copy

    if view is not None:
        return view.echo(stream)
    return live_copy(stream) if live else None


def run_kubectl_attached(args: Sequence[str], settings: Settings, *, announce: bool = False) -> int:
    """Run `kubectl ARGS` on vibectl's own stdin, stdout and stderr; its exit code (130 on
    Ctrl-C). `announce` prints the command line first."""
    argv = _announced(kubectl_argv(args, settings), announce)
    with _CtrlCHeld() as ctrl_c:
        process = _start(argv)
    try:
        if not ctrl_c.pressed:
            return process.wait()
    except KeyboardInterrupt:
        pass
    _stop(process)
    return INTERRUPTED
