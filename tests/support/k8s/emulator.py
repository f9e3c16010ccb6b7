"""A Kubernetes API emulator on loopback that the real kubectl (pinned v1.31.9) talks to.

    python tests/support/k8s/emulator.py --port 0 [--kubeconfig PATH] [--verbose]

binds 127.0.0.1, prints exactly one line `listening http://127.0.0.1:PORT` when ready, and
serves until SIGTERM/SIGINT. `POST /_emulator/reset` restores the seeded cluster
(seed.py). With --kubeconfig it also writes a kubeconfig for itself; --verbose logs every
request to stderr.

Built on kmock: its HTTP server, request parsing, in-memory object store (store.py) and
watch bus. This module is the API semantics kubectl relies on: discovery and OpenAPI
(discovery.py), list kinds, server-side Tables (tables.py), label and field selectors,
create/replace/delete, the three patch types (patch.py), dry runs, the log, scale, status and
eviction subresources, watch streams, metrics for `kubectl top`, and a fake control plane
(controller.py) that reacts to every write, so mutating verbs change the cluster observably.

Not supported: protobuf request bodies (kubectl >= 1.32 sends them for `create <kind>`, `run`,
`expose`; refused with 415) and exec/attach/port-forward/proxy (they need connection upgrades).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the `support` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import asyncio
import copy
import datetime as dt
import json
import signal
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp.web
import kmock
from kmock._internal import parsing
from kmock._internal.aiobus import Bus

from support.k8s.containers import log_lines
from support.k8s.controller import Controller
from support.k8s.defaults import apply_defaults
from support.k8s.discovery import SERVER_VERSION, Discovery, ResourceType
from support.k8s.metrics import node_metrics, pod_metrics
from support.k8s.objects import (
    UTC,
    Obj,
    drop_nulls,
    format_time,
    labels_of,
    metadata,
    name_of,
    namespace_of,
    stable_suffix,
)
from support.k8s.patch import PatchError, json_patch, merge_patch, strategic_merge_patch
from support.k8s.seed import seed_objects
from support.k8s.selector import (
    SelectorError,
    format_label_selector,
    parse_field_selector,
    parse_label_selector,
)
from support.k8s.store import Store
from support.k8s.tables import render_table

HOST = "127.0.0.1"
FAKE_TOKEN = "emulator-fake-token"

# Reviews that are answered, never stored: `kubectl auth can-i` and `kubectl auth whoami`.
_REVIEW_KINDS = frozenset({"SelfSubjectAccessReview", "SubjectAccessReview", "SelfSubjectReview"})
_SCALABLE = frozenset({"Deployment", "ReplicaSet", "StatefulSet"})
_UPGRADE_SUBRESOURCES = frozenset({"exec", "attach", "portforward", "proxy"})


def kubeconfig_text(url: str, namespace: str = "default") -> str:
    """A kubeconfig for the emulator: plain http, a fake bearer token, one context."""
    return (
        "apiVersion: v1\n"
        "kind: Config\n"
        "clusters:\n"
        "- name: emulator\n"
        "  cluster:\n"
        f"    server: {url}\n"
        "users:\n"
        "- name: emulator-user\n"
        "  user:\n"
        f"    token: {FAKE_TOKEN}\n"
        "contexts:\n"
        "- name: emulator\n"
        "  context:\n"
        "    cluster: emulator\n"
        "    user: emulator-user\n"
        f"    namespace: {namespace}\n"
        "current-context: emulator\n"
        "preferences: {}\n"
    )


def install_kmock_fixes() -> None:
    """kmock 0.8 parses `/api/v1/namespaces[/NAME[/status|/finalize]]` as a namespace prefix
    (and fails with ValueError on the bare list); those paths are the Namespace resource."""
    original = parsing.parse_path
    if getattr(original, "emulator_fix", False):
        return

    def parse_path(path: str) -> parsing.ParsedPath:
        parts = path.strip("/").split("/")
        if parts[:3] == ["api", "v1", "namespaces"] and (
            len(parts) <= 4 or (len(parts) == 5 and parts[4] in ("status", "finalize"))
        ):
            name = parts[3] if len(parts) > 3 else None
            sub = parts[4] if len(parts) > 4 else None
            return parsing.ParsedPath("", "v1", "namespaces", None, name, sub)
        return original(path)

    parse_path.emulator_fix = True  # type: ignore[attr-defined]
    parsing.parse_path = parse_path


# -- API errors, worded as the API server words them -----------------------------------------


def api_error(code: int, reason: str, message: str, details: Obj | None = None) -> Exception:
    return kmock.KubernetesError(status=code, reason=reason, message=message, details=details)


def not_found(rtype: ResourceType, name: str) -> Exception:
    details = {"name": name, "group": rtype.group, "kind": rtype.plural}
    return api_error(404, "NotFound", f'{rtype.qualified} "{name}" not found', details)


def bad_request(message: str) -> Exception:
    return api_error(400, "BadRequest", message)


def invalid(rtype: ResourceType, name: str, message: str) -> Exception:
    details = {"name": name, "group": rtype.group, "kind": rtype.kind}
    return api_error(422, "Invalid", f'{rtype.kind} "{name}" is invalid: {message}', details)


def no_such_resource() -> Exception:
    return api_error(404, "NotFound", "the server could not find the requested resource")


def status_body(code: int, reason: str, message: str, *, status: str = "Failure") -> Obj:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": status,
        "message": message,
        "reason": reason,
        "code": code,
    }


# -- one request for a resource ---------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """A resource request resolved against discovery: what, where, and how."""

    request: kmock.Request
    rtype: ResourceType
    namespace: str | None
    name: str | None

    @property
    def method(self) -> str:
        return str(self.request.method.value)

    @property
    def params(self) -> Mapping[str, str]:
        return self.request.params

    @property
    def object_name(self) -> str:
        assert self.name is not None, "only for requests that name an object"
        return self.name

    @property
    def dry_run(self) -> bool:
        return bool(self.params.get("dryRun"))

    @property
    def content_type(self) -> str:
        return self.request.headers.get("Content-Type", "").split(";")[0].strip()

    @property
    def wants_table(self) -> bool:
        return "as=Table" in self.request.headers.get("Accept", "")

    def flag(self, param: str) -> bool:
        return self.params.get(param) in ("true", "1")

    def body(self) -> Obj:
        """The request's object: nulls dropped, apiVersion/kind defaulted and checked."""
        data = self.request.data
        if not isinstance(data, dict):
            raise bad_request("the request body must be a JSON object")
        body: Obj = drop_nulls(data)
        body.setdefault("apiVersion", self.rtype.api_version)
        body.setdefault("kind", self.rtype.kind)
        if (body["apiVersion"], body["kind"]) != (self.rtype.api_version, self.rtype.kind):
            raise bad_request(
                f"the API version in the data ({body['apiVersion']}) does not match the expected "
                f"API version ({self.rtype.api_version}) or kind ({self.rtype.kind})"
            )
        return body

    def selectors(self) -> Callable[[Obj], bool]:
        try:
            labels = parse_label_selector(self.params.get("labelSelector"))
            fields = parse_field_selector(self.params.get("fieldSelector"))
        except SelectorError as exc:
            raise bad_request(str(exc)) from exc
        return lambda obj: labels(labels_of(obj)) and fields(obj)


Operation = Callable[[Call], Obj]


class WatchClosed(Exception):
    """Put on the watch buses at reset: open watches end, as when an API server restarts."""


# -- the server ---------------------------------------------------------------------------------


class KubernetesAPIEmulator(kmock.KubernetesEmulator):
    """kmock's KubernetesEmulator (its object store, request parsing and error rendering) with
    the request handling replaced: `_handle` serves everything, kmock's reactions are unused."""

    discovery: Discovery
    store: Store
    controller: Controller
    verbose: bool
    _clock: Callable[[], dt.datetime]
    _write_lock: asyncio.Lock
    _watch_buses: dict[ResourceType, Bus[Obj | WatchClosed]]

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        self.discovery = Discovery()
        self.store = Store(self.objects, self.discovery)
        self._clock = lambda: dt.datetime.now(UTC).replace(microsecond=0)
        self.controller = Controller(self._clock)
        self._write_lock = asyncio.Lock()
        self._watch_buses = {}
        self.verbose = False

    async def __call__(self, raw_request: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        if "protobuf" in raw_request.headers.get("Content-Type", ""):
            message = (
                "protobuf request bodies are not supported by the emulator: "
                "use kubectl 1.31 (tests/tools/install-kubectl)"
            )
            response: aiohttp.web.StreamResponse = aiohttp.web.json_response(
                status_body(415, "UnsupportedMediaType", message), status=415
            )
        else:
            response = await super().__call__(raw_request)
        if self.verbose:
            print(f"{raw_request.method} {raw_request.path_qs} {response.status}", file=sys.stderr)
        return response

    async def _render_error(self, exc: Exception) -> aiohttp.web.StreamResponse:
        if isinstance(exc, kmock.KubernetesError):
            body = status_body(exc.status, exc.reason or "", exc.message or "")
            if exc.details:
                body["details"] = exc.details
            return aiohttp.web.json_response(body, status=exc.status)
        traceback.print_exc()
        body = status_body(500, "InternalError", f"emulator error: {exc!r}")
        return aiohttp.web.json_response(body, status=500)

    async def reset(self) -> None:
        """Restore the seeded cluster; open watches are closed."""
        async with self._write_lock:
            self.store.clear()
            self._requests.clear()
            for errors in self._errors:
                errors.clear()
            for obj in seed_objects(self._clock()):
                self.store.save(obj)
            self.controller.reset()
            self.controller.reconcile(self.store)
            self.store.take_events()
            for bus in self._watch_buses.values():
                await bus.put(WatchClosed())

    async def _handle(self, request: kmock.Request) -> aiohttp.web.StreamResponse:
        path = request.url.path.rstrip("/") or "/"
        if path == "/_emulator/reset" and request.method.value == "POST":
            await self.reset()
            return aiohttp.web.json_response({"resourceVersion": str(self.store.revision)})
        if path in ("/healthz", "/livez", "/readyz"):
            return aiohttp.web.Response(text="ok")
        document = self._document(path, request)
        if document is not None:
            return aiohttp.web.json_response(document)
        res = request.resource
        if res is None or res.plural is None:
            raise no_such_resource()
        rtype = self.discovery.resource(res.group or "", res.version or "", res.plural)
        if rtype is None:
            raise no_such_resource()
        namespace = request.namespace if rtype.namespaced else None
        return await self._serve_resource(Call(request, rtype, namespace, request.name))

    def _document(self, path: str, request: kmock.Request) -> Obj | None:
        """Discovery, version and OpenAPI documents; None if the path is none of those."""
        fixed: dict[str, Callable[[], Obj]] = {
            "/version": lambda: SERVER_VERSION,
            "/api": self.discovery.api_versions,
            "/apis": self.discovery.group_list,
            "/openapi/v3": self.discovery.openapi_index,
        }
        if path in fixed:
            return fixed[path]()
        document: Obj | None
        if path.startswith("/openapi/v3/"):
            gv = path.removeprefix("/openapi/v3/").removeprefix("api/").removeprefix("apis/")
            document = self.discovery.openapi_document(gv)
        elif (res := request.resource) is None or res.plural is not None or request.namespace:
            return None
        elif res.version is None:  # /apis/GROUP
            document = self.discovery.group(res.group or "")
        else:  # /api/v1, /apis/GROUP/VERSION
            gv = f"{res.group}/{res.version}" if res.group else res.version
            document = self.discovery.documents.get(gv)
        if document is None:
            raise no_such_resource()
        return document

    # -- reads -------------------------------------------------------------------------------

    def _get(self, call: Call) -> Obj:
        obj = self.store.get(call.rtype, call.namespace, call.object_name)
        if obj is None:
            raise not_found(call.rtype, call.object_name)
        return obj

    def _selected(self, call: Call) -> list[Obj]:
        matches = call.selectors()
        return [obj for obj in self.store.of_type(call.rtype, call.namespace) if matches(obj)]

    def _respond(self, call: Call, objs: list[Obj], *, single: bool) -> aiohttp.web.StreamResponse:
        """A Table if kubectl asked for one, else the object or a typed list."""
        if call.wants_table:
            table = render_table(
                call.rtype.kind,
                objs,
                self._clock(),
                resource_version=str(self.store.revision),
                include_object=call.params.get("includeObject", "Metadata"),
            )
            return aiohttp.web.json_response(table)
        if single:
            return aiohttp.web.json_response(objs[0])
        return aiohttp.web.json_response(
            {
                "kind": f"{call.rtype.kind}List",
                "apiVersion": call.rtype.api_version,
                "metadata": {"resourceVersion": str(self.store.revision)},
                "items": objs,
            }
        )

    async def _serve_resource(self, call: Call) -> aiohttp.web.StreamResponse:
        if call.rtype.group == "metrics.k8s.io":
            return self._serve_metrics(call)
        if call.request.subresource:
            return await self._serve_subresource(call, call.request.subresource)
        if call.method == "GET":
            if call.flag("watch"):
                return await self._watch(call)
            if call.name is None:
                return self._respond(call, self._selected(call), single=False)
            return self._respond(call, [self._get(call)], single=True)
        writes: dict[tuple[str, bool], tuple[Operation, int]] = {
            ("POST", False): (self._create, 201),
            ("PUT", True): (self._replace, 200),
            ("PATCH", True): (self._patch, 200),
            ("DELETE", True): (self._delete, 200),
            ("DELETE", False): (self._delete_collection, 200),
        }
        write = writes.get((call.method, call.name is not None))
        if write is None:
            message = f"the server does not allow this method on {call.rtype.qualified}"
            raise api_error(405, "MethodNotAllowed", message)
        return await self._write(call, *write)

    # -- writes ------------------------------------------------------------------------------

    async def _write(
        self, call: Call, operation: Operation, status: int
    ) -> aiohttp.web.StreamResponse:
        """One mutation under the lock; then the controllers react and watchers are told."""
        async with self._write_lock:
            result = operation(call)
            if not call.dry_run:
                self.controller.reconcile(self.store)
                for rtype, kind, obj in self.store.take_events():
                    await self._publish(rtype, kind, obj)
        return aiohttp.web.json_response(result, status=status)

    async def _publish(self, rtype: ResourceType, kind: str, obj: Obj) -> None:
        bus = self._watch_buses.get(rtype)
        if bus is not None:
            await bus.put({"type": kind, "object": obj})

    def _commit(self, call: Call, obj: Obj) -> Obj:
        return obj if call.dry_run else self.store.save(obj)

    def _check_namespace(self, call: Call, body: Obj) -> None:
        md = metadata(body)
        if not call.rtype.namespaced:
            md.pop("namespace", None)
            return
        if call.namespace and md.get("namespace") not in (None, call.namespace):
            raise bad_request(
                "the namespace of the provided object does not match the namespace sent on the "
                "request"
            )
        md["namespace"] = md.get("namespace") or call.namespace or "default"
        ns_type = self.discovery.resource("", "v1", "namespaces")
        assert ns_type is not None
        if self.store.get(ns_type, None, md["namespace"]) is None:
            raise not_found(ns_type, md["namespace"])

    def _create(self, call: Call) -> Obj:
        body, rtype = call.body(), call.rtype
        if rtype.kind in _REVIEW_KINDS:
            return _answer_review(body)
        md = metadata(body)
        if not md.get("name") and md.get("generateName"):
            seed = f"{md['generateName']}/{self.store.revision}"
            md["name"] = md["generateName"] + stable_suffix(seed)
        if not md.get("name"):
            message = "metadata.name: Required value: name or generateName is required"
            raise invalid(rtype, "", message)
        self._check_namespace(call, body)
        if self.store.get(rtype, md.get("namespace"), md["name"]) is not None:
            details = {"name": md["name"], "group": rtype.group, "kind": rtype.plural}
            message = f'{rtype.qualified} "{md["name"]}" already exists'
            raise api_error(409, "AlreadyExists", message, details)
        for field in ("resourceVersion", "uid", "deletionTimestamp"):
            md.pop(field, None)
        md["creationTimestamp"] = format_time(self._clock())
        if rtype.group:
            md["generation"] = 1
        if "status" in rtype.subresources:
            body.pop("status", None)
        apply_defaults(body)
        return self._commit(call, body)

    def _update(self, call: Call, current: Obj, new: Obj) -> Obj:
        """Keep what clients cannot change (identity, status); bump generation on spec changes."""
        new = drop_nulls(new)
        md, old_md = metadata(new), current["metadata"]
        sent_version = md.pop("resourceVersion", None)
        if sent_version and sent_version != old_md.get("resourceVersion"):
            details = {
                "name": name_of(current),
                "group": call.rtype.group,
                "kind": call.rtype.plural,
            }
            message = (
                f'Operation cannot be fulfilled on {call.rtype.qualified} "{name_of(current)}": '
                "the object has been modified; please apply your changes to the latest version "
                "and try again"
            )
            raise api_error(409, "Conflict", message, details)
        for field in ("name", "namespace", "uid", "creationTimestamp", "generation"):
            if field in old_md:
                md[field] = old_md[field]
            else:
                md.pop(field, None)
        if "status" in call.rtype.subresources:
            new.pop("status", None)
            if "status" in current:
                new["status"] = current["status"]
        if "generation" in md and new.get("spec") != current.get("spec"):
            md["generation"] = int(md["generation"]) + 1
        apply_defaults(new)
        return self._commit(call, new)

    def _replace(self, call: Call) -> Obj:
        body = call.body()
        if metadata(body).get("name") != call.name:
            raise bad_request("the name of the object does not match the name on the URL")
        return self._update(call, self._get(call), body)

    def _patched(self, call: Call, current: Obj) -> Obj:
        """`current` with the request's patch applied, by its Content-Type."""
        patchers: dict[str, Callable[[Any, Any], Any]] = {
            "application/json-patch+json": json_patch,
            "application/merge-patch+json": merge_patch,
            "application/strategic-merge-patch+json": strategic_merge_patch,
            "application/apply-patch+yaml": strategic_merge_patch,  # server-side apply, roughly
        }
        patcher = patchers.get(call.content_type)
        if patcher is None:
            message = f"the body of the request was in an unknown format: {call.content_type}"
            raise api_error(415, "UnsupportedMediaType", message)
        try:
            patched = patcher(current, call.request.data)
        except PatchError as exc:
            raise api_error(422, "Invalid", str(exc)) from exc
        if not isinstance(patched, dict):
            raise api_error(422, "Invalid", "the patch must result in an object")
        return patched

    def _patch(self, call: Call) -> Obj:
        current = self.store.get(call.rtype, call.namespace, call.object_name)
        if current is None and call.content_type == "application/apply-patch+yaml":
            return self._create(call)  # server-side apply creates missing objects
        if current is None:
            raise not_found(call.rtype, call.object_name)
        return self._update(call, current, self._patched(call, current))

    def _delete(self, call: Call) -> Obj:
        obj = self._get(call)
        if not call.dry_run:
            self.store.remove(obj)
        return obj

    def _delete_collection(self, call: Call) -> Obj:
        items = self._selected(call)
        if not call.dry_run:
            for obj in items:
                self.store.remove(obj)
        return {
            "kind": f"{call.rtype.kind}List",
            "apiVersion": call.rtype.api_version,
            "items": items,
        }

    # -- subresources ------------------------------------------------------------------------

    async def _serve_subresource(self, call: Call, sub: str) -> aiohttp.web.StreamResponse:
        if sub not in call.rtype.subresources:
            raise no_such_resource()
        if sub in _UPGRADE_SUBRESOURCES:
            message = (
                f"{sub} needs a streaming connection upgrade, which the emulator does not support"
            )
            raise bad_request(message)
        handlers: dict[tuple[str, str], Callable[[], Any]] = {
            ("log", "GET"): lambda: self._serve_log(call),
            ("eviction", "POST"): lambda: self._write(call, self._evict, 201),
            ("status", "GET"): lambda: aiohttp.web.json_response(self._get(call)),
            ("status", "PUT"): lambda: self._write(call, self._update_status, 200),
            ("status", "PATCH"): lambda: self._write(call, self._update_status, 200),
        }
        if call.rtype.kind in _SCALABLE:
            handlers |= {
                ("scale", "GET"): lambda: aiohttp.web.json_response(_scale_of(self._get(call))),
                ("scale", "PUT"): lambda: self._write(call, self._scale, 200),
                ("scale", "PATCH"): lambda: self._write(call, self._scale, 200),
            }
        handler = handlers.get((sub, call.method))
        if handler is None:
            message = f"{call.method} is not supported on {call.rtype.qualified}/{sub}"
            raise api_error(405, "MethodNotAllowed", message)
        response = handler()
        if asyncio.iscoroutine(response):
            response = await response
        assert isinstance(response, aiohttp.web.StreamResponse)
        return response

    def _evict(self, call: Call) -> Obj:
        self._delete(call)
        return status_body(201, "", "", status="Success")

    def _scale(self, call: Call) -> Obj:
        obj = self._get(call)
        if call.method == "PUT":
            data = call.request.data
            scale = data if isinstance(data, dict) else {}
        else:
            scale = self._patched(call, _scale_of(obj))
        replicas = (scale.get("spec") or {}).get("replicas")
        if not isinstance(replicas, int) or replicas < 0:
            message = "spec.replicas: Invalid value: must be greater than or equal to 0"
            raise invalid(call.rtype, call.object_name, message)
        updated = copy.deepcopy(obj)
        updated["spec"]["replicas"] = replicas
        saved = self._update(call, obj, updated)
        if call.dry_run:
            return _scale_of(saved)
        self.controller.reconcile(self.store)
        return _scale_of(self._get(call))

    def _update_status(self, call: Call) -> Obj:
        current = self._get(call)
        new = call.body() if call.method == "PUT" else self._patched(call, current)
        updated = copy.deepcopy(current)
        updated["status"] = new.get("status") or {}
        return self._commit(call, updated)

    def _serve_log(self, call: Call) -> aiohttp.web.StreamResponse:
        pod, name = self._get(call), call.object_name
        containers = pod["spec"].get("containers") or []
        wanted = call.params.get("container")
        if wanted is None and len(containers) != 1:
            choices = " ".join(c.get("name", "") for c in containers)
            message = (
                f"a container name must be specified for pod {name}, choose one of: [{choices}]"
            )
            raise bad_request(message)
        container = next((c for c in containers if wanted in (None, c.get("name"))), None)
        if container is None:
            raise bad_request(f"container {wanted} is not valid for pod {name}")
        cname = container.get("name")
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        status = next((s for s in statuses if s.get("name") == cname), None)
        if status is None:
            message = f'container "{cname}" in pod "{name}" is waiting to start: ContainerCreating'
            raise bad_request(message)
        if call.flag("previous") and not status.get("restartCount"):
            raise bad_request(f'previous terminated container "{cname}" in pod "{name}" not found')
        now = self._clock()
        lines = log_lines(pod, container, now)
        if since := call.params.get("sinceSeconds"):
            lines = [(t, line) for t, line in lines if (now - t).total_seconds() <= int(since)]
        if (tail := call.params.get("tailLines")) is not None:
            lines = lines[len(lines) - min(int(tail), len(lines)) :]
        stamp = "%Y-%m-%dT%H:%M:%S.000000000Z " if call.flag("timestamps") else ""
        text = "".join(f"{t.strftime(stamp)}{line}\n" for t, line in lines)
        if limit := call.params.get("limitBytes"):
            text = text.encode()[: int(limit)].decode(errors="ignore")
        return aiohttp.web.Response(text=text, content_type="text/plain")

    # -- watch -------------------------------------------------------------------------------

    async def _watch(self, call: Call) -> aiohttp.web.StreamResponse:
        """Stream watch events as JSON lines; the first object of a Table watch carries the
        column definitions, as with the real server."""
        assert call.request._raw_request is not None
        selected = call.selectors()

        def matches(obj: Obj) -> bool:
            return (
                call.namespace in (None, namespace_of(obj))
                and call.name in (None, name_of(obj))
                and selected(obj)
            )

        bus = self._watch_buses.setdefault(call.rtype, Bus())
        async with self._write_lock:
            mark = await bus.mark()
            # A watch from a resourceVersion continues a list: no replay of existing objects.
            replay = call.params.get("resourceVersion", "") in ("", "0")
            initial = self.store.of_type(call.rtype, call.namespace) if replay else []
        with_columns = True

        def encode(kind: str, obj: Obj) -> bytes:
            nonlocal with_columns
            payload = obj
            if call.wants_table:
                payload = render_table(
                    call.rtype.kind,
                    [obj],
                    self._clock(),
                    resource_version=obj["metadata"].get("resourceVersion", ""),
                    include_object=call.params.get("includeObject", "Metadata"),
                    with_columns=with_columns,
                )
                with_columns = False
            return json.dumps({"type": kind, "object": payload}).encode() + b"\n"

        response = aiohttp.web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(call.request._raw_request)
        try:
            async with asyncio.timeout(float(call.params.get("timeoutSeconds") or 1800)):
                for obj in filter(matches, initial):
                    await response.write(encode("ADDED", obj))
                async for event in bus.stream(since=mark):
                    if isinstance(event, dict) and matches(event["object"]):
                        await response.write(encode(event["type"], event["object"]))
        except (TimeoutError, WatchClosed, ConnectionResetError):
            pass
        finally:
            await bus.unmark(mark)
        await response.write_eof()
        return response

    # -- metrics.k8s.io ----------------------------------------------------------------------

    def _serve_metrics(self, call: Call) -> aiohttp.web.StreamResponse:
        if call.method != "GET":
            raise api_error(405, "MethodNotAllowed", "metrics are read-only")
        kind = "pods" if call.rtype.plural == "pods" else "nodes"
        source = self.discovery.resource("", "v1", kind)
        assert source is not None
        matches = call.selectors()
        objs = [obj for obj in self.store.of_type(source, call.namespace) if matches(obj)]
        now = self._clock()
        items = pod_metrics(objs, now) if kind == "pods" else node_metrics(objs, now)
        if call.name is not None:
            found = [i for i in items if i["metadata"]["name"] == call.name]
            if not found:
                raise not_found(call.rtype, call.name)
            head = {"kind": call.rtype.kind, "apiVersion": call.rtype.api_version}
            return aiohttp.web.json_response({**head, **found[0]})
        head = {"kind": f"{call.rtype.kind}List", "apiVersion": call.rtype.api_version}
        return aiohttp.web.json_response({**head, "metadata": {}, "items": items})


def _scale_of(obj: Obj) -> Obj:
    md = obj["metadata"]
    fields = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {k: md[k] for k in fields if k in md},
        "spec": {"replicas": obj["spec"].get("replicas", 1)},
        "status": {
            "replicas": (obj.get("status") or {}).get("replicas", 0),
            "selector": format_label_selector(obj["spec"].get("selector")),
        },
    }


def _answer_review(body: Obj) -> Obj:
    if body["kind"] == "SelfSubjectReview":
        groups = ["system:masters", "system:authenticated"]
        body["status"] = {"userInfo": {"username": "kubernetes-admin", "groups": groups}}
    else:
        body["status"] = {"allowed": True, "reason": "the emulator authorizes every request"}
    return body


# -- process entry point ----------------------------------------------------------------------


async def serve(port: int, kubeconfig: Path | None, verbose: bool) -> None:
    install_kmock_fixes()
    async with (
        KubernetesAPIEmulator() as emulator,
        kmock.Server(emulator, host=HOST, port=port) as server,
    ):
        emulator.verbose = verbose
        await emulator.reset()
        url = f"http://{HOST}:{server.port}"
        if kubeconfig is not None:
            kubeconfig.write_text(kubeconfig_text(url))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print(f"listening {url}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kubernetes API emulator for kubectl 1.31.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--kubeconfig", type=Path, help="also write a kubeconfig for the server")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.port, args.kubeconfig, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
