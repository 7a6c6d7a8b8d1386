"""The round's other papers: decision with its list, register, registration list and forms, scoring sheets."""

from __future__ import annotations

from datetime import date

from app.printing.register import Award, issue, record_reprint
from app.printing.round_papers import (
    CriterionRow,
    DecisionData,
    DecisionRow,
    IndicatorRow,
    RegistrationForm,
    RegistrationRow,
    ScoringSheetData,
    build_decision,
    build_register,
    build_registration_forms,
    build_registration_list,
    build_scoring_sheets,
    criteria_from_set,
    register_rows,
)
from tests.printing.conftest import pdf_page_sizes, pdf_pages_text

NAMES = ["Nguyễn Văn An", "Lò Văn Pọm", "Cầm Thị Hương", "Quàng Văn Đức", "Tòng Thị Ánh", "Lường Văn Bình"]
VILLAGES = ["Bản Nà Sản", "Bản Hồng Mặn"]


def test_decision_with_its_attached_list(issuer):
    rows = tuple(DecisionRow(n, VILLAGES[i % 2], 80 + i) for i, n in enumerate(NAMES * 8))
    pages = pdf_pages_text(build_decision(DecisionData(issuer, "125/QĐ-UBND", date(2026, 1, 5), "GDHT", 2026, rows)))
    first = pages[0]
    for expected in ("Số: 125/QĐ-UBND", "Chiềng Mung, ngày 05 tháng 01 năm 2026", "QUYẾT ĐỊNH",
                     "Về việc công nhận danh hiệu “Gia đình học tập” năm 2026",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CHIỀNG MUNG", "Căn cứ Luật Tổ chức chính quyền địa phương;",
                     "QUYẾT ĐỊNH:", "Điều 1. Công nhận 48 hộ gia đình đạt danh hiệu “Gia đình học tập” năm 2026",
                     "Điều 2.", "Điều 3.", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN",
                     "Cầm Văn Ún"):
        assert expected in first, expected
    assert not first.startswith("1 ")  # no page number on page 1
    listing = " ".join(pages[1:])
    assert pages[1].startswith("2 DANH SÁCH")
    assert "(Kèm theo Quyết định số 125/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã" in listing
    assert "STT Họ và tên chủ hộ Thôn, bản Điểm" in listing and "Danh sách có 48 hộ gia đình." in listing
    # grouped by village in Vietnamese order, names by given name: An, Ánh, Bình, Đức…
    assert listing.index("Bản Hồng Mặn") < listing.index("Bản Nà Sản")
    assert "1 Nguyễn Văn An" in listing


def test_decision_for_citizens_uses_its_own_words(issuer):
    d = DecisionData(issuer, "7/QĐ-UBND", date(2026, 12, 15), "CDHT_CONG_DAN", 2026,
                     (DecisionRow("Lò Thị Hương", "Bản Nà Sản"),), articles=("Điều 1. Công nhận riêng.",))
    text = " ".join(pdf_pages_text(build_decision(d)))
    assert "Điều 1. Công nhận riêng." in text and "Điều 2." not in text
    assert "Công dân đạt danh hiệu “Công dân học tập” năm 2026" in text and "Điểm" not in text
    assert "ngày 15 tháng 12 năm 2026" in text


def test_register_lists_numbers_and_reprints(issuer):
    awards = [Award(f"k{i}", n, "GDHT", VILLAGES[i % 2], "125/QĐ-UBND", date(2026, 1, 5)) for i, n in enumerate(NAMES)]
    entries, _ = issue([], awards, 2026, date(2026, 1, 10))
    entries[1] = record_reprint(entries[1], "Bị mất do lũ", date(2026, 3, 2))
    pdf = build_register(issuer, 2026, register_rows(entries), on=date(2026, 6, 1))
    assert pdf_page_sizes(pdf)[0] == (842, 595)
    text = " ".join(pdf_pages_text(pdf))
    for expected in ("SỔ CẤP GIẤY CÔNG NHẬN", "năm 2026", "Số vào sổ", "Người nhận ký", "1 Nguyễn Văn An",
                     "125/QĐ-UBND ngày 05/01/2026", "10/01/2026", "Lần 1: 02/03/2026 — Bị mất do lũ",
                     "Tổng số giấy công nhận đã cấp: 6; số lần cấp lại: 1."):
        assert expected in text, expected


def test_registration_list_and_forms(issuer):
    rows = [RegistrationRow(n, VILLAGES[0], "Bản Nà Sản, xã Chiềng Mung", date(2026, 1, 15)) for n in NAMES]
    text = " ".join(pdf_pages_text(build_registration_list(issuer, "GDHT", 2026, rows, village="Bản Nà Sản")))
    for expected in ("DANH SÁCH", "Đăng ký danh hiệu “Gia đình học tập” năm 2026", "Họ và tên chủ hộ",
                     "Lò Văn Pọm", "15/01/2026", "Tổng số: 6.", "NGƯỜI LẬP DANH SÁCH",
                     "Chiềng Mung, ngày … tháng … năm 2026"):
        assert expected in text, expected
    forms = [RegistrationForm("GDHT", 2026), RegistrationForm("CDHT_CONG_DAN", 2026, (("Họ và tên", "Lò Thị Hương"),),
                                                                signed_on=date(2026, 1, 15))]
    blank, filled = pdf_pages_text(build_registration_forms(issuer, forms))
    assert "PHIẾU ĐĂNG KÝ" in blank and "Họ và tên chủ hộ: ...." in blank and "Số nhân khẩu" in blank
    assert "Kính gửi: Ủy ban nhân dân xã Chiềng Mung;" in blank and "NGƯỜI ĐĂNG KÝ" in blank
    assert "Họ và tên: Lò Thị Hương" in filled and "tôi đăng ký phấn đấu đạt danh hiệu “Công dân học tập”" in filled
    assert "Chiềng Mung, ngày 15 tháng 01 năm 2026" in filled


def test_scoring_sheet_from_a_shipped_criteria_set(issuer):
    from app.domain.criteria import parse_document
    from app.paths import resources_dir

    cs = parse_document((resources_dir() / "criteria" / "gdht-2021-2030-mau.json").read_text("utf-8"))
    sheet = ScoringSheetData("GDHT", 2026, criteria_from_set(cs), "Nguyễn Văn An", "Bản Nà Sản", cs.name_vi,
                             "Tổng điểm từ 80 trở lên")
    blank = ScoringSheetData("GDHT", 2026, criteria_from_set(cs))
    pages = pdf_pages_text(build_scoring_sheets(issuer, [sheet, blank]))
    assert len(pages) == 2  # one page per subject
    first = pages[0]
    for expected in ("PHIẾU CHẤM ĐIỂM", "Danh hiệu “Gia đình học tập” năm 2026", "Họ và tên chủ hộ: Nguyễn Văn An",
                     "Tự chấm", "Thôn bình xét", "Xã thẩm định", cs.criteria[0].title_vi,
                     cs.criteria[0].indicators[0].code, "Tổng điểm 100", "Điều kiện đạt: Tổng điểm từ 80 trở lên",
                     "□ Đạt", "□ Không đạt", "TRƯỞNG THÔN"):
        assert expected in first, expected
    assert "Họ và tên chủ hộ: ...." in pages[1]


def test_scoring_sheet_without_points():
    from app.printing.document import Issuer

    sheet = ScoringSheetData("CDHT_THON", 2026, (CriterionRow("1", "Tổ chức", None, (IndicatorRow("1.1", "Có kế hoạch"),)),))
    text = pdf_pages_text(build_scoring_sheets(Issuer("x", "Chiềng Mung", "A"), [sheet]))[0]
    assert "Có kế hoạch" in text and "Thôn, bản, tổ dân phố: ...." in text
