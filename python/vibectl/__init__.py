"""vibectl: kubectl with an LLM that summarises its output and plans commands.

Importing this package does nothing: every module is imported when a command needs it, so
`vibectl --help` stays instant. `vibectl.__version__` is the core's, which Cargo.toml sets for
the crate, the wheel, the sdist and the Nix package alike; reading it loads the core.
"""


def __getattr__(name: str) -> str:
    if name == "__version__":
        from vibectl._core import __version__

        return __version__
    raise AttributeError(f"module 'vibectl' has no attribute {name!r}")
