"""Readable text from an article container's HTML: one clean string per block, inline markup kept."""

from __future__ import annotations

import lxml.html

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


def html_blocks(fragment: str) -> list[str]:
    """Cleaned text (NFC, whitespace collapsed) of each block of `fragment` in document order;
    empty blocks are dropped."""
    if not fragment or not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    blocks: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = clean("".join(buffer))
        if text:
            blocks.append(text)
        buffer.clear()

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIPPED_TAGS or not tag:
            if element.tail:
                buffer.append(element.tail)
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            flush()
        if tag == "br":
            buffer.append(" ")
        if element.text:
            buffer.append(element.text)
        for child in element:
            walk(child)
        if is_block:
            flush()
        if element.tail:
            buffer.append(element.tail)

    walk(root)
    flush()
    return blocks


def html_text(fragment: str) -> str:
    """Body text: blocks separated by a blank line."""
    return "\n\n".join(html_blocks(fragment))
