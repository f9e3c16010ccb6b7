"""API discovery and OpenAPI documents, from the discovery snapshot bundled with kmock.

kmock ships `resources.json.gz`: the APIResourceList of every group-version of a recent cluster.
The emulator serves those documents verbatim (plus the Scale subresource's group/version, which
the snapshot lacks), and derives from them a minimal OpenAPI v3 document per group-version: just
the PATCH operations with the `fieldValidation` parameter, which is what kubectl's
`--validate=strict` (the default) probes before leaving validation to the server.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
from dataclasses import dataclass

from support.k8s.objects import Obj

SERVER_VERSION: Obj = {
    "major": "1",
    "minor": "31",
    "gitVersion": "v1.31.9",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2025-05-15T00:00:00Z",
    "goVersion": "go1.23.8",
    "compiler": "gc",
    "platform": "linux/amd64",
}


@dataclass(frozen=True)
class ResourceType:
    group: str
    version: str
    plural: str
    kind: str
    namespaced: bool
    subresources: frozenset[str]

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """`deployments.apps`, `pods`: how API error messages name the resource."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    def path(self, namespace: str | None = None) -> str:
        prefix = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        ns = f"/namespaces/{namespace}" if self.namespaced and namespace else ""
        return f"{prefix}{ns}/{self.plural}"


def _bundled_documents() -> list[Obj]:
    data = importlib.resources.files("kmock._internal").joinpath("resources.json.gz").read_bytes()
    documents = json.loads(gzip.decompress(data))
    assert isinstance(documents, list)
    return documents


class Discovery:
    """Everything the emulator knows about resource types, and the discovery documents."""

    def __init__(self) -> None:
        self.documents: dict[str, Obj] = {}
        self.group_versions: dict[str, list[str]] = {}
        self._types: dict[tuple[str, str, str], ResourceType] = {}
        self._kinds: dict[tuple[str, str], ResourceType] = {}
        for doc in _bundled_documents():
            gv = str(doc["groupVersion"])
            group, _, version = gv.rpartition("/")
            self.group_versions.setdefault(group, []).append(version)
            for entry in doc["resources"]:
                if entry["name"].endswith("/scale"):
                    entry.update(group="autoscaling", version="v1")
            self.documents[gv] = doc
            subresources: dict[str, set[str]] = {}
            for entry in doc["resources"]:
                parent, _, sub = entry["name"].partition("/")
                if sub:
                    subresources.setdefault(parent, set()).add(sub)
            for entry in doc["resources"]:
                if "/" in entry["name"]:
                    continue
                rtype = ResourceType(
                    group,
                    version,
                    entry["name"],
                    entry["kind"],
                    bool(entry.get("namespaced")),
                    frozenset(subresources.get(entry["name"], ())),
                )
                self._types[group, version, rtype.plural] = rtype
                self._kinds.setdefault((rtype.api_version, rtype.kind), rtype)

    def resource(self, group: str, version: str, plural: str) -> ResourceType | None:
        return self._types.get((group, version, plural))

    def of_kind(self, api_version: str, kind: str) -> ResourceType | None:
        return self._kinds.get((api_version, kind))

    def api_versions(self) -> Obj:
        return {
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": ""}],
        }

    def _group(self, group: str) -> Obj:
        versions = [
            {"groupVersion": f"{group}/{v}", "version": v} for v in self.group_versions[group]
        ]
        return {"name": group, "versions": versions, "preferredVersion": versions[0]}

    def group_list(self) -> Obj:
        groups = [self._group(g) for g in self.group_versions if g]
        return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}

    def group(self, group: str) -> Obj | None:
        if not group or group not in self.group_versions:
            return None
        return {"kind": "APIGroup", "apiVersion": "v1", **self._group(group)}

    def openapi_index(self) -> Obj:
        paths = {}
        for gv in self.documents:
            prefix = "apis/" if "/" in gv else "api/"
            paths[prefix + gv] = {"serverRelativeURL": f"/openapi/v3/{prefix}{gv}"}
        return {"paths": paths}

    def openapi_document(self, gv: str) -> Obj | None:
        """A minimal OpenAPI v3 document: PATCH operations that accept `fieldValidation`."""
        doc = self.documents.get(gv)
        if doc is None:
            return None
        group, _, version = gv.rpartition("/")
        paths: Obj = {}
        for entry in doc["resources"]:
            if "/" in entry["name"] or "patch" not in entry.get("verbs", []):
                continue
            rtype = self._types[group, version, entry["name"]]
            path = rtype.path("{namespace}" if rtype.namespaced else None) + "/{name}"
            paths[path] = {
                "patch": {
                    "operationId": f"patch{rtype.kind}",
                    "x-kubernetes-action": "patch",
                    "x-kubernetes-group-version-kind": {
                        "group": group,
                        "version": version,
                        "kind": rtype.kind,
                    },
                    "parameters": [
                        {"name": "fieldValidation", "in": "query", "schema": {"type": "string"}},
                        {"name": "dryRun", "in": "query", "schema": {"type": "string"}},
                        {"name": "fieldManager", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        return {
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": SERVER_VERSION["gitVersion"]},
            "paths": paths,
            "components": {"schemas": {}},
        }
