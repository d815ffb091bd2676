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
