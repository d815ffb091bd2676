from __future__ import annotations

import pytest

from archiver.normalize.urls import canonicalize_url

MOBILE = ("/m",)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://portal.gov.vn/tin-tuc/a-1.html", "http://portal.gov.vn/tin-tuc/a-1.html"),
        ("http://portal.gov.vn/m/tin-tuc/a-1.html", "http://portal.gov.vn/tin-tuc/a-1.html"),
        ("http://portal.gov.vn/m", "http://portal.gov.vn/"),
        ("http://portal.gov.vn/m/", "http://portal.gov.vn/"),
        ("http://portal.gov.vn/mua-sam.html", "http://portal.gov.vn/mua-sam.html"),
        ("http://portal.gov.vn/tin?utm_source=trangchu&utm_medium=web", "http://portal.gov.vn/tin"),
        ("http://portal.gov.vn/tin?fbclid=abc&trang=2", "http://portal.gov.vn/tin?trang=2"),
        ("http://portal.gov.vn/tin?b=2&a=1", "http://portal.gov.vn/tin?a=1&b=2"),
        ("HTTP://Portal.GOV.vn:80/a#binh-luan", "http://portal.gov.vn/a"),
        ("https://portal.gov.vn:443/a", "https://portal.gov.vn/a"),
        ("http://127.0.0.1:8070/m/video/3.html", "http://127.0.0.1:8070/video/3.html"),
        ("http://portal.gov.vn", "http://portal.gov.vn/"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url, mobile_prefixes=MOBILE) == expected


def test_mobile_prefix_only_folded_when_profile_declares_it() -> None:
    assert canonicalize_url("http://portal.gov.vn/m/a.html") == "http://portal.gov.vn/m/a.html"


def test_canonical_form_is_stable() -> None:
    once = canonicalize_url("http://P.gov.vn/m/a?utm_x=1&z=2&a=", mobile_prefixes=MOBILE)
    assert canonicalize_url(once, mobile_prefixes=MOBILE) == once
