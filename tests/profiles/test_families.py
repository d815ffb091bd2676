from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from archiver.profiles import (
    FAMILY_DIR,
    ProfileError,
    available_families,
    available_profiles,
    deep_merge,
    load_profile,
    load_profile_file,
    profile_data,
    profile_from_dict,
)

HERE = Path(__file__).parent

FAMILY = """
description = "a test family"
mobile_prefixes = ["/m", "/mobile"]
[news]
entry = "li.item"
entry_link = "a::attr(href)"
entry_title = "a::text"
[article]
title = "h1.t"
body = "div.b"
byline = "div.by"
[article.meta_labels]
published = "Ngày đăng:"
views = "Lượt xem:"
[videos]
entry = "li.v"
entry_link = "a::attr(href)"
entry_title = "a::text"
[video]
title = "h1"
media = "video::attr(src)"
[fingerprint]
selectors = ["div.b"]
"""

SITE = {
    "name": "tinh",
    "title": "Tỉnh",
    "base_url": "http://tinh.example/",
    "family": "testcms",
    "news": {"start_paths": ["/"]},
    "videos": {"start_paths": ["/video"]},
}


@pytest.fixture
def families(tmp_path: Path) -> Path:
    (tmp_path / "testcms.toml").write_text(FAMILY, encoding="utf-8")
    return tmp_path


def test_demo_profile_is_unchanged_by_moving_its_layout_into_a_family() -> None:
    before = tomllib.loads((HERE / "demo_before_families.toml").read_text(encoding="utf-8"))
    assert "family" not in before  # the frozen copy predates families: it spells out every selector
    assert load_profile("demo") == profile_from_dict(before)


def test_demo_declares_the_fatherland_front_family() -> None:
    demo = tomllib.loads((FAMILY_DIR.parent / "demo.toml").read_text(encoding="utf-8"))
    assert demo["family"] == "fatherland-front"
    assert "article" not in demo  # every article selector comes from the family
    assert "fatherland-front" in available_families()
    assert "fatherland-front" not in available_profiles()  # families are not sites


def test_site_inherits_the_family_and_overrides_key_by_key(families: Path) -> None:
    site = SITE | {"article": {"title": "h1.tieu-de", "meta_labels": {"views": "Lượt xem"}}}
    profile = profile_from_dict(site, families=families)
    assert profile.article.title == "h1.tieu-de"  # overridden
    assert profile.article.body == "div.b"  # inherited beside it
    assert profile.article.byline == "div.by"
    # nested tables merge too: one label replaced, the other kept
    assert profile.article.meta_labels == {"published": "Ngày đăng:", "views": "Lượt xem"}
    assert profile.news.entry == "li.item" and profile.news.start_paths == ("/",)


def test_lists_are_replaced_not_appended(families: Path) -> None:
    profile = profile_from_dict(SITE | {"mobile_prefixes": ["/di-dong"]}, families=families)
    assert profile.mobile_prefixes == ("/di-dong",)
    assert profile_from_dict(SITE, families=families).mobile_prefixes == ("/m", "/mobile")


def test_unknown_family_is_a_clear_error(families: Path) -> None:
    with pytest.raises(ProfileError, match=r"unknown family 'khong-co'; known families: testcms"):
        profile_from_dict(SITE | {"family": "khong-co"}, families=families)


def test_typo_in_the_site_file_is_still_an_error(families: Path) -> None:
    with pytest.raises(ProfileError, match="bodyy"):
        profile_from_dict(SITE | {"article": {"bodyy": "div"}}, families=families)


def test_typo_in_the_family_file_is_an_error_naming_the_family(families: Path) -> None:
    (families / "testcms.toml").write_text(FAMILY.replace('byline = "div.by"', 'bylin = "div.by"'), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"family testcms.*bylin"):
        profile_from_dict(SITE, families=families)


def test_family_keys_describing_the_family_do_not_leak_into_the_profile(families: Path) -> None:
    data = deep_merge({}, SITE)
    profile = profile_from_dict(data, families=families)
    assert not hasattr(profile, "fingerprint") and profile.name == "tinh"


def test_a_family_cannot_itself_declare_a_family(families: Path) -> None:
    (families / "testcms.toml").write_text('family = "other"\n' + FAMILY, encoding="utf-8")
    with pytest.raises(ProfileError, match="cannot declare a family"):
        profile_from_dict(SITE, families=families)


def test_deep_merge_is_pure() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 1}
    merged = deep_merge(base, {"a": {"c": [3]}, "e": 2})
    assert merged == {"a": {"b": 1, "c": [3]}, "d": 1, "e": 2}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 1}


def test_profile_file_outside_the_package(tmp_path: Path, families: Path) -> None:
    path = tmp_path / "tinh.toml"
    path.write_text(
        'name = "tinh"\ntitle = "T"\nbase_url = "http://t/"\nfamily = "testcms"\n'
        '[news]\nstart_paths = ["/"]\n[videos]\nstart_paths = ["/v"]\n',
        encoding="utf-8",
    )
    assert load_profile_file(path, families).article.title == "h1.t"


def test_every_profile_and_family_in_the_package_loads() -> None:
    for name in available_profiles():
        assert load_profile(name).name  # a broken profile or family file fails here
        assert "family" not in profile_data(name)


@pytest.mark.parametrize("family", ["nukeviet", "jsonld", "dated-title"])
def test_variant_families_hold_the_demo_variant_profiles(family: str) -> None:
    """A demo-<variant> profile that declares its family and keeps only its own keys loads the same."""
    own = tomllib.loads((FAMILY_DIR.parent / f"demo-{family}.toml").read_text(encoding="utf-8"))
    site_only = {key: own[key] for key in ("name", "title", "base_url", "settings") if key in own}
    assert profile_from_dict(site_only | {"family": family}) == load_profile(f"demo-{family}")
