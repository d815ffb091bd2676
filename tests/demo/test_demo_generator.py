"""The demo portal's content model: determinism, sizes, text rules, the truth it records."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from archiver.demo import build_site, render
from archiver.demo import vocabulary as vocab
from archiver.demo.generator import DemoSite, normalize_byline, slugify, word_count

SAMPLE_TARGETS = (
    "/",
    "/tin-tuc/tin-hoat-dong?trang=2",
    "/video?trang=2",
    "/m/tin-tuc/dan-chu-phap-luat",
    "/robots.txt",
)


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="module")
def big_site() -> DemoSite:
    return build_site(seed=7, articles=1200, videos=120)


def _sample_targets(site: DemoSite) -> list[str]:
    articles = [a.path for a in site.articles[::50]]
    return [*SAMPLE_TARGETS, *articles, "/m" + articles[1], site.videos[3].path]


def test_same_seed_renders_identical_bytes(site: DemoSite) -> None:
    again = build_site()
    assert again == site
    for target in _sample_targets(site):
        assert render(again, target) == render(site, target), target


def _digest(site: DemoSite) -> str:
    digest = hashlib.sha256()
    for target in _sample_targets(site):
        digest.update(render(site, target).body)
    return digest.hexdigest()


def test_same_bytes_in_another_process_whatever_the_hash_seed(site: DemoSite) -> None:
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from test_demo_generator import _digest\n"
        "from archiver.demo import build_site\n"
        "print(_digest(build_site()))\n"
    )
    here = Path(__file__).parent
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", code, str(here)], cwd=here.parents[1], env=env,
            capture_output=True, text=True, check=True,
        )
        assert result.stdout.strip() == _digest(site)


def test_different_seed_differs(site: DemoSite) -> None:
    other = build_site(seed=2024)
    assert [a.title for a in other.articles] != [a.title for a in site.articles]
    article_page = render(site, site.articles[5].path).body
    assert render(other, "/").body != render(site, "/").body
    assert render(other, site.articles[5].path).body != article_page


def test_defaults_are_large_enough_and_span_two_years(site: DemoSite) -> None:
    assert len(site.articles) >= 300
    assert len(site.videos) >= 40
    assert len({a.published.year for a in site.articles}) >= 2
    assert len({v.recorded_on.year for v in site.videos}) >= 2
    assert max(a.published.date() for a in site.articles) <= site.today
    assert max(v.recorded_on for v in site.videos) <= site.today


def test_articles_fall_on_both_sides_of_new_year(site: DemoSite) -> None:
    eves = [a for a in site.articles if (a.published.month, a.published.day) == (12, 31) and a.published.hour >= 22]
    dawns = [a for a in site.articles if (a.published.month, a.published.day) == (1, 1) and a.published.hour < 7]
    assert len(eves) >= 2 and len(dawns) >= 2


def test_categories(site: DemoSite) -> None:
    assert len(site.categories) >= 3
    names = {c.slug: c.name for c in site.categories}
    assert names["tham-gia-xay-dung-nong-thon-moi"] == "Tham gia xây dựng nông thôn mới"
    assert {a.category for a in site.articles} == set(site.categories)


@pytest.mark.parametrize("fixture", ["site", "big_site"])
def test_body_word_counts_in_range(fixture: str, request: pytest.FixtureRequest) -> None:
    demo: DemoSite = request.getfixturevalue(fixture)
    counts = [word_count(a.body_text) for a in demo.articles]
    assert min(counts) >= 200 and max(counts) <= 1000
    assert max(counts) - min(counts) > 300  # lengths vary


def test_paragraphs_and_images_per_article(site: DemoSite) -> None:
    for article in site.articles:
        captions = [image.caption for image in article.images]
        paragraphs = [b for b in article.body_blocks if b not in captions]
        assert 4 <= len(paragraphs) <= 15
        assert 0 <= len(article.images) <= 3
        assert [b for b in article.body_blocks if b in captions] == captions  # captions in order
        assert all(block == " ".join(block.split()) and block for block in article.body_blocks)
        assert article.body_text == "\n\n".join(article.body_blocks)
    assert {len(a.images) for a in site.articles} == {0, 1, 2, 3}


def test_image_paths_follow_the_publication_month(site: DemoSite) -> None:
    for article in site.articles:
        for number, image in enumerate(article.images, start=1):
            assert image.src == f"/Uploads/images/{article.published:%Y/%m}/a{article.id}-{number}.jpg"


def _all_text(demo: DemoSite) -> list[str]:
    texts: list[str] = []
    for article in demo.articles:
        texts += [article.title, article.summary, article.poster, *article.body_blocks, *article.authors]
        texts += [image.caption for image in article.images] + [link.title for link in article.related]
        texts += [article.byline_raw] if article.byline_raw else []
    texts += [v.title for v in demo.videos] + [c.name for c in demo.categories]
    return texts


def test_all_text_is_nfc(site: DemoSite) -> None:
    assert all(unicodedata.is_normalized("NFC", text) for text in _all_text(site))


def test_no_template_slot_left_unfilled(site: DemoSite) -> None:
    assert not [text for text in _all_text(site) if "{" in text or "}" in text]


def _strings(value: object) -> list[str]:
    """Every string inside nested tuples and dicts."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, tuple):
        return [s for item in value for s in _strings(item)]
    return []


def test_vocabulary_is_nfc() -> None:
    strings = [s for name, value in vars(vocab).items() if name.isupper() for s in _strings(value)]
    assert len(strings) > 300
    assert all(unicodedata.is_normalized("NFC", s) for s in strings)


def test_text_uses_the_government_news_register(site: DemoSite) -> None:
    corpus = " ".join(a.body_text for a in site.articles)
    for phrase in ("hội nghị", "sơ kết", "nông thôn mới", "Ban Thường trực", "UBND xã", "Cuộc vận động"):
        assert phrase in corpus, phrase
    paragraphs = [b for a in site.articles for b in a.body_blocks if b not in {i.caption for i in a.images}]
    assert len(set(paragraphs)) > 0.9 * len(paragraphs)


def test_titles_and_paths_unique(big_site: DemoSite) -> None:
    for demo in (big_site,):
        assert len({a.title for a in demo.articles}) == len(demo.articles)
        paths = [a.path for a in demo.articles] + [v.path for v in demo.videos]
        assert len(set(paths)) == len(paths)
        assert len({a.id for a in demo.articles}) == len(demo.articles)


def test_article_paths_are_slugs_of_titles(site: DemoSite) -> None:
    for article in site.articles:
        assert article.path == f"/tin-tuc/{article.category.slug}/{slugify(article.title)}-{article.id}.html"
        assert re.fullmatch(r"/tin-tuc/[a-z0-9-]+/[a-z0-9-]+-\d+\.html", article.path)


def test_slugify_folds_vietnamese() -> None:
    assert slugify("Đại hội Đảng bộ xã Đức Thắng") == "dai-hoi-dang-bo-xa-duc-thang"
    assert slugify('Hỏi & đáp: "Quỹ" (2021-2023)?') == "hoi-dap-quy-2021-2023"


def test_titles_contain_quotes_and_ampersands(big_site: DemoSite) -> None:
    titles = [a.title for a in big_site.articles]
    assert any('"' in t for t in titles)
    assert any("&" in t for t in titles)


def test_published_is_vietnam_time_to_the_minute_newest_first(site: DemoSite) -> None:
    for article in site.articles:
        assert article.published.utcoffset() == timedelta(hours=7)
        assert article.published.second == 0 and article.published.microsecond == 0
    times = [a.published for a in site.articles]
    assert times == sorted(times, reverse=True) and len(set(times)) == len(times)
    ids = [a.id for a in site.articles]
    assert ids == sorted(ids, reverse=True)  # ids grow with publication time


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("NH", ("NH",)),
        ("T.H", ("T.H",)),
        ("Nguyễn Thị Hoa", ("Nguyễn Thị Hoa",)),
        ("Minh Đức - Thu Hương", ("Minh Đức", "Thu Hương")),
        ("MINH ĐỨC - THU HƯƠNG", ("Minh Đức", "Thu Hương")),
        ("Hoàng Nam, Lê Vy", ("Hoàng Nam", "Lê Vy")),
        ("HẢI YẾN", ("Hải Yến",)),
    ],
)
def test_normalize_byline(byline: str, expected: tuple[str, ...]) -> None:
    assert normalize_byline(byline) == expected


def test_bylines_vary_and_authors_match(site: DemoSite) -> None:
    bylines = [a.byline_raw for a in site.articles]
    assert 0.05 <= bylines.count(None) / len(bylines) <= 0.16
    present = [b for b in bylines if b is not None]
    assert any(re.fullmatch(r"[A-ZĐ.]{2,5}", b) for b in present)  # initials
    assert any(" - " in b for b in present) and any(", " in b for b in present)
    assert any(b.isupper() and " " in b for b in present)
    assert any(len(b.split()) == 3 for b in present)  # full names
    for article in site.articles:
        expected = normalize_byline(article.byline_raw) if article.byline_raw else ()
        assert article.authors == expected
        assert all(not (name.isupper() and " " in name) for name in article.authors)


def test_posters_and_view_counts(site: DemoSite) -> None:
    posters = Counter(a.poster for a in site.articles)
    assert set(posters) == {"Quản trị", "admin"} and posters["Quản trị"] > posters["admin"]
    views = [a.view_count for a in site.articles]
    assert all(0 <= v <= 25_000 for v in views)
    assert any(v >= 1000 for v in views) and any(v < 1000 for v in views)


def test_related_links_follow_the_rules(site: DemoSite) -> None:
    for index, article in enumerate(site.articles):
        new = [link for link in article.related if link.kind == "new"]
        other = [link for link in article.related if link.kind == "other"]
        assert article.related == tuple(new + other)  # "new" block first
        newest = [a for a in site.articles if a is not article][:5]
        assert [(link.path, link.title) for link in new] == [(a.path, a.title) for a in newest]
        older = [a for a in site.articles[index + 1:] if a.category == article.category][:5]
        assert [(link.path, link.title) for link in other] == [(a.path, a.title) for a in older]


def test_videos(site: DemoSite) -> None:
    prefixes = {name: prefix for _, name, prefix in vocab.VIDEO_CATEGORIES}
    for video in site.videos:
        prefix = prefixes[video.category.name]
        assert video.title == f"{prefix} {video.recorded_on:%d.%m.%y}"
        slug = f"{prefix.lower()}-{video.recorded_on:%d-%m-%y}"
        assert video.path == f"/video/{video.id}-{slug}.html"
        assert video.media_url == f"/Uploads/video/{slug}.mp4"
    assert len({v.title for v in site.videos}) == len(site.videos)
    dates = [v.recorded_on for v in site.videos]
    assert dates == sorted(dates, reverse=True)
    assert len({v.category for v in site.videos}) == 2


def test_small_and_empty_sites_build() -> None:
    empty = build_site(articles=0, videos=0)
    assert empty.articles == () and empty.videos == ()
    tiny = build_site(articles=3, videos=1)
    assert len(tiny.articles) == 3 and len(tiny.videos) == 1
    with pytest.raises(ValueError):
        build_site(articles=-1)


def test_site_lookups(site: DemoSite) -> None:
    article, video = site.articles[17], site.videos[4]
    assert site.article_by_path(article.path) is article
    assert site.video_by_path(video.path) is video
    assert site.article_by_path("/tin-tuc/khong-co.html") is None
    assert site.articles_in(article.category.slug)[0].category == article.category
