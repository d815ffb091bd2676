from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from archiver.cli import main
from archiver.demo.generator import DemoSite, build_site, dotted
from archiver.demo.pages import render
from archiver.demo.server import DemoServer
from archiver.profiles import load_profile_file
from tests.e2e.helpers import scrapy_crawl
from tests.newsite.helpers import fill_manifest, run_site_test

SITE = build_site(articles=30, videos=3)
NAME = "tinh-thu"


@pytest.fixture(scope="module")
def portal() -> Iterator[DemoServer]:
    with DemoServer(SITE) as server:
        yield server


def truth(site: DemoSite) -> object:
    """The expected values of an article page as the demo portal prints them (from the generator)."""

    def expected(url: str) -> dict[str, str | bool]:
        article = site.article_by_path(urlsplit(url).path)
        assert article is not None, url
        return {
            "title": article.title,
            "published": f"{article.published:%H:%M | %d/%m}",
            "byline": f"Tác giả: {article.byline_raw}" if article.byline_raw is not None else False,
            "views": dotted(article.view_count),
        }

    return expected


def new_site(root: Path, *args: str) -> object:
    return CliRunner().invoke(main, ["new-site", NAME, *args, "--root", str(root)])


def test_new_site_from_the_live_portal_writes_fixtures_profile_and_test(portal: DemoServer, tmp_path: Path) -> None:
    result = new_site(tmp_path, portal.base_url + "/", "--delay", "0", "--pages", "2")
    assert result.exit_code == 0, result.output
    assert "family: fatherland-front" in result.output
    fixtures = tmp_path / "tests" / "fixtures" / "sites" / NAME
    manifest = tomllib.loads((fixtures / "manifest.toml").read_text(encoding="utf-8"))
    kinds = [page["kind"] for page in manifest["page"]]
    assert kinds == ["start", "listing", "article", "article"]
    for page in manifest["page"]:  # each saved page is byte for byte what the portal served
        assert (fixtures / page["file"]).read_bytes() == render(SITE, urlsplit(page["url"]).path).body
        assert urlsplit(page["url"]).netloc == urlsplit(portal.base_url).netloc
    articles = [page for page in manifest["page"] if page["kind"] == "article"]
    assert all(page["expected"] == {"title": "", "published": "", "byline": "", "views": ""} for page in articles)
    profile_path = tmp_path / "archiver" / "profiles" / f"{NAME}.toml"
    profile_text = profile_path.read_text(encoding="utf-8")
    assert 'family = "fatherland-front"' in profile_text
    assert "Example article: " + articles[0]["url"] in profile_text
    profile = load_profile_file(profile_path)
    assert profile.base_url == portal.base_url and profile.news.start_paths == ("/",)
    assert profile.article.title == "h1.detail-title"  # from the family


def test_generated_test_fails_until_the_manifest_is_filled_in(portal: DemoServer, tmp_path: Path) -> None:
    assert new_site(tmp_path, portal.base_url, "--delay", "0").exit_code == 0
    manifest = tmp_path / "tests" / "fixtures" / "sites" / NAME / "manifest.toml"
    before = run_site_test(tmp_path, NAME)
    assert before.returncode == 1, before.stdout
    assert "3 failed" in before.stdout and "fill in" in before.stdout

    wrong = truth(SITE)
    fill_manifest(manifest, lambda url: wrong(url) | {"views": "0"})  # type: ignore[operator]
    assert run_site_test(tmp_path, NAME).returncode == 1  # filled in, but not what the page says

    manifest.write_text(manifest.read_text(encoding="utf-8").replace('views = "0"', 'views = ""'), encoding="utf-8")
    fill_manifest(manifest, truth(SITE))  # type: ignore[arg-type]
    after = run_site_test(tmp_path, NAME)
    assert after.returncode == 0, after.stdout + after.stderr
    assert "5 passed" in after.stdout  # 3 articles, the listing, the fixture count


def test_new_site_refuses_to_overwrite_without_force(portal: DemoServer, tmp_path: Path) -> None:
    assert new_site(tmp_path, portal.base_url, "--delay", "0", "--pages", "1").exit_code == 0
    profile = tmp_path / "archiver" / "profiles" / f"{NAME}.toml"
    profile.write_text("# edited by hand\n", encoding="utf-8")
    again = new_site(tmp_path, portal.base_url, "--delay", "0", "--pages", "1")
    assert again.exit_code != 0 and "--force" in again.output
    assert profile.read_text(encoding="utf-8") == "# edited by hand\n"
    forced = new_site(tmp_path, portal.base_url, "--delay", "0", "--pages", "1", "--force")
    assert forced.exit_code == 0, forced.output
    assert "family" in profile.read_text(encoding="utf-8")


def test_new_site_from_the_archive_needs_no_network(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with DemoServer(SITE) as server:
        crawl = scrapy_crawl("news", server.base_url, db_path, "-s", "LOG_LEVEL=WARNING")
        assert crawl.returncode == 0, crawl.stderr[-2000:]
        old_url = server.base_url
    # the portal is gone; the archive answers, even under another port (the demo picks a new one each run)
    root = tmp_path / "project"
    result = new_site(root, "http://127.0.0.1:9/", "--from-archive", str(db_path))
    assert result.exit_code == 0, result.output
    fixtures = root / "tests" / "fixtures" / "sites" / NAME
    manifest = tomllib.loads((fixtures / "manifest.toml").read_text(encoding="utf-8"))
    assert [p["kind"] for p in manifest["page"]].count("article") == 3
    for page in manifest["page"]:
        assert (fixtures / page["file"]).read_bytes() == render(SITE, urlsplit(page["url"]).path).body
    assert urlsplit(old_url).port != 9
    fill_manifest(fixtures / "manifest.toml", truth(SITE))  # type: ignore[arg-type]
    assert run_site_test(root, NAME).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Name", "http://127.0.0.1:9/"], "lower-case"),
        (["ok", "ftp://127.0.0.1/"], "http(s)"),
    ],
)
def test_bad_arguments_are_clear_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["new-site", *args, "--root", str(tmp_path), "--delay", "0"])
    assert result.exit_code != 0 and message in result.output
    assert not (tmp_path / "archiver").exists()


def test_missing_archive_is_a_clear_error(tmp_path: Path) -> None:
    result = new_site(tmp_path, "http://127.0.0.1:9/", "--from-archive", str(tmp_path / "none.db"))
    assert result.exit_code != 0 and "does not exist" in result.output


# ---------------------------------------------------------------- other CMS layouts

@pytest.mark.parametrize("variant", ["nukeviet", "jsonld", "dated-title"])
def test_new_site_detects_the_family_of_each_demo_layout(variant: str, tmp_path: Path) -> None:
    from archiver.newsite import HttpFetcher
    from archiver.newsite import new_site as make_site

    with DemoServer(build_site(articles=30, videos=2, variant=variant)) as server:
        result = make_site("x", server.base_url + "/", HttpFetcher(server.base_url, "test", 0), root=tmp_path)
    assert result.family == variant, result.ranked
    assert len(result.findings) == 3  # three article pages, each with what was found on it
    profile = load_profile_file(tmp_path / "archiver" / "profiles" / "x.toml")
    # the family holds what the variant's own profile says about article pages
    own = load_profile_file(Path(__file__).parents[2] / "archiver" / "profiles" / f"demo-{variant}.toml")
    assert profile.article == own.article


def test_without_a_known_family_the_skeleton_holds_inferred_selectors(tmp_path: Path) -> None:
    pytest.importorskip("archiver.generic.combine")  # the labels and title come from generic extraction
    from archiver.newsite import HttpFetcher
    from archiver.newsite import new_site as make_site

    no_families = tmp_path / "families"
    no_families.mkdir()
    with DemoServer(SITE) as server:
        fetcher = HttpFetcher(server.base_url, "test", 0)
        result = make_site("x", server.base_url, fetcher, root=tmp_path, families=no_families)
    assert result.family is None
    text = (tmp_path / "archiver" / "profiles" / "x.toml").read_text(encoding="utf-8")
    assert "# family = " in text and 'entry = "TODO"' in text
    article = load_profile_file(tmp_path / "archiver" / "profiles" / "x.toml", no_families).article
    # what generic mode found, turned into the selectors and labels the demo family also uses
    assert (article.title, article.body, article.meta) == ("h1.detail-title", "div.detail-content", "div.detail-meta")
    assert article.meta_labels["published"] == "Ngày đăng:" and article.meta_labels["views"] == "Lượt xem:"
