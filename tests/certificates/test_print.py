"""Certificates and the round's papers printed from the database: every recipient on a page, in
the printing order, QR codes signed with the commune's key; a wrong passphrase records nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.crypto import keys
from app.crypto.certificate_qr import key_finder, verify_qr
from app.services import certificate_papers as papers
from app.services import certificates as certs
from app.services.audit import recent
from tests.certificates.conftest import HOUSEHOLDS, PASSPHRASE, PRINT_ORDER
from tests.printing.conftest import pdf_page_sizes, pdf_pages_text


def test_a_decisions_certificates_name_every_recipient_in_printing_order(db, paths, decided, commune_key):
    result = certs.print_certificates(db, paths, PASSPHRASE, decided.decision_id, by="Lò Văn Pọm")
    pages = pdf_pages_text(result.pdf)
    assert len(pages) == len(HOUSEHOLDS) and result.new == len(HOUSEHOLDS)
    for page, name, number in zip(pages, PRINT_ORDER, range(1, 9), strict=True):
        assert name in page and f"Số vào sổ: {number}" in page
        assert "Gia đình học tập" in page and "Quyết định số 125/QĐ-UBND" in page
        assert "ỦY BAN NHÂN DÂN" in page and "XÃ CHIỀNG MUNG" in page and "TM. ỦY BAN NHÂN DÂN" in page
        assert "Chiềng Mung, ngày" in page and "Cầm Văn Ún" in page
    assert "Địa chỉ: Bản Hồng Mặn, xã Chiềng Mung, tỉnh Sơn La" in pages[0]
    assert pdf_page_sizes(result.pdf)[0] == (842, 595)  # A4 landscape
    assert [e.key_id for e in result.entries] == [commune_key.key_id] * len(HOUSEHOLDS)


def test_a_household_is_addressed_by_its_heads_sex(db, paths, decided, commune_key):
    """"Công nhận gia đình bà Lường Thị Hoa", "gia đình ông Cầm Văn Ún": not "ông (bà)" when the
    registry knows; a commune's own template without the field keeps its wording."""
    pages = pdf_pages_text(certs.print_certificates(db, paths, PASSPHRASE, decided.decision_id).pdf)
    by_name = {name: page for name, page in zip(PRINT_ORDER, pages, strict=True)}
    assert "Công nhận gia đình bà" in by_name["Lường Thị Hoa"]
    assert "Công nhận gia đình ông" in by_name["Cầm Văn Ún"]
    assert "ông (bà)" not in "".join(pages)


def test_the_qr_texts_in_the_register_verify_with_the_communes_public_key(db, paths, decided, commune_key):
    certs.print_certificates(db, paths, PASSPHRASE, decided.decision_id)
    public = keys.public_key_from_file(commune_key.public_path)
    entries = certs.register_entries(db, 2025)
    for e in entries:
        check = verify_qr(e.qr_text, key_finder([public]))
        assert check.authentic, check.reason_vi
        f = check.fields
        assert (f.commune_code, f.year, f.title_code, f.register_no, f.recipient_name, f.key_id) == (
            "14113", 2025, "GDHT", e.number, e.recipient, commune_key.key_id)
    assert certs.verify_certificate(paths, entries[0].qr_text).authentic
    forged = entries[0].qr_text.replace(entries[0].recipient, "Nguyễn Văn Giả")
    assert certs.verify_certificate(paths, forged).status == "bad_signature"


def test_a_wrong_passphrase_is_refused_in_vietnamese_and_nothing_is_recorded(db, paths, decided, commune_key):
    with pytest.raises(keys.WrongPassphrase) as exc:
        certs.print_certificates(db, paths, "không phải mật khẩu", decided.decision_id)
    assert str(exc.value).startswith("Sai mật khẩu")
    assert certs.register_entries(db, 2025) == []
    entries = certs.issue_certificates(db, decided.decision_id).entries
    with pytest.raises(keys.WrongPassphrase):
        certs.certificate_pdf(db, paths, entries, "không phải mật khẩu")
    with pytest.raises(certs.SigningKeyNeeded):
        certs.certificate_pdf(db, paths, entries, None)
    assert all(e.qr_text == "" and e.key_id == "" for e in certs.register_entries(db, 2025))
    assert not [a for a in recent(db, 50) if a.action == "print"]


def test_a5_without_border_for_one_village(db, paths, decided, commune_key):
    result = certs.print_certificates(db, paths, PASSPHRASE, year=2025, title_code="GDHT",
                                      village_id=decided.villages["Tiểu khu 3"], page_size="A5", border=False)
    assert [e.recipient for e in result.entries] == ["Lường Thị Hoa"]
    assert pdf_page_sizes(result.pdf) == [(595, 420)]


def test_the_decision_with_its_attached_list(db, decided):
    text = " ".join(pdf_pages_text(papers.decision_pdf(db, decided.decision_id)))
    for part in ("QUYẾT ĐỊNH", "Số: 125/QĐ-UBND", "Chiềng Mung, ngày 20 tháng 12 năm 2025",
                 "Về việc công nhận danh hiệu “Gia đình học tập” năm 2025", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                 "Cầm Văn Ún", "Kèm theo Quyết định số 125/QĐ-UBND", "Danh sách có 8 hộ gia đình"):
        assert part in text, part
    for name in PRINT_ORDER:
        assert name in text
    assert text.index("Quàng Văn Dũng") < text.index("Lò Thị An") < text.index("Nguyễn Văn Bình")


def test_a_decision_signed_by_the_vice_chair(db, decided):
    from app.models import Decision

    with db.session() as s:
        s.get(Decision, decided.decision_id).signer_name = "Lò Thị Mai"
        s.get(Decision, decided.decision_id).signer_position = "Phó Chủ tịch UBND xã"
    text = " ".join(pdf_pages_text(papers.decision_pdf(db, decided.decision_id)))
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Lò Thị Mai" in text


def test_registration_list_forms_and_scoring_sheets(db, decided):
    from app.domain.criteria import parse_document
    from app.models import AssessmentRound, CriteriaSet

    na_san = decided.villages["Bản Nà Sản"]
    listing = " ".join(pdf_pages_text(papers.registration_list_pdf(db, decided.round_id, na_san)))
    assert "Đăng ký danh hiệu “Gia đình học tập” năm 2025" in listing and "Bản Nà Sản" in listing
    assert "Tổng số: 5." in listing and "Quàng Văn Dũng" not in listing
    forms = pdf_pages_text(papers.registration_form_pdf(db, decided.round_id))
    assert len(forms) == len(HOUSEHOLDS) and "PHIẾU ĐĂNG KÝ" in forms[0] and "Quàng Văn Dũng" in forms[0]
    assert len(pdf_pages_text(papers.registration_form_pdf(db, decided.round_id, blank=True))) == 1
    sheets = " ".join(pdf_pages_text(papers.scoring_sheet_pdf(db, round_id=decided.round_id, village_id=na_san)))
    assert sheets.count("PHIẾU CHẤM ĐIỂM") == 5 and sheets.count("Điều kiện đạt:") == 5
    assert sheets.index("Lò Thị An") < sheets.index("Đỗ Văn An") < sheets.index("Nguyễn Văn Bình")
    with db.session() as s:
        cs = parse_document(s.get(CriteriaSet, s.get(AssessmentRound, decided.round_id).criteria_set_id).document)
    assert all(i.code in sheets for i in cs.indicators) and cs.criteria[0].title_vi in sheets
    one = pdf_pages_text(papers.scoring_sheet_pdf(db, decided.assessments["Lường Thị Hoa"]))
    assert "Lường Thị Hoa" in one[0] and "Tiểu khu 3" in one[0]


def test_the_pass_rule_in_words():
    from app.domain.criteria import PassRule, Precondition, parse_set
    from app.services.certificate_papers import pass_rule_text
    from app.services.criteria_sets import shipped_documents

    cs = parse_set(next(doc for _p, doc in shipped_documents() if doc["title_code"] == "GDHT"))
    text = pass_rule_text(cs)
    assert text.endswith(".") and text[0].isupper()
    plain = replace(cs, pass_rule=PassRule("points_threshold", min_total=80, min_each=1), preconditions=(
        Precondition("GDVH", "Gia đình văn hóa năm trước"),), indicators=())
    assert pass_rule_text(plain) == ("Tổng điểm từ 80 trở lên (tối đa 100); mỗi chỉ số đạt ít nhất 1 điểm; "
                                     "đáp ứng các điều kiện: Gia đình văn hóa năm trước.")


def test_the_preview_of_an_award_numbers_and_signs_nothing(db, paths, decided, commune_key):
    from app.services.certificate_preview import certificate_preview

    hoa = decided.assessments["Lường Thị Hoa"]
    [page] = pdf_pages_text(certificate_preview(db, paths, hoa, page_size="A5"))
    assert "Lường Thị Hoa" in page and "Công nhận gia đình bà" in page and "Số vào sổ: …" in page
    assert "Đạt danh hiệu “Gia đình học tập” năm 2025" in page
    assert certs.register_entries(db, 2025) == []  # nothing numbered, nothing recorded
    # once printed, the preview is that certificate: its number, the same words
    certs.print_certificates(db, paths, PASSPHRASE, decided.decision_id)
    number = next(e.number for e in certs.register_entries(db, 2025) if e.recipient == "Lường Thị Hoa")
    [page] = pdf_pages_text(certificate_preview(db, paths, hoa))
    assert f"Số vào sổ: {number}" in page and "Công nhận gia đình bà" in page
