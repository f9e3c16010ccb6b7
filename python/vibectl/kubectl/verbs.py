"""The kubectl verbs vibectl summarises: one row per verb, and every command is built from it.

`focus` is what the summary pays attention to for that verb; `mutating` says whether the verb
changes the cluster (the prompt tells the model, and a failed summary says the change was made);
`ok_exit_codes` are the exit codes of a kubectl that did its job (`kubectl diff` exits 1 when
it found differences); `live` verbs show kubectl's output as it arrives, because it runs until
stopped (`port-forward`). Importing this module is free: it is data, read by `vibectl --help`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verb:
    kubectl: tuple[str, ...]
    help: str
    focus: str
    mutating: bool
    ok_exit_codes: tuple[int, ...] = (0,)
    live: bool = False

    @property
    def name(self) -> str:
        """The verb's words as the user types them after `vibectl`, e.g. `rollout status`."""
        return " ".join(self.kubectl)


def _read(words: str, help: str, focus: str, ok_exit_codes: tuple[int, ...] = (0,)) -> Verb:
    return Verb(tuple(words.split()), help, focus, mutating=False, ok_exit_codes=ok_exit_codes)


def _change(words: str, help: str, focus: str) -> Verb:
    return Verb(tuple(words.split()), help, focus, mutating=True)


VERBS: tuple[Verb, ...] = (
    _read(
        "get",
        "Show resources",
        "which resources there are and their state: what is healthy, and what is not ready, "
        "restarting, pending or failing, and why",
    ),
    _read(
        "describe",
        "Show the details of resources",
        "the resource's state, its conditions, and the events that explain a problem",
    ),
    _read(
        "logs",
        "Show a container's logs",
        "errors and warnings, what the container was doing, and what explains a failure; "
        "mention when the log starts and ends",
    ),
    _read(
        "events",
        "Show events",
        "warnings and the resources they concern, repeated events, and the order things happened",
    ),
    _change("create", "Create resources", "what was created, and anything that failed"),
    _change(
        "apply",
        "Apply a configuration to resources",
        "what was created, configured or left unchanged, and any validation error",
    ),
    _change("delete", "Delete resources", "what was deleted, and anything that was not found"),
    _change("scale", "Set the number of replicas", "what was scaled, and to how many replicas"),
    _read(
        "rollout status",
        "Show the status of a rollout",
        "whether the rollout finished, is progressing or is stuck, and on what",
    ),
    _read(
        "rollout history",
        "Show the revisions of a rollout",
        "the revisions and what changed between them",
    ),
    _change(
        "rollout undo",
        "Roll back to an earlier revision",
        "what was rolled back, and to which revision",
    ),
    _change("rollout restart", "Restart a rollout", "what was restarted"),
    _change("rollout pause", "Pause a rollout", "what was paused"),
    _change("rollout resume", "Resume a paused rollout", "what was resumed"),
    _read(
        "diff",
        "Show what applying a configuration would change",
        "what would change: fields added, removed and modified, and which changes are risky",
        ok_exit_codes=(0, 1),
    ),
    _change("patch", "Update fields of a resource", "what was patched, and whether it changed"),
    _change("label", "Update the labels of resources", "which resources got which labels"),
    _change(
        "annotate",
        "Update the annotations of resources",
        "which resources got which annotations",
    ),
    _read(
        "wait",
        "Wait for a condition on resources",
        "whether the condition was met, for each resource",
    ),
    Verb(
        ("port-forward",),
        "Forward local ports to a pod or service",
        "which ports were forwarded to what, the connections handled, and any error",
        mutating=False,
        live=True,
    ),
    _read(
        "version",
        "Show the client and server versions",
        "the client and server versions, and whether their skew is supported",
    ),
    _read(
        "cluster-info",
        "Show the addresses of the control plane and services",
        "the control plane and the cluster services, and their addresses",
    ),
    _read(
        "api-resources",
        "Show the API resources the server offers",
        "the API groups and kinds available, notably those beyond the built-in ones",
    ),
    _read(
        "top",
        "Show CPU and memory use",
        "which pods or nodes use the most CPU and memory, and anything close to its limits",
    ),
)

# Help for the verbs that group others (`vibectl rollout status …`).
GROUP_HELP = {"rollout": "Manage the rollout of a resource"}
