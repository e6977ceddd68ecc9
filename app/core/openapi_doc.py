"""Post-processing of the generated OpenAPI document."""

from typing import Any

from fastapi import FastAPI

from app.core.problems import MEDIA_TYPE


def _problem_media_types(schema: dict[str, Any]) -> None:
    """Error responses are application/problem+json, not application/json."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in {"4", "5"} and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")


def install_openapi(app: FastAPI, *, extra: Any = None) -> None:
    """Generate the document once, with our fixes applied."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            _problem_media_types(schema)
            if extra is not None:
                extra(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
