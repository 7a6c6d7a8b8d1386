"""The register numbers each award once; batches print in the Vietnamese village-then-name order."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.printing.batch import certificate_from_entry, select_for_printing, sort_for_printing
from app.printing.certificates import build_certificates
from app.printing.register import Award, RegisterError, issue, next_number, record_reprint
from app.printing.templates import default_template
from tests.printing.conftest import pdf_pages_text

DECIDED = date(2026, 1, 5)


def _award(key, name, village="Bản Nà Sản", title="GDHT"):
    return Award(key, name, title, village, "125/QĐ-UBND", DECIDED)


def test_numbers_run_per_year_and_an_award_never_gets_a_second_number():
    new, old = issue([], [_award("a", "Nguyễn Văn An"), _award("b", "Lò Văn Pọm")], 2026, DECIDED)
    assert [e.number for e in new] == [1, 2] and old == []
    again, old = issue(new, [_award("b", "Lò Văn Pọm"), _award("c", "Cầm Thị Hương"), _award("c", "x")], 2026, DECIDED)
    assert [(e.award_key, e.number) for e in again] == [("c", 3)]
    assert [(e.award_key, e.number) for e in old] == [("b", 2)]
    assert next_number(new + again, 2027) == 1


def test_a_reprint_keeps_the_number_and_needs_a_reason(issuer, commune_key):
    [entry], _old = issue([], [_award("a", "Nguyễn Văn An")], 2026, DECIDED)
    with pytest.raises(RegisterError) as exc:
        record_reprint(entry, "  ", date(2026, 3, 1))
    assert "lý do" in str(exc.value)
    with pytest.raises(RegisterError):
        record_reprint(entry, "mất", date(2025, 3, 1))
    twice = record_reprint(record_reprint(entry, "Bị mất", date(2026, 3, 1)), "Bị rách", date(2026, 4, 2))
    assert twice.number == entry.number and twice.reprint_count == 2
    item = certificate_from_entry(twice, issuer, commune_key[1])
    assert item.reprint_count == 2 and item.issued_on == date(2026, 4, 2) and item.register_no == 1
    [text] = pdf_pages_text(build_certificates([item], default_template("GDHT")))
    assert "Cấp lại lần 2" in text and "Số vào sổ: 1" in text and "ngày 02 tháng 4 năm 2026" in text


def test_a_first_issue_printed_months_later_carries_the_decisions_date(issuer):
    """The certificate goes with the decision the chairperson signed: printed in November, it is
    still dated on the decision's day (a reprint carries its own date, above)."""
    [entry], _old = issue([], [_award("a", "Nguyễn Văn An")], 2026, date(2026, 11, 24))
    item = certificate_from_entry(entry, issuer)
    assert item.issued_on == DECIDED
    [text] = pdf_pages_text(build_certificates([item], default_template("GDHT")))
    assert "ngày 05 tháng 01 năm 2026" in text and "tháng 11" not in text


def test_sorted_by_village_then_given_name_middle_family(make_item):
    items = [make_item(recipient=n, village=v) for n, v in [
        ("Nguyễn Văn Bình", "Bản Nà Sản"), ("Đỗ Văn An", "Bản Nà Sản"), ("Lò Thị An", "Bản Nà Sản"),
        ("Cầm Văn Ún", "Bản Hồng Mặn"), ("Hà Văn Ánh", "Bản Nà Sản"), ("Vì Văn Anh", "Bản Nà Sản")]]
    order = [(i.village, i.recipient) for i in sort_for_printing(items)]
    # letters of given, middle and family names first, tones last: "Hà Văn Ánh" before "Vì Văn Anh"
    assert order == [("Bản Hồng Mặn", "Cầm Văn Ún"), ("Bản Nà Sản", "Lò Thị An"), ("Bản Nà Sản", "Đỗ Văn An"),
                     ("Bản Nà Sản", "Hà Văn Ánh"), ("Bản Nà Sản", "Vì Văn Anh"), ("Bản Nà Sản", "Nguyễn Văn Bình")]


def test_clans_and_units_sort_by_display_name(make_item):
    items = [make_item("DVHT", recipient=n, village="Bản Nà Sản") for n in
             ("Trường Tiểu học Chiềng Mung", "Hợp tác xã Đoàn Kết", "Đồn Biên phòng", "Bưu điện xã")]
    assert [i.recipient for i in sort_for_printing(items)] == [
        "Bưu điện xã", "Đồn Biên phòng", "Hợp tác xã Đoàn Kết", "Trường Tiểu học Chiềng Mung"]


def test_select_a_village_or_chosen_certificates(make_item):
    items = [make_item(recipient="Lò Văn Pọm", village="Bản Hồng Mặn", key="k1"),
             make_item(recipient="Nguyễn Văn An", village="Bản Nà Sản", key="k2"),
             make_item(recipient="Cầm Thị Hương", village="Bản Nà Sản", key="k3")]
    village = select_for_printing(items, village=unicodedata.normalize("NFD", "bản nà sản"))
    assert [i.key for i in village] == ["k2", "k3"]  # An before Hương
    assert [i.key for i in select_for_printing(items, keys=["k1", "k2"])] == ["k1", "k2"]


def test_a_citizen_of_unknown_sex_is_addressed_ong_ba_and_a_known_one_by_sex():
    from dataclasses import replace

    from app.printing.certificates import sample_certificate

    item = sample_certificate("CDHT_CONG_DAN")
    [unknown] = pdf_pages_text(build_certificates([item], default_template("CDHT_CONG_DAN")))
    [woman] = pdf_pages_text(build_certificates([replace(item, honorific="bà")], default_template("CDHT_CONG_DAN")))
    assert "Công nhận ông (bà)" in unknown
    assert "Công nhận bà" in woman and "ông (bà)" not in woman
