"""Versions, ETags and If-Match: a stale version changes nothing."""

import re
from typing import Annotated

from fastapi import Depends, Header, Request, Response

from app.core.errors import BadRequest, PreconditionFailed, PreconditionRequired

# Optional whitespace is HTTP's (space, tab); ASCII digits only. The documented pattern says the
# same in ECMA-262 (OpenAPI's regex dialect) as in Python.
ETAG_PATTERN = re.compile(r'^[ \t]*(W/)?"([0-9]{1,18})"[ \t]*$')
_TAG = r'(?:W/)?"[0-9]{1,18}"'
IF_MATCH_PATTERN = rf"^[ \t]*(?:\*|{_TAG}(?:[ \t]*,[ \t]*{_TAG})*)[ \t]*$"
# The versions an If-Match names (RFC 9110, 13.1.1: a list, any of which may match), or None
# for any version (no If-Match, or `*`). It compares strongly: a weak tag is well-formed but
# matches no version, so If-Match: W/"3" names the empty set.
Expected = frozenset[int] | None


def etag(version: int) -> str:
    """The ETag of a resource at a version."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Tag a single-resource response with its version."""
    response.headers["ETag"] = etag(version)


async def _expected_version(
    request: Request,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=256,
            description=(
                'The version you last read, as its ETag (`"3"`); a stale one gets 412, and so '
                'does a weak ETag (`W/"3"`: If-Match compares strongly). `*` matches any version; '
                'a list (`"3", "4"`) matches any version it names.'
            ),
            json_schema_extra={"pattern": IF_MATCH_PATTERN},
        ),
    ] = None,
) -> Expected:
    if if_match is None:
        if request.app.state.settings.require_if_match:
            raise PreconditionRequired(
                'this server requires If-Match: send the ETag you last read, e.g. If-Match: "3"'
            )
        return None
    # Header lines of one name are one comma-separated list (RFC 9110, 5.3).
    listed = ",".join(request.headers.getlist("if-match")) or if_match
    versions: set[int] = set()
    for entry in listed.split(","):
        if entry.strip(" \t") == "*":
            return None
        match = ETAG_PATTERN.match(entry)
        if match is None:
            raise BadRequest(f'If-Match must be an ETag such as "3", not {listed[:40]!r}')
        weak, version = match.groups()
        if not weak:
            versions.add(int(version))
    return frozenset(versions)


ExpectedVersion = Annotated[Expected, Depends(_expected_version)]


def check_version(*, what: str, current: int, expected: Expected) -> None:
    """412 when the client's version (any of them) is not the current one."""
    if expected is None or current in expected:
        return
    if not expected:
        detail = (
            f"{what} is at version {current}; a weak ETag never matches (If-Match compares "
            f'strongly): send "{current}" if that is the version you read'
        )
    else:
        named = ", ".join(str(version) for version in sorted(expected))
        detail = f"{what} is at version {current}, not {named}: read it again and retry"
    raise PreconditionFailed(
        detail, headers={"ETag": etag(current)}, extra={"current_version": current}
    )
