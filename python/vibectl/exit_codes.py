"""Every exit code vibectl chooses, named once; docs/exit-codes.md is the same table.

An answer (`check`'s four, a goal not reached, a declined command) never shares a code with an
error, so a script can tell "the predicate is false" from "there was no key". A kubectl verb
exits with kubectl's own code when kubectl failed (kubectl uses 1), as kubectl would.
"""

from __future__ import annotations

OK = 0

# `vibectl check`'s answers (CHECK_TRUE is OK).
CHECK_TRUE = 0
CHECK_FALSE = 1
CHECK_POORLY_POSED = 2
CHECK_CANNOT_DETERMINE = 3

# `vibe`, `auto`, `VERB vibe`: the request was not carried out.
NOT_DONE = 4  # auto stopped at --limit; the planner could not do it, asked, or was refused
DECLINED = 5  # you answered no to a planned command

# `vibectl keys check`: a key is unusable, or none is configured.
KEYS_UNUSABLE = 1

# Errors: codes no answer uses.
USAGE = 64  # a command line vibectl cannot read (sysexits' EX_USAGE)
MODEL_FAILED = 69  # the model could not answer: a provider error (EX_UNAVAILABLE)
FAILED = 70  # something else went wrong: an editor failed, a draft was invalid (EX_SOFTWARE)
CONFIG = 78  # the config, a key or a model name cannot be used (EX_CONFIG)
KUBECTL_NOT_FOUND = 127  # kubectl could not be started (as a shell says)
INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


def for_core_error(exc: BaseException) -> int:
    """The code of an error the core raised: the provider's failures, else the setup's."""
    from vibectl import _core

    return MODEL_FAILED if isinstance(exc, _core.ProviderError) else CONFIG
