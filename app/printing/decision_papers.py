"""The decision with its attached list (Quyết định công nhận kèm danh sách) and the certificate
register (sổ cấp giấy công nhận) as PDF, in the format of NĐ 30/2020.

The decision: header, "QUYẾT ĐỊNH / Về việc công nhận danh hiệu “…” năm N", the authority line,
the Căn cứ lines (italic), "QUYẾT ĐỊNH:", Điều 1–3, then "Nơi nhận" beside the signature block;
on a new page "DANH SÁCH … (Kèm theo Quyết định số … ngày … của …)" with STT, name, village and
score, grouped by village when there are several. Wording has defaults for every title and can be
replaced line by line (``bases``, ``articles``, ``recipients``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Spacer

from app.domain.text import nfc
from app.i18n import document_date, format_date, format_number
from app.printing.document import DocumentHeader, DocumentTitle, Issuer, SignatureBlock
from app.printing.papers import build_pdf, grid_table, para, village_name_order
from app.printing.register import RegisterEntry
from app.printing.titles import RECIPIENT_KINDS, title_label

__all__ = ["DecisionRow", "DecisionData", "RegisterRow", "build_decision", "build_register", "register_rows",
           "SUBJECT_NOUNS"]

#: How the decision names the recognised subjects, per kind (plural, lower case).
SUBJECT_NOUNS = {"household": "hộ gia đình", "clan": "dòng họ", "village": "thôn, bản, tổ dân phố",
                 "unit": "đơn vị", "person": "công dân"}
_LIST_HEADS = {"household": "Họ và tên chủ hộ", "clan": "Dòng họ", "village": "Thôn, bản, tổ dân phố",
               "unit": "Tên đơn vị", "person": "Họ và tên"}


@dataclass(frozen=True)
class DecisionRow:
    name: str
    village: str
    score: float | None = None
    note: str = ""


@dataclass(frozen=True)
class DecisionData:
    """A decision to recognise ``rows`` with one title. Empty ``bases``/``articles`` use the
    defaults of :func:`default_bases` / :func:`default_articles`. The attached list is sorted by
    village, then name, unless ``keep_order``."""

    issuer: Issuer
    number: str
    decided_on: date
    title_code: str
    year: int
    rows: tuple[DecisionRow, ...]
    bases: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ("Như Điều 3", "Lưu: VT")
    authority_title: str = ""
    keep_order: bool = False

    @property
    def label(self) -> str:
        return title_label(self.title_code)

    @property
    def noun(self) -> str:
        return SUBJECT_NOUNS[RECIPIENT_KINDS.get(self.title_code, "person")]


def default_bases(d: DecisionData) -> tuple[str, ...]:
    commune = nfc(d.issuer.commune_name)
    return (
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        f"Căn cứ bộ tiêu chí đánh giá, công nhận danh hiệu “{d.label}” đang áp dụng và hướng dẫn của cấp trên;",
        f"Căn cứ kết quả tự đánh giá, bình xét ở các thôn, bản và thẩm định của xã năm {d.year};",
        f"Xét đề nghị của Hội Khuyến học xã {commune} và Trung tâm học tập cộng đồng xã {commune}.",
    )


def default_articles(d: DecisionData) -> tuple[str, ...]:
    commune = nfc(d.issuer.commune_name)
    return (
        f"Điều 1. Công nhận {len(d.rows)} {d.noun} đạt danh hiệu “{d.label}” năm {d.year} "
        "(có danh sách kèm theo).",
        f"Điều 2. Các {d.noun} có tên tại Điều 1 được cấp Giấy công nhận và ghi vào sổ cấp giấy công nhận "
        "của xã. Quyết định này có hiệu lực kể từ ngày ký.",
        f"Điều 3. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Hội Khuyến học xã {commune}, "
        f"Trung tâm học tập cộng đồng xã {commune}, Trưởng các thôn, bản và các {d.noun} có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này.",
    )


def _article(text: str):
    """An article: "Điều N." in bold, the rest upright."""
    text = nfc(text)
    head, sep, rest = text.partition(". ")
    if head.startswith("Điều ") and sep:
        return para(rest, "body", head=head + ".")
    return para(text, "body")


def sorted_rows(d: DecisionData) -> list[DecisionRow]:
    """The rows by village, then name (people in Vietnamese name order), unless ``keep_order``."""
    if d.keep_order:
        return list(d.rows)
    people = RECIPIENT_KINDS.get(d.title_code, "person") in ("person", "household")
    return sorted(d.rows, key=lambda r: village_name_order(r.village, r.name, people))


def _list_story(d: DecisionData) -> list:
    kind = RECIPIENT_KINDS.get(d.title_code, "person")
    authority = d.authority_title or f"Chủ tịch Ủy ban nhân dân xã {nfc(d.issuer.commune_name)}"
    with_score = any(r.score is not None for r in d.rows)
    head = ["STT", _LIST_HEADS[kind], "Thôn, bản"] + (["Điểm"] if with_score else []) + ["Ghi chú"]
    widths = [12 * mm, 62 * mm, 45 * mm] + ([18 * mm] if with_score else []) + [28 * mm]
    if not with_score:
        widths[1] += 18 * mm
    rows: list[list[object]] = [head]
    groups, spans = len({r.village for r in d.rows}) > 1, []
    current = None
    for i, r in enumerate(sorted_rows(d), 1):
        if groups and r.village != current:
            current = r.village
            spans.append(len(rows))
            rows.append([para(nfc(r.village) or "—", "cell_bold")] + [""] * (len(head) - 1))
        score = [format_number(r.score) if r.score is not None else ""] if with_score else []
        rows.append([str(i), nfc(r.name), nfc(r.village)] + score + [nfc(r.note)])
    return [
        DocumentTitle("DANH SÁCH", [f"{d.noun[:1].upper()}{d.noun[1:]} đạt danh hiệu “{d.label}” năm {d.year}"]),
        para(f"(Kèm theo Quyết định số {nfc(d.number)} {document_date(d.decided_on)} của {authority})",
             "centre_italic"),
        Spacer(1, 5 * mm),
        grid_table(rows, widths, shaded_rows=spans, spans=spans, centred_cols=(0, 3) if with_score else (0,)),
        Spacer(1, 3 * mm),
        para(f"Danh sách có {len(d.rows)} {d.noun}.", "base"),
    ]


def build_decision(d: DecisionData) -> bytes:
    """The decision (page 1 onwards) and its attached list (from a new page)."""
    issuer = d.issuer
    authority = d.authority_title or f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {nfc(issuer.commune_name).upper()}"
    story: list = [
        DocumentHeader(issuer.issuing_body, issuer.parent_body, f"Số: {nfc(d.number)}",
                       document_date(d.decided_on, issuer.date_place)),
        DocumentTitle("QUYẾT ĐỊNH", [f"Về việc công nhận danh hiệu “{d.label}” năm {d.year}"]),
        para(authority.upper(), "centre_bold"),
        Spacer(1, 4 * mm),
    ]
    story += [para(b, "italic") for b in (d.bases or default_bases(d))]
    story += [Spacer(1, 3 * mm), para("QUYẾT ĐỊNH:", "centre_bold"), Spacer(1, 3 * mm)]
    story += [_article(a) for a in (d.articles or default_articles(d))]
    story += [Spacer(1, 4 * mm), CondPageBreak(70 * mm),
              SignatureBlock(issuer.signer_authority, issuer.signer_position, issuer.signer_name, d.recipients)]
    story += [PageBreak()] + _list_story(d)
    return build_pdf(story, title=f"Quyết định {d.number}")


@dataclass(frozen=True)
class RegisterRow:
    number: int
    recipient: str
    village: str
    title_label: str
    decision: str  # "125/QĐ-UBND ngày 05/01/2026"
    issued_on: date
    reprints: tuple[str, ...] = ()  # ("Lần 1: 12/02/2026 — bị mất", …)


def register_rows(entries: Sequence[RegisterEntry]) -> list[RegisterRow]:
    """Printable rows of register entries, by year then number."""
    out = []
    for e in sorted(entries, key=lambda e: (e.year, e.number)):
        reprints = tuple(f"Lần {r.count}: {format_date(r.on)} — {r.reason}" for r in e.reprints)
        out.append(RegisterRow(e.number, e.recipient, e.village, title_label(e.title_code),
                               f"{e.decision_number} ngày {format_date(e.decision_date)}", e.issued_on, reprints))
    return out


def build_register(issuer: Issuer, year: int, rows: Sequence[RegisterRow], on: date | None = None) -> bytes:
    """The year's certificate register as a landscape list, with a column for the receiver's signature."""
    table: list[list[object]] = [["Số vào sổ", "Tên được công nhận", "Thôn, bản", "Danh hiệu", "Quyết định",
                                  "Ngày cấp", "Cấp lại (lần, ngày, lý do)", "Người nhận ký"]]
    for r in rows:
        table.append([str(r.number), nfc(r.recipient), nfc(r.village), nfc(r.title_label), nfc(r.decision),
                      format_date(r.issued_on), [para(x, "cell") for x in r.reprints], ""])
    date_line = document_date(on, issuer.date_place) if on else ""
    story = [
        DocumentHeader(issuer.issuing_body, issuer.parent_body, "", date_line, compact=True),
        DocumentTitle("SỔ CẤP GIẤY CÔNG NHẬN", [f"Các danh hiệu học tập năm {year}"]),
        grid_table(table, [16 * mm, 50 * mm, 30 * mm, 32 * mm, 40 * mm, 22 * mm, 46 * mm, 26 * mm],
                   centred_cols=(0, 5)),
        Spacer(1, 3 * mm),
        para(f"Tổng số giấy công nhận đã cấp: {len(rows)}; số lần cấp lại: {sum(len(r.reprints) for r in rows)}.",
             "base"),
    ]
    return build_pdf(story, wide=True, title=f"Sổ cấp giấy công nhận {year}")
