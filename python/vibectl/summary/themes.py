"""The colour themes: rich styles for the tags the summary prompt asks for.

Plain data, so `vibectl --help` and `vibectl theme list` need no rich to know the names.
`accessible` never tells healthy from failing by red and green alone: it uses the Okabe–Ito
colours, and marks errors with bold and underline and warnings with bold.
"""

from __future__ import annotations

# The tags, as the prompt asks for them: [name], [healthy], [warning], [error], [kind], [time].
THEMES: dict[str, dict[str, str]] = {
    "default": {
        "name": "bold",
        "healthy": "green",
        "warning": "yellow",
        "error": "bold red",
        "kind": "blue",
        "time": "italic",
    },
    "dark": {
        "name": "bold bright_white",
        "healthy": "bright_green",
        "warning": "bright_yellow",
        "error": "bold bright_red",
        "kind": "bright_cyan",
        "time": "italic grey70",
    },
    "light": {
        "name": "bold black",
        "healthy": "green4",
        "warning": "dark_orange3",
        "error": "bold red3",
        "kind": "blue3",
        "time": "italic grey35",
    },
    "accessible": {
        "name": "bold",
        "healthy": "#0072b2",
        "warning": "bold #e69f00",
        "error": "bold underline #d55e00",
        "kind": "#cc79a7",
        "time": "italic",
    },
}
