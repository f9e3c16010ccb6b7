"""Type stubs for vibectl._core, the Rust core (kept honest by `python -m mypy.stubtest`)."""

from collections.abc import Awaitable
from typing import final

__all__ = [
    "DEFAULT_MODEL",
    "AuthenticationError",
    "BadRequestError",
    "Completion",
    "CompletionStream",
    "InvalidKeyError",
    "MissingKeyError",
    "Model",
    "OverloadedError",
    "ProviderError",
    "ProviderTimeoutError",
    "RateLimitError",
    "ResponseFormatError",
    "StreamInterruptedError",
    "UnavailableError",
    "Usage",
    "VibectlError",
    "get_model",
    "refresh_logging",
    "secret_env_vars",
]

__version__: str
DEFAULT_MODEL: str

def get_model(name: str | None = None) -> Model:
    """The model called `name` (the default model when None); the same object each time."""

def refresh_logging() -> None:
    """Make Rust log records follow Python's `logging` configuration again after it changed."""

def secret_env_vars() -> list[str]:
    """Names of the environment variables the core reads keys from."""

@final
class Model:
    @property
    def name(self) -> str: ...
    @property
    def provider(self) -> str: ...
    def complete(self, system: str, user: str, *, max_tokens: int = 1024) -> Completion: ...
    def complete_async(
        self, system: str, user: str, *, max_tokens: int = 1024
    ) -> Awaitable[Completion]: ...
    def stream(self, system: str, user: str, *, max_tokens: int = 1024) -> CompletionStream: ...

@final
class CompletionStream:
    def __iter__(self) -> CompletionStream: ...
    def __next__(self) -> str: ...
    def __aiter__(self) -> CompletionStream: ...
    def __anext__(self) -> Awaitable[str]: ...
    @property
    def usage(self) -> Usage | None: ...

@final
class Usage:
    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...

@final
class Completion:
    @property
    def text(self) -> str: ...
    @property
    def model(self) -> str: ...
    @property
    def stop_reason(self) -> str | None: ...
    @property
    def usage(self) -> Usage: ...

class VibectlError(Exception):
    provider: str

class MissingKeyError(VibectlError): ...
class InvalidKeyError(VibectlError): ...

class ProviderError(VibectlError):
    status: int | None
    request_id: str | None

class AuthenticationError(ProviderError): ...

class RateLimitError(ProviderError):
    retry_after: float | None

class OverloadedError(ProviderError): ...
class UnavailableError(ProviderError): ...
class BadRequestError(ProviderError): ...
class ProviderTimeoutError(ProviderError): ...
class ResponseFormatError(ProviderError): ...
class StreamInterruptedError(ProviderError): ...
