"""Canonical article URLs: one record per article whatever variant of its URL was seen."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query keys added by share buttons, newsletters and analytics; they never select content.
TRACKING_PREFIXES = ("utm_",)
TRACKING_KEYS = frozenset({"fbclid", "gclid", "zarsrc", "zaloshare", "mc_cid", "mc_eid", "_ga", "ref", "refid"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonicalize_url(url: str, *, mobile_prefixes: tuple[str, ...] = ()) -> str:
    """Fold mobile paths, tracking parameters, fragments, default ports and case of the host.

    >>> canonicalize_url("HTTP://Example.gov.vn:80/m/tin/a.html?utm_source=x&id=2#top", mobile_prefixes=("/m",))
    'http://example.gov.vn/tin/a.html?id=2'
    """
    return _canonical(url, tuple(mobile_prefixes))


# Pure and called for every link of every page: the same related and listing links recur from page
# to page (reprocess reads thousands). Bounded, so memory stays flat however many URLs go through.
@lru_cache(maxsize=16384)
def _canonical(url: str, mobile_prefixes: tuple[str, ...]) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{parts.port}"
    path = _strip_mobile_prefix(parts.path or "/", mobile_prefixes)
    query = urlencode(sorted(_content_params(parts.query)))
    return urlunsplit((scheme, netloc, path, query, ""))


def _strip_mobile_prefix(path: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        prefix = prefix.rstrip("/")
        if path == prefix or path.startswith(prefix + "/"):
            return path[len(prefix) :] or "/"
    return path


def _content_params(query: str) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if not key.lower().startswith(TRACKING_PREFIXES) and key.lower() not in TRACKING_KEYS
    ]
