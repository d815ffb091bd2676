from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from archiver.newsite import (
    Discovery,
    FetchedPage,
    HttpFetcher,
    NewSiteError,
    fixture_names,
    is_article_url,
    listing_candidates,
    render_manifest,
    render_profile,
    toml_string,
)
from archiver.profiles import load_profile_file


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("http://p/tin-tuc/tin-hoat-dong/hoi-nghi-tong-ket-1042.html", True),
        ("http://p/news/xa-hoi/trao-qua-cho-ho-ngheo-tai-xa-phu-my-512.html", True),
        ("http://p/2024/03/hoi-nghi-mat-tran", True),
        ("http://p/tin-tuc/tham-gia-xay-dung-nong-thon-moi", False),  # a category, however long
        ("http://p/tin-tuc/tin-hoat-dong", False),
        ("http://p/video/288-bt-10-01-24.html", False),  # a video page
        ("http://p/", False),
    ],
)
def test_article_urls(url: str, article: bool) -> None:
    assert is_article_url(url) is article


def test_listing_candidates_are_folders_of_articles_most_first() -> None:
    links = [
        "http://p/",
        "http://p/tin-tuc/a",
        "http://p/tin-tuc/b",
        "http://p/video",
        "http://p/tin-tuc/b/mot-hai-ba-bon-11.html",
        "http://p/tin-tuc/b/nam-sau-bay-tam-12.html",
        "http://p/tin-tuc/a/chin-muoi-muoi-mot-13.html",
        "http://p/video/1-cm-01-12-23.html",
        "http://p/video/2-cm-02-12-23.html",
        "http://p/video/3-cm-03-12-23.html",
    ]
    assert listing_candidates(links) == ["http://p/tin-tuc/b", "http://p/tin-tuc/a"]


def test_fixture_names() -> None:
    page = FetchedPage("http://p/", 200, "text/html", b"")
    kinds = ["start", "listing", "article", "article", "article"]
    assert fixture_names([(kind, page) for kind in kinds]) == [
        "start.html",
        "listing.html",
        "article-1.html",
        "article-2.html",
        "article-3.html",
    ]


def test_toml_strings_round_trip() -> None:
    for value in ['Đại hội "Đảng" bộ', "a\\b", "line\nnext", "tab\there", "\x01"]:
        assert tomllib.loads(f"v = {toml_string(value)}")["v"] == value


def test_fetcher_refuses_other_hosts_before_any_request() -> None:
    fetcher = HttpFetcher("http://127.0.0.1:9/", "test", 0)
    with pytest.raises(NewSiteError, match="not on 127.0.0.1:9"):
        fetcher.fetch("http://example.org/")
    with pytest.raises(NewSiteError, match="not on"):
        fetcher.fetch("http://127.0.0.1:10/")  # another port is another site


def test_fetcher_obeys_robots_txt(tmp_path: Path) -> None:
    from archiver.demo.generator import build_site
    from archiver.demo.server import DemoServer

    with DemoServer(build_site(articles=12, videos=1)) as portal:
        fetcher = HttpFetcher(portal.base_url, "vn-archive-test", 0)
        assert fetcher.fetch(portal.base_url + "/tim-kiem?q=x").status == 0  # Disallow: /tim-kiem
        assert fetcher.fetch(portal.base_url + "/").is_html


def _article(url: str) -> FetchedPage:
    html = "<html><head><title>Tin</title></head><body><h1 class='tieu-de'>Tiêu đề</h1></body></html>"
    return FetchedPage(url, 200, "text/html; charset=utf-8", html.encode())


def test_skeleton_without_a_family_loads_and_says_what_is_missing(tmp_path: Path) -> None:
    start = _article("http://p/")
    article = _article("http://p/tin/mot-hai-ba-bon-12.html")
    found = Discovery(start, None, [article])
    from archiver.newsite import Finding

    findings = {article.url: [Finding("title", "Tiêu đề", "first h1", "h1.tieu-de")]}
    text = render_profile("p", "http://p", "http://p/", None, [], found, findings, stamp="now")
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    profile = load_profile_file(path)  # a skeleton is a valid profile, so the site test runs
    assert profile.article.title == "h1.tieu-de"
    assert profile.article.body == "TODO" and profile.news.entry == "TODO"
    assert "# title: first h1" in text and "# family = " in text


def test_manifest_has_empty_expected_values_and_hints() -> None:
    page = _article("http://p/tin/mot-hai-ba-bon-12.html")
    from archiver.newsite import Finding

    text = render_manifest(
        "p",
        "http://p",
        [("article", page)],
        ["article-1.html"],
        {page.url: [Finding("title", 'Tiêu "đề"', "first h1")]},
        source="live site",
        stamp="now",
    )
    manifest = tomllib.loads(text)
    assert manifest["page"][0]["expected"] == {"title": "", "published": "", "byline": "", "views": ""}
    assert '# found (first h1): "Tiêu \\"đề\\""' in text


def test_an_unlabelled_date_gets_its_own_selector_not_an_empty_label() -> None:
    from archiver.newsite import Finding, _article_hints

    findings = {
        "article-1.html": [
            Finding("title", "Hội nghị", "h1", "h1.title"),
            Finding("published", "Thứ hai, 17/09/2023 - 21:50", "date line", "span.date", ""),
            Finding("views", "1.208", "label", "div.meta", "Lượt xem:"),
        ]
    }
    lines = _article_hints(findings)
    assert 'published = "span.date"' in lines
    labels = lines[lines.index("[article.meta_labels]") :]
    assert 'views = "Lượt xem:"' in labels
    assert not any(line.startswith("published =") for line in labels)
