"""Every schema of the OpenAPI document has examples (API.md; issue 15: real demo values), each
valid against its schema, and the stored ones (app/core/openapi_examples.json) are what the demo
gives today: regenerating them from a fresh demo database changes nothing."""

import copy
import json
from typing import Any

import httpx
import jsonschema_rs
import pytest

from app.core.openapi_doc import EXAMPLES_FILE
from app.core.openapi_examples import generate, render
from app.main import create_app
from app.settings import Settings

REGENERATE = "run `.venv/bin/python -m app.core.openapi_examples` and review the file's diff"


@pytest.fixture(scope="module")
async def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """/openapi.json as the app serves it (serving it reads no database)."""
    folder = tmp_path_factory.mktemp("openapi")
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'unused.db'}"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.get("/openapi.json")
    await app.state.db.dispose()
    assert answer.status_code == 200
    served: dict[str, Any] = answer.json()
    return served


def _strict(schema: Any) -> Any:
    """A copy of schema in which an object takes no property it does not name."""
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    strict = {key: _strict(value) for key, value in schema.items()}
    if "properties" in strict and "additionalProperties" not in strict:
        strict["additionalProperties"] = False
    return strict


def _problems(document: dict[str, Any], components: dict[str, Any]) -> dict[str, list[str]]:
    """What is wrong with each example of each component schema, checked against components
    (JSON Schema 2020-12, formats included, $refs resolved in the whole document)."""
    problems = {}
    for name, schema in document["components"]["schemas"].items():
        root = {"$ref": f"#/components/schemas/{name}", "components": components}
        validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
        for index, example in enumerate(schema.get("examples", [])):
            errors = [
                f"/{'/'.join(map(str, error.instance_path))}: {error.message}"
                for error in validator.iter_errors(example)
            ]
            if errors:
                problems[f"{name} example {index}"] = errors
    return problems


def test_every_component_schema_has_examples(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert len(schemas) > 50
    without = [
        name
        for name, schema in schemas.items()
        if not isinstance(schema.get("examples"), list) or not schema["examples"]
    ]
    assert without == [], f"no examples: {without}; {REGENERATE}"


def test_every_example_is_valid_against_its_schema(document: dict[str, Any]) -> None:
    assert _problems(document, document["components"]) == {}


def test_examples_carry_no_field_their_schema_does_not_name(document: dict[str, Any]) -> None:
    strict = {**document["components"], "schemas": _strict(document["components"]["schemas"])}
    assert _problems(document, strict) == {}


def test_the_validation_sees_a_broken_example(document: dict[str, Any]) -> None:
    """The checks above are not vacuous: $refs resolve, types, formats and names are checked."""
    broken = copy.deepcopy(document)
    schemas = broken["components"]["schemas"]
    page = schemas["Page_ClaimRead_"]["examples"][0]
    page["items"][0]["figures"][0]["normalized"]["low"] = "900"
    page["items"][0]["created_at"] = "yesterday"
    del schemas["SpeakerRef"]["examples"][0]["name"]
    schemas["Health"]["examples"][0]["uptime"] = 3
    loose = _problems(broken, broken["components"])
    assert sorted(loose) == ["Page_ClaimRead_ example 0", "SpeakerRef example 0"]
    assert len(loose["Page_ClaimRead_ example 0"]) == 2
    strict = {**broken["components"], "schemas": _strict(schemas)}
    assert "Health example 0" in _problems(broken, strict)


def test_the_stored_examples_are_what_the_demo_gives_today(scratch_database_url: str) -> None:
    """A fresh demo database of either engine, driven through the app, gives exactly the
    stored file: a schema, a route or the demo that changed without the examples is caught
    here, and so is an answer that differs between the engines."""
    stored = EXAMPLES_FILE.read_text(encoding="utf-8")
    made = render(generate(scratch_database_url))
    if not scratch_database_url.startswith("sqlite"):
        # The file is SQLite's; PostgreSQL's sequences do not give back the id a refused
        # write took, so the ids a dry run says it would give are later there, and keys may
        # come in another order (the same values).
        stored, made = _without_new_ids(stored), _without_new_ids(made)
        if _entries(made) == _entries(stored):
            return
    if made != stored:
        changed = [
            name for name, entry in _entries(made).items() if _entries(stored).get(name) != entry
        ] + sorted(set(_entries(stored)) - set(_entries(made)))
        pytest.fail(f"the stored OpenAPI examples are stale ({changed}): {REGENERATE}")


def _entries(text: str) -> dict[str, Any]:
    """The examples of a stored file's text, by schema name."""
    entries: dict[str, Any] = json.loads(text)
    return entries


def _without_new_ids(text: str) -> str:
    """The stored file's text without the ids of rows an import says it created."""

    def strip(value: Any) -> Any:
        if isinstance(value, list):
            return [strip(item) for item in value]
        if isinstance(value, dict):
            created = value.get("status") == "created"
            return {k: strip(v) for k, v in value.items() if not (created and k == "id")}
        return value

    return render(strip(_entries(text)))
