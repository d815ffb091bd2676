from __future__ import annotations

from pathlib import Path

import pytest

from archiver.demo.generator import build_site
from archiver.demo.pages import render
from archiver.fingerprint import detect_family, fingerprint_from_dict, load_fingerprints
from archiver.profiles import ProfileError

BASE = "http://127.0.0.1:8070"
SITE = build_site(articles=30, videos=4)


def page(path: str) -> tuple[bytes, str]:
    return render(SITE, path).body, BASE + path


@pytest.mark.parametrize("path", ["/", "/tin-tuc/tin-hoat-dong", SITE.articles[0].path, SITE.articles[-1].path])
def test_demo_pages_are_fatherland_front(path: str) -> None:
    matches = detect_family(*page(path))
    assert matches and matches[0].family == "fatherland-front"
    assert matches[0].score >= 0.5
    assert matches[0].evidence  # says why


def test_article_page_evidence_names_the_meta_line() -> None:
    best = detect_family(*page(SITE.articles[0].path))[0]
    assert "selector div.detail-meta" in best.evidence
    assert "text 'Lượt xem:'" in best.evidence


def test_an_unrelated_page_matches_no_family() -> None:
    html = "<html><head><title>Blog</title></head><body><article><h2>Hello</h2><p>text</p></article></body></html>"
    assert detect_family(html, "https://blog.example/2024/01/hello") == []
    assert detect_family(b"", "https://blog.example/") == []


def test_generator_meta_weighs_more_than_one_selector() -> None:
    fingerprint = fingerprint_from_dict("x", {"generator": ["^NukeViet"], "selectors": ["div.a"]})
    with_meta = '<html><head><meta name="generator" content="NukeViet v4.5"></head><body></body></html>'
    with_div = '<html><body><div class="a"></div></body></html>'
    (by_meta,) = detect_family(with_meta, "http://x/", (fingerprint,))
    (by_div,) = detect_family(with_div, "http://x/", (fingerprint,))
    assert by_meta.score == 0.75 and by_div.score == 0.25
    assert by_meta.evidence == ("generator 'NukeViet v4.5'",)


def test_absent_selector_lowers_the_score() -> None:
    plain = fingerprint_from_dict("plain", {"selectors": ["h1"], "absent": ["script[type='application/ld+json']"]})
    html = '<html><body><h1>t</h1><script type="application/ld+json">{}</script></body></html>'
    assert detect_family(html, "http://x/", (plain,)) == []
    assert detect_family("<html><body><h1>t</h1></body></html>", "http://x/", (plain,))[0].score == 1.0


def test_url_and_asset_signals() -> None:
    fingerprint = fingerprint_from_dict("x", {"urls": [r"/tin-tuc/.+-\d+\.html$"], "assets": ["/themes/default/"]})
    html = '<html><head><script src="/themes/default/js/main.js"></script></head><body></body></html>'
    (match,) = detect_family(html, "http://x/tin-tuc/a/b-12.html", (fingerprint,))
    assert match.score == 1.0
    assert detect_family("<html></html>", "http://x/tin-tuc/a/b.html", (fingerprint,)) == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selectorz": ["div"]}, "unknown keys"),
        ({"selectors": "div"}, "list of strings"),
        ({"urls": ["(unclosed"]}, "bad pattern"),
        ({"selectors": ["div[["]}, "bad selector"),
    ],
)
def test_malformed_fingerprints_are_errors(table: dict[str, object], message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        fingerprint_from_dict("x", table)


def test_every_family_file_has_a_valid_fingerprint() -> None:
    families = {fingerprint.family for fingerprint in load_fingerprints()}
    assert "fatherland-front" in families
    assert all(fingerprint.total_weight > 0 for fingerprint in load_fingerprints())


def test_fingerprints_load_from_any_folder(tmp_path: Path) -> None:
    (tmp_path / "tiny.toml").write_text('[fingerprint]\nselectors = ["div.tiny"]\n', encoding="utf-8")
    (match,) = detect_family('<div class="tiny"></div>', "http://x/", load_fingerprints(tmp_path))
    assert match.family == "tiny"


# ---------------------------------------------------------------- the four demo layouts

VARIANTS = ("fatherland-front", "nukeviet", "jsonld", "dated-title")


def variant_pages(variant: str) -> dict[str, str]:
    """Home, a listing, an article and a video page of the demo portal in one layout."""
    from archiver.demo.variants import layout
    from archiver.demo.variants.common import key_of
    from archiver.newsite import FetchedPage, is_article_url, same_host_links

    site = build_site(articles=30, videos=3, variant=variant)
    cms = layout(variant)
    home = render(site, cms.start_path).body
    links = same_host_links(FetchedPage(BASE + cms.start_path, 200, "text/html", home), "127.0.0.1:8070")
    # the first menu link that is neither the home page, an article nor the video section: a category
    listing = next(u for u in links if u != BASE + "/" and "video" not in u and not is_article_url(u))
    return {
        "home": cms.start_path,
        "listing": listing[len(BASE):],
        "article": cms.article_path(key_of(site.articles[0])),
        "video": cms.video_path(site.videos[0]),
    }


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("kind", ["home", "listing", "article", "video"])
def test_fingerprints_tell_the_four_demo_layouts_apart(variant: str, kind: str) -> None:
    site = build_site(articles=30, videos=3, variant=variant)
    path = variant_pages(variant)[kind]
    page = render(site, path)
    assert page.status == 200, path
    matches = detect_family(page.body, BASE + path)
    assert matches and matches[0].family == variant, (path, matches)
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    assert matches[0].score >= 2 * runner_up  # not a near tie


@pytest.mark.parametrize("variant", VARIANTS)
def test_article_pages_are_recognised_clearly(variant: str) -> None:
    site = build_site(articles=30, videos=3, variant=variant)
    path = variant_pages(variant)["article"]
    assert detect_family(render(site, path).body, BASE + path)[0].score >= 0.75


def test_nukeviet_is_recognised_by_its_generator_meta() -> None:
    site = build_site(articles=30, videos=3, variant="nukeviet")
    path = variant_pages("nukeviet")["article"]
    best = detect_family(render(site, path).body, BASE + path)[0]
    assert "generator 'NukeViet v4.5'" in best.evidence
