"""The flag table planned commands are parsed with is the pinned kubectl's own: regenerated here
from its help (scripts/kubectl-flags), it must equal the checked-in table; and every flag whose
help speaks of files, servers, users or credentials is either refused or reviewed below."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from vibectl.kubectl import grammar
from vibectl.planning.safety import REFUSED_GLOBAL, REFUSED_LOCAL

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "scripts" / "kubectl-flags"
TABLE = REPO / "python" / "vibectl" / "kubectl" / "flags.json"

# Flags whose help matches _SENSITIVE but which cannot point kubectl elsewhere or at a local file.
REVIEWED = {
    "all-namespaces": "mentions the context's namespace",
    "allow-missing-template-keys": "a template option",
    "audience": "create token, which is refused",
    "bound-object-kind": "create token, which is refused",
    "bound-object-name": "create token, which is refused",
    "bound-object-uid": "create token, which is refused",
    "duration": "create token, which is refused",
    "client": "version --client prints the client's version",
    "disable-compression": "how the server's answers are sent",
    "match-server-version": "a check of the server's version",
    "request-timeout": "a timeout",
    "warnings-as-errors": "how the server's warnings are treated",
    "docker-password": "data of a secret created in the cluster (a mutating, confirmed verb)",
    "docker-server": "data of a secret created in the cluster (a mutating, confirmed verb)",
    "docker-username": "data of a secret created in the cluster (a mutating, confirmed verb)",
    "dry-run": "where the request runs: the client, or the same server",
    "field-selector": "a query the server answers",
    "force-conflicts": "server-side apply's conflicts",
    "server-side": "apply on the same server",
    "server-print": "the same server's table output",
    "validate": "schema checks on the same server",
    "from-literal": "a literal value (only --from-file and --from-env-file read files)",
    "interactive": "asks on stdin, which a planned command gets empty",
    "local": "works without the server, on the -f input (only -f - is allowed)",
    "node-port": "a service's port",
    "non-resource-url": "a URL path in an RBAC rule",
    "patch": "the patch text itself (--patch-file reads a file, and is refused)",
    "raw": "a URI on the same server, through the kubeconfig's transport",
    "recursive": "only with -f DIRECTORY, and only -f - is allowed",
    "rule": "an ingress rule",
    "tail": "lines of the log",
    "template": "a template string: -o …-file, the only way it names a file, is refused",
    "windows-line-endings": "only with --edit, which is refused",
}
# Judged by value in vibectl/planning/safety.py: -f only as `-f -`, -o only formats that read
# no file, --context only as the user's own.
JUDGED_BY_VALUE = {"filename", "output", "context"}

_SENSITIVE = re.compile(
    r"\b(files?|filenames?|paths?|director(?:y|ies)|urls?|uri|kubeconfig|server|tokens?"
    r"|impersonat\w*|certificates?|certs?|keys?|passwords?|username|user|cluster|context|tls"
    r"|profile|cache|editor|edit|credentials?|identity|local|write|read)\b",
    re.IGNORECASE,
)


def _generated(kubectl: Path, *options: str) -> str:
    done = subprocess.run(
        [sys.executable, str(GENERATOR), *options, str(kubectl)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_checked_in_table_is_what_the_pinned_kubectl_says(kubectl_bin: Path) -> None:
    generated = _generated(kubectl_bin)
    assert generated == TABLE.read_text(), (
        f"the flag table drifted from kubectl's help: run scripts/kubectl-flags {kubectl_bin} "
        f"> {TABLE.relative_to(REPO)} and review the new flags in vibectl/planning/safety.py"
    )
    assert grammar.table_version() == "v1.31.9"


def test_every_flag_that_speaks_of_files_or_identity_is_refused_or_reviewed(
    kubectl_bin: Path,
) -> None:
    descriptions = json.loads(_generated(kubectl_bin, "--descriptions"))
    unreviewed = []
    for command, flags in descriptions.items():
        refused = REFUSED_GLOBAL if command == "global" else REFUSED_LOCAL
        for name, text in flags.items():
            known = name in refused or name in REVIEWED or name in JUDGED_BY_VALUE
            if _SENSITIVE.search(text) and not known:
                unreviewed.append(f"{command} --{name}: {text}")
    assert not unreviewed, (
        "classify these in vibectl/planning/safety.py or REVIEWED:\n" + "\n".join(unreviewed)
    )
    reviewed_but_refused = set(REVIEWED) & (set(REFUSED_GLOBAL) | set(REFUSED_LOCAL))
    assert not reviewed_but_refused
