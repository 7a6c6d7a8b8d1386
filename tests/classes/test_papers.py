"""The printed papers: the year's plan, the attendance sheet to fill in and the class log, read
back from the PDF with pypdf."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from app.services import class_print
from tests.classes.conftest import YEAR


def pdf_text(data: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    assert data.startswith(b"%PDF")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_year_plan_lists_the_classes_by_month_in_the_state_format(db, centre, year):
    pages = pdf_text(class_print.plan_pdf(db, YEAR, number="12/KH-TTHTCĐ", signed_on=date(YEAR, 1, 5)))
    text = " ".join(pages)
    for expected in ("UBND XÃ CHIỀNG MUNG", "TRUNG TÂM HỌC TẬP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Số: 12/KH-TTHTCĐ", "Chiềng Mung, ngày 05 tháng 01 năm 2025", "KẾ HOẠCH",
                     f"Hoạt động năm {YEAR} của Trung tâm học tập cộng đồng xã Chiềng Mung",
                     "Tháng 3", "Kỹ thuật trồng cà phê", "05/03 – 02/04 (5 buổi)", "Hà Văn Khánh (Trạm Khuyến nông)",
                     "Tháng 6", "Phòng chống ma túy", "Chuyên đề · Pháp luật", "Tháng 12",
                     "Tổng số: 3 lớp học, 1 chuyên đề.", "GIÁM ĐỐC", "Lò Văn Pọm", "Nơi nhận:"):
        assert expected in text, expected
    assert "Đan lát" not in text and "Năm trước" not in text  # cancelled, other year
    assert text.index("Tháng 3") < text.index("Tháng 6") < text.index("Tháng 12")


def test_the_attendance_sheet_has_a_box_per_learner_and_session(db, centre, year):
    text = " ".join(pdf_text(class_print.attendance_sheet_pdf(db, year["a"])))
    for expected in ("TRUNG TÂM HỌC TẬP CỘNG ĐỒNG XÃ CHIỀNG MUNG", "DANH SÁCH ĐIỂM DANH", "Kỹ thuật trồng cà phê",
                     "Chủ đề: Chuyển giao khoa học kỹ thuật (lớp học)", "Báo cáo viên: Hà Văn Khánh",
                     "05/03", "12/03", "02/04", "Lò Thị Ánh", "Lò Thị Cúc", "Lò Văn Pọm", "Ghi x nếu có mặt",
                     "NGƯỜI ĐIỂM DANH", "BÁO CÁO VIÊN"):
        assert expected in text, expected
    # a blank sheet: the marks already saved are not printed unless asked
    assert text.split().count("x") == 1  # the legend only
    filled = " ".join(pdf_text(class_print.attendance_sheet_pdf(db, year["a"], prefilled=True)))
    assert filled.split().count("x") == 1 + 12 and filled.split().count("v") == 1 + 3  # Ánh 4/5, Cúc 3/5, Pọm 5/5


def test_a_talk_prints_a_sign_in_list(db, centre, year):
    text = " ".join(pdf_text(class_print.attendance_sheet_pdf(db, year["c"])))
    assert "DANH SÁCH NGƯỜI DỰ" in text and "Có mặt (ký tên)" in text
    assert "Cầm Văn Đức" in text and "Tổng số người dự" in text


def test_the_class_log_has_the_class_its_sessions_and_its_learners_with_completion(db, centre, year):
    pages = pdf_text(class_print.class_log_pdf(db, year["b"], signed_on=date(YEAR, 3, 31), kept_by="Cầm Thị Én"))
    text = " ".join(pages)
    for expected in ("SỔ THEO DÕI LỚP HỌC", "Tin học cơ bản", "Chủ đề: Tin học và kỹ năng số (lớp học)",
                     "Thời gian: 10/03/2025 – 24/03/2025, 3 buổi",
                     "Điều kiện hoàn thành: Dự từ 80 % số buổi trở lên (3/3 buổi).",
                     "I. CÁC BUỔI HỌC", "10/03/2025", "18:30–20:30", "II. HỌC VIÊN", "Vi Thị Lan",
                     "Khách, chưa khớp với nhân khẩu của xã", "Được xác nhận hoàn thành", "III. ĐIỂM DANH",
                     "Tổng số: 3 buổi; 4 học viên (nữ 2); hoàn thành 3 (75,0 %); 9 lượt người dự.",
                     "NGƯỜI LẬP SỔ", "Cầm Thị Én", "Lò Văn Pọm"):
        assert expected in text, expected
