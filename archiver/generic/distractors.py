"""Dates that are never an article's publication date, recognised by their text.

Position (header, footer, sidebar, related lists, comments) is judged in `dom`; this module
judges the words around a date: a licence number, a copyright span, a video title.
"""

from __future__ import annotations

import re

from archiver.normalize.text import fold

# Folded (lower case, no diacritics) cues of a licence or copyright line.
LICENCE_CUES = (
    "©",
    "(c)",
    "copyright",
    "ban quyen",
    "giay phep",
    "/gp",
    "gp-",
    "ghi ro nguon",
    "chiu trach nhiem",
    "dang truy cap",
    "luot truy cap",
    "tong truy cap",
)
# A video title made of a programme code and a dotted short date: `CM 01.12.23`, `BT 09.09.23`.
VIDEO_TITLE = re.compile(r"^\s*[A-ZĐ]{1,5}\s+\d{1,2}\.\d{1,2}\.\d{2,4}\s*$")


def refusal(text: str) -> str | None:
    """Why a date in this text must not be taken as a publication date, or None."""
    if VIDEO_TITLE.match(text):
        return "video title"
    folded = fold(text)
    for cue in LICENCE_CUES:
        if cue in folded:
            return f"licence/copyright line ({cue})"
    return None
