"""Post-processing of the generated OpenAPI document."""

import copy
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from app.core.problems import MEDIA_TYPE

PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
# Examples taken from the demo data, one per component schema (app.core.openapi_examples).
EXAMPLES_FILE = Path(__file__).with_name("openapi_examples.json")


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of the document."""
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            yield path, method, operation


def _problem_media_types(schema: dict[str, Any]) -> None:
    """Error responses are application/problem+json, not application/json."""
    for _path, _method, operation in _operations(schema):
        for status, response in operation.get("responses", {}).items():
            content = response.get("content", {})
            if status[:1] in {"4", "5"} and "application/json" in content:
                content[MEDIA_TYPE] = content.pop("application/json")


def _created_links(schema: dict[str, Any], collection: str) -> dict[str, Any]:
    """Links from a create on `collection` to every operation on the resource it made."""
    paths = schema.get("paths", {})
    inherited = PATH_PARAMETER.findall(collection)
    links: dict[str, Any] = {}
    for path, path_item in paths.items():
        rest = path.removeprefix(collection + "/")
        if rest == path or not rest.startswith("{"):
            continue
        own = rest[1 : rest.index("}")]
        parameters = {name: f"$request.path.{name}" for name in inherited}
        parameters[own] = "$response.body#/id"
        for operation in path_item.values():
            if "operationId" in operation and PATH_PARAMETER.findall(path) == [*inherited, own]:
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": parameters,
                }
    return links


def _links(schema: dict[str, Any]) -> None:
    """OpenAPI links from each create (201) to the operations on what it created."""
    for path, method, operation in list(_operations(schema)):
        created = operation.get("responses", {}).get("201")
        if method == "post" and created is not None:
            links = _created_links(schema, path)
            if links:
                created["links"] = links


@cache
def stored_examples() -> dict[str, Any]:
    """The demo's example of each component schema, by schema name (read once; none before
    the file is first made)."""
    if not EXAMPLES_FILE.exists():
        return {}
    stored: dict[str, Any] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    return {name: entry["example"] for name, entry in stored.items()}


def _examples(schema: dict[str, Any]) -> None:
    """Every component schema without examples of its own gets the demo's."""
    stored = stored_examples()
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        if "examples" not in component and name in stored:
            component["examples"] = [copy.deepcopy(stored[name])]


def install_openapi(app: FastAPI, *, extra: Any = None) -> None:
    """Generate the document once, with our fixes applied."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            _problem_media_types(schema)
            _links(schema)
            _examples(schema)
            if extra is not None:
                extra(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
