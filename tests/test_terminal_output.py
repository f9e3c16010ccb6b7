"""How the summary looks: rich markup drawn as it streams on a terminal (after a spinner), plain
text when piped or on a dumb terminal, in the theme of the config (NO_COLOR and tall summaries:
test_terminal_screen)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support.k8s.seed import PAYMENTS
from support.llm.server import LLMServer
from support.terminal import run_on_terminal
from support.vibectl_cli import Vibectl
from vibectl import exit_codes

# Split by the loopback server into two-word deltas: "[bold red]billing-worker[/bold " | "red] is "
# | …, so tags arrive cut in two.
SUMMARY = (
    "[bold red]billing-worker[/bold red] is [error]CrashLoopBackOff[/error] "
    "since [time]47m[/time]; [kind]Deployment[/kind] [name]api[/name] is "
    "[healthy]ready[/healthy] [2/2]."
)
PLAIN = "billing-worker is CrashLoopBackOff since 47m; Deployment api is ready [2/2]."
ESC = "\x1b["


def test_piped_output_is_plain_even_when_tags_arrive_in_pieces(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(SUMMARY)
    done = vibectl.run("get", "pods", "-n", PAYMENTS)
    assert done.returncode == 0, done.stderr
    assert done.stdout == PLAIN + "\n"


def test_a_terminal_gets_a_spinner_then_the_summary_drawn_as_it_arrives(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    llm_server.reply_text(SUMMARY)
    shown = vibectl.on_terminal("get", "pods", "-n", PAYMENTS)
    assert shown.returncode == 0, shown.stderr
    assert ESC in shown.output
    assert "Asking claude-sonnet-5-5…" in shown.text
    assert shown.text.rstrip().endswith(PLAIN)
    assert "[bold" not in shown.text
    assert shown.text.count("billing-worker") >= 5, "drawn again with each piece"
    assert shown.text.index("Asking") < shown.text.index("billing-worker")


def test_display_stream_false_draws_the_summary_once(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    assert vibectl.run("config", "set", "display.stream", "false").returncode == 0
    llm_server.reply_text(SUMMARY)
    shown = vibectl.on_terminal("get", "pods", "-n", PAYMENTS)
    assert shown.returncode == 0, shown.stderr
    assert shown.text.count("billing-worker") == 1
    assert shown.text.rstrip().endswith(PLAIN)
    llm_server.reply_text(SUMMARY)
    assert vibectl.run("get", "pods", "-n", PAYMENTS).stdout == PLAIN + "\n"


def test_no_color_with_term_dumb_means_no_escape_codes(
    vibectl: Vibectl, llm_server: LLMServer
) -> None:
    vibectl.env["NO_COLOR"] = "1"
    llm_server.reply_text(SUMMARY)
    shown = run_on_terminal(
        vibectl.executable, "get", "pods", "-n", PAYMENTS, env=vibectl.env, term="dumb"
    )
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.output
    assert shown.output.replace("\r\n", "\n") == PLAIN + "\n"


def styled_error(vibectl: Vibectl, llm_server: LLMServer) -> str:
    """The escape sequence that starts the [error] text on a truecolor terminal."""
    vibectl.env["COLORTERM"] = "truecolor"
    llm_server.reply_text("[error]CrashLoopBackOff[/error]")
    shown = vibectl.on_terminal("get", "pods", "-n", PAYMENTS)
    assert shown.returncode == 0, shown.stderr
    before = shown.output.rsplit("CrashLoopBackOff", 1)[0]
    return before[before.rindex(ESC) :]


@pytest.mark.parametrize(
    ("theme", "style"),
    [
        ("default", "\x1b[1;31m"),
        ("dark", "\x1b[1;91m"),
        ("light", "\x1b[1;38;5;160m"),
        ("accessible", "\x1b[1;4;38;2;213;94;0m"),  # bold, underlined, Okabe-Ito vermillion
    ],
)
def test_themes_style_the_tags(
    vibectl: Vibectl, llm_server: LLMServer, theme: str, style: str
) -> None:
    if theme != "default":
        assert vibectl.run("theme", "set", theme).returncode == 0
    assert styled_error(vibectl, llm_server) == style


def test_theme_list_and_set(vibectl: Vibectl) -> None:
    assert vibectl.run("theme", "list").stdout == "* default\n  dark\n  light\n  accessible\n"
    done = vibectl.run("theme", "set", "accessible")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("display.theme set to accessible in ")
    assert vibectl.run("config", "get", "display.theme").stdout == "accessible\n"
    assert vibectl.run("theme", "list").stdout.splitlines()[3] == "* accessible"
    wrong = vibectl.run("theme", "set", "neon")
    assert wrong.returncode == exit_codes.USAGE
    assert "'neon' is not one of 'default', 'dark', 'light', 'accessible'" in wrong.stderr


def test_theme_list_on_a_terminal_shows_samples(vibectl: Vibectl) -> None:
    shown = vibectl.on_terminal("theme", "list")
    assert shown.returncode == 0, shown.stderr
    assert ESC in shown.output
    assert "* default" in shown.text
    assert shown.text.count("Deployment api 2/2 ready") == 4


def test_piped_output_does_not_load_rich(vibectl: Vibectl, llm_server: LLMServer) -> None:
    llm_server.reply_text(SUMMARY)
    probe = (
        "import sys\n"
        "from vibectl.cli import main\n"
        "sys.argv = ['vibectl', 'get', 'pods', '-n', 'payments']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=vibectl.env, capture_output=True, text=True, check=True
    )
    assert done.stdout == PLAIN + "\n"
    assert done.stderr == "False\n"


def test_the_themes_are_those_the_config_allows_for_the_tags_the_prompt_asks_for() -> None:
    from vibectl import _core
    from vibectl.context.prepare import CommandOutput
    from vibectl.kubectl.verbs import VERBS
    from vibectl.prompts.summary import summary_prompt
    from vibectl.summary.themes import THEMES

    [theme] = [key for key in _core.config_schema() if key.key == "display.theme"]
    assert theme.kind == f"one of {', '.join(THEMES)}"
    output = CommandOutput(["get", "pods"], "", "", "text/plain", redacted=0, cut=None)
    system = "\n".join(summary_prompt(VERBS[0], output, instructions=None).system)
    for styles in THEMES.values():
        for tag in styles:
            assert f"[{tag}]" in system
