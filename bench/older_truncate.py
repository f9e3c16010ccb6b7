"""The older vibectl's preparation of kubectl's output, timed in its own venv; prints JSON.

python older_truncate.py FILE    the seconds `process_auto` takes over FILE's text (the call
                                 its `get` makes before the summary request), and the
                                 characters it keeps
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    # The processor its command handler uses (max_chars=5000), as `vibectl get` calls it.
    from vibectl.command_handler import output_processor  # type: ignore[import-not-found]

    text = Path(sys.argv[1]).read_text()
    start = time.perf_counter()
    kept = output_processor.process_auto(text).truncated
    seconds = time.perf_counter() - start
    json.dump(
        {"prepare": seconds, "bytes": len(text.encode()), "sent_chars": len(kept)}, sys.stdout
    )


if __name__ == "__main__":
    main()
