"""What the older vibectl (0.11.6) needs before it can be timed, and why.

Both facts were found running it against the loopback server; they are printed with every run.
"""

from __future__ import annotations

from pathlib import Path

from sandbox import KEY, Sandbox, setup

MODEL = "claude-haiku-4.5"

FACTS = (
    "The older vibectl needs its key in `llm keys` as well as in `VIBECTL_ANTHROPIC_API_KEY`: "
    "it copies the variable into `ANTHROPIC_API_KEY` inside a `with ModelEnvironment(…)` block "
    "that, for its non-streamed calls (the plan, the memory update), ends before llm sends the "
    "request; llm then finds no key (\"No key found - add one using 'llm keys set anthropic'\"), "
    "so `get vibe` fails and `get pods` loses its memory update. "
    "The bench runs `llm keys set anthropic --value KEY` in its HOME.",
    f"It needs a model its llm plugin still serves: its default, `claude-3.7-sonnet`, is "
    f"llm-anthropic's alias of `claude-3-7-sonnet-latest`, which the anthropic SDK it installs "
    f"lists as end-of-life on February 19th, 2026. The bench runs "
    f"`vibectl config set llm.model {MODEL}` (it checks the name with `llm.get_model` and "
    f"writes `llm.model` to `$XDG_CONFIG_HOME/vibectl/client/config.yaml`).",
)


def prepare(box: Sandbox, peers: Path) -> None:
    """The older vibectl's key in llm's keys.json, and its model, in the peers' HOME."""
    setup(box.command("peers", peers, f"llm keys set anthropic --value {KEY}"))
    setup(box.command("peers", peers, f"vibectl config set llm.model {MODEL}"))
