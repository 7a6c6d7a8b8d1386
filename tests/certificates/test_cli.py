"""The console: keys init/list/export-public/change-passphrase, certificates, print-register,
reprint-certificate, papers and verify-certificate (0 authentic, 1 not, with the reason)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from app.services.keys import list_keys
from tests.certificates.conftest import HOUSEHOLDS, PASSPHRASE, PRINT_ORDER
from tests.printing.conftest import pdf_pages_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "matkhau.txt"
    path.write_text(PASSPHRASE + "\n", "utf-8")
    return path


def app(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_keys_init_once_list_export_and_change_passphrase(paths, capsys, secret_file, tmp_path):
    code, out, err = app(capsys, "keys", "init", "--passphrase-file", secret_file)
    assert code == 0, err
    [info] = list_keys(paths)
    assert f"Đã tạo khóa ký mã {info.key_id}" in err and out.startswith("untrusted comment:")
    assert info.secret_path.is_file() and b"encrypted" in info.secret_path.read_bytes()
    code, _out, err = app(capsys, "keys", "init", "--passphrase-file", secret_file)
    assert code == 1 and f"Xã đã có khóa ký mã {info.key_id}" in err
    code, out, _err = app(capsys, "keys", "list")
    assert code == 0 and out.startswith(info.key_id) and "(đang dùng)" in out
    pub = tmp_path / "out" / "chieng-mung.pub"
    assert app(capsys, "keys", "export-public", "--out", pub)[0] == 0
    assert pub.read_text("ascii") == info.public_key_text
    new = tmp_path / "moi.txt"
    new.write_text("mật khẩu mới của xã", "utf-8")
    code, _out, err = app(capsys, "keys", "change-passphrase", "--old", new, "--new", secret_file)
    assert code == 2 and "Sai mật khẩu hiện tại" in err
    assert app(capsys, "keys", "change-passphrase", "--old", secret_file, "--new", new)[0] == 0
    code, _out, err = app(capsys, "keys", "init", "--passphrase-file", new, "--new-key")
    assert code == 0 and len(json.loads(app(capsys, "keys", "list", "--json")[1])) == 2


def test_no_key_yet_is_explained(paths, capsys, tmp_path):
    code, _out, err = app(capsys, "keys", "export-public", "--out", tmp_path / "x.pub")
    assert code == 2 and "Xã chưa có khóa ký" in err


def test_certificates_register_and_verification_from_the_console(db, paths, decided, capsys, secret_file, tmp_path):
    assert app(capsys, "keys", "init", "--passphrase-file", secret_file)[0] == 0
    assert list_keys(paths)[0].comment == "Xa Chieng Mung 14113"  # the commune's name in ASCII and its code
    pub = tmp_path / "xa.pub"
    assert app(capsys, "keys", "export-public", "--out", pub)[0] == 0
    out_pdf = tmp_path / "giay.pdf"
    code, out, err = app(capsys, "certificates", "--decision", decided.decision_id, "--out", out_pdf,
                         "--passphrase-file", secret_file, "--json")
    assert code == 0, err
    assert "8 giấy công nhận: 8 số mới vào sổ, 0 đã có số." in err
    listed = json.loads(out)
    assert [(x["number"], x["recipient"]) for x in listed] == list(enumerate(PRINT_ORDER, 1))
    pages = pdf_pages_text(out_pdf.read_bytes())
    assert len(pages) == len(HOUSEHOLDS) and all(name in page for name, page in zip(PRINT_ORDER, pages, strict=True))
    # again: the same numbers
    code, _out, err = app(capsys, "certificates", "--year", 2025, "--title", "GDHT", "--village", "Bản Nà Sản",
                          "--out", tmp_path / "na-san.pdf", "--passphrase-file", secret_file, "--size", "A5",
                          "--no-border")
    assert code == 0 and "5 giấy công nhận: 0 số mới vào sổ, 5 đã có số." in err
    # a reprint, then the register
    code, _out, err = app(capsys, "reprint-certificate", "--year", 2025, "--number", 3, "--reason", "Bị mất")
    assert code == 0 and "Số 3/2025 (Lò Thị An): cấp lại lần 1." in err
    code, _out, err = app(capsys, "certificates", "--year", 2025, "--number", 3, "--out", tmp_path / "lai.pdf")
    assert code == 0, err
    assert "Cấp lại lần 1" in pdf_pages_text((tmp_path / "lai.pdf").read_bytes())[0]
    register = tmp_path / "so.pdf"
    assert app(capsys, "print-register", "--year", 2025, "--out", register)[0] == 0
    text = " ".join(pdf_pages_text(register.read_bytes()))
    assert "SỔ CẤP GIẤY CÔNG NHẬN" in text and all(name in text for name in PRINT_ORDER) and "Bị mất" in text
    # verification: authentic, then one edited letter
    qr = listed[0]["qr"]
    code, out, _err = app(capsys, "verify-certificate", qr, "--pubkey", pub)
    assert code == 0 and out.startswith("XÁC THỰC") and "Quàng Văn Dũng" in out
    code, out, _err = app(capsys, "verify-certificate", qr)  # the keys in the data folder
    assert code == 0
    code, out, _err = app(capsys, "verify-certificate", qr.replace("Quàng Văn Dũng", "Quàng Văn Dung"), "--pubkey", pub)
    assert code == 1 and out.startswith("KHÔNG XÁC THỰC") and "Chữ ký không khớp với nội dung" in out
    code, out, _err = app(capsys, "verify-certificate", "TTHTCD1|14113|2025", "--pubkey", pub)
    assert code == 1 and "có 3 trường thay vì 8" in out


def test_a_wrong_passphrase_file_prints_nothing_and_records_nothing(db, paths, decided, capsys, secret_file,
                                                                      tmp_path):
    from app.services.certificates import register_entries

    assert app(capsys, "keys", "init", "--passphrase-file", secret_file)[0] == 0
    wrong = tmp_path / "sai.txt"
    wrong.write_text("không đúng mật khẩu", "utf-8")
    out_pdf = tmp_path / "giay.pdf"
    code, _out, err = app(capsys, "certificates", "--decision", decided.decision_id, "--out", out_pdf,
                          "--passphrase-file", wrong)
    assert code == 2 and err.startswith("Sai mật khẩu của khóa ký")
    assert not out_pdf.exists() and register_entries(db, 2025) == []


def test_papers_from_the_console(db, decided, capsys, tmp_path):
    for kind, opts in (("decision", ["--id", decided.decision_id]), ("registration", ["--round", decided.round_id]),
                       ("registration-form", ["--round", decided.round_id, "--village", "Tiểu khu 3"]),
                       ("scoring-sheet", ["--round", decided.round_id, "--village", "Bản Hồng Mặn"]),
                       ("register", ["--year", 2025])):
        out = tmp_path / f"{kind}.pdf"
        code, _out, err = app(capsys, "papers", kind, *opts, "--out", out)
        assert code == 0, (kind, err)
        assert out.read_bytes().startswith(b"%PDF")
    assert "Lường Thị Hoa" in pdf_pages_text((tmp_path / "registration-form.pdf").read_bytes())[0]
    code, _out, err = app(capsys, "papers", "decision", "--out", tmp_path / "x.pdf")
    assert code == 2 and "cần --id" in err
    code, _out, err = app(capsys, "papers", "scoring-sheet", "--round", decided.round_id, "--village", "Bản Không Có",
                          "--out", tmp_path / "x.pdf")
    assert code == 2 and "Không có thôn, bản “Bản Không Có”" in err


def test_python_m_app_verify_certificate_runs_as_a_script(tmp_path):
    env = {**os.environ, "APP_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run([sys.executable, "-m", "app", "verify-certificate", "TTHTCD1|x"], cwd=ROOT, env=env,
                         capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert out.returncode == 1 and "KHÔNG XÁC THỰC" in out.stdout and "có 2 trường thay vì 8" in out.stdout
