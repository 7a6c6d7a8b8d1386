"""Malformed and hostile files are refused quickly with a clear message; the database is untouched."""

import time
import zipfile

import excel_builders as xb
import pytest

from app.exchange.households_import import WorkbookError, preview_file, read_households
from app.exchange.workbook import MAX_EMPTY_RUN, read_workbook

NOT_A_WORKBOOK = "Không mở được tệp: tệp không phải bảng tính Excel. Hãy chọn tệp .xlsx hoặc .xls."


def refused(db, path, today) -> tuple[str, float]:
    start = time.perf_counter()
    with pytest.raises(WorkbookError) as caught:
        preview_file(db, path, today=today)
    return str(caught.value), time.perf_counter() - start


@pytest.fixture
def untouched(db, commune, registry):
    """Checks after the test that the registry is as the commune fixture left it."""
    before = registry()
    yield
    assert registry() == before == []


def test_random_bytes_named_xlsx(db, untouched, today, tmp_path):
    message, seconds = refused(db, xb.junk(tmp_path / "danh sach.xlsx"), today)
    assert message == NOT_A_WORKBOOK
    assert seconds < 2


def test_random_bytes_named_xls_and_an_empty_file(db, untouched, today, tmp_path):
    assert refused(db, xb.junk(tmp_path / "cu.xls", seed=2), today)[0] == NOT_A_WORKBOOK
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert refused(db, tmp_path / "empty.xlsx", today)[0] == NOT_A_WORKBOOK


def test_a_zip_bomb_is_refused_from_its_directory(db, untouched, today, tmp_path):
    path = xb.zip_bomb(tmp_path / "bomb.xlsx", megabytes=400)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 400_000_000 and path.stat().st_size < 5_000_000
    message, seconds = refused(db, path, today)
    assert message.startswith("Không mở được tệp: tệp nén bất thường")
    assert seconds < 1


def test_a_small_but_extremely_compressed_sheet_is_refused_too(db, untouched, today, tmp_path):
    path = xb.zip_bomb(tmp_path / "bomb.xlsx", megabytes=60)  # under the total limit, 1000:1
    assert refused(db, path, today)[0].startswith("Không mở được tệp: tệp nén bất thường")


def test_a_sheet_of_a_million_empty_rows_ends_at_once(db, untouched, today, tmp_path):
    path = xb.million_empty_rows(tmp_path / "empty-rows.xlsx")
    start = time.perf_counter()
    sheets = read_workbook(path)
    assert time.perf_counter() - start < 2
    assert sheets[0].rows == [] and sheets[0].stopped_at == MAX_EMPTY_RUN + 1
    message, seconds = refused(db, path, today)
    assert message.startswith("Không tìm thấy danh sách hộ trong tệp")
    assert seconds < 3


def test_an_xml_entity_bomb_is_refused(db, untouched, today, tmp_path):
    message, seconds = refused(db, xb.billion_laughs(tmp_path / "laughs.xlsx"), today)
    assert message == "Tệp Excel bị hỏng hoặc không đúng định dạng, không đọc được. (ParseError)"
    assert seconds < 2


def test_a_word_document_and_an_html_page_named_xls(db, untouched, today, tmp_path):
    docx = tmp_path / "bao cao.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert refused(db, docx, today)[0] == NOT_A_WORKBOOK
    html = tmp_path / "xuat tu web.xls"
    html.write_text("<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>", encoding="utf-8")
    assert refused(db, html, today)[0].startswith("Tệp này là trang web hoặc XML mang đuôi Excel")


def test_a_truncated_workbook(db, untouched, today, tmp_path):
    good = xb.census_workbook(tmp_path / "good.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert refused(db, cut, today)[0] == NOT_A_WORKBOOK


def test_a_workbook_without_a_household_table(tmp_path, today):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Báo cáo quý IV"])
    wb.active.append([1, 2, 3])
    wb.save(tmp_path / "report.xlsx")
    with pytest.raises(WorkbookError, match="cần một dòng tiêu đề có cột “Họ và tên”"):
        read_households(tmp_path / "report.xlsx", today=today)
