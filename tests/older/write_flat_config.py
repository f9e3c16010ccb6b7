"""Write the flat config of the older vibectl 0.2-0.9 with its own code: vibectl 0.9.1's
`Config` class, imported from its wheel (beside the venv, tests/tools/install-older-vibectl),
sets each KEY=VALUE given, with its own checks and YAML writer, in `$HOME/.vibectl/config.yaml`.

Run by the older vibectl's interpreter: `python write_flat_config.py theme=dark memory=...`.
"""

from __future__ import annotations

import sys
from pathlib import Path

wheel = next((Path(sys.executable).parent.parent / "flat").glob("vibectl-0.9.1-*.whl"))
sys.path.insert(0, str(wheel))

from vibectl.config import Config  # type: ignore[import-not-found]  # noqa: E402

config = Config()
assert Path(__import__("vibectl").__file__).is_relative_to(wheel), "0.9.1, not the venv's"
for pair in sys.argv[1:]:
    key, _, value = pair.partition("=")
    config.set(key, value)
print(config.config_file)
