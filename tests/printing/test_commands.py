"""Console handlers: verify-certificate with a public key file, keys from passphrase files, templates."""

from __future__ import annotations

import io

from app.printing.commands import (
    calibration_page_command,
    change_passphrase_command,
    check_template_command,
    create_key_command,
    list_keys_command,
    sign_certificate_command,
    template_preview_command,
    verify_certificate_command,
)


def _run(fn, *args, **kwargs):
    out, err = io.StringIO(), io.StringIO()
    code = fn(*args, out=out, err=err, **kwargs) if "err" in fn.__code__.co_varnames else fn(*args, out=out, **kwargs)
    return code, out.getvalue(), err.getvalue()


def test_key_commands_and_verify_certificate(tmp_path):
    keys_dir = tmp_path / "keys"
    pw = tmp_path / "pw.txt"
    pw.write_text("mật khẩu của xã\n", "utf-8")
    code, out, _ = _run(create_key_command, str(keys_dir), str(pw), "Chiềng Mung")
    assert code == 0 and "Đã tạo khóa ký mã" in out
    code, qr, _ = _run(sign_certificate_command, str(keys_dir), str(pw), "14113", 2026, "GDHT", 37, "Nguyễn Văn An")
    qr = qr.strip()
    pub = next(keys_dir.glob("*.pub"))
    code, out, _ = _run(verify_certificate_command, qr, pubkey=str(pub))
    assert code == 0 and out.startswith("XÁC THỰC") and "Người được công nhận: Nguyễn Văn An" in out
    code, out, _ = _run(verify_certificate_command, qr.replace("Nguyễn Văn An", "Nguyễn Văn Ân"), pubkey=str(pub))
    assert code == 1 and out.startswith("KHÔNG XÁC THỰC") and "đã bị sửa" in out
    code, out, _ = _run(verify_certificate_command, "xin chào", keys_dir=str(keys_dir))
    assert code == 1 and "không phải giấy công nhận" in out
    code, _, err = _run(verify_certificate_command, qr, pubkey=str(tmp_path / "missing.pub"))
    assert code == 2 and err
    new_pw = tmp_path / "new.txt"
    new_pw.write_text("mật khẩu mới năm 2026", "utf-8")
    assert _run(change_passphrase_command, str(keys_dir), str(pw), str(new_pw))[0] == 0
    code, _, err = _run(sign_certificate_command, str(keys_dir), str(pw), "14113", 2026, "GDHT", 1, "An")
    assert code == 2 and "Sai mật khẩu" in err
    code, out, _ = _run(list_keys_command, str(keys_dir))
    assert "(đang dùng)" in out


def test_template_and_calibration_page_commands(tmp_path):
    assert _run(calibration_page_command, str(tmp_path / "t.pdf"), "A5")[0] == 0
    assert (tmp_path / "t.pdf").read_bytes().startswith(b"%PDF")
    assert _run(template_preview_command, "DHHT", str(tmp_path / "p.pdf"))[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{}", "utf-8")
    code, _, err = _run(check_template_command, str(bad))
    assert code == 2 and "Không phải tệp mẫu" in err
