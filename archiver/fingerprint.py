"""Which CMS family a page comes from, judged from the `[fingerprint]` tables of the family files.

A fingerprint is data (archiver/profiles/families/*.toml):

    generator = ["regex", …]   # searched in <meta name="generator" content="…">; weight 3 each
    selectors = ["css", …]     # each that matches the page; weight 1
    urls      = ["regex", …]   # searched in the page URL's path (and query); weight 1
    assets    = ["text", …]    # found in a script/link/img/source address; weight 1
    text      = ["text", …]    # found in the page's visible text; weight 1
    absent    = ["css", …]     # must not match: each that does takes 1 off (tells near-twins apart)

A page's score for a family is the weight of the signals it shows (less the absent ones it
shows) over the family's whole positive weight: 1.0 means every signal is there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from lxml import etree
from parsel import Selector
from parsel.csstranslator import css2xpath

from archiver.profiles import FAMILY_DIR, ProfileError, available_families, load_family

GENERATOR_WEIGHT = 3.0  # a generator meta naming the CMS is the strongest single sign
SIGNAL_WEIGHT = 1.0
FINGERPRINT_KEYS = frozenset({"generator", "selectors", "urls", "assets", "text", "absent"})


@dataclass(frozen=True)
class Fingerprint:
    family: str
    generator: tuple[str, ...] = ()
    selectors: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    @property
    def total_weight(self) -> float:
        signals = len(self.selectors) + len(self.urls) + len(self.assets) + len(self.text)
        return GENERATOR_WEIGHT * len(self.generator) + SIGNAL_WEIGHT * signals


class FamilyMatch(NamedTuple):
    family: str
    score: float
    evidence: tuple[str, ...]


def fingerprint_from_dict(family: str, data: Mapping[str, Any]) -> Fingerprint:
    """A Fingerprint from a family file's `[fingerprint]` table; unknown keys and bad patterns are errors."""
    unknown = set(data) - FINGERPRINT_KEYS
    if unknown:
        raise ProfileError(f"families/{family}.toml [fingerprint]: unknown keys {sorted(unknown)}")
    values: dict[str, tuple[str, ...]] = {}
    for key in FINGERPRINT_KEYS:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            raise ProfileError(f"families/{family}.toml [fingerprint] {key}: must be a list of strings")
        values[key] = tuple(items)
    for pattern in values["generator"] + values["urls"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProfileError(f"families/{family}.toml [fingerprint]: bad pattern {pattern!r}: {exc}") from exc
    for query in values["selectors"] + values["absent"]:
        try:
            _compiled(query)
        except Exception as exc:  # cssselect and lxml raise several kinds for a bad selector
            raise ProfileError(f"families/{family}.toml [fingerprint]: bad selector {query!r}: {exc}") from exc
    return Fingerprint(family=family, **values)


# Read once per family folder (keyed by its name: a zipped egg's folder objects are not hashable).
_LOADED: dict[str, tuple[Fingerprint, ...]] = {}


def load_fingerprints(families: Traversable = FAMILY_DIR) -> tuple[Fingerprint, ...]:
    """The fingerprint of every family file that has one."""
    key = str(families)
    if key not in _LOADED:
        _LOADED[key] = _read_fingerprints(families)
    return _LOADED[key]


def _read_fingerprints(families: Traversable) -> tuple[Fingerprint, ...]:
    found = []
    for name in available_families(families):
        table = load_family(name, families).get("fingerprint")
        if table:
            found.append(fingerprint_from_dict(name, table))
    return tuple(found)


def detect_family(
    html: str | bytes, url: str, fingerprints: tuple[Fingerprint, ...] | None = None
) -> list[FamilyMatch]:
    """Families whose fingerprint the page shows, best first: (family, score 0–1, evidence)."""
    if fingerprints is None:
        fingerprints = load_fingerprints()
    page = _page(html)
    matches = [score_page(page, url, fingerprint) for fingerprint in fingerprints]
    return sorted((m for m in matches if m.score > 0), key=lambda m: (-m.score, m.family))


def score_page(page: Selector, url: str, fingerprint: Fingerprint) -> FamilyMatch:
    """How well one parsed page fits one family's fingerprint."""
    total = fingerprint.total_weight
    if total <= 0:
        return FamilyMatch(fingerprint.family, 0.0, ())
    generators = page.xpath("//meta[translate(@name, 'GENERATOR', 'generator')='generator']/@content").getall()
    addresses = page.xpath("//script/@src | //link/@href | //img/@src | //source/@src").getall()
    visible = " ".join(page.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall())
    target = _target(url)
    weight = 0.0
    evidence: list[str] = []
    for pattern in fingerprint.generator:
        hit = next((g for g in generators if re.search(pattern, g, flags=re.IGNORECASE)), None)
        if hit is not None:
            weight += GENERATOR_WEIGHT
            evidence.append(f"generator {hit!r}")
    for query in fingerprint.selectors:
        if _compiled(query)(page.root):
            weight += SIGNAL_WEIGHT
            evidence.append(f"selector {query}")
    for pattern in fingerprint.urls:
        if re.search(pattern, target):
            weight += SIGNAL_WEIGHT
            evidence.append(f"url /{pattern}/")
    for needle in fingerprint.assets:
        if any(needle in address for address in addresses):
            weight += SIGNAL_WEIGHT
            evidence.append(f"asset {needle}")
    for needle in fingerprint.text:
        if needle in visible:
            weight += SIGNAL_WEIGHT
            evidence.append(f"text {needle!r}")
    for query in fingerprint.absent:
        if _compiled(query)(page.root):
            weight -= SIGNAL_WEIGHT
            evidence.append(f"not expected: {query}")
    return FamilyMatch(fingerprint.family, round(max(weight, 0.0) / total, 3), tuple(evidence))


def _page(html: str | bytes) -> Selector:
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    return Selector(text=text or "<html></html>")


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@lru_cache(maxsize=512)
def _compiled(query: str) -> etree.XPath:
    return etree.XPath(css2xpath(query))
