"""Article fields from schema.org JSON-LD (`<script type="application/ld+json">`).

Handles a single object, a list of objects, an `@graph`, `@type` as a string or a list, an
author given as a string, a Person/Organization, or a list of them, and view counts in
`interactionStatistic`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from html import escape
from typing import Any

from lxml import etree

from archiver.generic.fields import Findings, Found
from archiver.normalize.counts import parse_count
from archiver.normalize.dates import parse_date
from archiver.normalize.html import collapse_whitespace

LOGGER = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "Report",
        "GovernmentArticle",
        "ScholarlyArticle",
        "TechArticle",
        "LiveBlogPosting",
    }
)
# interactionType values (their last path segment) that count readers.
VIEW_ACTIONS = frozenset({"ViewAction", "ReadAction", "WatchAction"})


def jsonld_objects(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD scripts, `@graph` members flattened; bad JSON skipped."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            LOGGER.debug("unreadable JSON-LD block skipped")
            continue
        objects.extend(_flatten(data))
    return objects


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def article_object(root: etree._Element) -> dict[str, Any] | None:
    """The first JSON-LD object typed as an article, if any."""
    return next((obj for obj in jsonld_objects(root) if _types(obj) & ARTICLE_TYPES), None)


def jsonld_fields(root: etree._Element) -> Findings:
    """The article fields its JSON-LD states."""
    article = article_object(root)
    if article is None:
        return {}
    found: Findings = {}
    title = _text(article.get("headline")) or _text(article.get("name"))
    if title:
        found["title"] = Found(title, title, "jsonld")
    published = _text(article.get("datePublished")) or _text(article.get("dateCreated"))
    parsed = parse_date(published) if published else None
    if published and parsed is not None:
        found["published"] = Found(parsed.iso, published, "jsonld")
    byline = ", ".join(author_names(article.get("author")))
    if byline:
        found["byline"] = Found(byline, byline, "jsonld")
    views = view_count(article.get("interactionStatistic"))
    if views is not None:
        found["views"] = Found(views, str(views), "jsonld")
    summary = _text(article.get("description"))
    if summary:
        found["summary"] = Found(summary, summary, "jsonld")
    section = article.get("articleSection")
    section = section[0] if isinstance(section, list) and section else section
    if _text(section):
        found["category"] = Found(_text(section), str(_text(section)), "jsonld")
    body = article.get("articleBody")
    if isinstance(body, str) and body.strip():
        html = _paragraphs_html(body)
        found["body_html"] = Found(body.strip(), html, "jsonld")
    return found


def author_names(author: Any) -> list[str]:
    """Names of a schema.org `author`: a string, an object with `name`, or a list of either."""
    if isinstance(author, list):
        return [name for item in author for name in author_names(item)]
    if isinstance(author, dict):
        return author_names(author.get("name"))
    text = _text(author)
    return [text] if text and not text.startswith(("http://", "https://")) else []


def view_count(statistics: Any) -> int | None:
    """The `userInteractionCount` of a view/read/watch InteractionCounter (one or a list)."""
    for stat in statistics if isinstance(statistics, list) else [statistics]:
        if not isinstance(stat, dict):
            continue
        action = stat.get("interactionType")
        action_name = action.get("@type") if isinstance(action, dict) else action
        if isinstance(action_name, str) and action_name.rsplit("/", 1)[-1] in VIEW_ACTIONS:
            count = stat.get("userInteractionCount")
            if isinstance(count, int) and not isinstance(count, bool):
                return count
            if isinstance(count, str):
                return parse_count(count)
    return None


def _text(value: Any) -> str | None:
    return collapse_whitespace(value) or None if isinstance(value, str) else None


def _paragraphs_html(body: str) -> str:
    """articleBody is plain text: one <p> per line, so the body normaliser sees its paragraphs."""
    paragraphs = [collapse_whitespace(line) for line in body.splitlines()]
    return "<div>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs if p) + "</div>"
