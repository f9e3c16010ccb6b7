"""Planting an API key in each place vibectl reads keys from, for precedence and leak tests."""

from __future__ import annotations

import json
import secrets
import shlex
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

# The documented order, highest first (docs/keys.md).
SOURCES = (
    "var",
    "file_var",
    "config_key",
    "config_key_file",
    "config_key_command",
    "credentials",
    "legacy_var",
    "llm_keys_json",
)


def distinctive_key(label: str, provider: str = "anthropic") -> str:
    """A key that passes offline checks and is unique enough to search for anywhere."""
    prefix = "sk-ant-api03-" if provider == "anthropic" else "sk-proj-"
    return f"{prefix}{label.replace('_', '')}-{secrets.token_hex(20)}"


@dataclass
class KeyPlanter:
    """Puts keys into an environment and files under `root`; `config_toml()` renders the config."""

    env: MutableMapping[str, str]
    root: Path
    config: dict[str, dict[str, object]] = field(default_factory=dict)

    def _file(self, name: str, text: str, mode: int = 0o600) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(mode)
        return path

    def plant(self, source: str, key: str, provider: str = "anthropic") -> str:
        """Plant `key` in `source`; returns how vibectl names that source (its start)."""
        planted: str = getattr(self, f"_{source}")(key, provider)
        return planted

    def _var(self, key: str, provider: str) -> str:
        name = f"VIBECTL_{provider.upper()}_API_KEY"
        self.env[name] = key
        return name

    def _file_var(self, key: str, provider: str) -> str:
        path = self._file(f"env-key-{provider}", key + "\n")
        self.env[f"VIBECTL_{provider.upper()}_API_KEY_FILE"] = str(path)
        return f"VIBECTL_{provider.upper()}_API_KEY_FILE={path}"

    def _config_key(self, key: str, provider: str) -> str:
        self.config.setdefault(provider, {})["key"] = key
        return f"providers.{provider}.key in "

    def _config_key_file(self, key: str, provider: str) -> str:
        path = self._file(f"config-key-{provider}", key + "\n")
        self.config.setdefault(provider, {})["key_file"] = str(path)
        return f"providers.{provider}.key_file={path} in "

    def _config_key_command(self, key: str, provider: str) -> str:
        # Like `pass show` or `op read`: the command fetches the key from a store of its own.
        store = self._file(f"store-{provider}", key + "\n")
        command = ["sh", "-c", f"cat {shlex.quote(str(store))}"]
        self.config.setdefault(provider, {})["key_command"] = command
        return f"providers.{provider}.key_command (sh …) in "

    def _credentials(self, key: str, provider: str) -> str:
        self._file(f"credentials/{provider}_api_key", key)
        self.env["CREDENTIALS_DIRECTORY"] = str(self.root / "credentials")
        return f"$CREDENTIALS_DIRECTORY/{provider}_api_key"

    def _legacy_var(self, key: str, provider: str) -> str:
        name = f"{provider.upper()}_API_KEY"
        self.env[name] = key
        return name

    def _llm_keys_json(self, key: str, provider: str) -> str:
        path = self.root / "llm" / "keys.json"
        note = {"// Note": "This file stores secret API credentials. Do not share!"}
        entries = json.loads(path.read_text()) if path.exists() else note
        entries[provider] = key
        self._file("llm/keys.json", json.dumps(entries))
        self.env["LLM_USER_PATH"] = str(path.parent)
        return f"llm keys.json ({path})"

    def config_toml(self) -> str:
        lines: list[str] = []
        for provider, fields in self.config.items():
            if fields:
                lines.append(f"[providers.{provider}]")
                lines.extend(f"{name} = {json.dumps(value)}" for name, value in fields.items())
        return "\n".join(lines) + "\n"

    def write_config(self, home: Path) -> Path:
        path = home / ".config" / "vibectl" / "config.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.config_toml())
        return path
