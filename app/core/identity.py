"""When two resources are one: names compared as people read them, and the 409 that says so.

A speaker whose name or alias matches another's name or alias, a measure with another's name,
or a claim with another's speaker, said_on and text is a duplicate. A create that would make one,
or a change that would (a speaker renamed or given an alias another answers to, a measure
renamed as another), answers 409 naming the existing resource, unless the client asks for it
with `?duplicate=allow`. Import resolves names by the same keys, so it finds what the API would.
"""

import unicodedata
from collections.abc import Iterable
from typing import Annotated, Literal

from fastapi import Query

from app.core.errors import Conflict

Duplicates = Annotated[
    Literal["refuse", "allow"],
    Query(
        alias="duplicate",
        description=(
            "`refuse` (default): a create, or a change of a name or aliases, that matches an "
            "existing resource (a speaker's name or alias, a measure's name, a claim's speaker, "
            "said_on and text) is a 409 naming it. `allow`: make or change it anyway, so that "
            "two resources answer to the name."
        ),
    ),
]


def name_key(text: str) -> str:
    """A name as people compare names: case, accents and spacing do not count."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(unicodedata.normalize("NFC", bare).split())


def name_keys(labels: Iterable[str | None]) -> set[str]:
    """The keys of several names (empty ones left out)."""
    return {key for label in labels if label and (key := name_key(label))}


def duplicate(
    *, noun: str, plural: str, existing_id: int, slug: str | None, why: str, change: bool = False
) -> Conflict:
    """The 409 for a create (or a `change`) that would duplicate an existing resource."""
    url = f"/v1/{plural}/{existing_id}"
    then = "to make this one answer to it too" if change else "to create a second one"
    return Conflict(
        f"{noun} {slug or existing_id} already exists ({why}); use it ({url}), or send "
        f"?duplicate=allow {then}",
        extra={"existing": {"id": existing_id, "slug": slug, "url": url}},
    )
