"""Test fixtures: the fake LLM server, the Kubernetes API emulator, and helpers."""
