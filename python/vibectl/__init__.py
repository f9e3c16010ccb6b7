"""vibectl: kubectl with an LLM that summarises its output and plans commands.

Importing this package does nothing but define the version: every module is imported when a
command needs it, so `vibectl --help` stays instant.
"""

__version__ = "0.1.0"
