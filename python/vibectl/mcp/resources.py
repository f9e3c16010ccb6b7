"""The resources: the memory and the custom instructions (read-only), and the name of the
kubectl context vibectl's commands use."""

from __future__ import annotations

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError

from vibectl.prompts.prompt import memory_resource

MEMORY_URI = memory_resource("").uri
INSTRUCTIONS_URI = "vibectl://instructions"
CONTEXT_URI = "vibectl://context"


def register(server: MCPServer) -> None:
    @server.resource(
        MEMORY_URI,
        name="memory",
        description="What vibectl remembers between commands (`vibectl memory show`).",
        mime_type="text/plain",
    )
    def memory() -> str:
        from vibectl.memory import store

        return store.read()

    @server.resource(
        INSTRUCTIONS_URI,
        name="instructions",
        description="The instructions added to every prompt (`vibectl instructions show`).",
        mime_type="text/plain",
    )
    def instructions() -> str:
        from vibectl import _core

        return _core.load_settings().custom_instructions or ""

    @server.resource(
        CONTEXT_URI,
        name="context",
        description="The kubectl context vibectl's commands use (kubectl config current-context).",
        mime_type="text/plain",
    )
    async def context() -> str:
        from vibectl import _core
        from vibectl.kubectl.run import KubectlNotFoundError
        from vibectl.mcp.running import run_for_call

        settings = _core.load_settings()
        try:
            result = await run_for_call(["config", "current-context"], settings)
        except KubectlNotFoundError as exc:
            raise ResourceError(str(exc)) from None
        if result.returncode != 0:
            raise ResourceError(f"kubectl config current-context: {result.stderr.strip()}")
        return result.stdout.strip()
