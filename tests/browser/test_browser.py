"""The served archive in a real browser: headless Chromium (Debian's package) driven by Playwright.

Datasette runs on loopback; every request the browser tries to send elsewhere is blocked and
fails the test. Screenshots are saved in the test's temporary folder (the path is printed).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from tests.search.sample import XSS_TITLE, build_sample, datasette_server

pytestmark = pytest.mark.e2e
CHROMIUM = os.environ.get("VN_ARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# CI sets this so that a missing browser fails instead of skipping.
REQUIRED = os.environ.get("VN_ARCHIVE_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip("playwright is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        if REQUIRED:
            pytest.fail(f"no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db_path = build_sample(tmp_path_factory.mktemp("browser") / "archive.db")
    with datasette_server(db_path) as url:
        yield url


@pytest.fixture
def page(browser, root: str):  # type: ignore[no-untyped-def]
    """A fresh page that may only talk to the loopback server and fails on any dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    dialogs: list[str] = []

    def guard(route, request) -> None:  # type: ignore[no-untyped-def]
        host = urlparse(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert not outside, f"the page tried to reach {outside}"
    assert not dialogs, f"a script opened dialogs: {dialogs}"


def test_search_box_finds_vietnamese_typed_without_diacritics(page, root: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{root}/archive/articles")
    page.fill("input#_search", "dai hoi")
    page.press("input#_search", "Enter")
    page.wait_for_url("**_search=dai+hoi**")
    table = page.locator("table.rows-and-columns").inner_text()
    assert "Đại hội Đảng bộ xã Hưng Đạo" in table and "Hội nghị sơ kết" in table  # ĐẠI HỘI in its body
    assert "Lễ hội Hoà Bình" not in table
    assert page.locator("input#_search").input_value() == "dai hoi"


def test_ranked_search_marks_the_matches(page, root: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{root}/archive/search?q=hoa+giai")
    marks = page.locator("td.col-snippet mark").all_inner_texts()
    assert {"hoà", "giải", "hòa"} <= set(marks)


def _marks(page, chart: str, mark: str) -> int:  # type: ignore[no-untyped-def]
    """Marks of one kind (rect, symbol, line) Vega has drawn in a dashboard chart (SVG)."""
    selector = f"#chart-{chart} svg g.mark-{mark} path"
    page.wait_for_selector(selector, timeout=20_000)
    drawn = page.evaluate(
        "s => [...document.querySelectorAll(s)].filter(p => (p.getAttribute('d') || '').length > 4).length",
        selector,
    )
    return int(drawn)


def test_charts_are_drawn(page, root: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{root}/-/dashboards/archive-overview")
    # One bar per (month, site) with articles: 2022-03 other; 2023-09, -10, -11, -12 demo.
    assert _marks(page, "articles-per-month", "rect") == 5
    assert _marks(page, "articles-per-category", "rect") == 3
    shot = tmp_path / "archive-overview.png"
    page.screenshot(path=str(shot), full_page=True)
    page.goto(f"{root}/-/dashboards/article-views?url={quote('http://p/hoa-2', safe='')}")
    assert _marks(page, "views-over-time", "symbol") == 4  # one point per observation
    assert _marks(page, "views-over-time", "line") == 1
    views = tmp_path / "article-views.png"
    page.screenshot(path=str(views), full_page=True)
    print(f"\nscreenshots: {shot} {views}")


def test_views_chart_is_one_click_from_the_article(page, root: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{root}/archive/articles/{quote('http://p/hoa-2', safe='')}")
    page.click("td.col-view_count a")
    assert _marks(page, "views-over-time", "symbol") == 4


@pytest.mark.parametrize(
    "path",
    [
        "/archive/articles/" + quote("http://p/xss", safe=""),
        "/archive/articles?_search=thu+nghiem",
        "/archive/search?q=thu+nghiem",
        "/archive/articles?_facet=title",
    ],
)
def test_script_payloads_in_articles_are_shown_as_text(page, root: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(root + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__xss") == "undefined"
    text = page.locator("body").inner_text()
    assert "window.__xss" in text  # the payload is on the page, as text
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("img[onerror]").count() == 0


def test_payload_title_is_visible_verbatim_on_the_row_page(page, root: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{root}/archive/articles/{quote('http://p/xss', safe='')}")
    assert XSS_TITLE in page.locator("td.col-title").inner_text()
