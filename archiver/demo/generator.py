"""The demo portal's content: a deterministic fake provincial Fatherland Front news site.

`build_site(seed)` is the ground truth of the end-to-end tests: every field of a
`DemoArticle` is exactly what `pages.render` prints (or, for `authors`, what a correct
byline normaliser must derive from it). Only `random.Random(seed)` is used, never the
clock, so the same arguments always give the same site.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

from archiver.demo import vocabulary as vocab
from archiver.demo.variants import DEFAULT_VARIANT, check_variant

VIETNAM_TZ = timezone(timedelta(hours=7))
# A fixed "today" keeps the site independent of when it is built.
TODAY = date(2024, 1, 20)
# Articles and videos are spread over this many days ending at TODAY (about 2 years 2 months).
SPAN_DAYS = 800
FIRST_ARTICLE_ID = 1040
FIRST_VIDEO_ID = 210
MIN_WORDS, MAX_WORDS = 200, 1000
SUMMARY_WORDS = 40
MAX_VIEWS = 25_000
# Publishing hours, repeated to weight office hours; the few late/early ones make the
# year-boundary cases (31/12 late evening, 01/01 early morning) look ordinary.
_HOURS = (6, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 16, 17, 19, 20, 21, 22)
_SLOT = re.compile(r"\{(\w+)\}")


# ---------------------------------------------------------------- public data model


@dataclass(frozen=True)
class Category:
    """A news (or video) category: its URL slug and its display name."""

    slug: str
    name: str


@dataclass(frozen=True)
class DemoImage:
    """A picture of an article body: site path of the file and the caption printed under it."""

    src: str
    caption: str


@dataclass(frozen=True)
class RelatedLink:
    """One link of the "Các tin mới" (kind "new") or "Các tin khác" (kind "other") block."""

    kind: str
    path: str
    title: str


@dataclass(frozen=True)
class DemoArticle:
    """One article exactly as its page shows it."""

    id: int
    path: str
    category: Category
    title: str
    summary: str
    published: datetime
    poster: str
    byline_raw: str | None
    authors: tuple[str, ...]
    view_count: int
    body_blocks: tuple[str, ...]
    images: tuple[DemoImage, ...]
    related: tuple[RelatedLink, ...]

    @property
    def body_text(self) -> str:
        """The body as the archive stores it: blocks separated by a blank line."""
        return "\n\n".join(self.body_blocks)


@dataclass(frozen=True)
class DemoVideo:
    """One video page: title such as `CM 01.12.23`, the recording date it encodes, the media path."""

    id: int
    path: str
    title: str
    recorded_on: date
    media_url: str
    category: Category


@dataclass(frozen=True)
class GonePage:
    """A page that no longer answers with content: 404/410, or a redirect to `location`."""

    path: str
    status: int
    location: str | None = None


@dataclass(frozen=True)
class DemoSite:
    """The whole demo portal on one day. Articles and videos are newest first; `articles`
    holds only what the site shows that day, `gone` the article pages taken down."""

    seed: int
    today: date
    categories: tuple[Category, ...]
    articles: tuple[DemoArticle, ...]
    videos: tuple[DemoVideo, ...]
    web_links: tuple[tuple[str, str], ...]
    day: int = 1
    gone: tuple[GonePage, ...] = ()
    # Which CMS layout renders the site (archiver/demo/variants); the data is the same for all.
    variant: str = DEFAULT_VARIANT

    def __post_init__(self) -> None:
        # Look-up tables live on the instance (never module-global) so sites share no state.
        by_category: dict[str, list[DemoArticle]] = {c.slug: [] for c in self.categories}
        for article in self.articles:
            by_category.setdefault(article.category.slug, []).append(article)
        object.__setattr__(self, "_article_index", {a.path: a for a in self.articles})
        object.__setattr__(self, "_video_index", {v.path: v for v in self.videos})
        object.__setattr__(self, "_by_category", {k: tuple(v) for k, v in by_category.items()})
        object.__setattr__(self, "_gone_index", {g.path: g for g in self.gone})

    def article_by_path(self, path: str) -> DemoArticle | None:
        """The article whose desktop path is `path`, if any."""
        return self._article_index.get(path)  # type: ignore[attr-defined, no-any-return]

    def video_by_path(self, path: str) -> DemoVideo | None:
        """The video whose desktop path is `path`, if any."""
        return self._video_index.get(path)  # type: ignore[attr-defined, no-any-return]

    def gone_page(self, path: str) -> GonePage | None:
        """How a taken-down article page answers, if `path` is one."""
        return self._gone_index.get(path)  # type: ignore[attr-defined, no-any-return]

    def category_by_slug(self, slug: str) -> Category | None:
        """The news category with this slug, if any."""
        return next((c for c in self.categories if c.slug == slug), None)

    def articles_in(self, slug: str) -> tuple[DemoArticle, ...]:
        """Articles of one category, newest first (empty for an unknown slug)."""
        return self._by_category.get(slug, ())  # type: ignore[attr-defined, no-any-return]


# ---------------------------------------------------------------- small text helpers


def fold_ascii(text: str) -> str:
    """Vietnamese folded to ASCII: diacritics stripped, đ/Đ → d/D."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    """URL slug of a title: folded, lower case, runs of other characters as one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", fold_ascii(text).lower()).strip("-")


def dotted(number: int) -> str:
    """An integer with dots grouping thousands, as Vietnamese CMSs print counts (1.208)."""
    return f"{number:,}".replace(",", ".")


def word_count(text: str) -> int:
    """Words as whitespace-separated tokens."""
    return len(text.split())


def _nfc(text: str) -> str:
    """`text` in NFC (cheap when it already is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _capitalize_first(text: str) -> str:
    """First character upper-cased, the rest untouched (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def normalize_byline(byline: str) -> tuple[str, ...]:
    """Expected author names of a byline: split two authors, proper-case ALL-CAPS names.

    Initials (one token such as `NH`, `T.H`) stay as printed.
    """
    names = [part.strip() for part in re.split(r"\s+-\s+|,\s+", byline) if part.strip()]
    return tuple(_proper_case(name) if name.isupper() and " " in name else name for name in names)


def _proper_case(name: str) -> str:
    """`MINH ĐỨC` → `Minh Đức`."""
    return " ".join(word.capitalize() for word in name.split())


# ---------------------------------------------------------------- people


def _person(rng: random.Random, female: bool | None = None) -> str:
    """A plausible full Vietnamese name."""
    if female is None:
        female = rng.random() < 0.45
    middle = vocab.FEMALE_MIDDLE if female else vocab.MALE_MIDDLE
    given = vocab.FEMALE_GIVEN if female else vocab.MALE_GIVEN
    return f"{rng.choice(vocab.FAMILY_NAMES)} {rng.choice(middle)} {rng.choice(given)}"


def _elder(rng: random.Random) -> str:
    """An older resident as the press names them: `bà Nguyễn Thị Lài`, `ông Trần Văn Hùng`."""
    female = rng.random() < 0.5
    return f"{'bà' if female else 'ông'} {_person(rng, female)}"


def _byline(rng: random.Random) -> str | None:
    """What follows "Tác giả: " (None: the page has no author line)."""
    roll = rng.random()
    if roll < 0.10:
        return None
    if roll < 0.40:
        return rng.choice(vocab.BYLINE_INITIALS)
    if roll < 0.60:
        return _person(rng)
    if roll < 0.75:
        return rng.choice(vocab.BYLINE_PEN_NAMES)
    first, second = rng.sample(vocab.BYLINE_PEN_NAMES, 2)
    if roll < 0.83:
        return f"{first} - {second}"
    if roll < 0.90:
        return f"{first}, {second}"
    if roll < 0.95:
        return f"{first} - {second}".upper()
    return rng.choice(vocab.BYLINE_PEN_NAMES).upper()


# ---------------------------------------------------------------- template filling


def _district_party(district: str) -> str:
    """The party committee of a district: `huyện Đông Lâm` → `Huyện ủy Đông Lâm`."""
    for prefix, committee in (("huyện ", "Huyện ủy "), ("thị xã ", "Thị ủy "), ("thành phố ", "Thành ủy ")):
        if district.startswith(prefix):
            return committee + district[len(prefix):]
    return district


def _day_month(day: date) -> str:
    """`15/10`: how the body text writes a date of the current year."""
    return f"{day.day}/{day.month}"


def _two_days(first: date, second: date) -> str:
    """`14 và 15/10`, or `31/10 và 1/11` across a month end."""
    if first.month == second.month:
        return f"{first.day} và {_day_month(second)}"
    return f"{_day_month(first)} và {_day_month(second)}"


def _money(rng: random.Random) -> str:
    """A sum of money as written in the press (`350 triệu đồng`, `1,2 tỷ đồng`)."""
    if rng.random() < 0.6:
        return f"{rng.randint(120, 950)} triệu đồng"
    return f"{rng.randint(1, 9)},{rng.randint(1, 9)} tỷ đồng"


def _ntm_stats(rng: random.Random) -> str:
    """Coherent rural-development counts (achieved ≤ total, advanced ≤ achieved)."""
    total = rng.randint(10, 22)
    achieved = rng.randint(total // 2, total)
    advanced = rng.randint(1, max(1, achieved // 3))
    return (
        f"{achieved}/{total} xã đạt chuẩn nông thôn mới, trong đó {advanced} xã đạt chuẩn "
        "nông thôn mới nâng cao"
    )


def _pct(rng: random.Random) -> str:
    """A small percentage with a decimal comma (`3,7`)."""
    return f"{rng.randint(1, 6)},{rng.randint(0, 9)}"


# Slots drawn afresh at every use, from the article's rng.
FRESH_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "n": lambda r: str(r.randint(2, 15)),
    "n2": lambda r: str(r.randint(3, 30)),
    "n_big": lambda r: str(r.randint(20, 450)),
    "n_big2": lambda r: str(r.randint(50, 900)),
    "people": lambda r: dotted(r.randint(150, 12_000)),
    "money": _money,
    "money_small": lambda r: f"{r.randint(45, 120)} triệu đồng",
    "gift": lambda r: dotted(r.choice((300, 400, 500, 700, 1000, 1500)) * 1000) + " đồng",
    "gift_big": lambda r: f"{r.choice((30, 40, 50, 60))} triệu đồng",
    "pct": _pct,
    "pct2": _pct,
    "km": lambda r: f"{r.randint(1, 25)},{r.randint(1, 9)}",
    "workdays": lambda r: dotted(r.randint(200, 9000)),
    "trees": lambda r: dotted(r.randint(500, 20_000)),
    "income": lambda r: str(r.randint(42, 78)),
    "income_up": lambda r: str(r.randint(2, 9)),
    "stars": lambda r: r.choice(("3", "3", "4")),
    "area": lambda r: str(r.randint(40, 75)),
    "ntm_stats": _ntm_stats,
    "name": _person,
    "male_name": lambda r: _person(r, female=False),
    "role": lambda r: r.choice(vocab.ROLES),
    "short_role": lambda r: r.choice(("Chủ tịch Ủy ban MTTQ Việt Nam", "Chủ tịch UBND", "Bí thư Đảng ủy")),
    "member_org": lambda r: r.choice(vocab.MEMBER_ORGS),
    "work": lambda r: r.choice(vocab.WORKS),
    "limitation": lambda r: r.choice(vocab.LIMITATIONS),
    "proposal": lambda r: r.choice(vocab.PROPOSALS),
    "quote": lambda r: r.choice(vocab.QUOTES),
    "target": lambda r: r.choice(vocab.TARGETS),
    "document": lambda r: r.choice(vocab.DOCUMENTS),
    "issue": lambda r: r.choice(vocab.ISSUES),
}


def _article_context(rng: random.Random, published: datetime) -> dict[str, str]:
    """Slot values fixed for one article, so its title and body tell one story."""
    day = published.date() - timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
    later = published.date() + timedelta(days=rng.randint(20, 75))
    district = rng.choice(vocab.DISTRICTS)
    commune = rng.choice(vocab.COMMUNES)
    village = rng.choice(vocab.VILLAGES)
    org = rng.choice(
        (f"Ủy ban MTTQ Việt Nam {district}", "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
         f"Ủy ban MTTQ Việt Nam {commune}", "Ủy ban MTTQ Việt Nam tỉnh")
    )
    place = {"district": district, "commune": commune, "village": village,
             "district_party": _district_party(district)}
    leader_role = rng.choice(vocab.ROLES).format(**place)
    # Year-end reviews held from November on review the current year, earlier ones the last.
    review_year = published.year if published.month >= 11 else published.year - 1
    return {
        **place,
        "org": org,
        "year": str(published.year),
        "prev_year": str(published.year - 1),
        "review_year": str(review_year),
        "plan_year": str(review_year + 1),
        "date": _day_month(day),
        "date_range": _two_days(day - timedelta(days=1), day),
        "date_after": f"{later.day}/{later.month}/{later.year}",
        "month": f"{later.month}/{later.year}",
        "quarter": vocab.QUARTERS[(published.month - 1) // 3],
        "n_years": str(rng.randint(2, 5)),
        "roman": rng.choice(vocab.ROMAN),
        "leader": f"đồng chí {_person(rng)}, {leader_role}",
        "senior": f"đồng chí {_person(rng)}, {rng.choice(vocab.PROVINCIAL_ROLES)}",
        "session": str(rng.randint(2, 18)),
        "cluster": str(rng.randint(1, 4)),
        "houses": str(rng.randint(2, 15)),
        "honoured": str(rng.randint(20, 240)),
        "land": dotted(rng.randint(300, 15_000)),
        "households": str(rng.randint(15, 180)),
        "donation": _money(rng),
        "contest": rng.choice(vocab.CONTESTS),
        "elder": _elder(rng),
        "target_org": rng.choice(vocab.TARGET_ORGS).format(**place),
        "program": rng.choice(vocab.PROGRAMS),
        "campaign": rng.choice(vocab.CAMPAIGNS),
        "model": rng.choice(vocab.MODELS),
        "criterion": rng.choice(vocab.CRITERIA),
        "product": rng.choice(vocab.PRODUCTS),
        "law": rng.choice(vocab.LAWS),
        "policy": rng.choice(vocab.POLICIES),
        "draft": rng.choice(vocab.DRAFTS),
        "topic": rng.choice(vocab.TOPICS),
        "question": rng.choice(vocab.QUESTIONS),
    }


def fill(template: str, rng: random.Random, context: dict[str, str]) -> str:
    """Fill `{slot}`s (nested slots too); a capitalised slot name capitalises its value."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        key = name[0].lower() + name[1:]
        value = context[key] if key in context else FRESH_SLOTS[key](rng)
        return _capitalize_first(value) if name[0].isupper() else value

    text = template
    for _ in range(3):  # values such as TARGETS hold slots of their own
        if "{" not in text:
            break
        text = _SLOT.sub(one, text)
    return _capitalize_first(text)


# ---------------------------------------------------------------- article bodies


class _SentenceSource:
    """Body sentences of one theme, drawn without repeats until the pool runs out."""

    def __init__(self, rng: random.Random, theme: str, context: dict[str, str]) -> None:
        self._rng = rng
        self._context = context
        self._pool = vocab.THEMED[theme] + vocab.GENERIC
        self._queue: list[str] = []

    def next(self) -> str:
        """A filled sentence."""
        if not self._queue:
            self._queue = list(self._pool)
            self._rng.shuffle(self._queue)
        return fill(self._queue.pop(), self._rng, self._context)


def _paragraphs(rng: random.Random, lead: str, source: _SentenceSource) -> list[list[str]]:
    """4 to 15 paragraphs (lists of sentences) aiming at a random length within the word range."""
    count = rng.randint(4, 15)
    target = rng.randint(max(MIN_WORDS + 10, 24 * count), min(MAX_WORDS - 60, 80 * count))
    share = target / count
    paragraphs: list[list[str]] = []
    for index in range(count):
        sentences = [lead] if index == 0 else []
        words = sum(word_count(s) for s in sentences)
        while not sentences or words < share or (index == 0 and len(sentences) < 2):
            sentence = source.next()
            sentences.append(sentence)
            words += word_count(sentence)
        paragraphs.append(sentences)
    return paragraphs


def _fit_length(paragraphs: list[list[str]], extra_words: int, source: _SentenceSource) -> None:
    """Trim or pad sentences so the body (paragraphs + captions) has 200 to 1,000 words."""

    def total() -> int:
        return extra_words + sum(word_count(s) for p in paragraphs for s in p)

    while total() > MAX_WORDS:
        longest = max(paragraphs, key=len)
        if len(longest) == 1:
            break  # cannot happen with the sentence lengths used; keeps the loop finite
        longest.pop()
    while total() < MIN_WORDS:
        paragraphs[-1].append(source.next())


def _images(rng: random.Random, article_id: int, published: datetime, context: dict[str, str]) -> list[DemoImage]:
    """0 to 3 pictures with captions; files live under the month of publication."""
    count = rng.choices((0, 1, 2, 3), weights=(25, 40, 25, 10))[0]
    folder = f"/Uploads/images/{published:%Y}/{published:%m}"
    images = []
    for number, template in enumerate(rng.sample(vocab.CAPTIONS, count), start=1):
        caption = fill(template, rng, context)
        if rng.random() < 0.3:
            caption += f" (Ảnh: {rng.choice(vocab.BYLINE_INITIALS)})"
        images.append(DemoImage(src=f"{folder}/a{article_id}-{number}.jpg", caption=_nfc(caption)))
    return images


def _interleave(paragraphs: list[str], images: list[DemoImage], rng: random.Random) -> tuple[str, ...]:
    """Body blocks in page order: each image (its caption) goes after some paragraph."""
    slots = sorted(rng.sample(range(1, len(paragraphs) + 1), len(images)))
    blocks: list[str] = []
    pending = list(zip(slots, images, strict=True))
    for index, paragraph in enumerate(paragraphs):
        while pending and pending[0][0] == index:
            blocks.append(pending.pop(0)[1].caption)
        blocks.append(paragraph)
    blocks.extend(image.caption for _, image in pending)
    return tuple(blocks)


def _summary(lead: str) -> str:
    """The listing summary: the lead sentence, cut at SUMMARY_WORDS words."""
    words = lead.split()
    return lead if len(words) <= SUMMARY_WORDS else " ".join(words[:SUMMARY_WORDS]) + "..."


# ---------------------------------------------------------------- schedule and counts


def _year_turns(rng: random.Random, start: date, end: date) -> list[datetime]:
    """Moments on 31/12 late evening and 01/01 early morning inside [start, end]."""
    moments = []
    for year in range(start.year, end.year):
        eve = datetime(year, 12, 31, rng.randint(22, 23), rng.randint(0, 59), tzinfo=VIETNAM_TZ)
        dawn = datetime(year + 1, 1, 1, rng.randint(0, 6), rng.randint(0, 59), tzinfo=VIETNAM_TZ)
        moments += [m for m in (eve, dawn) if start <= m.date() <= end]
    return moments


def _schedule(rng: random.Random, count: int, today: date) -> list[datetime]:
    """`count` distinct publication minutes over SPAN_DAYS ending at `today`, newest first."""
    start = today - timedelta(days=SPAN_DAYS)
    chosen = set(_year_turns(rng, start, today)[: max(1, count // 25)]) if count else set()
    while len(chosen) < count:
        day = start + timedelta(days=rng.randint(0, SPAN_DAYS))
        chosen.add(datetime(day.year, day.month, day.day, rng.choice(_HOURS), rng.randint(0, 59),
                            tzinfo=VIETNAM_TZ))
    return sorted(chosen, reverse=True)


def _view_count(rng: random.Random, published: datetime, today: date) -> int:
    """Views grow with age; a few articles are much read."""
    age = (today - published.date()).days
    views = rng.randint(0, 1500) + int(age * rng.uniform(0, 12))
    if rng.random() < 0.05:
        views += rng.randint(5000, 15_000)
    return min(views, MAX_VIEWS)


def _categories_for(rng: random.Random, categories: Sequence[Category], count: int) -> list[Category]:
    """A category per article; the first ones cover every category so none is empty."""
    chosen = rng.choices(categories, weights=vocab.CATEGORY_WEIGHTS, k=count)
    for index, category in enumerate(categories[:count]):
        chosen[index] = category
    return chosen


# ---------------------------------------------------------------- articles


def _unique_story(
    rng: random.Random, theme: str, published: datetime, taken: set[str]
) -> tuple[str, str, dict[str, str]]:
    """A title not used yet, the lead sentence of its story, and the context they were written from."""
    for _ in range(60):
        context = _article_context(rng, published)
        title_template, lead_template = rng.choice(vocab.STORIES[theme])
        title = _nfc(fill(title_template, rng, context))
        if title not in taken:
            break
    round_ = 2
    while title in taken:  # only after many clashes: number it, as editors do with series
        title = f"{title} (kỳ {round_})"
        round_ += 1
    taken.add(title)
    return title, fill(lead_template, rng, context), context


def _draft(rng: random.Random, article_id: int, category: Category, published: datetime,
           today: date, taken: set[str]) -> DemoArticle:
    """One article, complete except `related` (which needs every other article)."""
    theme = vocab.CATEGORY_THEMES[category.slug]
    title, lead, context = _unique_story(rng, theme, published, taken)
    source = _SentenceSource(rng, theme, context)
    paragraphs = _paragraphs(rng, lead, source)
    images = _images(rng, article_id, published, context)
    closing = fill(rng.choice(vocab.CLOSINGS), rng, context)
    _fit_length(paragraphs, word_count(closing) + sum(word_count(i.caption) for i in images), source)
    paragraphs[-1].append(closing)
    texts = [_nfc(" ".join(p)) for p in paragraphs]
    byline = _byline(rng)
    return DemoArticle(
        id=article_id,
        path=f"/tin-tuc/{category.slug}/{slugify(title)}-{article_id}.html",
        category=category,
        title=title,
        summary=_nfc(_summary(lead)),
        published=published,
        poster="Quản trị" if rng.random() < 0.92 else "admin",
        byline_raw=byline,
        authors=normalize_byline(byline) if byline else (),
        view_count=_view_count(rng, published, today),
        body_blocks=_interleave(texts, images, rng),
        images=tuple(images),
        related=(),
    )


def _related(articles: Sequence[DemoArticle]) -> list[tuple[RelatedLink, ...]]:
    """Per article (newest first): the 5 newest others, then up to 5 older ones of its category."""
    by_category: dict[str, list[int]] = {}
    for index, article in enumerate(articles):
        by_category.setdefault(article.category.slug, []).append(index)
    rank = {index: r for indexes in by_category.values() for r, index in enumerate(indexes)}
    newest = articles[:6]
    result = []
    for index, article in enumerate(articles):
        news = [RelatedLink("new", a.path, a.title) for a in newest if a is not article][:5]
        siblings = by_category[article.category.slug][rank[index] + 1: rank[index] + 6]
        others = [RelatedLink("other", articles[i].path, articles[i].title) for i in siblings]
        result.append(tuple(news + others))
    return result


def _articles(rng: random.Random, count: int, categories: tuple[Category, ...], today: date) -> tuple[DemoArticle, ...]:
    """`count` articles, newest first, ids growing with publication time."""
    schedule = _schedule(rng, count, today)
    chosen = _categories_for(rng, categories, count)
    taken: set[str] = set()
    drafts: list[DemoArticle] = []
    article_id = FIRST_ARTICLE_ID
    for published, category in zip(reversed(schedule), chosen, strict=True):  # oldest first: ids ascend
        drafts.append(_draft(rng, article_id, category, published, today, taken))
        article_id += rng.randint(1, 4)  # gaps: deleted or unpublished items, as on real CMSs
    drafts.reverse()
    return tuple(replace(a, related=r) for a, r in zip(drafts, _related(drafts), strict=True))


# ---------------------------------------------------------------- videos


def _videos(rng: random.Random, count: int, today: date) -> tuple[DemoVideo, ...]:
    """`count` videos with distinct (category, day) pairs, newest first."""
    categories = [(Category(slug, name), prefix) for slug, name, prefix in vocab.VIDEO_CATEGORIES]
    picks = rng.choices(range(len(categories)), weights=(60, 40), k=count)
    dated: list[tuple[date, int]] = []
    for index in range(len(categories)):
        wanted = picks.count(index)
        if wanted > SPAN_DAYS + 1:
            raise ValueError(f"at most {SPAN_DAYS + 1} videos per category fit the date range")
        offsets = rng.sample(range(SPAN_DAYS + 1), wanted)
        dated += [(today - timedelta(days=offset), index) for offset in offsets]
    dated.sort()
    videos = []
    video_id = FIRST_VIDEO_ID
    for recorded_on, index in dated:
        category, prefix = categories[index]
        title = f"{prefix} {recorded_on:%d.%m.%y}"
        slug = slugify(title)
        videos.append(DemoVideo(id=video_id, path=f"/video/{video_id}-{slug}.html", title=title,
                                recorded_on=recorded_on, media_url=f"/Uploads/video/{slug}.mp4",
                                category=category))
        video_id += rng.randint(1, 3)
    return tuple(reversed(videos))


# ---------------------------------------------------------------- entry point


def build_site(
    seed: int = 2023, articles: int = 300, videos: int = 40, day: int = 1, variant: str = DEFAULT_VARIANT
) -> DemoSite:
    """The demo portal for `seed` on `day` (1 = the first crawl): same arguments, same site, byte for byte.

    Later days add articles and videos, grow view counts, edit and take down a few articles
    (see archiver/demo/days.py); `articles` and `videos` size day 1. `variant` only chooses
    the CMS layout the pages are rendered in (archiver/demo/variants), never the content.
    """
    if articles < 0 or videos < 0:
        raise ValueError("articles and videos must be >= 0")
    if day < 1:
        raise ValueError("day counts from 1")
    from archiver.demo.days import evolve

    check_variant(variant)
    site = evolve(_first_day(seed, articles, videos), day)
    return site if variant == site.variant else replace(site, variant=variant)


def _first_day(seed: int, articles: int, videos: int) -> DemoSite:
    rng = random.Random(seed)
    categories = tuple(Category(slug, name) for slug, name in vocab.CATEGORIES)
    return DemoSite(
        seed=seed,
        today=TODAY,
        categories=categories,
        articles=_articles(rng, articles, categories, TODAY),
        videos=_videos(rng, videos, TODAY),
        web_links=vocab.WEB_LINKS,
    )
