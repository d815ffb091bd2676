"""The demo portal's CMS layouts ("variants"): one module each, the same content in different markup.

`build_site(variant=NAME)` records the name on the `DemoSite`; `pages.render` hands any
site whose variant is not the default to `layout(name).render`. Layout modules are
imported on first use, so the generator can validate a name without importing any HTML.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archiver.demo.generator import DemoSite, DemoVideo
    from archiver.demo.pages import Page
    from archiver.demo.variants.common import ArticleKey

DEFAULT_VARIANT = "fatherland-front"
# Variant name → module of this package that defines `LAYOUT`.
_MODULES: dict[str, str] = {
    DEFAULT_VARIANT: "fatherland_front",
    "nukeviet": "nukeviet",
    "jsonld": "jsonld",
    "dated-title": "dated_title",
}
VARIANT_NAMES: tuple[str, ...] = tuple(_MODULES)


@dataclass(frozen=True)
class Layout:
    """How one CMS family renders the demo site, and where it puts each page."""

    name: str
    description: str
    render: Callable[[DemoSite, str], Page]
    article_path: Callable[[ArticleKey], str]
    # Page N (from 1) of a category listing, by category slug.
    listing_path: Callable[[str, int], str]
    video_path: Callable[[DemoVideo], str]
    # The profile of this layout in archiver/profiles (crawl with `-a site=NAME`).
    profile: str
    # The first page a crawler is pointed at.
    start_path: str = "/"
    # Whether article pages also print a last-modified time (a date generic extraction must not take).
    shows_modified: bool = False


def check_variant(name: str) -> str:
    """`name` if it is a known variant, else a ValueError that lists the known ones."""
    if name not in _MODULES:
        raise ValueError(f"unknown demo variant {name!r}; choose one of: {', '.join(VARIANT_NAMES)}")
    return name


@cache
def layout(name: str) -> Layout:
    """The layout of a variant (its module is imported on first use)."""
    module = importlib.import_module(f"{__name__}.{_MODULES[check_variant(name)]}")
    found: Layout = module.LAYOUT
    return found
