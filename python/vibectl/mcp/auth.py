"""The bearer token for `vibectl mcp --http`: required on any address but loopback.

A static token in a header is all this needs, so it is a small ASGI wrapper checked in constant
time, rather than the SDK's OAuth resource-server machinery (issuer, metadata routes, scopes).
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
import sys
from typing import Any

# The addresses the SDK also guards against DNS rebinding; any other needs a token.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_MAX_TOKEN_BYTES = 4096
# O_NONBLOCK: a FIFO opens at once. Windows has no FIFOs in the file system, and no O_NONBLOCK.
if sys.platform == "win32":
    _OPEN_FLAGS = os.O_RDONLY | os.O_BINARY
else:
    _OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK


class TokenFileError(Exception):
    """A token file that cannot be used; the message says why, in one line."""


def read_token_file(path: str) -> str:
    """The token in `path`: a regular file (never a FIFO or device, which could block or run
    forever), one line of visible ASCII."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise TokenFileError(f"cannot read the token file {path}: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TokenFileError(f"the token file {path} is not a regular file")
        data = os.read(fd, _MAX_TOKEN_BYTES + 1)
    finally:
        os.close(fd)
    token = data.strip()
    if len(data) > _MAX_TOKEN_BYTES:
        raise TokenFileError(f"the token file {path} is larger than {_MAX_TOKEN_BYTES} bytes")
    if not token or not all(0x21 <= byte <= 0x7E for byte in token):
        raise TokenFileError(f"the token file {path} must hold one token of visible ASCII")
    return token.decode()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class RequireBearer:
    """Answers 401 to every HTTP request without `Authorization: Bearer TOKEN`."""

    def __init__(self, app: Any, token: str) -> None:
        self._app = app
        self._expected = b"Bearer " + token.encode()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            given = [value for name, value in scope["headers"] if name == b"authorization"]
            if len(given) != 1 or not hmac.compare_digest(given[0], self._expected):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 401,
                        "headers": [
                            (b"www-authenticate", b'Bearer realm="vibectl"'),
                            (b"content-type", b"text/plain"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b"a bearer token is required\n"})
                return
        await self._app(scope, receive, send)
