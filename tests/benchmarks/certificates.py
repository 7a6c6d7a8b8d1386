"""Certificate printing figures: ours against what a commune does today.

Run on demand: ./dev bench certificates [--count 3000] [--word 200] [--skip-word].

1. Ours: ``--count`` certificates (default 3,000, one village after another, names from the demo
   lists, each with its own signed QR code) into one PDF, in a child process so its peak memory is
   its own: signing time, PDF time, size, peak RSS. Targets (the issue): ≤ 10 s, ≤ 300 MB.
2. The Word route: a .docx template made with python-docx (install it into the venv for this
   benchmark only: ``.venv/bin/pip install python-docx``; it is not a dependency of the program),
   filled once per household and saved (``--word`` files, default 200), then ONE
   ``soffice --headless --convert-to pdf`` call for all of them (LibreOffice's first-start profile
   set-up is done beforehand and not counted). Skipped, with a note, when python-docx or
   LibreOffice is missing.
3. The per-certificate ratio Word ÷ ours; the issue asks for ≥ 10.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from common import peak_mb, print_table

FAMILY = ["Lò", "Cầm", "Quàng", "Lường", "Hà", "Vì", "Giàng", "Sùng", "Nguyễn", "Trần", "Lê", "Phạm", "Đinh", "Tòng"]
MIDDLE_GIVEN = ["Văn Pọm", "Văn Ún", "Thị Hương", "A Dính", "Thị Ánh", "Đức Thịnh", "Thị Xuân", "Văn Khoa",
                "Thị Phương Thảo", "Công Mừng", "Thị Bích Ngọc", "Văn Hưng"]
VILLAGES = ["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3", "Bản Púng Khoai", "Bản Chiềng Ve", "Bản Hua Tát"]


def households(n: int, seed: int = 11) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_GIVEN)}", VILLAGES[i * len(VILLAGES) // n]) for i in range(n)]


def ours(count: int) -> dict[str, float]:
    """Sign and print ``count`` certificates in this process; the figures as a dict."""
    from app.crypto import keys
    from app.crypto.certificate_qr import sign_certificate
    from app.printing.batch import sort_for_printing
    from app.printing.certificates import CertificateData, build_certificates
    from app.printing.templates import default_template

    with tempfile.TemporaryDirectory() as tmp:
        keys.create_key(tmp, "mật khẩu đo thử")
        secret = keys.load_secret(tmp, "mật khẩu đo thử")
    base = CertificateData(
        title_code="GDHT", year=2026, recipient="", decision_number="125/QĐ-UBND", decision_date=date(2026, 1, 5),
        register_no=1, signer_name="Cầm Văn Ún", issuing_body=("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG"),
        commune_name="Chiềng Mung", place="Chiềng Mung")
    template = default_template("GDHT")
    start = time.perf_counter()
    items = []
    for i, (name, village) in enumerate(households(count), 1):
        item = replace(base, recipient=name, village=village, register_no=i,
                       address=f"{village}, xã Chiềng Mung, tỉnh Sơn La")
        items.append(replace(item, qr_text=sign_certificate(secret, "14113", 2026, "GDHT", i, name)))
    items = sort_for_printing(items)
    signed = time.perf_counter()
    pdf = build_certificates(items, template)
    done = time.perf_counter()
    return {"count": count, "sign_s": signed - start, "pdf_s": done - signed, "total_s": done - start,
            "size_mb": len(pdf) / 1e6, "peak_mb": peak_mb()}


def _word_template(path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation, section.page_width, section.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    header = doc.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ CHIỀNG MUNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for text, size, bold in (("GIẤY CÔNG NHẬN", 36, True), ("Công nhận gia đình ông (bà)", 16, False),
                             ("{{recipient}}", 26, True), ("Địa chỉ: {{address}}", 15, False),
                             ("Đạt danh hiệu “Gia đình học tập” năm {{year}}", 22, True)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.font.size, run.bold = Pt(size), bold
    footer = doc.add_table(rows=1, cols=2)
    footer.cell(0, 0).text = "Quyết định số 125/QĐ-UBND ngày 05/01/2026\nSố vào sổ: {{number}}"
    footer.cell(0, 1).text = "Chiềng Mung, ngày 05 tháng 01 năm 2026\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\n\nCầm Văn Ún"
    doc.save(path)


def _fill(template: Path, out: Path, values: dict[str, str]) -> None:
    from docx import Document

    doc = Document(template)
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for cell in row.cells
                                         for p in cell.paragraphs]
    for p in paragraphs:
        for run in p.runs:
            for key, value in values.items():
                if key in run.text:
                    run.text = run.text.replace(key, value)
    doc.save(out)


def word_route(count: int) -> dict[str, float] | str:
    """Fill ``count`` .docx files and convert them in one LibreOffice call; figures or why skipped."""
    try:
        import docx  # noqa: F401
    except ImportError:
        return "python-docx not installed (.venv/bin/pip install python-docx)"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return "LibreOffice not installed (apt-get install libreoffice-writer-nogui)"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        profile = f"-env:UserInstallation=file://{tmp / 'profile'}"
        template = tmp / "mau.docx"
        _word_template(template)
        warm = tmp / "warm"
        warm.mkdir()
        subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(warm), str(template)],
                       check=True, capture_output=True, timeout=300)
        docs, pdfs = tmp / "docx", tmp / "pdf"
        docs.mkdir()
        pdfs.mkdir()
        start = time.perf_counter()
        for i, (name, village) in enumerate(households(count), 1):
            _fill(template, docs / f"giay-{i:04d}.docx", {"{{recipient}}": name, "{{year}}": "2026",
                                                          "{{address}}": f"{village}, xã Chiềng Mung",
                                                          "{{number}}": str(i)})
        filled = time.perf_counter()
        files = sorted(str(p) for p in docs.glob("*.docx"))
        subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(pdfs), *files],
                       check=True, capture_output=True, timeout=1800)
        converted = time.perf_counter()
        made = len(list(pdfs.glob("*.pdf")))
    return {"count": count, "fill_s": filled - start, "convert_s": converted - filled,
            "total_s": converted - start, "pdfs": made}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--word", type=int, default=200)
    ap.add_argument("--skip-word", action="store_true")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(ours(args.child)))
        return
    run = subprocess.run([sys.executable, __file__, "--child", str(args.count)], capture_output=True, text=True,
                         check=True)
    big = json.loads(run.stdout.strip().splitlines()[-1])
    small = json.loads(subprocess.run([sys.executable, __file__, "--child", str(args.word)], capture_output=True,
                                      text=True, check=True).stdout.strip().splitlines()[-1])
    rows = [
        (f"ours: {big['count']} certificates with QR, sign (s)", big["sign_s"]),
        (f"ours: {big['count']} certificates, PDF (s)", big["pdf_s"]),
        (f"ours: {big['count']} certificates, total (s)  [target ≤ 10]", big["total_s"]),
        (f"ours: {big['count']} certificates, PDF size (MB)", big["size_mb"]),
        (f"ours: {big['count']} certificates, peak memory (MB)  [target ≤ 300]", big["peak_mb"]),
        ("ours: per certificate (ms)", 1000 * big["total_s"] / big["count"]),
        (f"ours: {small['count']} certificates, total (s)", small["total_s"]),
    ]
    word = None if args.skip_word else word_route(args.word)
    if isinstance(word, dict):
        per_word = 1000 * word["total_s"] / word["count"]
        rows += [
            (f"Word route: fill {word['count']} .docx with python-docx (s)", word["fill_s"]),
            (f"Word route: one LibreOffice call, {word['pdfs']} PDFs (s)", word["convert_s"]),
            (f"Word route: {word['count']} certificates, total (s)", word["total_s"]),
            ("Word route: per certificate (ms)", per_word),
            ("ratio per certificate, Word ÷ ours  [target ≥ 10]", per_word / (1000 * big["total_s"] / big["count"])),
            (f"ratio for {word['count']}, Word ÷ ours", word["total_s"] / small["total_s"]),
        ]
    elif word:
        rows.append(("Word route skipped", word))
    print_table(rows)


if __name__ == "__main__":
    main()
