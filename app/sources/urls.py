"""URL normalisation, so that one page is one source however its link was copied."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"fbclid", "gclid", "igshid", "mc_cid", "mc_eid", "ref_src", "s"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def _keep_param(name: str) -> bool:
    lowered = name.lower()
    return not lowered.startswith("utm_") and lowered not in TRACKING_PARAMS


TRAILING = re.compile(r"[/\s]+$")


def normalize_url(raw: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters."""
    parts = urlsplit(raw.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValueError("must be an http or https URL")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host or " " in host:
        raise ValueError("must have a host name")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port") from None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    # Trailing slashes and white space go together: the whole URL was stripped of white space,
    # so "/a/\u00a0/" must not leave "/a/\u00a0", which a second pass would cut again.
    path = TRAILING.sub("", parts.path) or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)]
    )
    return urlunsplit((scheme, netloc, path, query, ""))
