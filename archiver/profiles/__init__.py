"""Site profiles: per-site URLs, selectors and settings, loaded from TOML files beside this module.

A profile is data; the spiders read it and never hard-code a selector. Unknown keys
are an error, so a typo in a profile fails loudly instead of silently extracting nothing.

A site may declare `family = "NAME"`: the CMS family file `families/NAME.toml` then gives
every key the site does not set. Tables merge key by key, recursively; any other value
(a string, a number, a list) in the site file replaces the family's whole: lists are
replaced, never appended to. A family's `[fingerprint]` table and `description` describe
the family (see archiver/fingerprint.py) and are not part of the merged profile.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

# Read through importlib.resources: under Scrapyd the project runs from a zipped egg, where
# the package folder is not a directory on disk.
PROFILE_DIR: Traversable = files(__name__)
FAMILY_DIR: Traversable = PROFILE_DIR / "families"
# Keys of a family file that describe the family itself rather than the sites built on it.
FAMILY_ONLY_KEYS = frozenset({"description", "fingerprint"})


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
    # A field without a selector (or whose selector matches nothing on a page) is found by
    # generic extraction instead (archiver/generic), and `extraction` says so.
    title: str | None = None
    body: str | None = None
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
    # Per-field selectors, read before `meta_labels`: the element holding the date / the view
    # count. A `*_regex` pulls the value out of that element's text (its first group, else the
    # whole match); without the selector it searches the `meta` line instead.
    published: str | None = None
    published_regex: str | None = None
    views: str | None = None
    views_regex: str | None = None
    # Elements inside the body that are not body text (an author paragraph), removed before
    # the body HTML (and its images) are taken.
    body_exclude: str | None = None


# ArticleRules keys holding a regular expression, checked when the profile loads.
PATTERN_KEYS = ("published_regex", "views_regex")


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


def available_profiles(directory: Traversable | None = None) -> list[str]:
    return _toml_stems(directory or PROFILE_DIR)


def available_families(directory: Traversable = FAMILY_DIR) -> list[str]:
    return _toml_stems(directory)


def _toml_stems(directory: Traversable) -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in directory.iterdir() if p.name.endswith(".toml"))


def load_profile(name: str) -> SiteProfile:
    """Load `<name>.toml` from the profile folder, merged over its family if it declares one."""
    path = PROFILE_DIR / f"{name}.toml"
    if not path.is_file():
        raise ProfileError(f"no profile {name!r}; available: {', '.join(available_profiles())}")
    return load_profile_file(path)


def load_profile_file(path: Traversable, families: Traversable = FAMILY_DIR) -> SiteProfile:
    """Load a profile from any path (`new-site` writes them outside the package in tests)."""
    return profile_from_dict(read_toml(path), source=path.name, families=families)


def profile_data(name: str, families: Traversable = FAMILY_DIR) -> dict[str, Any]:
    """The merged profile data of site `name`, as `profile_from_dict` reads it (family resolved)."""
    path = PROFILE_DIR / f"{name}.toml"
    if not path.is_file():
        raise ProfileError(f"no profile {name!r}; available: {', '.join(available_profiles())}")
    return resolve_family(read_toml(path), source=path.name, families=families)


def read_toml(path: Traversable) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: {exc}") from exc
    except OSError as exc:
        raise ProfileError(f"{path}: {exc.strerror or exc}") from exc


def load_family(name: str, families: Traversable = FAMILY_DIR) -> dict[str, Any]:
    """The raw data of family file `name` (with its fingerprint and description)."""
    path = families / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(available_families(families)) or "none"
        raise ProfileError(f"unknown family {name!r}; known families: {known}")
    data = read_toml(path)
    if "family" in data:
        raise ProfileError(f"families/{path.name}: a family cannot declare a family of its own")
    return data


def resolve_family(
    data: dict[str, Any], *, source: str = "profile", families: Traversable = FAMILY_DIR
) -> dict[str, Any]:
    """`data` merged over its declared family's keys; `data` itself when it declares none."""
    values = dict(data)
    name = values.pop("family", None)
    if name is None:
        return values
    if not isinstance(name, str) or not name:
        raise ProfileError(f"{source}: family must be a family name, got {name!r}")
    base = {k: v for k, v in load_family(name, families).items() if k not in FAMILY_ONLY_KEYS}
    return deep_merge(base, values)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`: tables merge key by key; lists and scalars are replaced whole."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def profile_from_dict(
    data: dict[str, Any], *, source: str = "profile", families: Traversable = FAMILY_DIR
) -> SiteProfile:
    sections = {"news": ListingRules, "article": ArticleRules, "videos": ListingRules, "video": VideoRules}
    values = resolve_family(data, source=source, families=families)
    if data.get("family"):  # an unknown key may come from the family file: name both
        source = f"{source} (family {data['family']})"
    for key, cls in sections.items():
        section = values.get(key, {})
        if not isinstance(section, dict):
            raise ProfileError(f"{source}: [{key}] must be a table")
        values[key] = _build(cls, section, f"{source} [{key}]")
    _check_patterns(values["article"], f"{source} [article]")
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


def _check_patterns(rules: ArticleRules, where: str) -> None:
    """A bad regex fails when the profile loads, not silently on every page."""
    for key in PATTERN_KEYS:
        pattern = getattr(rules, key)
        if pattern is None:
            continue
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise ProfileError(f"{where}: {key} is not a regular expression: {exc}") from exc
