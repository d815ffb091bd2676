"""Later days of the demo portal: what changes, and that day 1 never does."""

from __future__ import annotations

import re

from archiver.demo.days import CORRECTION, NEW_ARTICLES_PER_DAY, day_plan
from archiver.demo.generator import build_site
from archiver.demo.pages import render

DAY1, DAY2, DAY3 = (build_site(day=d) for d in (1, 2, 3))
PLAN = day_plan(DAY1)


def by_id(site):
    return {a.id: a for a in site.articles}


def test_day_one_is_the_default_site() -> None:
    assert render(DAY1, DAY1.articles[7].path).body == render(build_site(), DAY1.articles[7].path).body


def test_new_articles_and_videos_each_day() -> None:
    assert len(DAY2.articles) == len(DAY1.articles) + NEW_ARTICLES_PER_DAY - 1  # one removed on day 2
    assert len(DAY3.articles) == len(DAY1.articles) + 2 * NEW_ARTICLES_PER_DAY - 1  # restored, one redirected
    assert [len(s.videos) for s in (DAY1, DAY2, DAY3)] == [40, 41, 42]
    assert DAY3.articles[0].published.date() == DAY3.today
    assert max(a.id for a in DAY1.articles) < min(a.id for a in DAY3.articles[: 2 * NEW_ARTICLES_PER_DAY])


def test_views_grow_except_the_reset_counter() -> None:
    one, two, three = by_id(DAY1), by_id(DAY2), by_id(DAY3)
    for article_id in one.keys() & two.keys() & three.keys():
        assert one[article_id].view_count <= two[article_id].view_count
        if article_id != PLAN.counter_reset:
            assert two[article_id].view_count <= three[article_id].view_count
    assert three[PLAN.counter_reset].view_count < two[PLAN.counter_reset].view_count


def test_edits() -> None:
    one, two, three = by_id(DAY1), by_id(DAY2), by_id(DAY3)
    assert len({one[PLAN.retitled].title, two[PLAN.retitled].title, three[PLAN.retitled].title}) == 3
    assert two[PLAN.rewritten].body_blocks[-1] == CORRECTION and three[PLAN.rewritten].body_blocks[-1] == CORRECTION
    assert two[PLAN.rebylined].authors[-1] == "Thanh Tâm" != one[PLAN.rebylined].byline_raw
    page_text = re.sub(r"<[^>]+>", "", render(DAY2, two[PLAN.rewritten].path).body.decode())
    assert CORRECTION in page_text


def test_removed_then_restored_and_redirected() -> None:
    removed = by_id(DAY1)[PLAN.removed].path
    redirected = by_id(DAY1)[PLAN.redirected].path
    assert [render(s, removed).status for s in (DAY1, DAY2, DAY3)] == [200, 404, 200]
    assert [render(s, redirected).status for s in (DAY1, DAY2, DAY3)] == [200, 200, 301]
    assert dict(render(DAY3, redirected).headers)["Location"] == "/"
    assert removed not in {a.path for a in DAY2.articles}
    assert all(removed != link.path for a in DAY2.articles for link in a.related)
