"""Issuing numbers every award once, in the Vietnamese printing order; reprints need a reason, are
counted and marked; a subject with a certificate cannot be deleted."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import certificates as certs
from app.services.audit import recent
from app.services.certificate_papers import register_pdf
from app.services.errors import InUse, ValidationFailed
from tests.assessment.assessment_helpers import YEAR
from tests.certificates.conftest import DECIDED_ON, HOUSEHOLDS, PRINT_ORDER
from tests.printing.conftest import pdf_pages_text

ISSUED = date(YEAR, 12, 22)


def test_a_decision_is_numbered_1_to_n_by_village_then_name(db, decided):
    result = certs.issue_certificates(db, decided.decision_id, by="Lò Văn Pọm", on=ISSUED)
    assert result.new == len(HOUSEHOLDS) and result.already == 0
    assert [e.recipient for e in result.entries] == PRINT_ORDER
    assert [e.number for e in result.entries] == list(range(1, len(HOUSEHOLDS) + 1))
    first = result.entries[0]
    assert (first.year, first.title_code, first.village, first.decision_number, first.decision_date,
            first.issued_on, first.subject_kind) == (YEAR, "GDHT", "Bản Hồng Mặn", "125/QĐ-UBND", DECIDED_ON, ISSUED,
                                                     "household")
    assert first.address == "Bản Hồng Mặn, xã Chiềng Mung, tỉnh Sơn La"
    assert [(e.number, e.recipient) for e in certs.register_entries(db, YEAR)] == list(enumerate(PRINT_ORDER, 1))
    assert recent(db, 1, result.entries[-1].uuid)[0].summary == (
        "Cấp giấy công nhận số 8/2025 “Gia đình học tập”: Lường Thị Hoa (QĐ 125/QĐ-UBND).")


def test_issuing_again_gives_the_same_numbers_never_a_second_one(db, decided):
    first = certs.issue_certificates(db, decided.decision_id, on=ISSUED)
    again = certs.issue_certificates(db, decided.decision_id)
    by_year = certs.issue_certificates(db, year=YEAR, title_code="GDHT")
    by_ids = certs.issue_certificates(db, assessment_ids=[decided.assessments["Vì Văn Anh"]])
    assert again.new == by_year.new == by_ids.new == 0
    assert [(e.id, e.number) for e in again.entries] == [(e.id, e.number) for e in first.entries]
    assert [(e.id, e.number) for e in by_year.entries] == [(e.id, e.number) for e in first.entries]
    assert [(e.recipient, e.number) for e in by_ids.entries] == [("Vì Văn Anh", 6)]
    assert len(certs.register_entries(db, YEAR)) == len(HOUSEHOLDS)


def test_one_village_first_then_the_rest_continue_the_numbers(db, decided):
    hong_man = certs.issue_certificates(db, year=YEAR, title_code="GDHT", village_id=decided.villages["Bản Hồng Mặn"])
    assert [(e.number, e.recipient) for e in hong_man.entries] == [(1, "Quàng Văn Dũng"), (2, "Cầm Văn Ún")]
    rest = certs.issue_certificates(db, decided.decision_id)
    assert rest.new == len(HOUSEHOLDS) - 2
    assert [(e.number, e.recipient) for e in rest.entries] == list(enumerate(PRINT_ORDER, 1))


def test_an_empty_or_undecided_selection_is_refused(db, decided):
    with pytest.raises(ValidationFailed, match="không có giấy công nhận để cấp"):
        certs.issue_certificates(db, year=YEAR, title_code="DVHT")
    with pytest.raises(ValidationFailed, match="Chọn một quyết định"):
        certs.issue_certificates(db)
    assert certs.register_entries(db, YEAR) == []


def test_a_reprint_needs_a_reason_is_counted_and_marked_on_the_next_print(db, paths, decided, commune_key):
    from tests.certificates.conftest import PASSPHRASE

    entries = certs.issue_certificates(db, decided.decision_id, on=ISSUED).entries
    an = next(e for e in entries if e.recipient == "Đỗ Văn An")
    first_pdf = certs.certificate_pdf(db, paths, [an.id], PASSPHRASE)
    assert "Cấp lại" not in pdf_pages_text(first_pdf)[0]
    with pytest.raises(ValidationFailed, match="Phải ghi lý do cấp lại giấy công nhận số 4"):
        certs.reprint(db, [an.id], "   ", by="Lò Văn Pọm")
    assert certs.get_entries(db, [an.id])[0].reprint_count == 0
    certs.reprint(db, [an.id], "Bị mất khi chuyển nhà", by="Lò Văn Pọm", on=date(YEAR + 1, 3, 2))
    [twice] = certs.reprint(db, [an.id], "Bị ướt, rách", by="Lò Văn Pọm", on=date(YEAR + 1, 4, 9))
    assert (twice.number, twice.reprint_count) == (an.number, 2)
    assert [(r.count, r.reason, r.by) for r in twice.reprints] == [(1, "Bị mất khi chuyển nhà", "Lò Văn Pọm"),
                                                                   (2, "Bị ướt, rách", "Lò Văn Pọm")]
    assert twice.qr_text and twice.qr_text == certs.get_entries(db, [an.id])[0].qr_text
    # a reprint prints the stored QR code: no passphrase needed
    [text] = pdf_pages_text(certs.certificate_pdf(db, paths, [an.id], None))
    assert "Cấp lại lần 2" in text and "Số vào sổ: 4" in text and "ngày 09 tháng 4 năm 2026" in text
    register = " ".join(pdf_pages_text(register_pdf(db, YEAR)))
    assert "Lần 2: 09/04/2026 — Bị ướt, rách" in register and "số lần cấp lại: 2" in register
    assert recent(db, 1, an.uuid)[0].summary == (
        "Cấp lại lần 2 giấy công nhận số 4/2025 (Đỗ Văn An): Bị ướt, rách")


def test_a_subject_with_a_certificate_cannot_be_deleted(db, decided):
    from app.services import references
    from app.services.households import delete_household

    certs.issue_certificates(db, decided.decision_id)
    hid = decided.households["Lò Thị An"]
    with db.session() as s:
        assert references.referring(s, "household", [hid])[-1] == "Lò Thị An đã được cấp giấy công nhận số 3 năm 2025."
        assert certs.certified(s, "household", [decided.households["Vì Văn Anh"]]) == [
            "Vì Văn Anh đã được cấp giấy công nhận số 6 năm 2025."]
        assert certs.certified(s, "person", [hid]) == []
    with pytest.raises(InUse) as exc:
        delete_household(db, hid)
    assert "Lò Thị An đã được cấp giấy công nhận số 3 năm 2025." in exc.value.reasons


def test_the_signer_of_the_decision_signs_tm_or_kt_by_role():
    from app.services.certificate_subjects import issuer_for, signer_lines
    from app.services.setup import ProfileData, SignerData

    profile = ProfileData(province_code="14", province_name="Sơn La", commune_code="14113", commune_name="Chiềng Mung",
                          signers=(SignerData("chair", "Cầm Văn Ún", "Chủ tịch UBND xã"),
                                   SignerData("vice_chair", "Lò Thị Mai", "")))
    assert signer_lines("Cầm Văn Ún", "Chủ tịch UBND xã", profile) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert signer_lines("Lò Thị Mai", "", profile) == ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert signer_lines("Hà Văn Tư", "Phó Chủ tịch UBND xã", profile)[1] == "PHÓ CHỦ TỊCH"
    issuer = issuer_for(profile)
    assert (issuer.issuing_body, issuer.place, issuer.signer_name, issuer.commune_code) == (
        ("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG"), "Chiềng Mung", "Cầm Văn Ún", "14113")
