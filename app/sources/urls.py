"""URL normalisation, so that one page is one source however its link was copied."""

import re
import string
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "igshid", "mc_cid", "mc_eid", "ref_src", "s"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _keep_param(name: str) -> bool:
    lowered = name.lower()
    return not lowered.startswith("utm_") and lowered not in TRACKING_PARAMS


TRAILING = re.compile(r"[/\s]+$")
# A path is kept percent-encoded, as a browser copies it: a letter outside ASCII ("Статья")
# written as its UTF-8 escapes, escapes in upper case, and an escaped unreserved character
# (RFC 3986: letters, digits, -._~) as itself; so "/Статья" and "/%D0%A1%D1%82..." are one.
PATH_SAFE = "/:@!$&'()*+,;=%" + "-._~"
ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


def _escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in UNRESERVED else f"%{match.group(1).upper()}"


def _path(path: str) -> str:
    encoded = quote(LONE_PERCENT.sub("%25", path), safe=PATH_SAFE)
    return ESCAPE.sub(_escape, encoded)


def _host(host: str) -> str:
    """The host in ASCII: an internationalised name as its IDNA (punycode) form, which is how
    a browser copies it ("пример.рф" is "xn--e1afmkfd.xn--p1ai"); one IDNA refuses stays as
    written."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalize_url(raw: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters."""
    parts = urlsplit(raw.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError("must be an http or https URL")
    host = _host((parts.hostname or "").lower().rstrip("."))
    if not host or " " in host:
        raise ValueError("must have a host name")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    # Trailing slashes and white space go together: the whole URL was stripped of white space,
    # so "/a/\u00a0/" must not leave "/a/\u00a0", which a second pass would cut again.
    path = _path(TRAILING.sub("", parts.path)) or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)]
    )
    return urlunsplit((scheme, netloc, path, query, ""))
