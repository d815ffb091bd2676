"""Successive days of the demo portal, so tests can crawl day 1, 2, 3 and check the archive's history.

Day 1 is the site `build_site` always made. Each later day, deterministically from the seed:
new articles and a new video are published; every view counter grows (one is reset on day 3,
as a CMS migration does); and a few day-1 articles change:

- `retitled`: title edited on day 2 and again on day 3;
- `rewritten`: a correction paragraph appended to the body on day 2;
- `rebylined`: the author line changed on day 2;
- `removed`: answers 404 on day 2 only (taken down, then restored);
- `redirected`: from day 3 on, redirects to the home page.

A change on day k is drawn from `Random(f"{seed}:{what}:{k}")`, never from the day-1 generator,
so day 1 stays byte-identical whatever later days do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from archiver.demo.generator import (
    _HOURS,
    VIETNAM_TZ,
    Category,
    DemoArticle,
    DemoSite,
    DemoVideo,
    GonePage,
    _draft,
    _related,
    normalize_byline,
    slugify,
)

NEW_ARTICLES_PER_DAY = 6
CORRECTION = "Thông tin đính chính: số liệu tại đoạn trên đã được cơ quan chủ trì cập nhật lại cho chính xác."
NEW_AUTHOR = "Thanh Tâm"


@dataclass(frozen=True)
class DayPlan:
    """Which day-1 articles (by id) change on later days."""

    retitled: int
    rewritten: int
    rebylined: int
    removed: int
    redirected: int
    counter_reset: int


def day_plan(first_day: DemoSite) -> DayPlan:
    """Six distinct older articles (never the newest ten, which home and listings churn)."""
    candidates = sorted(a.id for a in first_day.articles[10:])
    if len(candidates) < 6:
        raise ValueError("later days need at least 16 articles on day 1")
    return DayPlan(*random.Random(f"{first_day.seed}:plan").sample(candidates, 6))


def _rng(site: DemoSite, *key: object) -> random.Random:
    return random.Random(":".join(map(str, (site.seed, *key))))


def evolve(first_day: DemoSite, day: int) -> DemoSite:
    """The site as it stands on `day`."""
    if day == 1:
        return first_day
    plan = day_plan(first_day)
    articles = list(first_day.articles)
    videos = list(first_day.videos)
    taken = {a.title for a in articles}
    for k in range(2, day + 1):
        articles[:0] = _new_articles(first_day, k, articles, taken)
        videos[:0] = _new_videos(first_day, k, videos)
    articles = [_on_day(first_day, a, plan, day) for a in articles]
    gone = _gone_pages(first_day, plan, day)
    gone_paths = {g.path for g in gone}
    visible = [a for a in articles if a.path not in gone_paths]
    visible = [replace(a, related=r) for a, r in zip(visible, _related(visible), strict=True)]
    return replace(
        first_day,
        today=first_day.today + timedelta(days=day - 1),
        articles=tuple(visible),
        videos=tuple(videos),
        day=day,
        gone=gone,
    )


def _new_articles(site: DemoSite, k: int, existing: list[DemoArticle], taken: set[str]) -> list[DemoArticle]:
    """Day k's new articles, newest first, ids after every id so far."""
    rng = _rng(site, "new", k)
    today = site.today + timedelta(days=k - 1)
    hours = sorted(rng.sample(_HOURS, NEW_ARTICLES_PER_DAY))
    next_id = max((a.id for a in existing), default=0) + 1
    drafts = []
    for index, hour in enumerate(hours):
        published = datetime(today.year, today.month, today.day, hour, rng.randint(0, 59), tzinfo=VIETNAM_TZ)
        category = rng.choice(site.categories)
        drafts.append(_draft(rng, next_id + index, category, published, today, taken))
    return sorted(drafts, key=lambda a: a.published, reverse=True)


def _new_videos(site: DemoSite, k: int, existing: list[DemoVideo]) -> list[DemoVideo]:
    """One bulletin of the first video category, recorded on day k."""
    category = next(v.category for v in site.videos) if site.videos else Category("chuyen-muc", "Chuyên mục")
    prefix = next(v.title.split()[0] for v in site.videos if v.category == category) if site.videos else "CM"
    recorded_on = site.today + timedelta(days=k - 1)
    title = f"{prefix} {recorded_on:%d.%m.%y}"
    video_id = max((v.id for v in existing), default=0) + 1
    slug = slugify(title)
    return [
        DemoVideo(
            id=video_id,
            path=f"/video/{video_id}-{slug}.html",
            title=title,
            recorded_on=recorded_on,
            media_url=f"/Uploads/video/{slug}.mp4",
            category=category,
        )
    ]


def _on_day(site: DemoSite, article: DemoArticle, plan: DayPlan, day: int) -> DemoArticle:
    """An article's title, body, byline and counter as shown on `day`."""
    changed = replace(article, view_count=_views(site, article, plan, day))
    if article.id == plan.retitled:
        changed = replace(changed, title=f"{article.title} (cập nhật)" if day == 2 else f"[Cập nhật] {article.title}")
    if article.id == plan.rewritten:
        changed = replace(changed, body_blocks=(*article.body_blocks, CORRECTION))
    if article.id == plan.rebylined:
        byline = f"{article.byline_raw} - {NEW_AUTHOR}" if article.byline_raw else NEW_AUTHOR
        changed = replace(changed, byline_raw=byline, authors=normalize_byline(byline))
    return changed


def _views(site: DemoSite, article: DemoArticle, plan: DayPlan, day: int) -> int:
    """The counter grows every day after publication; `counter_reset` drops on day 3."""
    views = article.view_count
    published_day = (article.published.date() - site.today).days + 1
    for k in range(max(2, published_day + 1), day + 1):
        rng = _rng(site, "views", article.id, k)
        views = rng.randint(1, 30) if (article.id == plan.counter_reset and k == 3) else views + rng.randint(0, 60)
    return views


def _gone_pages(site: DemoSite, plan: DayPlan, day: int) -> tuple[GonePage, ...]:
    paths = {a.id: a.path for a in site.articles}
    gone = []
    if day == 2:
        gone.append(GonePage(paths[plan.removed], 404))
    if day >= 3:
        gone.append(GonePage(paths[plan.redirected], 301, "/"))
    return tuple(gone)
