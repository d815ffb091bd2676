from __future__ import annotations

import pytest

from archiver.profiles import ProfileError, available_profiles, load_profile, profile_from_dict


def test_demo_profile_loads() -> None:
    profile = load_profile("demo")
    assert "demo" in available_profiles()
    assert profile.mobile_prefixes == ("/m",)  # from its family file
    assert profile.article.meta_labels["published"] == "Ngày đăng:"
    assert profile.settings["DOWNLOAD_DELAY"] == 0  # its own


def test_unknown_profile_names_the_available_ones() -> None:
    with pytest.raises(ProfileError, match="available: .*demo"):
        load_profile("khong-co")


def test_typo_in_a_profile_is_an_error() -> None:
    minimal = {
        "name": "x",
        "title": "x",
        "base_url": "http://x/",
        "news": {"start_paths": ["/"], "entry": "li", "entry_link": "a::attr(href)", "entry_title": "a::text"},
        "article": {"title": "h1", "body": "div", "bodyy": "div"},
        "videos": {"start_paths": ["/v"], "entry": "li", "entry_link": "a::attr(href)", "entry_title": "a::text"},
        "video": {"title": "h1", "media": "video::attr(src)"},
    }
    with pytest.raises(ProfileError, match="bodyy"):
        profile_from_dict(minimal)


def _with_article(**article: object) -> dict[str, object]:
    listing = {"start_paths": ["/"], "entry": "li", "entry_link": "a::attr(href)", "entry_title": "a::text"}
    return {"name": "x", "title": "x", "base_url": "http://x/", "news": listing, "videos": listing,
            "article": article, "video": {"title": "h1", "media": "video::attr(src)"}}


def test_per_field_keys_load() -> None:
    rules = profile_from_dict(
        _with_article(published="span.d", published_regex=r"\d+/\d+/\d{4}", views="span.v", views_regex=r"(\d+)",
                      body_exclude="p.author")
    ).article
    assert (rules.published, rules.views, rules.body_exclude) == ("span.d", "span.v", "p.author")


def test_a_bad_regex_is_an_error_when_the_profile_loads() -> None:
    with pytest.raises(ProfileError, match=r"\[article\]: views_regex is not a regular expression"):
        profile_from_dict(_with_article(views_regex="([0-9]+"))


def test_a_typo_in_a_new_key_is_still_an_error() -> None:
    with pytest.raises(ProfileError, match="body_exclued"):
        profile_from_dict(_with_article(body_exclued="p.author"))


def test_an_article_section_may_leave_every_field_to_generic_extraction() -> None:
    rules = profile_from_dict(_with_article()).article
    assert rules.title is None and rules.body is None


@pytest.mark.parametrize("name", ["demo-nukeviet", "demo-jsonld", "demo-dated-title"])
def test_variant_profiles_need_no_empty_label(name: str) -> None:
    rules = load_profile(name).article
    assert "" not in rules.meta_labels.values()
    assert rules.published
