"""The certificate's QR code, exactly as ``spec/package-format.md`` ("The certificate's QR code"):

    TTHTCD1|<commune_code>|<year>|<title_code>|<register_no>|<recipient_name>|<key_id>|<signature>

``recipient_name`` is NFC with every ``|`` replaced by ``/``; ``key_id`` is minisign's display (16
upper-case hex digits); ``signature`` is a plain Ed25519 signature, made with the commune's key,
over the UTF-8 bytes of everything before the last ``|`` (the text up to and including ``key_id``),
written as unpadded base64url (86 characters). ``register_no`` is the certificate's number in the
year's register, a decimal integer.

:func:`verify_qr` checks a scanned text against a key finder and says why it is not authentic:
``malformed``, ``unknown_key`` or ``bad_signature``. It verifies the exact bytes it was given (no
normalisation), so an edited name fails. Rendering: :func:`make_qr` (segno, byte mode, error
correction M), :func:`qr_png` and :func:`draw_qr` (ReportLab canvas, vector modules).
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import minisign
import segno

from app.crypto.keys import (
    CommuneSecret,
    KeyProblem,
    key_id_of,
    public_key_from_file,
    raw_ed25519_sign,
    raw_ed25519_verify,
)
from app.crypto.qr_matrix import qr_matrix
from app.i18n import _

__all__ = [
    "PREFIX", "TITLE_CODES", "QrFields", "QrCheck", "payload_text", "sign_certificate", "parse_qr",
    "verify_qr", "key_finder", "key_finder_from_dir", "make_qr", "qr_png", "draw_qr",
]

PREFIX = "TTHTCD1"
TITLE_CODES = ("GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN")
SIGNATURE_CHARS = 86
#: A fixed QR mask: choosing the best of the eight masks costs ≈ 8 ms a code in segno, most of the
#: time of a 3,000-certificate batch. Any mask gives a valid, readable code.
QR_MASK = 2

_KEY_ID = re.compile(r"[0-9A-F]{16}")
_YEAR = re.compile(r"[0-9]{4}")
_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
_B64URL = re.compile(r"[A-Za-z0-9_-]{86}")


@dataclass(frozen=True)
class QrFields:
    """The signed fields of a certificate's QR code."""

    commune_code: str
    year: int
    title_code: str
    register_no: int
    recipient_name: str
    key_id: str


@dataclass(frozen=True)
class QrCheck:
    """The verdict on a scanned text. ``status`` is ``authentic``, ``malformed``, ``unknown_key``
    or ``bad_signature``; ``reason_vi`` says it to the user; ``fields`` is ``None`` when malformed."""

    authentic: bool
    status: str
    reason_vi: str
    fields: QrFields | None


def _name(recipient_name: str) -> str:
    return unicodedata.normalize("NFC", " ".join(recipient_name.split())).replace("|", "/")


def payload_text(commune_code: str, year: int, title_code: str, register_no: int, recipient_name: str,
                 key_id: str) -> str:
    """The signed part: ``TTHTCD1|…|<key_id>`` (no trailing ``|``). Raises ``ValueError`` for a
    field the format cannot carry."""
    code = commune_code.strip()
    if not code or "|" in code or any(c.isspace() for c in code):
        raise ValueError(f"bad commune code {commune_code!r}")
    if title_code not in TITLE_CODES:
        raise ValueError(f"unknown title code {title_code!r}")
    if not _YEAR.fullmatch(str(year)) or not _NUMBER.fullmatch(str(register_no)):
        raise ValueError(f"bad year {year!r} or register number {register_no!r}")
    name = _name(recipient_name)
    if not name or not _KEY_ID.fullmatch(key_id):
        raise ValueError("empty recipient name or bad key id")
    return "|".join((PREFIX, code, str(year), title_code, str(register_no), name, key_id))


def sign_certificate(secret: CommuneSecret, commune_code: str, year: int, title_code: str, register_no: int,
                     recipient_name: str) -> str:
    """The full QR text of one certificate, signed with the commune's key (≈ 0.1 ms)."""
    signed = payload_text(commune_code, year, title_code, register_no, recipient_name, secret.key_id)
    signature = raw_ed25519_sign(secret, signed.encode("utf-8"))
    return signed + "|" + base64.urlsafe_b64encode(signature).decode("ascii").rstrip("=")


def _malformed(detail: str) -> QrCheck:
    return QrCheck(False, "malformed", _("Mã QR không phải giấy công nhận hợp lệ: {detail}.").format(detail=detail),
                   None)


def parse_qr(text: str) -> tuple[QrFields, bytes, bytes] | QrCheck:
    """``(fields, signed bytes, signature)`` of a scanned text, or a ``malformed`` :class:`QrCheck`."""
    text = text.strip("\r\n")
    parts = text.split("|")
    if len(parts) != 8 or parts[0] != PREFIX:
        if parts[0] != PREFIX:
            return _malformed(_("không bắt đầu bằng {prefix}").format(prefix=PREFIX))
        return _malformed(_("có {n} trường thay vì 8").format(n=len(parts)))
    _prefix, commune, year, title, number, name, key_id, signature = parts
    if not commune or any(c.isspace() for c in commune):
        return _malformed(_("mã xã trống hoặc có khoảng trắng"))
    if not _YEAR.fullmatch(year):
        return _malformed(_("năm “{value}” không hợp lệ").format(value=year))
    if title not in TITLE_CODES:
        return _malformed(_("mã danh hiệu “{value}” không có").format(value=title))
    if not _NUMBER.fullmatch(number):
        return _malformed(_("số vào sổ “{value}” không hợp lệ").format(value=number))
    if not name.strip():
        return _malformed(_("thiếu tên người được công nhận"))
    if not _KEY_ID.fullmatch(key_id):
        return _malformed(_("mã khóa “{value}” không đúng 16 chữ số hệ 16").format(value=key_id))
    if not _B64URL.fullmatch(signature):
        return _malformed(_("chữ ký phải gồm {n} ký tự base64url").format(n=SIGNATURE_CHARS))
    try:
        raw = base64.urlsafe_b64decode(signature + "==")
    except (binascii.Error, ValueError):
        return _malformed(_("chữ ký không giải mã được"))
    if len(raw) != 64 or base64.urlsafe_b64encode(raw).decode().rstrip("=") != signature:
        return _malformed(_("chữ ký không giải mã được"))
    fields = QrFields(commune, int(year), title, int(number), name, key_id)
    return fields, text.rsplit("|", 1)[0].encode("utf-8"), raw


KeyFinder = Callable[[str], "minisign.PublicKey | None"]


def verify_qr(text: str, find_public_key: KeyFinder) -> QrCheck:
    """Check a scanned QR text. ``find_public_key(key_id)`` returns the registered public key with
    that id, or ``None``; a key whose own id differs is treated as unknown."""
    parsed = parse_qr(text)
    if isinstance(parsed, QrCheck):
        return parsed
    fields, signed, signature = parsed
    public = find_public_key(fields.key_id)
    if public is None or key_id_of(public) != fields.key_id:
        return QrCheck(False, "unknown_key", _(
            "Không có khóa công khai mã {key_id} trong các khóa đã đăng ký: không xác minh được nơi cấp. "
            "Hãy nạp tệp khóa công khai của xã đã cấp giấy.").format(key_id=fields.key_id), fields)
    if not raw_ed25519_verify(public, signed, signature):
        return QrCheck(False, "bad_signature", _(
            "Chữ ký không khớp với nội dung: mã QR đã bị sửa (tên, số, năm, danh hiệu…) "
            "hoặc không do xã có khóa {key_id} cấp.").format(key_id=fields.key_id), fields)
    return QrCheck(True, "authentic", _(
        "Giấy công nhận xác thực: chữ ký của khóa {key_id} (xã mã {commune}) đúng với nội dung.").format(
        key_id=fields.key_id, commune=fields.commune_code), fields)


def key_finder(public_keys: Iterable[minisign.PublicKey]) -> KeyFinder:
    """A finder over known public keys (for example every key of the receiving office's register)."""
    by_id = {key_id_of(k): k for k in public_keys}
    return by_id.get


def key_finder_from_dir(keys_dir: str | Path) -> KeyFinder:
    """A finder over every ``*.pub`` file in a folder (unreadable files are skipped)."""
    keys = []
    folder = Path(keys_dir)
    for path in sorted(folder.glob("*.pub")) if folder.is_dir() else []:
        try:
            keys.append(public_key_from_file(path))
        except KeyProblem:
            continue
    return key_finder(keys)


def make_qr(text: str) -> segno.QRCode:
    """The QR symbol of ``text`` with segno: UTF-8 bytes in byte mode (no ECI), error correction M
    (not boosted), the fixed mask :data:`QR_MASK`."""
    return segno.make(text, error="m", mode="byte", encoding="utf-8", boost_error=False, micro=False,
                      mask=QR_MASK)


def qr_png(text: str, scale: int = 4, border: int = 4) -> bytes:
    """PNG bytes of the QR code (``scale`` pixels a module, ``border`` modules of quiet zone)."""
    out = io.BytesIO()
    make_qr(text).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


_RUN = re.compile(rb"\x01+")


def draw_qr(canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code on a ReportLab canvas with its lower-left corner at ``(x, y)`` and side
    ``size`` points (quiet zone not included: leave 4 modules of white around it).

    The symbol is the same as :func:`make_qr`'s, computed by :func:`app.crypto.qr_matrix.qr_matrix`
    (≈ 0.2 ms instead of segno's ≈ 1.8 ms). Dark modules are merged into horizontal runs and
    written as integer ``re`` operators in module units through ``addLiteral`` (ReportLab's path
    object formats every number in pure Python: ≈ 10 ms a code)."""
    rows = qr_matrix(text.encode("utf-8"), QR_MASK)
    n = len(rows)
    ops = [f"{m.start()} {n - 1 - r} {m.end() - m.start()} 1 re" for r, row in enumerate(rows)
           for m in _RUN.finditer(row)]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / n, size / n)
    canvas.addLiteral("0 g\n" + "\n".join(ops) + "\nf")
    canvas.restoreState()
