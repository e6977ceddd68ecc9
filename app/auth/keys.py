"""Making and checking API keys. Pure: no web, no database."""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

KEY_PATTERN = re.compile(r"^ct_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,64})$")
SCOPES = ("read", "write", "admin")


@dataclass(frozen=True, slots=True)
class NewKey:
    """A key as shown once to its owner, with what is stored of it."""

    token: str
    prefix: str
    digest: str


def digest(token: str) -> str:
    """The stored form of a key: its SHA-256 (keys are random, so no salt or stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_key() -> NewKey:
    """A fresh random key `ct_<prefix>_<secret>`."""
    prefix = secrets.token_hex(4)
    token = f"ct_{prefix}_{secrets.token_urlsafe(32)}"
    return NewKey(token=token, prefix=prefix, digest=digest(token))


def prefix_of(token: str) -> str | None:
    """The visible prefix of a well-formed key, or None."""
    match = KEY_PATTERN.match(token)
    return match.group(1) if match else None


def matches(token: str, stored_digest: str) -> bool:
    """Whether a presented key is the stored one, in constant time."""
    return hmac.compare_digest(digest(token), stored_digest)


def grants(scope: str, needed: str) -> bool:
    """Each scope covers the ones before it: admin covers write and read, write covers read."""
    return SCOPES.index(scope) >= SCOPES.index(needed)
