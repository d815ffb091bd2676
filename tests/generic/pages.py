"""Small handwritten pages for the generic-extraction tests."""

from __future__ import annotations


def page(body: str, head: str = "", title: str = "Tin bài - Cổng thông tin xã") -> str:
    head = f'<head><meta charset="utf-8"><title>{title}</title>{head}</head>'
    return f'<!DOCTYPE html><html lang="vi">{head}<body>{body}</body></html>'


LONG_TEXT = " ".join(["Ủy ban MTTQ Việt Nam xã tổ chức hội nghị tổng kết công tác Mặt trận năm 2023."] * 8)

# Every distractor at once: a header clock, a labelled header date, a video box with dated titles,
# a related list with dates, a comment with its date, a footer licence and copyright.
DISTRACTORS = f"""
<div id="header"><div class="clock">Thứ Hai, 25/11/2024 10:15</div><span>Cập nhật: 25/11/2024</span></div>
<div class="main"><h1>Hội nghị tổng kết công tác Mặt trận</h1>
<div class="content"><p>{LONG_TEXT}</p></div>
<div class="box-video"><h3>Video</h3><ul><li><a href="/video/1.html">CM 01.12.23</a></li></ul></div>
<div class="other-news"><h3>Các tin khác</h3><ul><li><a href="/tin-tuc/a-12.html">Tin A</a> (12/03/2023)</li></ul></div>
<div class="comments"><div class="comment">Nguyễn Văn A - 14/03/2024 09:00: Bài viết hay</div></div>
</div>
<div id="footer">© 2015 – 2024 Ủy ban MTTQ tỉnh. Giấy phép số 12/GP-TTĐT ngày 05/01/2015.
Bản quyền thuộc UBND tỉnh.</div>
"""
