"""Certificate layouts as data: the JSON files ``certificate-<title>.json`` (format in
``docs/certificates.md``), one shipped per title in ``resources/templates/``, copies the commune
edits saved wherever the caller chooses (for example ``<data>/templates/``).

A template sets the page (A4 or A5, landscape), the decorative border, which optional parts show,
the font sizes of the fixed parts (national header, issuing body, date line, signature) and the
wording lines of the body and of the bottom-left block, each with its size, weight, colour, a
floor for auto-shrinking and how many lines it may wrap to. Wording uses ``{placeholders}`` from
:data:`PLACEHOLDERS`; a line whose placeholders are all empty (an address not given, no reprint) is
left out. An unknown placeholder, a format spec or a stray brace is refused with a Vietnamese message
(:class:`TemplateError`) when a template is read or saved.
"""

from __future__ import annotations

import json
import os
import re
import string
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.i18n import _
from app.paths import resources_dir
from app.printing.titles import TITLE_CODES

__all__ = [
    "FORMAT_NAME", "FORMAT_VERSION", "PLACEHOLDERS", "SHOW_FIELDS", "FONT_SIZE_KEYS", "PAGE_SIZES", "TemplateError",
    "TemplateLine", "CertificateTemplate", "template_problems", "template_from_dict", "template_to_dict",
    "load_template", "save_template", "default_template", "template_file_name", "placeholders_in",
]

FORMAT_NAME = "tthtcd-certificate-template"
FORMAT_VERSION = 1
PAGE_SIZES = ("A4", "A5")
COLOURS = ("black", "accent", "gold")
#: Placeholder → what it becomes (Vietnamese, shown by the template editor).
PLACEHOLDERS: dict[str, str] = {
    "title_label": "Tên danh hiệu: Gia đình học tập…",
    "title_upper": "Tên danh hiệu viết hoa: GIA ĐÌNH HỌC TẬP…",
    "year": "Năm công nhận: 2026",
    "recipient": "Người, hộ, dòng họ, thôn, đơn vị được công nhận",
    "recipient_upper": "Tên được công nhận, viết hoa",
    "address": "Địa chỉ",
    "village": "Thôn, bản, tổ dân phố",
    "commune": "Tên xã: Chiềng Mung",
    "place": "Địa danh ghi ở dòng ngày tháng",
    "decision_number": "Số quyết định: 125/QĐ-UBND",
    "decision_date": "Ngày quyết định: 05/01/2026",
    "decision_date_long": "Ngày quyết định: ngày 05 tháng 01 năm 2026",
    "register_no": "Số vào sổ cấp giấy công nhận",
    "reprint": "“Cấp lại lần N” khi in lại (trống khi cấp lần đầu)",
    "honorific": "“ông” hoặc “bà” theo giới tính của người (chủ hộ) được công nhận; “ông (bà)” khi chưa rõ",
}
#: Optional parts a template can switch off (pre-printed paper often has the national header).
SHOW_FIELDS = ("national_header", "issuing_body", "address", "decision", "register_no", "qr", "signature",
               "date_line")
FONT_SIZE_KEYS = {"national": 13.0, "motto": 14.0, "issuing_body": 13.0, "date_line": 14.0, "signature": 14.0}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


class TemplateError(ValueError):
    """A template that cannot be used; ``problems`` are Vietnamese sentences."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TemplateLine:
    """One wording line. ``size``/``min_size`` in points for A4 (A5 scales everything by 0.707);
    ``space_before`` in mm; ``color`` is ``black``, ``accent`` (red) or ``gold``."""

    text: str
    size: float = 14.0
    bold: bool = False
    italic: bool = False
    color: str = "black"
    min_size: float | None = None
    max_lines: int = 2
    space_before: float = 0.0


@dataclass(frozen=True)
class CertificateTemplate:
    name: str
    title_code: str | None = None
    page_size: str = "A4"
    border: bool = True
    show: frozenset[str] = frozenset(SHOW_FIELDS)
    font_sizes: dict[str, float] = field(default_factory=lambda: dict(FONT_SIZE_KEYS))
    accent: str = "#9B1C1C"
    gold: str = "#B08A3E"
    lines: tuple[TemplateLine, ...] = ()
    footer_lines: tuple[TemplateLine, ...] = ()

    def size(self, key: str) -> float:
        return float(self.font_sizes.get(key, FONT_SIZE_KEYS[key]))

    def shows(self, part: str) -> bool:
        return part in self.show


def placeholders_in(text: str) -> list[str]:
    """The field names of ``{…}`` in ``text``; raises ``ValueError`` on a stray brace."""
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]


def _line_problems(where: str, line: TemplateLine) -> list[str]:
    problems = []
    try:
        parsed = list(string.Formatter().parse(line.text))
    except ValueError:
        return [_("{where}: dấu ngoặc {{ }} không cân đối trong “{text}”.").format(where=where, text=line.text)]
    for _lit, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS:
            problems.append(_("{where}: không có trường “{{{name}}}”. Các trường dùng được: {known}.").format(
                where=where, name=name, known=", ".join("{" + k + "}" for k in PLACEHOLDERS)))
        elif spec or conv:
            problems.append(_("{where}: trường “{{{name}}}” không được có định dạng.").format(where=where, name=name))
    if not 4 <= line.size <= 72:
        problems.append(_("{where}: cỡ chữ {size} phải từ 4 đến 72.").format(where=where, size=line.size))
    if line.min_size is not None and not 4 <= line.min_size <= line.size:
        problems.append(_("{where}: cỡ chữ nhỏ nhất phải từ 4 đến cỡ chữ của dòng.").format(where=where))
    if line.color not in COLOURS:
        problems.append(_("{where}: màu “{color}” không có (black, accent, gold).").format(where=where, color=line.color))
    if not 1 <= line.max_lines <= 3:
        problems.append(_("{where}: số dòng tối đa phải từ 1 đến 3.").format(where=where))
    return problems


def template_problems(t: CertificateTemplate) -> list[str]:
    """Every reason ``t`` cannot be used, in Vietnamese; empty when it is fine."""
    problems = []
    if not t.name.strip():
        problems.append(_("Mẫu phải có tên."))
    if t.page_size not in PAGE_SIZES:
        problems.append(_("Khổ giấy “{size}” không có: chọn A4 hoặc A5.").format(size=t.page_size))
    unknown = sorted(set(t.show) - set(SHOW_FIELDS))
    if unknown:
        problems.append(_("Không có phần “{name}” để ẩn hiện.").format(name=", ".join(unknown)))
    for key, value in t.font_sizes.items():
        if key not in FONT_SIZE_KEYS:
            problems.append(_("Không có cỡ chữ “{key}”.").format(key=key))
        elif not 6 <= float(value) <= 30:
            problems.append(_("Cỡ chữ “{key}” phải từ 6 đến 30.").format(key=key))
    for colour in (t.accent, t.gold):
        if not _COLOUR.fullmatch(colour):
            problems.append(_("Màu “{color}” phải viết dạng #RRGGBB.").format(color=colour))
    if not t.lines:
        problems.append(_("Mẫu phải có ít nhất một dòng nội dung."))
    for i, line in enumerate(t.lines, 1):
        problems += _line_problems(_("Dòng {n}").format(n=i), line)
    for i, line in enumerate(t.footer_lines, 1):
        problems += _line_problems(_("Dòng cuối trang {n}").format(n=i), line)
    return problems


def _line(d: object, where: str) -> TemplateLine:
    if isinstance(d, str):
        return TemplateLine(d)
    if not isinstance(d, dict):
        raise TemplateError([_("{where}: phải là chữ hoặc đối tượng JSON.").format(where=where)])
    allowed = {f for f in TemplateLine.__dataclass_fields__}
    extra = sorted(set(d) - allowed)
    if extra or "text" not in d:
        raise TemplateError([_("{where}: thiếu “text” hoặc có khóa lạ {keys}.").format(where=where, keys=extra)])
    try:
        return TemplateLine(**d)
    except TypeError as exc:
        raise TemplateError([f"{where}: {exc}"]) from exc


def template_from_dict(d: dict) -> CertificateTemplate:
    """A template from its JSON object; raises :class:`TemplateError` with every problem found."""
    if d.get("format") != FORMAT_NAME or d.get("format_version") != FORMAT_VERSION:
        raise TemplateError([_("Không phải tệp mẫu giấy công nhận (format {name}, phiên bản {v}).").format(
            name=FORMAT_NAME, v=FORMAT_VERSION)])
    page = d.get("page", {})
    if page.get("orientation", "landscape") != "landscape":
        raise TemplateError([_("Giấy công nhận chỉ in khổ ngang (landscape).")])
    show = d.get("show", {})
    try:
        t = CertificateTemplate(
            name=str(d.get("name", "")), title_code=d.get("title_code"), page_size=str(page.get("size", "A4")),
            border=bool(d.get("border", True)),
            show=frozenset(k for k in SHOW_FIELDS if show.get(k, True)) | frozenset(k for k in show if k not in SHOW_FIELDS),
            font_sizes={**FONT_SIZE_KEYS, **{k: float(v) for k, v in d.get("font_sizes", {}).items()}},
            accent=str(d.get("colors", {}).get("accent", "#9B1C1C")), gold=str(d.get("colors", {}).get("gold", "#B08A3E")),
            lines=tuple(_line(x, _("Dòng {n}").format(n=i)) for i, x in enumerate(d.get("lines", []), 1)),
            footer_lines=tuple(_line(x, _("Dòng cuối trang {n}").format(n=i))
                               for i, x in enumerate(d.get("footer_lines", []), 1)),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError([_("Tệp mẫu sai cấu trúc: {reason}").format(reason=exc)]) from exc
    problems = template_problems(t)
    if problems:
        raise TemplateError(problems)
    return t


def _line_dict(line: TemplateLine) -> dict:
    defaults = TemplateLine("")
    return {k: v for k, v in asdict(line).items() if k == "text" or v != getattr(defaults, k)}


def template_to_dict(t: CertificateTemplate) -> dict:
    """The JSON object of a template (the inverse of :func:`template_from_dict`)."""
    return {
        "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "name": t.name, "title_code": t.title_code,
        "page": {"size": t.page_size, "orientation": "landscape"}, "border": t.border,
        "show": {k: k in t.show for k in SHOW_FIELDS}, "font_sizes": dict(t.font_sizes),
        "colors": {"accent": t.accent, "gold": t.gold},
        "lines": [_line_dict(x) for x in t.lines], "footer_lines": [_line_dict(x) for x in t.footer_lines],
    }


def template_file_name(title_code: str) -> str:
    """``certificate-gdht.json`` for ``GDHT``."""
    return f"certificate-{title_code.lower()}.json"


def load_template(source: str | os.PathLike[str], user_dir: str | os.PathLike[str] | None = None) -> CertificateTemplate:
    """A template from a JSON file, or, given a title code (``"GDHT"``), the commune's edited copy in
    ``user_dir`` if there is one, else the shipped default. Raises :class:`TemplateError`."""
    path = Path(source)
    if str(source) in TITLE_CODES:
        name = template_file_name(str(source))
        user = Path(user_dir) / name if user_dir else None
        path = user if user and user.is_file() else resources_dir() / "templates" / name
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError([_("Không đọc được tệp mẫu {file}: {reason}").format(file=path, reason=exc)]) from exc
    if not isinstance(data, dict):
        raise TemplateError([_("Tệp mẫu {file} không phải đối tượng JSON.").format(file=path)])
    return template_from_dict(data)


def default_template(title_code: str) -> CertificateTemplate:
    """The shipped template of a title (``resources/templates/certificate-<title>.json``)."""
    return load_template(title_code)


def save_template(t: CertificateTemplate, path: str | os.PathLike[str]) -> Path:
    """Check ``t`` (raises :class:`TemplateError`) and write it as UTF-8 JSON, atomically."""
    problems = template_problems(t)
    if problems:
        raise TemplateError(problems)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(template_to_dict(t), ensure_ascii=False, indent=2) + "\n", "utf-8")
    os.replace(tmp, target)
    return target
