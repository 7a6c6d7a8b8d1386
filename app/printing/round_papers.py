"""The assessment round's papers as PDF (platypus, A4): the registration list, registration forms
(phiếu đăng ký) and scoring sheets (phiếu chấm điểm) to fill in on paper. The decision with its
attached list and the register are in :mod:`app.printing.decision_papers` (re-exported here).

Inputs are plain frozen dataclasses; every builder returns PDF bytes, opens no dialog and touches
no database, so it can run on a worker thread. Lists are sorted by village, then the Vietnamese
name order, unless told to keep the given order. An empty field prints as a dotted line to fill in
by hand, so the same builders make blank forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.domain.text import nfc
from app.i18n import document_date, format_date, format_number
from app.printing.decision_papers import (
    DecisionData,
    DecisionRow,
    RegisterRow,
    build_decision,
    build_register,
    register_rows,
)
from app.printing.document import DocumentHeader, DocumentTitle, Issuer, NationalHeader, SignatureBlock
from app.printing.papers import DottedField, build_pdf, grid_table, para, village_name_order
from app.printing.titles import RECIPIENT_KINDS, title_label

__all__ = [
    "RegistrationRow", "RegistrationForm", "IndicatorRow", "CriterionRow", "ScoringSheetData",
    "build_registration_list", "build_registration_forms", "build_scoring_sheets", "criteria_from_set",
    "DecisionData", "DecisionRow", "RegisterRow", "build_decision", "build_register", "register_rows",
]

#: What the registrant is called on a form and in a list heading, per title.
SUBJECT_NAMES = {"household": "Họ và tên chủ hộ", "clan": "Dòng họ", "village": "Thôn, bản, tổ dân phố",
                 "unit": "Tên đơn vị", "person": "Họ và tên"}
FORM_FIELDS = {
    "household": ("Họ và tên chủ hộ", "Thôn, bản", "Số nhân khẩu", "Số điện thoại"),
    "clan": ("Dòng họ", "Trưởng họ", "Số hộ trong dòng họ", "Nơi cư trú chủ yếu"),
    "village": ("Thôn, bản, tổ dân phố", "Trưởng thôn", "Số hộ", "Số nhân khẩu"),
    "unit": ("Tên đơn vị", "Người đứng đầu", "Địa chỉ", "Số cán bộ, nhân viên"),
    "person": ("Họ và tên", "Ngày sinh", "Thôn, bản", "Nghề nghiệp, nơi làm việc hoặc học tập"),
}


@dataclass(frozen=True)
class RegistrationRow:
    name: str
    village: str
    address: str = ""
    registered_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class RegistrationForm:
    """One registration form. ``fields`` are (label, value) pairs; empty means the title's default
    labels (:data:`FORM_FIELDS`) with dotted lines. ``addressed_to`` are the "Kính gửi" lines."""

    title_code: str
    year: int
    fields: tuple[tuple[str, str], ...] = ()
    addressed_to: tuple[str, ...] = ()
    signed_on: date | None = None


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    text: str
    max_points: float | None = None


@dataclass(frozen=True)
class CriterionRow:
    code: str
    name: str
    max_points: float | None = None
    indicators: tuple[IndicatorRow, ...] = ()


@dataclass(frozen=True)
class ScoringSheetData:
    """One subject's scoring sheet; an empty ``subject_name`` prints a blank sheet."""

    title_code: str
    year: int
    criteria: tuple[CriterionRow, ...]
    subject_name: str = ""
    village: str = ""
    set_name: str = ""
    pass_rule_text: str = ""


def criteria_from_set(criteria_set) -> tuple[CriterionRow, ...]:
    """The rows of a parsed criteria set (anything with ``criteria`` → ``code``, ``title_vi``,
    ``max_points``, ``indicators``, as :class:`app.domain.criteria.CriteriaSet`)."""
    return tuple(
        CriterionRow(c.code, c.title_vi, c.max_points,
                     tuple(IndicatorRow(i.code, i.title_vi, i.max_points) for i in c.indicators))
        for c in criteria_set.criteria)


def _points(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _date_line(issuer: Issuer, on: date | None, year: int) -> str:
    """The date line, or one to fill in by hand when ``on`` is None."""
    return document_date(on, issuer.date_place) if on else f"{issuer.date_place}, ngày … tháng … năm {year}"


def _header(issuer: Issuer, year: int, on: date | None = None) -> DocumentHeader:
    return DocumentHeader(issuer.issuing_body, issuer.parent_body, "", _date_line(issuer, on, year))


def build_registration_list(issuer: Issuer, title_code: str, year: int, rows: Sequence[RegistrationRow],
                            village: str = "", on: date | None = None, prepared_by: str = "",
                            keep_order: bool = False) -> bytes:
    """The list of registrations for one title and year (``village`` names a one-village list),
    sorted by village, then name, unless ``keep_order``."""
    kind = RECIPIENT_KINDS.get(title_code, "person")
    if not keep_order:
        people = kind in ("person", "household")
        rows = sorted(rows, key=lambda r: village_name_order(r.village, r.name, people))
    subject = [f"Đăng ký danh hiệu “{title_label(title_code)}” năm {year}"]
    if village:
        subject.append(nfc(village))
    table_rows: list[list[object]] = [["STT", SUBJECT_NAMES[kind], "Thôn, bản", "Địa chỉ", "Ngày đăng ký",
                                       "Ghi chú"]]
    for i, r in enumerate(rows, 1):
        table_rows.append([str(i), nfc(r.name), nfc(r.village), nfc(r.address), format_date(r.registered_on),
                           nfc(r.note)])
    story = [
        _header(issuer, year, on), DocumentTitle("DANH SÁCH", subject),
        grid_table(table_rows, [11 * mm, 45 * mm, 28 * mm, 38 * mm, 23 * mm, 20 * mm], centred_cols=(0, 4)),
        Spacer(1, 4 * mm),
        para(f"Tổng số: {len(rows)}.", "base"),
        Spacer(1, 6 * mm),
        _two_signatures("NGƯỜI LẬP DANH SÁCH", prepared_by, issuer),
    ]
    return build_pdf(story, title=f"Danh sách đăng ký {title_label(title_code)} {year}")


def _two_signatures(left_title: str, left_name: str, issuer: Issuer) -> Table:
    left = [para(left_title, "centre_bold"), para("(Ký, ghi rõ họ tên)", "small_italic"), Spacer(1, 24 * mm),
            para(left_name, "centre_bold")]
    right = SignatureBlock(issuer.signer_authority, issuer.signer_position, issuer.signer_name, seal_gap=24 * mm)
    t = Table([[left, right]], colWidths=[60 * mm, 105 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _form_story(issuer: Issuer, form: RegistrationForm) -> list:
    kind = RECIPIENT_KINDS.get(form.title_code, "person")
    label = title_label(form.title_code)
    fields = form.fields or tuple((f, "") for f in FORM_FIELDS[kind])
    to = form.addressed_to or (f"Ủy ban nhân dân xã {issuer.commune_name}", f"Hội Khuyến học xã {issuer.commune_name}")
    story: list = [NationalHeader(), Spacer(1, 4 * mm),
                   DocumentTitle("PHIẾU ĐĂNG KÝ", [f"Danh hiệu “{label}” năm {form.year}"])]
    story += [para(("Kính gửi: " if i == 0 else "") + nfc(t) + (";" if i < len(to) - 1 else "."), "centre")
              for i, t in enumerate(to)]
    story.append(Spacer(1, 5 * mm))
    story += [DottedField(field_label, value) for field_label, value in fields]
    noun = {"household": "Gia đình tôi", "person": "Tôi", "clan": "Dòng họ chúng tôi",
            "village": "Thôn (bản) chúng tôi", "unit": "Đơn vị chúng tôi"}[kind]
    story += [
        Spacer(1, 2 * mm),
        para(f"Sau khi nghiên cứu bộ tiêu chí đánh giá, công nhận danh hiệu “{label}”, {noun.lower()} "
             f"đăng ký phấn đấu đạt danh hiệu “{label}” năm {form.year} và cam kết thực hiện đầy đủ các tiêu chí.",
             "body"),
        Spacer(1, 4 * mm),
    ]
    date_text = _date_line(issuer, form.signed_on, form.year)
    sig = Table([["", para(date_text, "centre_italic")],
                 [[para("XÁC NHẬN CỦA TRƯỞNG THÔN", "centre_bold"), para("(Ký, ghi rõ họ tên)", "small_italic")],
                  [para("NGƯỜI ĐĂNG KÝ", "centre_bold"), para("(Ký, ghi rõ họ tên)", "small_italic")]]],
                colWidths=[82 * mm, 83 * mm])
    sig.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return story + [sig]


def build_registration_forms(issuer: Issuer, forms: Sequence[RegistrationForm]) -> bytes:
    """Registration forms, one a page (a blank form when its fields are empty)."""
    story: list = []
    for i, form in enumerate(forms):
        if i:
            story.append(PageBreak())
        story += _form_story(issuer, form)
    return build_pdf(story or [para("")], title="Phiếu đăng ký", page_numbers=False)


def _sheet_story(issuer: Issuer, sheet: ScoringSheetData) -> list:
    kind = RECIPIENT_KINDS.get(sheet.title_code, "person")
    rows: list[list[object]] = [["TT", "Tiêu chí, chỉ số", "Điểm tối đa", "Tự chấm", "Thôn bình xét",
                                 "Xã thẩm định"]]
    shaded = []
    for criterion in sheet.criteria:
        shaded.append(len(rows))
        rows.append([para(criterion.code, "small_bold"), para(criterion.name, "small_bold"),
                     para(_points(criterion.max_points), "small_bold_centre"), "", "", ""])
        for ind in criterion.indicators:
            rows.append([ind.code, ind.text, _points(ind.max_points), "", "", ""])
    total = sum(c.max_points or 0 for c in sheet.criteria)
    rows.append(["", para("Tổng điểm", "small_bold"), para(_points(total) if total else "", "small_bold_centre"),
                 "", "", ""])
    story: list = [
        DocumentHeader(issuer.issuing_body, issuer.parent_body, "", "", compact=True),
        DocumentTitle("PHIẾU CHẤM ĐIỂM", [f"Danh hiệu “{title_label(sheet.title_code)}” năm {sheet.year}"]),
        DottedField(SUBJECT_NAMES[kind], sheet.subject_name, indent=0),
        DottedField("Thôn, bản", sheet.village, indent=0),
    ]
    if sheet.set_name:
        story.append(para(f"Bộ tiêu chí: {nfc(sheet.set_name)}", "small"))
    story += [Spacer(1, 2 * mm),
              grid_table(rows, [15 * mm, 86 * mm, 16 * mm, 15 * mm, 16 * mm, 17 * mm], shaded_rows=shaded,
                         centred_cols=(0, 2), small=True),
              Spacer(1, 2 * mm)]
    tail: list = []
    if sheet.pass_rule_text:
        tail.append(para(f"Điều kiện đạt: {nfc(sheet.pass_rule_text)}", "cell"))
    verdict = Table([[para("Kết luận:", "base"), para("□ Đạt", "base"), para("□ Không đạt", "base")]],
                    colWidths=[24 * mm, 24 * mm, 40 * mm], hAlign="LEFT")
    verdict.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    tail += [verdict, Spacer(1, 3 * mm)]
    heads = ("NGƯỜI TỰ ĐÁNH GIÁ", "TRƯỞNG THÔN", "ĐẠI DIỆN XÃ")
    sig = Table([[[para(h, "centre_bold"), para("(Ký, ghi rõ họ tên)", "small_italic")] for h in heads],
                 ["", "", ""]], colWidths=[55 * mm] * 3, rowHeights=[None, 20 * mm])
    sig.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return story + [KeepTogether(tail + [sig])]


def build_scoring_sheets(issuer: Issuer, sheets: Sequence[ScoringSheetData]) -> bytes:
    """Scoring sheets, each starting on a new page: criteria (shaded, bold) with their indicators,
    maximum points and empty boxes for the self-assessment, the village and the commune."""
    story: list = []
    for i, sheet in enumerate(sheets):
        if i:
            story.append(PageBreak())
        story += _sheet_story(issuer, sheet)
    return build_pdf(story or [para("")], title="Phiếu chấm điểm", page_numbers=False)
