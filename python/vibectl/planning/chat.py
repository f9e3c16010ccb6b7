"""`vibectl chat`: a session of requests typed at a prompt, each planned, confirmed, run and
summarised as `vibectl vibe` does (`carry_out`), the memory and the last output carried from one
turn to the next. Line editing and history come from the standard library's readline; the history
is kept in the state directory and written atomically when the session ends.

`/` commands: `/memory`, `/memory clear`, `/model [NAME]`, `/help`, `/exit` (or Ctrl-D). Ctrl-C
at the prompt clears the line; during a turn it ends the turn, not the session. With
`--mode semiauto`, the confirmation's exit (x) ends the session.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vibectl.exit_codes import OK
from vibectl.memory import store as memory
from vibectl.options import resolve
from vibectl.planning.run import carry_out, current_memory, plan_asking, someone_can_stop
from vibectl.prompts.planner import next_step_prompt
from vibectl.summary import render

if TYPE_CHECKING:
    from vibectl import _core
    from vibectl.options import Choices, Overrides
    from vibectl.prompts.prompt import Prompt, Resource

PROMPT = "vibectl> "
HISTORY_LINES = 1000
HELP = (
    "Type a request (`why is billing crashing?`), or: /memory, /memory clear, /model [NAME], "
    "/help, /exit (or Ctrl-D)."
)


def history_file() -> Path:
    from vibectl import _core

    return Path(_core.memory_path()).with_name("chat_history")


class Session:
    def __init__(self, choices: Choices, settings: _core.Settings) -> None:
        from vibectl import _core

        self.choices = choices
        self.settings = settings
        self.model = _core.get_model(choices.model)
        self.last_output: Resource | None = None

    def turn(self, request: str) -> bool:
        """One request: planned (with the last turn's output), confirmed, run, summarised; False
        when the answer was exit (`--mode semiauto`), which ends the session."""

        def prompt_for(text: str) -> Prompt:
            return next_step_prompt(
                text,
                memory=current_memory(self.choices),
                instructions=self.settings.custom_instructions,
                history=[self.last_output] if self.last_output else [],
                must_end=not someone_can_stop(loop=False),
            )

        action, _ = plan_asking(self.model, prompt_for, request)
        step = carry_out(
            action,
            self.choices,
            self.settings,
            ask_read_only=True,
            request=[request],
            command="chat",
        )
        if step.output is not None:
            self.last_output = step.output
        return not step.ended

    def command(self, line: str) -> bool:
        """A `/` command; False when it ends the session."""
        from vibectl import _core

        name, _, argument = line.partition(" ")
        argument = argument.strip()
        if name in ("/exit", "/quit"):
            return False
        if name == "/memory" and argument == "clear":
            memory.replace("", self.settings.memory_max_chars)
            render.notice("Memory cleared.")
        elif name == "/memory" and not argument:
            render.notice(memory.read() or "(the memory is empty)")
        elif name == "/model" and not argument:
            render.notice(f"Model: {self.model.name}")
        elif name == "/model":
            try:
                self.model = _core.get_model(argument)
            except _core.VibectlError as exc:
                render.error(str(exc))
            else:
                self.choices = dataclasses.replace(self.choices, model=argument)
                render.notice(f"Model: {self.model.name}")
        else:
            render.notice(HELP if name == "/help" else f"Unknown command {name}. {HELP}")
        return True


def chat(overrides: Overrides) -> int:
    from vibectl import _core

    choices, settings = resolve(overrides)
    session = Session(choices, settings)
    path = history_file()
    _load_history(path)
    render.notice(f"vibectl chat with {session.model.name}. {HELP}")
    try:
        while True:
            try:
                line = input(PROMPT).strip()
            except KeyboardInterrupt:  # as in a shell: the line is dropped
                render.notice("")
                continue
            except EOFError:
                render.notice("")
                break
            if line.startswith("/"):
                if not session.command(line):
                    break
            elif line:
                try:
                    if not session.turn(line):
                        break
                except KeyboardInterrupt:
                    render.notice("Interrupted.")
                except _core.VibectlError as exc:
                    render.error(str(exc))
    finally:
        _save_history(path)
    return OK


def _load_history(path: Path) -> None:
    """The earlier sessions' lines, for the arrow keys (readline; Windows' Python has none)."""
    if sys.platform == "win32":
        return
    import readline

    if path.is_file():
        readline.read_history_file(path)
    readline.set_history_length(HISTORY_LINES)


def _save_history(path: Path) -> None:
    """The session's history, the last HISTORY_LINES lines, written atomically."""
    if sys.platform == "win32":
        return
    import readline

    from vibectl import _core

    count = readline.get_current_history_length()
    first = max(1, count - HISTORY_LINES + 1)
    lines = [readline.get_history_item(i) for i in range(first, count + 1)]
    path.parent.mkdir(parents=True, exist_ok=True)
    _core.atomic_write_text(str(path), "".join(f"{line}\n" for line in lines if line))
