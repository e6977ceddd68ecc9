"""One exception base for every error the service means to return."""

from collections.abc import Mapping, Sequence
from typing import Any


class FieldError(ValueError):
    """A model validator's complaint about one of the model's fields: the 422 names the field
    (`body.figures[0].lower`), not only the object that holds it."""

    def __init__(self, field: str, message: str) -> None:
        """The field's name and what is wrong with it."""
        super().__init__(message)
        self.field = field


class AppError(Exception):
    """An error with an HTTP status, rendered as application/problem+json."""

    status: int = 400
    title: str = "Bad request"
    slug: str = "bad-request"
    error_type: str = "value_error"  # the `type` of the one error that `loc` names

    def __init__(
        self,
        detail: str,
        *,
        loc: Sequence[str | int] | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """`loc` names the one field at fault (an `errors` entry of its own), unless `errors`
        lists them."""
        if loc is not None and errors is None:
            errors = [{"loc": list(loc), "msg": detail, "type": self.error_type}]
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


class BadRequest(AppError):
    """The request cannot be read (bad JSON, bad cursor)."""


class Unauthorized(AppError):
    """No valid API key."""

    status, title, slug = 401, "Unauthorized", "unauthorized"


class Forbidden(AppError):
    """The key lacks the scope the operation needs."""

    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(AppError):
    """No such resource."""

    status, title, slug = 404, "Not found", "not-found"


class Conflict(AppError):
    """The change would break a uniqueness rule or orphan other records."""

    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(AppError):
    """If-Match named a version that is no longer current."""

    status, title, slug = 412, "Precondition failed", "precondition-failed"


class RequestTimeout(AppError):
    """The request body stopped arriving, or came too slowly, while its request held a lock."""

    status, title, slug = 408, "Request timeout", "request-timeout"
    error_type = "timeout"


class PayloadTooLarge(AppError):
    """The body is larger than the configured limit."""

    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnsupportedMediaType(AppError):
    """The body is not in a media type the operation takes."""

    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class Unprocessable(AppError):
    """The request is well-formed but its content is invalid."""

    status, title, slug = 422, "Validation failed", "validation-error"


class PreconditionRequired(AppError):
    """The server requires If-Match on this change."""

    status, title, slug = 428, "Precondition required", "precondition-required"


class TooManyRequests(AppError):
    """The key went over its rate limit."""

    status, title, slug = 429, "Too many requests", "rate-limited"
