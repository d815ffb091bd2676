"""`archiver new-site NAME URL`: fixture pages, a profile skeleton and a failing site test for a new portal.

The pages (start page, one listing, a few articles) come from the live site through a plain,
polite HTTP client bound to the site's host, or from the WARC archive (`--from-archive`). They
are saved under tests/fixtures/sites/NAME/ with a manifest; the archivist fills in the expected
values there, and tests/sites/test_NAME.py fails until they are filled in and extracted alike.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urldefrag, urljoin, urlsplit

from parsel import Selector
from w3lib.encoding import html_to_unicode

from archiver.fingerprint import FamilyMatch, detect_family, load_fingerprints
from archiver.normalize.urls import canonicalize_url
from archiver.profiles import FAMILY_DIR, ProfileError, profile_from_dict, resolve_family

REPO = Path(__file__).resolve().parents[1]
SITE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
# A family is named in the skeleton only when its fingerprint is this clear on the pages seen.
FAMILY_MIN_SCORE = 0.5
MAX_LISTING_TRIES = 4  # category links tried before settling for the start page's own article links
MAX_PAGE_BYTES = 10 * 1024 * 1024  # a portal page is far smaller; more is a download, not a page
EXPECTED_FIELDS = ("title", "published", "byline", "views")
HOME_TITLES = frozenset({"trang chủ", "trang nhất", "home", "trang chu"})
LABEL_EXAMPLES = {"poster": "Người đăng:", "published": "Ngày đăng:", "views": "Lượt xem:"}


class NewSiteError(Exception):
    """new-site cannot go on: a bad name or URL, a page that cannot be fetched, a file in the way."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    status: int
    content_type: str
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.status == 200 and "html" in self.content_type.lower()

    def selector(self) -> Selector:
        # Decoded as Scrapy would: BOM, then the Content-Type charset, then a <meta charset>.
        _, text = html_to_unicode(self.content_type or None, self.body)
        return Selector(text=text or "<html></html>")


class Fetcher(Protocol):
    """Where pages come from: the live site or the archive."""

    def fetch(self, url: str) -> FetchedPage: ...


# ---------------------------------------------------------------- fetching


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only when it stays on the one allowed host."""

    def __init__(self, netloc: str) -> None:
        self.netloc = netloc

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).netloc != self.netloc:
            raise NewSiteError(f"{req.full_url} redirects off the site, to {newurl}: not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class HttpFetcher:
    """A plain HTTP client for one host: robots.txt obeyed, one request per `delay` seconds."""

    def __init__(self, base_url: str, user_agent: str, delay: float, timeout: float = 30.0) -> None:
        self.netloc = urlsplit(base_url).netloc
        self.origin = f"{urlsplit(base_url).scheme}://{self.netloc}"
        self.user_agent = user_agent
        self.delay = delay
        self.timeout = timeout
        self.opener = urllib.request.build_opener(_SameHostRedirects(self.netloc))
        self._last = 0.0
        self._robots: urllib.robotparser.RobotFileParser | None = None

    def fetch(self, url: str) -> FetchedPage:
        if urlsplit(url).netloc != self.netloc:
            raise NewSiteError(f"{url} is not on {self.netloc}: new-site only reads the one site")
        if not self._allowed(url):
            return FetchedPage(url, 0, "robots.txt disallows", b"")
        return self._get(url)

    def _allowed(self, url: str) -> bool:
        if self._robots is None:
            self._robots = urllib.robotparser.RobotFileParser()
            robots = self._get(self.origin + "/robots.txt")
            if robots.status in (401, 403):  # as urllib.robotparser reads a forbidden robots.txt
                self._robots.disallow_all = True  # type: ignore[attr-defined]  # set by read(), not in typeshed
            lines = robots.body.decode("utf-8", errors="replace").splitlines() if robots.status == 200 else []
            self._robots.parse(lines)
        return self._robots.can_fetch(self.user_agent, url)

    def _get(self, url: str) -> FetchedPage:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_PAGE_BYTES + 1)
                page = FetchedPage(response.geturl(), response.status, response.headers.get("Content-Type", ""), body)
        except urllib.error.HTTPError as exc:
            page = FetchedPage(url, exc.code, exc.headers.get("Content-Type", "") if exc.headers else "", b"")
        except (urllib.error.URLError, OSError) as exc:
            raise NewSiteError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from exc
        finally:
            self._last = time.monotonic()
        if len(page.body) > MAX_PAGE_BYTES:
            return FetchedPage(page.url, page.status, "too large", b"")
        return page


class ArchiveFetcher:
    """Pages from the WARC captures of an archive: no network.

    A URL not captured as such is looked up by its path and query on any host, so an archive of
    the demo portal (which runs on a new port each time) still answers.
    """

    def __init__(self, db_path: Path) -> None:
        from sqlite_utils import Database

        if not db_path.is_file():
            raise NewSiteError(f"{db_path} does not exist")
        self.db_path = db_path
        self.db = Database(db_path)
        if not self.db["captures"].exists():
            raise NewSiteError(f"{db_path} has no captures table: crawl with ARCHIVER_CAPTURE on first")

    def fetch(self, url: str) -> FetchedPage:
        from archiver.capture import CaptureError, read_capture
        from archiver.store import captures_of

        rows = captures_of(self.db, url) or self._same_target(url)
        for row in rows:
            try:
                stored = read_capture(self.db_path.parent / row["warc_file"], row["offset"], row["length"])
            except (CaptureError, OSError):
                continue  # a damaged or missing WARC file: try an older capture
            content_type = next((v for k, v in stored.headers if k.lower() == "content-type"), "")
            return FetchedPage(url, stored.status, content_type, stored.body)
        return FetchedPage(url, 0, "not archived", b"")

    def _same_target(self, url: str) -> list[dict[str, Any]]:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        pattern = "%://%" + target.replace("%", r"\%").replace("_", r"\_")
        return list(
            self.db.query(
                r"SELECT * FROM captures WHERE url LIKE ? ESCAPE '\' ORDER BY fetched_at DESC, rowid DESC", [pattern]
            )
        )


# ---------------------------------------------------------------- discovery

# Article URLs of Vietnamese portals end in a numeric id (`…-1107.html`, `…-post1107.html`,
# `…-d1107.htm`) or sit under a date folder (`/2024/03/slug`): sure signs. A long slug with a page
# suffix (`…-xa-phu-my.html`) is a weaker one: category pages look like that too.
_ARTICLE_ID_PATH = re.compile(
    r"-[a-z]{0,4}\d{2,}(?:\.html?|\.aspx)?/?$|/\d{4}/\d{2}/[^/]+-[^/]+", re.IGNORECASE
)
_ARTICLE_SLUG_PATH = re.compile(r"/[a-z0-9]+(?:-[a-z0-9]+){3,}\.(?:html?|aspx)$", re.IGNORECASE)
# Media sections look like articles by URL but hold videos and photo albums.
_MEDIA_SECTION = re.compile(r"/(?:videos?|clips?|media|album|thu-vien[a-z-]*|gallery|photos?)(?:/|$|-)", re.IGNORECASE)
_ASSET_PATH = re.compile(r"\.(?:jpe?g|png|gif|pdf|docx?|xlsx?|mp4|mp3|zip|rar|css|js)$", re.IGNORECASE)


def same_host_links(page: FetchedPage, netloc: str) -> list[str]:
    """Absolute links of a page that stay on `netloc`, in page order, without fragments or repeats."""
    seen: dict[str, None] = {}
    for href in page.selector().css("a::attr(href)").getall():
        url = canonicalize_url(urldefrag(urljoin(page.url, href.strip()))[0])
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == netloc and not _ASSET_PATH.search(parts.path):
            seen.setdefault(url, None)
    return list(seen)


def article_url_rank(url: str) -> int:
    """2 for an article URL by its id or date folder, 1 by its long slug only, 0 for none."""
    path = urlsplit(url).path
    if _MEDIA_SECTION.search(path):
        return 0
    return 2 if _ARTICLE_ID_PATH.search(path) else 1 if _ARTICLE_SLUG_PATH.search(path) else 0


def is_article_url(url: str) -> bool:
    return article_url_rank(url) > 0


def listing_candidates(links: Sequence[str]) -> list[str]:
    """Non-article links that are the folder of article links, most articles first (the category pages)."""
    articles = [urlsplit(u).path for u in links if is_article_url(u)]
    counts = []
    for url in links:
        path = urlsplit(url).path.rstrip("/")
        if not path or is_article_url(url) or _MEDIA_SECTION.search(path + "/"):
            continue
        below = sum(1 for article in articles if article.startswith(path + "/"))
        if below:
            counts.append((below, url))
    return [url for _, url in sorted(counts, key=lambda pair: -pair[0])]


@dataclass
class Discovery:
    start: FetchedPage
    listing: FetchedPage | None = None
    articles: list[FetchedPage] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def pages(self) -> list[tuple[str, FetchedPage]]:
        found = [("start", self.start)] + ([("listing", self.listing)] if self.listing else [])
        return found + [("article", page) for page in self.articles]


def page_links(page: FetchedPage, netloc: str) -> tuple[list[str], list[str]]:
    """(article links, listing candidates) of a page: generic discovery's when it is there, then
    links of the URL shapes above that it missed."""
    links = same_host_links(page, netloc)
    articles = [u for u in links if is_article_url(u)]
    others = listing_candidates(links)
    discover = _generic_discover()
    if discover is not None:
        from archiver.generic.dom import parse_html

        root = parse_html(page.body)
        found = [link.url for link in discover.article_links(root, page.url)]
        sections = [u for u in discover.section_links(root, page.url) if not _MEDIA_SECTION.search(u + "/")]
        articles = list(dict.fromkeys(found + articles))
        others = list(dict.fromkeys(listing_candidates(articles + sections) + others + sections))
    others = [u for u in others if u not in articles]
    return sorted(articles, key=lambda u: -article_url_rank(u)), others  # sure ones first, order kept


def looks_like_article(page: FetchedPage) -> bool:
    """An id or date in the URL is trusted; a slug-only URL (category pages have those too) must
    also read as an article to generic discovery, when that is there."""
    discover = _generic_discover()
    if discover is None or article_url_rank(page.url) >= 2:
        return True
    from archiver.generic.dom import parse_html

    return bool(discover.page_kind(parse_html(page.body), page.url) == "article")


def _generic_discover() -> Any:
    try:
        from archiver.generic import discover
    except ImportError:
        return None
    return discover


def discover(fetcher: Fetcher, start_url: str, articles: int) -> Discovery:
    """Start page, a category listing with article links on it, and `articles` article pages."""
    start = fetcher.fetch(start_url)
    if not start.is_html:
        raise NewSiteError(f"start page {start_url}: status {start.status} {start.content_type}")
    netloc = urlsplit(start_url).netloc
    found = Discovery(start)
    start_articles, sections = page_links(start, netloc)
    listing_articles: list[str] = []
    for url in list(dict.fromkeys(u for u in sections if u.rstrip("/") != start_url.rstrip("/")))[:MAX_LISTING_TRIES]:
        page = fetcher.fetch(url)
        if not page.is_html:
            found.skipped.append(f"{url}: {page.status} {page.content_type}")
            continue
        listing_articles = page_links(page, netloc)[0]
        if listing_articles:
            found.listing = page
            break
        found.skipped.append(f"{url}: no article links, not a listing")
    for url in dict.fromkeys(u for u in listing_articles + start_articles if u != start_url):
        if len(found.articles) >= articles:
            break
        page = fetcher.fetch(url)
        if not page.is_html:
            found.skipped.append(f"{url}: {page.status} {page.content_type}")
        elif not looks_like_article(page):
            found.skipped.append(f"{url}: reads as a listing, not an article")
        else:
            found.articles.append(page)
    if not found.articles:
        tried = "".join(f"\n  skipped {line}" for line in found.skipped)
        raise NewSiteError(f"no article page found from {start_url}: give a category listing's URL instead{tried}")
    return found


# ---------------------------------------------------------------- what the pages say


@dataclass(frozen=True)
class Finding:
    """A field value found on an article page, and how (which the skeleton turns into a hint)."""

    field: str
    value: str
    how: str
    selector: str | None = None
    # the label printed before the value in its element ("" when the value opens it)
    label: str | None = None


FieldFinder = Callable[[FetchedPage], list[Finding]]


def family_of(pages: Iterable[FetchedPage], families: Traversable = FAMILY_DIR) -> tuple[str | None, list[FamilyMatch]]:
    """The family whose fingerprint is clearest over the pages (mean score), if clear enough."""
    fingerprints = load_fingerprints(families)
    totals: dict[str, float] = {}
    evidence: dict[str, set[str]] = {}
    count = 0
    for page in pages:
        count += 1
        for match in detect_family(page.body, page.url, fingerprints):
            totals[match.family] = totals.get(match.family, 0.0) + match.score
            evidence.setdefault(match.family, set()).update(match.evidence)
    means = [
        FamilyMatch(name, round(total / max(count, 1), 3), tuple(sorted(evidence[name])))
        for name, total in totals.items()
    ]
    ranked = sorted(means, key=lambda m: (-m.score, m.family))
    best = ranked[0].family if ranked and ranked[0].score >= FAMILY_MIN_SCORE else None
    return best, ranked


def profile_findings(family: str, families: Traversable = FAMILY_DIR) -> FieldFinder:
    """Field values as the family's own selectors read them."""
    from archiver.extract import article_fields

    data = resolve_family({"family": family}, families=families)
    rules = data.get("article", {})

    def find(page: FetchedPage) -> list[Finding]:
        minimal: dict[str, Any] = {"name": "x", "title": "x", "base_url": page.url, "family": family}
        minimal |= {"news": {"start_paths": ["/"]}, "videos": {"start_paths": ["/"]}}
        try:
            profile = profile_from_dict(minimal, families=families)
        except ProfileError:
            return []
        raw = article_fields(page.selector(), page.url, profile.article)
        published, views = rules.get("published") or rules.get("meta"), rules.get("views") or rules.get("meta")
        pairs = [("title", "title_raw", rules.get("title")), ("published", "published_raw", published)]
        pairs += [("byline", "byline_raw", rules.get("byline")), ("views", "views_raw", views)]
        return [
            Finding(name, raw[key], f"family {family}", selector) for name, key, selector in pairs if raw.get(key)
        ]

    return find


def basic_findings(page: FetchedPage) -> list[Finding]:
    """What plain markup says, when neither a family nor generic extraction is at hand."""
    sel = page.selector()
    found = []
    for query, how in (
        ("meta[property='og:title']::attr(content)", "meta og:title"),
        ("h1", "first h1"),
    ):
        value = " ".join(" ".join(sel.css(query).xpath("string()").getall()[:1]).split())
        if value:
            found.append(Finding("title", value, how, _h1_selector(sel) if query == "h1" else None))
            break
    for query, how in (
        ("meta[property='article:published_time']::attr(content)", "meta article:published_time"),
        ("time::attr(datetime)", "time[datetime]"),
    ):
        attribute = sel.css(query).get()
        if attribute:
            found.append(Finding("published", attribute.strip(), how))
            break
    return found


def _h1_selector(sel: Selector) -> str | None:
    classes = (sel.css("h1::attr(class)").get() or "").split()
    return f"h1.{classes[0]}" if classes else "h1"


def generic_findings() -> FieldFinder | None:
    """Generic extraction (archiver.generic) as a FieldFinder, when that package is there."""
    try:
        from archiver.generic.combine import extract_generic
    except ImportError:
        return None

    def find(page: FetchedPage) -> list[Finding]:
        sel = page.selector()
        # without the body: trafilatura is the costly part, and the body selector is found below
        found = extract_generic(sel.get(), page.url, with_body=False)
        findings = []
        for name in ("title", "published", "byline", "views", "poster"):
            if name in found and found[name].raw:
                raw = found[name].raw
                query = selector_for(sel, raw)
                findings.append(Finding(name, raw, found[name].method, query, label_before(sel, query, raw)))
        body = body_selector(sel)
        return findings + ([Finding("body", "", "heuristic (most paragraphs)", body)] if body else [])

    return find


_SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "meta", "noscript", "html", "body"})


def selector_for(sel: Selector, raw: str) -> str | None:
    """A CSS selector for the innermost visible element whose text holds `raw`, unique on the page."""
    wanted = " ".join(raw.split())
    if not wanted:
        return None
    best = None
    for element in sel.root.iter():
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            continue
        text = " ".join(element.text_content().split())
        if wanted in text and (best is None or len(text) <= len(best[1])):
            best = (element, text)
    if best is None:
        return None
    return _unique_selector(sel, best[0])


def _unique_selector(sel: Selector, element: Any) -> str | None:
    """`tag#id` or `tag.class` naming `element`, if it matches that element alone; else its tag if unique."""
    tag = element.tag
    candidates = [f"{tag}#{element.get('id')}"] if element.get("id") else []
    candidates += [f"{tag}.{name}" for name in (element.get("class") or "").split() if re.fullmatch(r"[\w-]+", name)]
    candidates.append(tag)
    for query in candidates:
        matches = sel.css(query)
        if len(matches) == 1 and matches[0].root is element:
            return query
    return None


def body_selector(sel: Selector) -> str | None:
    """The container with the most paragraph text directly inside it: an article body."""
    best, best_length = None, 0
    for element in sel.root.iter("div", "article", "section", "td"):
        length = sum(len(" ".join(p.text_content().split())) for p in element.iterchildren("p"))
        if length > best_length:
            best, best_length = element, length
    return _unique_selector(sel, best) if best is not None and best_length >= 200 else None


def label_before(sel: Selector, query: str | None, raw: str) -> str | None:
    """The label printed just before `raw` in the element `query` (`Ngày đăng:`), "" when `raw`
    opens the element's text, None when neither (an unlabelled value mid-text)."""
    if not query:
        return None
    text = " ".join(" ".join(sel.css(query).xpath("string()").getall()[:1]).split())
    index = text.find(" ".join(raw.split()))
    if index < 0:
        return None
    words = text[:index].split()
    if not words:
        return ""
    if not words[-1].endswith(":"):
        return None
    label = [words.pop()]
    while words and not label[0][0].isupper() and len(label) < 4:
        label.insert(0, words.pop())
    return " ".join(label) if label[0][0].isupper() else None


# ---------------------------------------------------------------- writing files


@dataclass(frozen=True)
class NewSiteResult:
    family: str | None
    ranked: list[FamilyMatch]
    written: list[Path]
    findings: dict[str, list[Finding]]
    skipped: list[str]


def new_site(
    name: str,
    url: str,
    fetcher: Fetcher,
    *,
    root: Path = REPO,
    articles: int = 3,
    force: bool = False,
    source: str = "live site",
    families: Traversable = FAMILY_DIR,
) -> NewSiteResult:
    """Fetch the pages, then write the fixtures, the manifest, the profile skeleton and the site test."""
    check_name(name)
    base_url = check_url(url)
    url = url if urlsplit(url).path else url + "/"
    paths = output_paths(root, name)
    if not force:
        in_the_way = [p for p in (paths["profile"], paths["test"], paths["manifest"]) if p.exists()]
        if in_the_way:
            raise NewSiteError(f"already exists (use --force to overwrite): {', '.join(map(str, in_the_way))}")
    found = discover(fetcher, url, articles)
    family, ranked = family_of((page for _, page in found.pages), families)
    family_finder = profile_findings(family, families) if family else None
    finders = [f for f in (family_finder, generic_findings(), basic_findings) if f]
    findings = {page.url: _first_per_field(f for finder in finders for f in finder(page)) for page in found.articles}
    files = fixture_names(found.pages)
    written = []
    paths["fixtures"].mkdir(parents=True, exist_ok=True)
    for (_, page), filename in zip(found.pages, files, strict=True):
        (paths["fixtures"] / filename).write_bytes(page.body)
        written.append(paths["fixtures"] / filename)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = render_manifest(name, base_url, found.pages, files, findings, source=source, stamp=stamp)
    profile = render_profile(name, base_url, url, family, ranked, found, findings, stamp=stamp)
    for path, text in ((paths["manifest"], manifest), (paths["profile"], profile), (paths["test"], render_test(name))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return NewSiteResult(family, ranked, written, findings, found.skipped)


def check_name(name: str) -> None:
    if not SITE_NAME.fullmatch(name):
        raise NewSiteError(f"site name {name!r}: use lower-case letters, digits and hyphens (it names files)")


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise NewSiteError(f"URL must be http(s)://host/…, got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def output_paths(root: Path, name: str) -> dict[str, Path]:
    fixtures = root / "tests" / "fixtures" / "sites" / name
    return {
        "fixtures": fixtures,
        "manifest": fixtures / "manifest.toml",
        "profile": root / "archiver" / "profiles" / f"{name}.toml",
        "test": root / "tests" / "sites" / f"test_{name.replace('-', '_')}.py",
    }


def fixture_names(pages: Sequence[tuple[str, FetchedPage]]) -> list[str]:
    names: list[str] = []
    for kind, _ in pages:
        number = [other for other, _ in pages[: len(names) + 1]].count(kind)
        names.append(f"{kind}.html" if kind != "article" else f"article-{number}.html")
    return names


def _first_per_field(findings: Iterable[Finding]) -> list[Finding]:
    chosen: dict[str, Finding] = {}
    for finding in findings:
        chosen.setdefault(finding.field, finding)
    return list(chosen.values())


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes (\\n, \\", \\uXXXX) are TOML's too."""
    return json.dumps(value, ensure_ascii=False)


def render_manifest(
    name: str,
    base_url: str,
    pages: Sequence[tuple[str, FetchedPage]],
    files: Sequence[str],
    findings: dict[str, list[Finding]],
    *,
    source: str,
    stamp: str,
) -> str:
    lines = [
        f"# Pages of {name} saved by `archiver new-site` from the {source} at {stamp}.",
        "# For each article page, fill in [page.expected] as printed on the page (spaces collapsed):",
        "#   title, published (the date line as printed, e.g. \"21:50 | 17/09\"), byline, views.",
        "# Write false for a field the page does not show. tests/sites/test_"
        f"{name.replace('-', '_')}.py fails until every value is filled in and the profile extracts it.",
        f"site = {toml_string(name)}",
        f"base_url = {toml_string(base_url)}",
        "",
    ]
    for (kind, page), filename in zip(pages, files, strict=True):
        lines += ["[[page]]", f"kind = {toml_string(kind)}", f"url = {toml_string(page.url)}"]
        lines += [f"file = {toml_string(filename)}", f"content_type = {toml_string(page.content_type)}"]
        if kind == "article":
            lines.append("[page.expected]")
            hints = {f.field: f for f in findings.get(page.url, [])}
            for expected in EXPECTED_FIELDS:
                if expected in hints:
                    lines.append(f"# found ({hints[expected].how}): {toml_string(hints[expected].value)}")
                lines.append(f'{expected} = ""')
        lines.append("")
    return "\n".join(lines)


def render_profile(
    name: str,
    base_url: str,
    url: str,
    family: str | None,
    ranked: Sequence[FamilyMatch],
    found: Discovery,
    findings: dict[str, list[Finding]],
    *,
    stamp: str,
) -> str:
    start_path = urlsplit(url).path or "/"
    lines = [
        f"# Profile skeleton for {name}, written by `archiver new-site` at {stamp}.",
        "# Fill in the TODOs, then `archiver check-site " + name + "` and the site test show what it extracts.",
    ]
    if ranked:
        lines.append("# Families by fingerprint (mean score over the saved pages):")
        lines += [f"#   {m.family}: {m.score}" for m in ranked[:3]]
    lines.append(f"# Example listing: {found.listing.url if found.listing else 'none found'}")
    lines += [f"# Example article: {page.url}" for page in found.articles]
    lines += [
        f"name = {toml_string(name)}",
        f"title = {toml_string(_page_title(found.start) or name)}",
    ]
    if family:
        lines.append(f"family = {toml_string(family)}")
    else:
        lines.append("# family = \"…\"   # none recognised: every selector below must be filled in")
    lines += [f"base_url = {toml_string(base_url)}", "", "[news]", f"start_paths = [{toml_string(start_path)}]"]
    if not family:
        lines += _todo_lines(["entry", "entry_link", "entry_title", "entry_date", "next_page"])
        lines += ["", "[article]"]
        lines += _article_hints(findings)
        lines += ["", "[videos]", "# No video section yet: add its start path(s) and entry selectors to crawl videos."]
        lines += ["start_paths = []", 'entry = "TODO"', 'entry_link = "TODO"', 'entry_title = "TODO"']
        lines += ["", "[video]", 'title = "h1"', 'media = "video source::attr(src), video::attr(src)"']
    lines.append("")
    return "\n".join(lines)


def _todo_lines(keys: Sequence[str]) -> list[str]:
    required = {"entry", "entry_link", "entry_title"}
    return [f'{key} = "TODO"' if key in required else f'# {key} = "TODO"' for key in keys]


def _article_hints(findings: dict[str, list[Finding]]) -> list[str]:
    """[article] lines from what most pages agree on (selectors, meta labels), else TODO lines."""
    per_field: dict[str, list[Finding]] = {}
    for page_findings in findings.values():
        for finding in page_findings:
            per_field.setdefault(finding.field, []).append(finding)

    def agreed(name: str, attribute: str) -> str | None:
        values = [getattr(f, attribute) for f in per_field.get(name, []) if getattr(f, attribute) is not None]
        return max(set(values), key=values.count) if values else None

    lines = []
    for key, name in (("title", "title"), ("body", "body"), ("byline", "byline")):
        how = ", ".join(sorted({f.how for f in per_field.get(name, [])})) or "not found"
        lines.append(f"# {name}: {how}")
        query = agreed(name, "selector")
        lines.append(f"{key} = {toml_string(query)}" if query else f'{"" if key != "byline" else "# "}{key} = "TODO"')
    # The date and the view count are read from one meta element, split on their labels.
    meta = agreed("published", "selector") or agreed("views", "selector")
    labels = {name: agreed(name, "label") for name in ("published", "views", "poster")}
    for name in ("published", "views"):
        how = ", ".join(sorted({f.how for f in per_field.get(name, [])})) or "not found"
        lines.append(f"# {name}: {how}" + (f", in {agreed(name, 'selector')}" if agreed(name, "selector") else ""))
    lines.append(f"meta = {toml_string(meta)}" if meta else '# meta = "TODO"   # the element with the date line')
    # An unlabelled date is read from its own element (the `published` key), not split off a line.
    unlabelled_date = labels["published"] == "" and agreed("published", "selector")
    if unlabelled_date:
        lines.append(f"published = {toml_string(unlabelled_date)}")
    lines += ["", "[article.meta_labels]"]
    for name in ("poster", "published", "views"):
        label = labels[name]
        if name == "published" and unlabelled_date:
            continue
        if label:
            lines.append(f"{name} = {toml_string(label)}")
        else:
            example = toml_string(LABEL_EXAMPLES[name])
            lines.append(f'# {name} = "TODO"   # the label printed before it, e.g. {example}')
    return lines


def _page_title(page: FetchedPage) -> str | None:
    """The start page's <title>, without a leading "Trang chủ - " (the site's name is what is left)."""
    title = " ".join((page.selector().css("title::text").get() or "").split())
    head, dash, rest = title.partition(" - ")
    return (rest if dash and head.lower() in HOME_TITLES else title) or None


def render_test(name: str) -> str:
    return TEST_TEMPLATE.replace("{NAME}", name)


TEST_TEMPLATE = '''"""Site test for {NAME}, written by `archiver new-site`.

It fails until every expected value in tests/fixtures/sites/{NAME}/manifest.toml is filled in
(as printed on the page) and the profile archiver/profiles/{NAME}.toml extracts exactly that.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from archiver.extract import article_fields, listing_entries
from archiver.profiles import FAMILY_DIR, load_profile_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "sites" / "{NAME}"
MANIFEST_PATH = FIXTURES / "manifest.toml"
PROFILE_PATH = ROOT / "archiver" / "profiles" / "{NAME}.toml"
FAMILIES = PROFILE_PATH.parent / "families" if (PROFILE_PATH.parent / "families").is_dir() else FAMILY_DIR
MANIFEST = tomllib.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
PAGES = MANIFEST.get("page", [])
ARTICLES = [page for page in PAGES if page["kind"] == "article"]
# manifest field -> raw field of archiver.extract.article_fields
FIELDS = {"title": "title_raw", "published": "published_raw", "byline": "byline_raw", "views": "views_raw"}


def response(page: dict[str, Any]) -> HtmlResponse:
    body = (FIXTURES / page["file"]).read_bytes()
    return HtmlResponse(url=page["url"], body=body, headers={"Content-Type": page.get("content_type") or "text/html"})


def test_there_are_article_fixtures() -> None:
    assert ARTICLES, f"no article page in {MANIFEST_PATH}"


@pytest.mark.parametrize("page", ARTICLES, ids=[page["file"] for page in ARTICLES])
def test_article_fields_match_the_manifest(page: dict[str, Any]) -> None:
    expected = page.get("expected", {})
    unfilled = [name for name in FIELDS if expected.get(name, "") == ""]
    assert not unfilled, f"fill in {unfilled} for {page['url']} in {MANIFEST_PATH} (false if the page has none)"
    profile = load_profile_file(PROFILE_PATH, FAMILIES)
    extracted = article_fields(response(page).selector, page["url"], profile.article)
    for name, key in FIELDS.items():
        want = None if expected[name] is False else expected[name]
        assert extracted[key] == want, f"{name} of {page['file']}: extracted {extracted[key]!r}, expected {want!r}"


@pytest.mark.parametrize("page", [p for p in PAGES if p["kind"] == "listing"], ids=lambda page: page["file"])
def test_listing_entries_are_found(page: dict[str, Any]) -> None:
    profile = load_profile_file(PROFILE_PATH, FAMILIES)
    entries = listing_entries(response(page).selector, page["url"], profile.news)
    assert entries, f"the [news] entry selectors find no entry in {page['file']}"
'''
