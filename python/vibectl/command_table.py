"""Every command besides the kubectl verbs: the module it lives in and the line `vibectl --help`
shows for it, so that listing the commands imports none of them."""

from __future__ import annotations

from vibectl.kubectl.verbs import VERBS

# name: (module, attribute, the line in `vibectl --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "audit": ("vibectl.commands.audit", "audit", "Show the commands vibectl ran for plans."),
    "auto": ("vibectl.commands.vibe", "auto", "Repeat vibe steps until the goal is reached."),
    "chat": ("vibectl.commands.chat", "chat", "A session: requests planned, run and summarised."),
    "check": ("vibectl.commands.vibe", "check", "Investigate a predicate read-only; exit 0-3."),
    "completion": (
        "vibectl.commands.completion",
        "completion",
        "Print a shell completion script (bash, zsh or fish).",
    ),
    "config": ("vibectl.commands.config", "config", "Show and change vibectl's configuration."),
    "edit": (
        "vibectl.commands.edit",
        "edit",
        "Edit a resource in your editor, or by request (edit vibe).",
    ),
    "instructions": (
        "vibectl.commands.instructions",
        "instructions",
        "Show or change the instructions added to every prompt.",
    ),
    "just": ("vibectl.commands.just", "just", "Run kubectl itself, with no model."),
    "keys": ("vibectl.commands.keys", "keys", "Show where each provider's API key comes from."),
    "mcp": ("vibectl.commands.mcp", "mcp", "Serve vibectl's tools to MCP clients."),
    "memory": ("vibectl.commands.memory", "memory", "Show or change vibectl's memory."),
    "models": ("vibectl.commands.models", "models", "List the models and whether each is usable."),
    "plugin": ("vibectl.commands.replaced", "plugin", "Gone: see `vibectl instructions`."),
    "semiauto": (
        "vibectl.commands.vibe",
        "semiauto",
        "Repeat vibe steps, asking before every command.",
    ),
    "setup-proxy": (
        "vibectl.commands.replaced",
        "setup_proxy",
        "Gone: a gateway is a provider (docs/config.md).",
    ),
    "theme": ("vibectl.commands.theme", "theme", "List or set the colour theme."),
    "vibe": ("vibectl.commands.vibe", "vibe", "Plan the next kubectl command, confirm, run it."),
}

# The commands that run kubectl: kubectl's global flags given before them are theirs.
KUBECTL_COMMANDS = frozenset(
    {"just", "edit", "vibe", "auto", "semiauto", "check", *(verb.kubectl[0] for verb in VERBS)}
)
