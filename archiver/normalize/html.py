"""Readable text from an article container's HTML: one clean string per block, inline markup kept."""

from __future__ import annotations

from collections.abc import Iterable

import lxml.html
from lxml import etree

from archiver.normalize.text import clean

# Elements that start a new block of text; everything else (a, b, strong, em, span…) is inline,
# so its text stays inside the sentence it belongs to.
BLOCK_TAGS = frozenset(
    "p div section article header footer h1 h2 h3 h4 h5 h6 li ul ol table tr td th caption "
    "blockquote figure figcaption pre dd dt dl center address".split()
)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "select", "button", "iframe"})


def collapse_whitespace(text: str) -> str:
    """Collapse runs of whitespace (nbsp included) to one space and strip the ends.

    For raw strings, kept as printed otherwise; derived text goes through `text.clean`.
    """
    return " ".join(text.split())  # nbsp is whitespace to str.split()


# lxml.html's own parser, minus its element-class lookup: that lookup is a Python call for every
# element we touch, and html_blocks needs nothing of HtmlElement. Same libxml2 parse, same tree.
_PARSER = etree.HTMLParser()


def html_blocks(fragment: str) -> list[str]:
    """Cleaned text (NFC, whitespace collapsed) of each block of `fragment` in document order;
    empty blocks are dropped."""
    if not fragment or not fragment.strip():
        return []
    # As `fragment_fromstring(fragment, create_parent="div")`, without moving the nodes under a new
    # parent: the leading text (if any) and the top-level nodes, walked as the children of a block.
    nodes = lxml.html.fragments_fromstring(fragment, parser=_PARSER)
    text = nodes.pop(0) if nodes and isinstance(nodes[0], str) else None
    return _Blocks().collect(text, nodes)


class _Blocks:
    """Text runs between block boundaries, cleaned; a boundary flushes only a non-empty run."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.buffer: list[str] = []

    def collect(self, text: str | None, nodes: list[etree._Element]) -> list[str]:
        if text:
            self.buffer.append(text)
        self.walk(nodes)
        if self.buffer:
            self.flush()
        return self.blocks

    def flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer.clear()
        # Most runs between two blocks are just the newline between their tags; `clean` of
        # whitespace alone is always "", so it is not called for them.
        if not text.isspace():
            text = clean(text)
            if text:
                self.blocks.append(text)

    def walk(self, children: Iterable[etree._Element]) -> None:
        """Each child's text, then its children's, then its tail; skipped elements (and comments,
        whose tag is not a string) give only their tail. Recurse only into elements with children."""
        buffer = self.buffer
        for child in children:
            tag = child.tag
            if tag in BLOCK_TAGS:
                if buffer:
                    self.flush()
                text = child.text  # read once: lxml decodes a new str on every access
                if text:
                    buffer.append(text)
                if len(child):
                    self.walk(child)
                if buffer:
                    self.flush()
            elif isinstance(tag, str) and tag and tag not in SKIPPED_TAGS:
                if tag == "br":
                    buffer.append(" ")
                text = child.text
                if text:
                    buffer.append(text)
                if len(child):
                    self.walk(child)
            tail = child.tail
            if tail:
                buffer.append(tail)


def html_text(fragment: str) -> str:
    """Body text: blocks separated by a blank line."""
    return "\n\n".join(html_blocks(fragment))
