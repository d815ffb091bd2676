"""How some archive cells are shown in Datasette's HTML (JSON and CSV keep the stored values).

Everything is HTML-escaped first; only markup made here is added, so an article body that
contains `<script>` is shown as text.
"""

from __future__ import annotations

from urllib.parse import quote

from markupsafe import Markup, escape

from archiver.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

# The dashboard that charts one article's view counter over time (metadata.yaml).
ARTICLE_VIEWS_DASHBOARD = "/-/dashboards/article-views"


def highlighted(value: object) -> Markup | None:
    """A snippet with its 【matches】 as <mark>, or None when `value` has no markers."""
    if not isinstance(value, str) or HIGHLIGHT_OPEN not in value or HIGHLIGHT_CLOSE not in value:
        return None
    html = str(escape(value))
    return Markup(html.replace(HIGHLIGHT_OPEN, "<mark>").replace(HIGHLIGHT_CLOSE, "</mark>"))


def views_link(url: object, views: object, base: str = "/") -> Markup | None:
    """The view count as a link to the chart of that article's views over time."""
    if not isinstance(url, str) or views is None:
        return None
    href = f"{base.rstrip('/')}{ARTICLE_VIEWS_DASHBOARD}?url={quote(url, safe='')}"
    return Markup(f'<a href="{escape(href)}" title="Views over time">{escape(str(views))}</a>')
