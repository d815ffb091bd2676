"""The bundled demo portal: a deterministic fake provincial Fatherland Front news site.

    site = build_site(seed=2023)               # the content, and the tests' ground truth
    page = render(site, "/tin-tuc/tin-hoat-dong?trang=2")
    with DemoServer(site) as server:            # http://127.0.0.1:<free port>
        ...

Stdlib only; see README.md for the URL map and the markup.
"""

from __future__ import annotations

from archiver.demo.generator import (
    Category,
    DemoArticle,
    DemoImage,
    DemoSite,
    DemoVideo,
    RelatedLink,
    build_site,
)
from archiver.demo.pages import Page, render
from archiver.demo.server import DemoServer, serve_forever

__all__ = [
    "Category",
    "DemoArticle",
    "DemoImage",
    "DemoServer",
    "DemoSite",
    "DemoVideo",
    "Page",
    "RelatedLink",
    "build_site",
    "render",
    "serve_forever",
]
