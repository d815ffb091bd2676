"""Site profiles: per-site URLs, selectors and settings, loaded from TOML files beside this module.

A profile is data; the spiders read it and never hard-code a selector. Unknown keys
are an error, so a typo in a profile fails loudly instead of silently extracting nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PROFILE_DIR = Path(__file__).parent


@dataclass(frozen=True)
class ListingRules:
    start_paths: tuple[str, ...]
    entry: str
    entry_link: str
    entry_title: str
    next_page: str | None = None
    listing_links: str | None = None
    entry_date: str | None = None
    entry_summary: str | None = None


@dataclass(frozen=True)
class ArticleRules:
    title: str
    body: str
    meta: str | None = None
    category: str | None = None
    byline: str | None = None
    image: str | None = None
    image_src: str = "img::attr(src)"
    image_caption: str | None = None
    related_new_xpath: str | None = None
    related_other_xpath: str | None = None
    related_link: str = "a::attr(href)"
    related_title: str = "a::text"
    related_date: str | None = None
    meta_labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VideoRules:
    title: str
    media: str
    category: str | None = None


@dataclass(frozen=True)
class SiteProfile:
    name: str
    title: str
    base_url: str
    news: ListingRules
    article: ArticleRules
    videos: ListingRules
    video: VideoRules
    mobile_prefixes: tuple[str, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)


class ProfileError(ValueError):
    """A profile is missing, malformed, or has keys the spiders do not know."""


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


def load_profile(name: str) -> SiteProfile:
    """Load `<name>.toml` from the profile folder."""
    path = PROFILE_DIR / f"{name}.toml"
    if not path.is_file():
        raise ProfileError(f"no profile {name!r}; available: {', '.join(available_profiles())}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: {exc}") from exc
    return profile_from_dict(data, source=path.name)


def profile_from_dict(data: dict[str, Any], *, source: str = "profile") -> SiteProfile:
    sections = {"news": ListingRules, "article": ArticleRules, "videos": ListingRules, "video": VideoRules}
    values = dict(data)
    for key, cls in sections.items():
        values[key] = _build(cls, values.get(key, {}), f"{source} [{key}]")
    values["mobile_prefixes"] = tuple(values.get("mobile_prefixes", ()))
    return _build(SiteProfile, values, source)


def _build(cls: type, values: dict[str, Any], where: str) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ProfileError(f"{where}: unknown keys {sorted(unknown)}")
    converted = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    try:
        return cls(**converted)
    except TypeError as exc:
        raise ProfileError(f"{where}: {exc}") from exc
