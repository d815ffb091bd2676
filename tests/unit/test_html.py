from __future__ import annotations

import random

import lxml.html

from archiver.normalize.html import BLOCK_TAGS, SKIPPED_TAGS, collapse_whitespace, html_blocks, html_text
from archiver.normalize.text import clean


def test_inline_markup_stays_inside_its_sentence() -> None:
    html = '<p>Ủy ban <a href="/x">MTTQ</a> tỉnh <b>phát động</b>&nbsp;cuộc <em>vận động</em>.</p>'
    assert html_blocks(html) == ["Ủy ban MTTQ tỉnh phát động cuộc vận động."]


def test_blocks_in_document_order_with_captions() -> None:
    html = (
        "<div><p>Một</p><table class='image'><tr><td><img src='a.jpg'></td></tr>"
        "<tr><td class='image-caption'>Ảnh: Hội nghị</td></tr></table><p>Hai<br>ba</p></div>"
    )
    assert html_blocks(html) == ["Một", "Ảnh: Hội nghị", "Hai ba"]


def test_scripts_styles_and_comments_are_not_text() -> None:
    html = "<p>A<script>alert(1)</script>B<!-- ghi chú --></p><style>p{}</style><p>C</p>"
    assert html_blocks(html) == ["AB", "C"]


def test_empty_and_missing_input() -> None:
    assert html_blocks("") == []
    assert html_blocks("   ") == []
    assert html_text("<p> </p><p>x</p>") == "x"


def test_malformed_html_does_not_lose_text() -> None:
    assert html_blocks("<p>Một <b>hai<p>ba</i> bốn") == ["Một hai", "ba bốn"]


def test_collapse_whitespace() -> None:
    assert collapse_whitespace("\u00a0 a \n\t b  ") == "a b"


def test_clean_of_whitespace_alone_is_empty() -> None:
    # html_blocks does not call `clean` on a run of whitespace alone, relying on this.
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    assert all(clean(space) == "" and clean(space * 3 + "\n") == "" for space in spaces)
    assert clean("".join(spaces)) == ""


def _reference_blocks(fragment: str) -> list[str]:
    """The straightforward recursive walk html_blocks must agree with, block for block."""
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
        if tag in BLOCK_TAGS:
            flush()
        if tag == "br":
            buffer.append(" ")
        if element.text:
            buffer.append(element.text)
        for child in element:
            walk(child)
        if tag in BLOCK_TAGS:
            flush()
        if element.tail:
            buffer.append(element.tail)

    walk(root)
    flush()
    return blocks


TRICKY = [
    "lead text <b>x</b> more<p>p</p>tail text",
    "  lead <br>x",
    "<?pi x?>a<!--c-->b<p>c</p>d<!--e-->",
    "<html><body><p>full</p></body></html>",
    "<!doctype html><p>x</p>",
    "text only",
    "<title>T</title><p>x</p><meta charset=utf-8>y",
    "<span>a</span><span>b</span><div>c<span>d</span>e</div>f",
    "<ul><li>a<li>b</ul><ol><li>c</ol>",
    "<button>no</button>yes<select><option>o</select>after",
    "<pre>  a\n b </pre>",
    "a\u200bb\u00adc <p>e\u0301</p>\u00a0\u3000<p>\u2028</p>",
    "<noscript><p>x</p></noscript>y<iframe>x</iframe>z<template><p>t</p></template>w",
    "&amp;&lt;p&gt; <p>x<br/>y<br></p>",
    "<table><caption>c</caption><tr><th>h</th><td>d</td></tr></table><td>stray</td>",
    "<o:p>word</o:p>q<P>Upper</P><DIV>d</DIV><head><p>x</p></head><body><p>b</p></body>",
]


def test_blocks_agree_with_the_reference_walk() -> None:
    rng = random.Random(7)
    tags = sorted(BLOCK_TAGS | SKIPPED_TAGS) + ["b", "a", "span", "br", "img", "em", "font"]
    texts = ["", " ", "\n", "Một", "hai ba", "\u00a0", "\u200b", "e\u0301", "x<!--c-->y", "&nbsp;"]

    def fragment(depth: int) -> str:
        parts = []
        for _ in range(rng.randint(0, 4)):
            tag = rng.choice(tags)
            inner = fragment(depth - 1) if depth else rng.choice(texts)
            parts.append(f"<{tag}>{inner}</{tag}>{rng.choice(texts)}" if rng.random() < 0.9 else f"<{tag}>{inner}")
        return rng.choice(texts) + "".join(parts)

    for html in TRICKY + [fragment(3) for _ in range(3000)]:
        assert html_blocks(html) == _reference_blocks(html), html
