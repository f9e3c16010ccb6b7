"""The audit log: one JSON line for every command vibectl ran (or was told not to run) for a
plan, in `$XDG_STATE_HOME/vibectl/audit.jsonl`.

A record is appended with one `write` under an exclusive lock, and flushed to disk, so earlier
lines are never rewritten: a write killed half-way can leave at most a partial last line, which
readers skip and the next append starts after. Each record holds the time (UTC, ISO 8601), the
vibectl command and request, the kubectl argv as it ran (the configured kubectl and kubeconfig
included), who confirmed it, and kubectl's exit code (null when it did not run).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

if sys.platform == "win32":
    import msvcrt

    # O_BINARY: the line's bytes as they are (no CRLF). Windows' locks are mandatory, so the
    # lock is on a byte far past any record's: readers of the log are never held up.
    _OPEN_FLAGS = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_BINARY
    _LOCKED_BYTE = 2**62

    @contextmanager
    def _locked(fd: int) -> Iterator[None]:
        """LockFileEx through msvcrt: LK_LOCK tries once a second for 10 s, then raises."""
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        try:
            yield
        finally:
            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    _OPEN_FLAGS = os.O_RDWR | os.O_APPEND | os.O_CREAT

    @contextmanager
    def _locked(fd: int) -> Iterator[None]:
        """flock; the kernel lets go when the descriptor is closed."""
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield


# Who said the command may run: a flag (`--yes`, `--mode auto`), the user's answer to the
# question, or nobody, for a read-only command that is not asked about.
BY_FLAG, BY_ANSWER, BY_NONE = "flag", "answer", "none"


@dataclass(frozen=True)
class Record:
    time: str
    command: str
    request: str
    argv: list[str]
    confirmed_by: str
    #: the flag, or the answer (`yes`/`no`); None when nobody was asked
    confirmation: str | None
    exit_code: int | None


class AuditLogError(click.ClickException):
    """The audit log cannot be written: said in one line; a planned command does not run
    without its record (`writable` is asked before it runs)."""


def unasked(command: str, request: str, started: str, argv: list[str], exit_code: int) -> Record:
    """The record of a read-only command that ran without a question (`check`'s steps)."""
    return Record(started, command, request, argv, BY_NONE, None, exit_code)


def audit_file() -> Path:
    from vibectl import _core

    return Path(_core.state_dir()) / "audit.jsonl"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def writable() -> None:
    """Raises AuditLogError when a record could not be appended, before anything runs."""
    os.close(_open(audit_file(), "nothing was run"))


def append(record: Record) -> None:
    path = audit_file()
    line = json.dumps(asdict(record), ensure_ascii=False) + "\n"
    fd = _open(path, "the command above is not recorded")
    try:
        with _locked(fd):
            size = os.fstat(fd).st_size
            if size and _byte_at(fd, size - 1) != b"\n":
                line = "\n" + line  # after a partial line left by a killed write
            os.write(fd, line.encode())
            os.fsync(fd)
    except OSError as exc:
        raise _failed(path, exc, "the command above is not recorded") from None
    finally:
        os.close(fd)


def _open(path: Path, consequence: str) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, _OPEN_FLAGS, 0o600)
    except OSError as exc:
        raise _failed(path, exc, consequence) from None


def _failed(path: Path, exc: OSError, consequence: str) -> AuditLogError:
    return AuditLogError(
        f"cannot write the audit log {path} ({exc.strerror or exc}); {consequence}. "
        "Make it a writable file, or set XDG_STATE_HOME to a writable directory"
    )


def _byte_at(fd: int, offset: int) -> bytes:
    """One byte read at `offset`; appends still go to the end (O_APPEND)."""
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, 1)


def read(path: Path | None = None) -> Iterator[Record]:
    """The records in order; a line that is not a whole record is skipped."""
    path = path or audit_file()
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.endswith("\n"):
                return
            try:
                yield Record(**json.loads(line))
            except (ValueError, TypeError):
                continue


def since(records: Sequence[Record], moment: datetime | None) -> list[Record]:
    if moment is None:
        return list(records)
    return [r for r in records if datetime.fromisoformat(r.time) >= moment]
