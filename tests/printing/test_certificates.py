"""Certificates of every title: the words on the page, reprints, fitting long text, NFD input."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from app.printing.certificates import Cancelled, build_certificates, layout_certificate, preview_pdf
from app.printing.templates import default_template
from tests.printing.conftest import LABELS, TITLES, pdf_page_sizes, pdf_pages_text

A4_LANDSCAPE, A5_LANDSCAPE = (842, 595), (595, 420)


@pytest.mark.parametrize("title", TITLES)
def test_every_title_prints_its_certificate(title, make_item):
    item = make_item(title)
    [text] = pdf_pages_text(build_certificates([item], default_template(title)))
    for expected in (item.recipient, f"“{LABELS[title]}” năm 2026", "Quyết định số 125/QĐ-UBND",
                     "Chiềng Mung, ngày 05 tháng 01 năm 2026", "Số vào sổ: 37", "GIẤY CÔNG NHẬN",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
                     "XÃ CHIỀNG MUNG", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Cầm Văn Ún", "Địa chỉ: Bản Nà Sản"):
        assert expected in text, expected
    assert "Cấp lại" not in text


def test_reprint_is_marked_with_its_count(make_item):
    [text] = pdf_pages_text(build_certificates([make_item(reprint_count=2)], default_template("GDHT")))
    assert "Cấp lại lần 2" in text and "Số vào sổ: 37" in text


def test_deputy_signs_for_the_chairperson(make_item):
    item = make_item(signer_authority="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", signer_position="Phó Chủ tịch",
                     signer_name="Lò Thị Bích Ngọc")
    lay = layout_certificate(item, default_template("GDHT"))
    authority = [p.lines[0] for p in lay.texts if p.role == "authority"]
    assert authority == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name = next(p for p in lay.texts if p.role == "signer_name")
    assert name.font == "Tinos-Bold" and name.lines == ("Lò Thị Bích Ngọc",)
    seal_room = min(p.baselines[-1] for p in lay.texts if p.role == "authority") - name.baselines[0]
    assert seal_room > 25 * 72 / 25.4  # room for the signature and the seal


def test_a4_and_a5_landscape_in_one_batch(make_item):
    a4 = default_template("GDHT")
    templates = {"GDHT": a4, "DVHT": replace(default_template("DVHT"), page_size="A5")}
    pdf = build_certificates([make_item("GDHT"), make_item("DVHT"), make_item("DHHT")], templates)
    assert pdf_page_sizes(pdf) == [A4_LANDSCAPE, A5_LANDSCAPE, A4_LANDSCAPE]


def _inside(lay):
    left, bottom, right, top = lay.frame
    for p in lay.texts:
        for line, width, y in zip(p.lines, p.line_widths(), p.baselines, strict=True):
            assert width <= p.max_width + 0.01, (p.role, line)
            x0 = p.x if p.align == "left" else p.x - width / 2
            assert left <= x0 and x0 + width <= right, (p.role, line)
            assert bottom <= y <= top, (p.role, line)


LONG_NAME = "Nguyễn Thị Phương Thảo Hoàng Lan Anh Bích Ngọc Tôn Nữ Thu Hà"  # 60 characters
LONG_ADDRESS = ("Tổ dân phố số 12, đường Nguyễn Thị Minh Khai kéo dài, khu tái định cư Bắc Sông Mã, "
                "thôn Nà Sản, xã Chiềng Mung, tỉnh Sơn La, Việt Nam, gần trường tiểu học")


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_long_names_and_addresses_stay_inside_the_frame(make_item, size):
    assert len(LONG_NAME) == 60 and len(LONG_ADDRESS) >= 150
    template = replace(default_template("GDHT"), page_size=size)
    lay = layout_certificate(make_item(recipient=LONG_NAME, address=LONG_ADDRESS), template)
    _inside(lay)
    name = next(p for p in lay.texts if LONG_NAME.split()[0] in p.lines[0] and p.role == "body")
    assert name.size < 26 * lay.scale and len(name.lines) <= 2
    address = next(p for p in lay.texts if p.lines[0].startswith("Địa chỉ"))
    assert len(address.lines) == 2 and address.size >= 12 * lay.scale - 0.01
    body_bottom = min(y for p in lay.texts if p.role == "body" for y in p.baselines)
    footer_top = max(y for p in lay.texts if p.role in ("footer", "date_line") for y in p.baselines)
    assert body_bottom > footer_top  # the body never runs into the signature area


def test_short_name_keeps_its_size(make_item):
    lay = layout_certificate(make_item(recipient="Lò Văn Pọm"), default_template("GDHT"))
    name = next(p for p in lay.texts if p.lines == ("Lò Văn Pọm",))
    assert name.size == 26


def test_an_unbreakable_name_still_fits(make_item):
    lay = layout_certificate(make_item(recipient="X" * 120, address="Y" * 200), default_template("GDHT"))
    _inside(lay)


def test_nfd_input_comes_out_nfc(make_item):
    nfd = {k: unicodedata.normalize("NFD", v) for k, v in
           {"recipient": "Nguyễn Thị Hương", "address": "Bản Hồng Mặn, xã Chiềng Mung", "village": "Bản Hồng Mặn",
            "place": "Chiềng Mung", "signer_name": "Cầm Văn Ún"}.items()}
    [text] = pdf_pages_text(build_certificates([make_item(**nfd)], default_template("GDHT")))
    assert unicodedata.is_normalized("NFC", text)
    for word in ("Nguyễn Thị Hương", "Bản Hồng Mặn, xã Chiềng Mung", "Cầm Văn Ún", "Chiềng Mung, ngày 05"):
        assert word in text


def _forms(pdf: bytes) -> list[set[int]]:
    import io

    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [{ref.idnum for name, ref in p["/Resources"].get("/XObject", {}).items() if "tthtcdBorder" in name}
            for p in pages]


def test_border_is_one_shared_form_and_can_be_switched_off(make_item):
    template = default_template("GDHT")
    first, second = _forms(build_certificates([make_item(), make_item()], template))
    assert len(first) == 1 and first == second  # drawn once, reused by every page
    assert _forms(build_certificates([make_item()], replace(template, border=False))) == [set()]


def test_printer_offsets_move_the_page(make_item):
    pdf = build_certificates([make_item()], default_template("GDHT"), offsets_mm=(5, 3))
    import io

    import pypdf

    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b"1 0 0 1 14.17323 -8.503937 cm" in content


def test_progress_and_cancel(make_item):
    seen = []
    build_certificates([make_item()] * 60, default_template("GDHT"), report=lambda d, t: seen.append((d, t)))
    assert seen == [(50, 60), (60, 60)]
    with pytest.raises(Cancelled):
        build_certificates([make_item()] * 3, default_template("GDHT"), cancelled=lambda: True)


def test_preview_of_a_template():
    [text] = pdf_pages_text(preview_pdf(default_template("CDHT_THON")))
    assert "Bản Nà Sản" in text and "“Cộng đồng học tập”" in text
