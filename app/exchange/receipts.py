"""The signed receipt (biên nhận) the receiving office gives back for each package.

A receipt is a small ZIP named ``<commune_code>_<year>_<seq:04d>.tthtcd-receipt`` holding
``receipt.json`` and ``receipt.json.minisig`` (minisign, signed with the office's key, trusted
comment ``tthtcd receipt package_id=<id> result=<result>``). Reading goes through the same safe
ZIP reader as packages. Every refusal is :class:`PackageRefused`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

import minisign

from app.crypto.keys import BadSignature, CommuneSecret, sign_bytes, verify_bytes
from app.exchange.package_errors import PackageRefused
from app.exchange.zip_safety import read_zip
from app.i18n import _

__all__ = ["Receipt", "RESULTS", "receipt_file_name", "write_receipt", "read_receipt", "receipt_comment"]

RECEIPT_JSON = "receipt.json"
RECEIPT_SIG = "receipt.json.minisig"
RESULTS = ("imported", "already_imported", "refused")
_FIELDS = ("package_id", "package_file", "package_sha256", "commune_code", "year", "sequence", "received_at",
           "result", "reason", "office_name", "key_id")
_MAX_RECEIPT = 1024 * 1024


@dataclass(frozen=True)
class Receipt:
    package_id: str
    package_file: str
    package_sha256: str
    commune_code: str
    year: int
    sequence: int
    received_at: str
    result: str
    reason: str | None
    office_name: str
    key_id: str
    verified: bool = False

    def to_json(self) -> dict:
        return {"format": "tthtcd-receipt", "format_version": 1, **{f: getattr(self, f) for f in _FIELDS}}


def receipt_file_name(commune_code: str, year: int, sequence: int) -> str:
    return f"{commune_code}_{year}_{sequence:04d}.tthtcd-receipt"


def receipt_comment(package_id: str, result: str) -> str:
    return f"tthtcd receipt package_id={package_id} result={result}"


def write_receipt(receipt: Receipt, secret: CommuneSecret) -> bytes:
    """The receipt ZIP's bytes, signed with the office's unlocked key ``secret``."""
    if receipt.result not in RESULTS:
        raise ValueError(receipt.result)
    body = json.dumps(receipt.to_json(), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    sig = sign_bytes(secret, body, receipt_comment(receipt.package_id, receipt.result))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in ((RECEIPT_JSON, body), (RECEIPT_SIG, sig)):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def _refuse(reason: str) -> PackageRefused:
    return PackageRefused("bad_receipt", _("Biên nhận không hợp lệ: {reason}").format(reason=reason))


def read_receipt(data: bytes, public_key: minisign.PublicKey | None = None) -> Receipt:
    """Parse a receipt. With ``public_key`` (the office's key), its signature and trusted comment
    are checked (refused when wrong) and ``verified`` is True; without, ``verified`` is False."""
    if len(data) > _MAX_RECEIPT:
        raise _refuse(_("tệp quá lớn"))
    entries = read_zip(bytes(data), max_total=_MAX_RECEIPT)
    extra = sorted(set(entries) - {RECEIPT_JSON, RECEIPT_SIG})
    if extra:
        raise PackageRefused("unlisted_entry", _("Biên nhận có mục lạ “{name}”.").format(name=extra[0]))
    if RECEIPT_JSON not in entries or RECEIPT_SIG not in entries:
        raise PackageRefused("missing_file", _("Biên nhận thiếu tệp {name}.").format(
            name=RECEIPT_JSON if RECEIPT_JSON not in entries else RECEIPT_SIG))
    body = entries[RECEIPT_JSON]
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(_("receipt.json không đọc được")) from exc
    receipt = _from_json(value)
    if public_key is not None:
        try:
            comment = verify_bytes(public_key, body, entries[RECEIPT_SIG])
        except BadSignature as exc:
            raise PackageRefused("bad_signature", _("Chữ ký của biên nhận không hợp lệ: biên nhận đã bị sửa hoặc không "
                                                    "do cơ quan tiếp nhận ký.")) from exc
        if comment != receipt_comment(receipt.package_id, receipt.result):
            raise PackageRefused("comment_mismatch", _("Lời chú thích tin cậy của biên nhận không khớp với receipt.json."))
        receipt = Receipt(**{**{f: getattr(receipt, f) for f in _FIELDS}, "verified": True})
    return receipt


def _from_json(value) -> Receipt:
    if not isinstance(value, dict) or value.get("format") != "tthtcd-receipt":
        raise _refuse(_("không phải biên nhận gói dữ liệu"))
    if value.get("format_version") != 1:
        raise _refuse(_("phiên bản {v} không được hỗ trợ").format(v=value.get("format_version")))
    kinds = {"year": int, "sequence": int, "reason": (str, type(None))}
    for f in _FIELDS:
        if f not in value or not isinstance(value[f], kinds.get(f, str)) or isinstance(value[f], bool):
            raise _refuse(_("thiếu hoặc sai trường “{field}”").format(field=f))
    if value["result"] not in RESULTS:
        raise _refuse(_("kết quả “{r}” không hợp lệ").format(r=value["result"]))
    if not re.fullmatch(r"[0-9a-f]{64}", value["package_sha256"]):
        raise _refuse(_("mã băm không hợp lệ"))
    return Receipt(**{f: value[f] for f in _FIELDS})
