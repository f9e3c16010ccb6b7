"""The emulator's object store: kmock's ObjectsArray, with resource versions and watch events.

Objects are kept under kmock's own keys (resource, namespace, name) with kmock's soft-deleting
history, so kmock's assertion helpers would work on them too. Every effective write gets the
next resourceVersion and queues a watch event, which the server publishes after the write (and
the controllers' reactions to it) are done. This class implements `controller.Store`.
"""

from __future__ import annotations

import copy
import datetime as dt

import kmock

from support.k8s.discovery import Discovery, ResourceType
from support.k8s.objects import UTC, Obj, format_time, metadata, name_of, namespace_of, stable_uid

WatchEvent = tuple[ResourceType, str, Obj]  # (resource type, ADDED/MODIFIED/DELETED, object)


def _without_resource_version(obj: Obj) -> Obj:
    stripped = dict(obj)
    md = obj.get("metadata", {})
    stripped["metadata"] = {k: v for k, v in md.items() if k != "resourceVersion"}
    return stripped


class Store:
    def __init__(self, objects: kmock.ObjectsArray, discovery: Discovery) -> None:
        self._objects = objects
        self._discovery = discovery
        self._revision = 0
        self._events: list[WatchEvent] = []

    @property
    def revision(self) -> int:
        """The latest resourceVersion handed out (never goes back, not even on clear)."""
        return self._revision

    def type_of(self, obj: Obj) -> ResourceType:
        api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
        rtype = self._discovery.of_kind(api_version, kind)
        if rtype is None:
            raise LookupError(f"no kind {kind!r} is registered for version {api_version!r}")
        return rtype

    @staticmethod
    def _key(rtype: ResourceType, namespace: str | None, name: str) -> kmock.ObjectKey:
        resource = kmock.resource(rtype.group, rtype.version, rtype.plural)
        return (resource, namespace if rtype.namespaced else None, name)

    def get(self, rtype: ResourceType, namespace: str | None, name: str) -> Obj | None:
        key = self._key(rtype, namespace, name)
        if key not in self._objects or self._objects[key].deleted:
            return None
        return copy.deepcopy(self._objects[key].raw)

    def of_type(self, rtype: ResourceType, namespace: str | None = None) -> list[Obj]:
        """Live objects of one resource type, sorted by namespace and name like etcd keys."""
        resource = kmock.resource(rtype.group, rtype.version, rtype.plural)
        found = sorted(
            ((ns or "", name), obj)
            for (res, ns, name), obj in self._objects.items()
            if res == resource and not obj.deleted and namespace in (None, ns)
        )
        return [copy.deepcopy(obj.raw) for _, obj in found]

    def select(self, api_version: str, kind: str, namespace: str | None = None) -> list[Obj]:
        rtype = self._discovery.of_kind(api_version, kind)
        return [] if rtype is None else self.of_type(rtype, namespace)

    def everything(self) -> list[Obj]:
        return [copy.deepcopy(obj.raw) for obj in self._objects.values() if not obj.deleted]

    def save(self, obj: Obj) -> Obj:
        rtype = self.type_of(obj)
        key = self._key(rtype, namespace_of(obj), name_of(obj))
        current = self.get(rtype, namespace_of(obj), name_of(obj))
        if current is not None and _without_resource_version(current) == (
            _without_resource_version(obj)
        ):
            return current
        self._revision += 1
        new = copy.deepcopy(obj)
        md = metadata(new)
        md["resourceVersion"] = str(self._revision)
        md.setdefault(
            "uid", stable_uid(rtype.kind, md.get("namespace", ""), md["name"], str(self._revision))
        )
        md.setdefault("creationTimestamp", format_time(dt.datetime.now(UTC)))
        if key not in self._objects:
            self._objects[key] = new
        elif self._objects[key].deleted:
            self._objects[key].create(new)
        else:
            self._objects[key].history.append(new)
        self._events.append((rtype, "ADDED" if current is None else "MODIFIED", new))
        return copy.deepcopy(new)

    def remove(self, obj: Obj) -> None:
        rtype = self.type_of(obj)
        key = self._key(rtype, namespace_of(obj), name_of(obj))
        if key in self._objects and not self._objects[key].deleted:
            last = copy.deepcopy(self._objects[key].raw)
            self._objects[key].delete()
            self._revision += 1
            self._events.append((rtype, "DELETED", last))

    def clear(self) -> None:
        self._objects.clear()
        self._events.clear()

    def take_events(self) -> list[WatchEvent]:
        events, self._events = self._events, []
        return events
