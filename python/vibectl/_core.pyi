"""Type stubs for vibectl._core, the Rust core (kept honest by `python -m mypy.stubtest`)."""

from collections.abc import Awaitable
from typing import Any, final

__all__ = [
    "DEFAULT_MODEL",
    "AuthenticationError",
    "BadRequestError",
    "CallSettings",
    "Completion",
    "CompletionStream",
    "InvalidKeyError",
    "Metrics",
    "MissingKeyError",
    "Model",
    "ModelInfo",
    "OverloadedError",
    "Prompt",
    "ProviderError",
    "ProviderTimeoutError",
    "RateLimitError",
    "Resource",
    "ResponseFormatError",
    "StreamInterruptedError",
    "Tool",
    "ToolResult",
    "UnavailableError",
    "UnknownModelError",
    "Usage",
    "VibectlError",
    "get_model",
    "list_models",
    "refresh_logging",
    "secret_env_vars",
]

__version__: str
DEFAULT_MODEL: str

def get_model(name: str | None = None) -> Model:
    """The model called `name` (the default model when None); the same object each time."""

def list_models() -> list[ModelInfo]:
    """Every model in the registry, in its order."""

def refresh_logging() -> None:
    """Make Rust log records follow Python's `logging` configuration again after it changed."""

def secret_env_vars() -> list[str]:
    """Names of the environment variables the core reads keys from."""

@final
class Resource:
    """Named context for the model, such as kubectl output or memory."""

    def __new__(
        cls, uri: str, text: str, *, mime_type: str = "text/plain", name: str | None = None
    ) -> Resource: ...
    @property
    def uri(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def mime_type(self) -> str: ...
    @property
    def name(self) -> str | None: ...

@final
class Tool:
    """A tool: a name, a description and a JSON Schema for its input."""

    def __new__(cls, name: str, description: str, input_schema: dict[str, Any]) -> Tool: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def input_schema(self) -> dict[str, Any]: ...

@final
class Prompt:
    """System and user fragments (each joined with blank lines) and their resources."""

    def __new__(
        cls, system: str | list[str], user: str | list[str], resources: list[Resource] = ...
    ) -> Prompt: ...
    @property
    def system(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def resources(self) -> list[Resource]: ...

@final
class CallSettings:
    """Retries and timeouts of a model's calls; times in seconds.

    Defaults: max_retries=2 (3 attempts), backoff_base=0.5, retry_cap=30, connect_timeout=10,
    first_byte_timeout=120, idle_timeout=60.
    """

    def __new__(
        cls,
        *,
        max_retries: int = ...,
        backoff_base: float = ...,
        retry_cap: float = ...,
        connect_timeout: float = ...,
        first_byte_timeout: float = ...,
        idle_timeout: float = ...,
    ) -> CallSettings: ...
    @property
    def max_retries(self) -> int: ...
    @property
    def backoff_base(self) -> float: ...
    @property
    def retry_cap(self) -> float: ...
    @property
    def connect_timeout(self) -> float: ...
    @property
    def first_byte_timeout(self) -> float: ...
    @property
    def idle_timeout(self) -> float: ...

@final
class Model:
    @property
    def name(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def api_id(self) -> str: ...
    @property
    def notice(self) -> str | None: ...
    @property
    def settings(self) -> CallSettings: ...
    def with_settings(self, settings: CallSettings) -> Model: ...
    def complete(self, prompt: Prompt, *, max_tokens: int = 1024) -> Completion: ...
    def complete_async(
        self, prompt: Prompt, *, max_tokens: int = 1024
    ) -> Awaitable[Completion]: ...
    def stream(self, prompt: Prompt, *, max_tokens: int = 1024) -> CompletionStream: ...
    def call_tool(self, prompt: Prompt, tool: Tool, *, max_tokens: int = 1024) -> ToolResult: ...
    def call_tool_async(
        self, prompt: Prompt, tool: Tool, *, max_tokens: int = 1024
    ) -> Awaitable[ToolResult]: ...

@final
class CompletionStream:
    def __iter__(self) -> CompletionStream: ...
    def __next__(self) -> str: ...
    def __aiter__(self) -> CompletionStream: ...
    def __anext__(self) -> Awaitable[str]: ...
    @property
    def usage(self) -> Usage | None: ...
    @property
    def metrics(self) -> Metrics | None: ...

@final
class Usage:
    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...

@final
class Metrics:
    @property
    def model(self) -> str: ...
    @property
    def input_tokens(self) -> int: ...
    @property
    def output_tokens(self) -> int: ...
    @property
    def latency_s(self) -> float: ...
    @property
    def first_token_s(self) -> float | None: ...
    @property
    def retries(self) -> int: ...

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
    @property
    def metrics(self) -> Metrics: ...

@final
class ToolResult:
    @property
    def arguments(self) -> dict[str, Any]: ...
    @property
    def metrics(self) -> Metrics: ...

@final
class ModelInfo:
    @property
    def id(self) -> str: ...
    @property
    def provider(self) -> str: ...
    @property
    def api_id(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def replaces(self) -> list[str]: ...
    @property
    def context_window(self) -> int: ...
    @property
    def output_limit(self) -> int: ...
    @property
    def supports_tools(self) -> bool: ...
    @property
    def supports_streaming(self) -> bool: ...
    @property
    def structured_output(self) -> str: ...

class VibectlError(Exception):
    provider: str

class MissingKeyError(VibectlError): ...
class InvalidKeyError(VibectlError): ...

class UnknownModelError(VibectlError):
    closest: list[str]

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
