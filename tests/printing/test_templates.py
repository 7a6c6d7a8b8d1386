"""Certificate layouts as data the commune adjusts without code."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from app.printing.certificates import build_certificates, placeholder_values
from app.printing.templates import (
    PLACEHOLDERS,
    TemplateError,
    TemplateLine,
    default_template,
    load_template,
    save_template,
    template_from_dict,
    template_to_dict,
)
from tests.printing.conftest import LABELS, TITLES, pdf_pages_text


@pytest.mark.parametrize("title", TITLES)
def test_each_title_has_a_shipped_default_matching_title_and_year(title, make_item):
    template = default_template(title)
    assert template.title_code == title and template.page_size == "A4" and template.border
    rendered = [line.text.format_map(placeholder_values(make_item(title), template)) for line in template.lines]
    assert f"Đạt danh hiệu “{LABELS[title]}” năm 2026" in rendered


def test_a_changed_wording_line_appears(make_item, tmp_path):
    # given the commune edits the first line and adds one in the template editor
    template = default_template("GDHT")
    lines = (TemplateLine("GIẤY KHEN GIA ĐÌNH HỌC TẬP TIÊU BIỂU", 30, bold=True, color="accent"),
             *template.lines[1:], TemplateLine("(Thôn {village}, năm {year})", 13, italic=True))
    path = save_template(replace(template, lines=lines), tmp_path / "templates" / "certificate-gdht.json")
    # when it is loaded back through the title code with the user folder
    edited = load_template("GDHT", user_dir=path.parent)
    # then the certificate shows the new wording
    [text] = pdf_pages_text(build_certificates([make_item()], edited))
    assert "GIẤY KHEN GIA ĐÌNH HỌC TẬP TIÊU BIỂU" in text and "(Thôn Bản Nà Sản, năm 2026)" in text
    assert "GIẤY CÔNG NHẬN" not in text
    assert load_template("GDHT").lines[0].text == "GIẤY CÔNG NHẬN"  # the shipped default is untouched


def test_unknown_placeholder_is_refused_in_vietnamese(tmp_path):
    template = default_template("GDHT")
    bad = replace(template, lines=(*template.lines, TemplateLine("Chủ hộ: {ten_chu_ho}")))
    with pytest.raises(TemplateError) as exc:
        save_template(bad, tmp_path / "x.json")
    assert "không có trường “{ten_chu_ho}”" in str(exc.value)
    assert not (tmp_path / "x.json").exists()
    data = template_to_dict(bad)
    (tmp_path / "y.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(TemplateError):
        load_template(tmp_path / "y.json")


@pytest.mark.parametrize("text", ["{year:>6}", "{recipient!r}", "năm {year", "{recipient.__class__}", "{}"])
def test_format_tricks_and_stray_braces_are_refused(text):
    template = default_template("GDHT")
    with pytest.raises(TemplateError):
        template_from_dict(template_to_dict(replace(template, lines=(TemplateLine(text),))))


def test_round_trip_and_documented_placeholders(tmp_path):
    template = replace(default_template("DVHT"), page_size="A5", border=False,
                       show=default_template("DVHT").show - {"qr"})
    path = save_template(template, tmp_path / "t.json")
    assert load_template(path) == template
    assert {"title_label", "year", "recipient", "address", "register_no", "reprint"} <= set(PLACEHOLDERS)


def test_hidden_fields_disappear(make_item):
    template = default_template("GDHT")
    hidden = replace(template, show=template.show - {"address", "qr", "national_header"})
    [text] = pdf_pages_text(build_certificates([make_item()], hidden))
    assert "Địa chỉ" not in text and "Mã kiểm tra" not in text and "CỘNG HÒA" not in text
    assert "Nguyễn Văn An" in text


@pytest.mark.parametrize("change, message", [
    ({"page": {"size": "A3"}}, "Khổ giấy"),
    ({"page": {"size": "A4", "orientation": "portrait"}}, "khổ ngang"),
    ({"format": "other"}, "Không phải tệp mẫu"),
    ({"lines": []}, "ít nhất một dòng"),
    ({"colors": {"accent": "red"}}, "#RRGGBB"),
    ({"font_sizes": {"national": 60}}, "Cỡ chữ"),
])
def test_bad_templates_say_why(change, message):
    data = {**template_to_dict(default_template("GDHT")), **change}
    with pytest.raises(TemplateError) as exc:
        template_from_dict(data)
    assert message in str(exc.value)
