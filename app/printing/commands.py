"""Console command handlers for keys, certificate QR codes, templates and the printer test page.

Each takes plain arguments (paths as strings), prints to ``out``/``err`` and returns the process
exit code: 0 success (or "authentic"), 1 a negative answer (a certificate that is not authentic),
2 a usage or file problem. ``app/cli.py`` registers them as sub-commands; none opens the database.
Passphrases are read only from files (``--passphrase-file``: the first line, without its line break).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from app.crypto import keys
from app.crypto.certificate_qr import key_finder, key_finder_from_dir, sign_certificate, verify_qr
from app.i18n import _
from app.printing.calibration import build_test_page
from app.printing.certificates import preview_pdf
from app.printing.templates import TemplateError, load_template
from app.printing.titles import title_label

__all__ = ["verify_certificate_command", "create_key_command", "change_passphrase_command", "list_keys_command",
           "sign_certificate_command", "calibration_page_command", "template_preview_command", "check_template_command"]


def _write(path: str, data: bytes, out: TextIO) -> None:
    Path(path).write_bytes(data)
    print(_("Đã ghi {file}.").format(file=path), file=out)


def verify_certificate_command(qr_text: str, pubkey: str | None = None, keys_dir: str | None = None,
                               out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """``verify-certificate "<QR text>" --pubkey FILE`` (or every ``*.pub`` in ``keys_dir``):
    prints the verdict, the reason and the fields; 0 authentic, 1 not authentic, 2 bad key file."""
    try:
        finder = key_finder([keys.public_key_from_file(pubkey)]) if pubkey else key_finder_from_dir(keys_dir or ".")
    except keys.KeyProblem as exc:
        print(str(exc), file=err)
        return 2
    check = verify_qr(qr_text, finder)
    print(_("XÁC THỰC") if check.authentic else _("KHÔNG XÁC THỰC"), file=out)
    print(check.reason_vi, file=out)
    if check.fields:
        f = check.fields
        for label, value in ((_("Mã xã"), f.commune_code), (_("Năm"), f.year),
                             (_("Danh hiệu"), f"{title_label(f.title_code)} ({f.title_code})"),
                             (_("Số vào sổ"), f.register_no), (_("Người được công nhận"), f.recipient_name),
                             (_("Mã khóa"), f.key_id)):
            print(f"  {label}: {value}", file=out)
    return 0 if check.authentic else 1


def create_key_command(keys_dir: str, passphrase_file: str, comment: str = "", out: TextIO = sys.stdout,
                       err: TextIO = sys.stderr) -> int:
    """``create-key --passphrase-file F``: a new commune key pair in ``keys_dir``."""
    try:
        info = keys.create_key(keys_dir, keys.read_passphrase_file(passphrase_file), comment)
    except keys.KeyProblem as exc:
        print(str(exc), file=err)
        return 2
    print(_("Đã tạo khóa ký mã {key_id}.").format(key_id=info.key_id), file=out)
    print(_("Khóa công khai (gửi cho cơ quan nhận): {file}").format(file=info.public_path), file=out)
    print(info.public_key_text.rstrip(), file=out)
    return 0


def change_passphrase_command(keys_dir: str, old_passphrase_file: str, new_passphrase_file: str,
                              key_id: str | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """``change-key-passphrase``: re-encrypt the newest (or ``key_id``) secret key."""
    try:
        info = keys.change_passphrase(keys_dir, keys.read_passphrase_file(old_passphrase_file),
                                      keys.read_passphrase_file(new_passphrase_file), key_id)
    except keys.KeyProblem as exc:
        print(str(exc), file=err)
        return 2
    print(_("Đã đổi mật khẩu của khóa {key_id}.").format(key_id=info.key_id), file=out)
    return 0


def list_keys_command(keys_dir: str, out: TextIO = sys.stdout) -> int:
    """``list-keys``: every key, newest first (the newest signs); old keys stay listed."""
    found = keys.list_keys(keys_dir)
    if not found:
        print(_("Chưa có khóa nào trong {folder}.").format(folder=keys_dir), file=out)
    for i, k in enumerate(found):
        mark = _(" (đang dùng)") if i == 0 else ""
        print(f"{k.key_id}  {k.created or '?'}  {k.public_path.name}{mark}", file=out)
    return 0


def sign_certificate_command(keys_dir: str, passphrase_file: str, commune_code: str, year: int, title_code: str,
                             register_no: int, recipient: str, out: TextIO = sys.stdout,
                             err: TextIO = sys.stderr) -> int:
    """``sign-certificate``: print the QR text of one certificate (for checks and tests)."""
    try:
        secret = keys.load_secret(keys_dir, keys.read_passphrase_file(passphrase_file))
        print(sign_certificate(secret, commune_code, year, title_code, register_no, recipient), file=out)
    except (keys.KeyProblem, ValueError) as exc:
        print(str(exc), file=err)
        return 2
    return 0


def calibration_page_command(output: str, page_size: str = "A4", right_mm: float = 0.0, down_mm: float = 0.0,
                      printer: str = "", out: TextIO = sys.stdout) -> int:
    """``print-test-page OUT.pdf [--size A5] [--offset RIGHT DOWN]``: the calibration page."""
    _write(output, build_test_page(page_size, (right_mm, down_mm), printer), out)
    return 0


def template_preview_command(template: str, output: str, user_dir: str | None = None, out: TextIO = sys.stdout,
                             err: TextIO = sys.stderr) -> int:
    """``certificate-preview TEMPLATE OUT.pdf``: a template (file or title code) filled with a sample."""
    try:
        tpl = load_template(template, user_dir)
    except TemplateError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        return 2
    _write(output, preview_pdf(tpl), out)
    return 0


def check_template_command(path: str, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """``check-template FILE``: 0 when the template is usable, else its problems (Vietnamese)."""
    try:
        tpl = load_template(path)
    except TemplateError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        return 2
    print(_("Mẫu “{name}” dùng được.").format(name=tpl.name), file=out)
    return 0
