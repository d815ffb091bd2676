"""The default layout: the provincial Fatherland Front CMS that archiver/demo/pages.py renders."""

from __future__ import annotations

from archiver.demo.generator import DemoVideo
from archiver.demo.pages import render
from archiver.demo.variants import DEFAULT_VARIANT, Layout
from archiver.demo.variants.common import ArticleKey


def article_path(key: ArticleKey) -> str:
    """`/tin-tuc/{category}/{slug}-{id}.html`: the generator's own paths."""
    return f"/tin-tuc/{key.category}/{key.slug}-{key.id}.html"


def listing_path(category: str, page: int = 1) -> str:
    return f"/tin-tuc/{category}" if page == 1 else f"/tin-tuc/{category}?trang={page}"


def video_path(video: DemoVideo) -> str:
    return video.path


LAYOUT = Layout(
    name=DEFAULT_VARIANT,
    description="provincial Fatherland Front CMS: one labelled meta line, year-less date (the default)",
    render=render,
    article_path=article_path,
    listing_path=listing_path,
    video_path=video_path,
    profile="demo",
)
