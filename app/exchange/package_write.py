"""Writing a data package exactly as ``package-format.md`` (format 1) says: a ZIP (deflate) holding
the data files, ``manifest.json`` listing each with its SHA-256, size and media type, and
``manifest.json.minisig`` (minisign signature of the manifest's exact bytes, trusted comment
``tthtcd package_id=<id> commune=<code> year=<year> seq=<n>``); then, when a recipient is given,
the whole ZIP encrypted with age.

Pure: no database, no key files. The caller passes the entries (bytes, or JSON records streamed as
JSON Lines), the manifest's header fields and a ``sign(data, trusted_comment) -> minisig bytes``
callable. Data entries are streamed into the archive while their hash is computed, so memory holds
one record at a time plus the compressed archive. Entries are written first, the manifest and its
signature last (a ZIP's order carries no meaning). Every document is checked against its schema
before the manifest is signed; a mismatch raises :class:`app.exchange.package_schemas.SchemaProblem`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyrage

from app.exchange import package_schemas as schemas
from app.i18n import _

FORMAT = "tthtcd-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
JSON = "application/json"
JSONL = "application/jsonl"
PDF = "application/pdf"

#: ``(done, total)`` progress and a ``cancelled()`` check, as app.tasks passes them.
Report = Callable[[int, int], None]


class Cancelled(Exception):
    """The user stopped the export; nothing was written."""


class RecipientProblem(ValueError):
    """An age recipient that does not parse; ``str()`` is Vietnamese."""


#: Records of a JSON Lines file checked one by one against the full JSON Schema; the rest of a big
#: file is checked by the entry's ``fast_check`` (the schema's required fields), which keeps a
#: 700,000-record package within seconds (a full schema check costs about 20 µs a record).
FULL_CHECKS = 200

#: zlib level 1: a 130 MB full package compresses in about a third of the time of level 6, for a
#: file about 20 % bigger (measured on the 20,000-household demo).
COMPRESS_LEVEL = 1


@dataclass
class Entry:
    """One data file, given as exactly one of: ``data`` (bytes; ``document`` is the parsed JSON to
    check against ``schema``), ``records`` (dicts written as JSON Lines) or ``chunks`` (already
    encoded JSON Lines, as ``(bytes, number of records)``). ``schema`` checks each record (the
    first :data:`FULL_CHECKS` in full); ``fast_check`` (a record, or a chunk of bytes, → problem
    text or None) checks every one."""

    path: str
    media_type: str
    data: bytes | None = None
    records: Iterable[dict] | None = None
    chunks: Iterable[tuple[bytes, int]] | None = None
    schema: str | None = None
    fast_check: Callable | None = None
    document: dict | None = field(default=None, repr=False)


def dumps_line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def dumps_document(document: dict) -> bytes:
    """A JSON document (summary.json, manifest.json) as NFC UTF-8, indented, with a final newline."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return unicodedata.normalize("NFC", text).encode("utf-8")


def trusted_comment(package_id: str, commune_code: str, year: int, sequence: int) -> str:
    return f"tthtcd package_id={package_id} commune={commune_code} year={year} seq={sequence}"


def file_name(commune_code: str, year: int, sequence: int, encrypted: bool) -> str:
    """``14113_2026_0003.tthtcd`` or ``….tthtcd.age``."""
    name = f"{commune_code}_{year}_{sequence:04d}.tthtcd"
    return name + ".age" if encrypted else name


_AGE = re.compile(r"^age1[02-9ac-hj-np-z]{58}$")


def parse_recipient(text: str) -> pyrage.x25519.Recipient:
    """An age X25519 recipient from ``age1…`` text (spaces around ignored). Raises
    :class:`RecipientProblem` with a Vietnamese message."""
    value = (text or "").strip()
    if not _AGE.match(value):
        raise RecipientProblem(_("Khóa nhận không đúng: cần một dòng bắt đầu bằng “age1” và dài 62 ký tự "
                                 "(chữ thường và số), như cơ quan tiếp nhận đã gửi."))
    try:
        return pyrage.x25519.Recipient.from_str(value)
    except Exception as exc:  # noqa: BLE001 - pyrage raises its own RecipientError
        raise RecipientProblem(_("Khóa nhận không đúng: có ký tự bị gõ hoặc chép sai (mã kiểm tra không khớp). "
                                 "Hãy chép lại khóa “age1…” từ tệp cơ quan tiếp nhận gửi.")) from exc


def encrypt(data: bytes, recipient: str) -> bytes:
    """``data`` encrypted with age (binary format) to the X25519 ``recipient``."""
    return pyrage.encrypt(data, [parse_recipient(recipient)])


def _refuse(entry: Entry, where: str, problem: str) -> schemas.SchemaProblem:
    return schemas.SchemaProblem(_("Dòng {n} của {file} không đúng lược đồ: {problem}").format(
        n=where, file=entry.path, problem=problem))


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    try:
        info.compress_level = COMPRESS_LEVEL  # Python 3.13+
    except AttributeError:
        info._compresslevel = COMPRESS_LEVEL  # Python 3.12
    info.external_attr = 0o644 << 16
    return info


def _write_entry(zf: zipfile.ZipFile, entry: Entry, cancelled: Callable[[], bool]) -> dict:
    digest, size, count = hashlib.sha256(), 0, 0
    if entry.data is not None:
        if entry.schema and entry.document is not None:
            schemas.check(entry.schema, entry.document, entry.path)
        pieces: Iterable[tuple[bytes, int]] = ((entry.data, 0),)
    elif entry.chunks is not None:
        pieces = _checked_chunks(entry, cancelled)
    else:
        pieces = _record_chunks(entry, cancelled)
    with zf.open(_info(entry.path), "w", force_zip64=False) as out:
        for chunk, n in pieces:
            count += n
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    row = {"path": entry.path, "sha256": digest.hexdigest(), "bytes": size, "media_type": entry.media_type}
    if entry.media_type == JSONL:
        row["records"] = count
    return row


def _checked_chunks(entry: Entry, cancelled: Callable[[], bool]) -> Iterable[tuple[bytes, int]]:
    first = True
    for chunk, n in entry.chunks or ():
        if cancelled():
            raise Cancelled(_("Đã hủy xuất gói dữ liệu."))
        if entry.fast_check is not None and (found := entry.fast_check(chunk)) is not None:
            raise _refuse(entry, "?", found)
        if first and entry.schema:
            for i, line in enumerate(chunk.split(b"\n")[:FULL_CHECKS], start=1):
                if line and (found := schemas.problem(entry.schema, json.loads(line))) is not None:
                    raise _refuse(entry, str(i), found)
            first = False
        yield chunk, n


def _record_chunks(entry: Entry, cancelled: Callable[[], bool]) -> Iterable[tuple[bytes, int]]:
    batch: list[bytes] = []
    for n, record in enumerate(entry.records or (), start=1):
        if n % 5000 == 0:
            if cancelled():
                raise Cancelled(_("Đã hủy xuất gói dữ liệu."))
            yield b"".join(batch), len(batch)
            batch = []
        found = entry.fast_check(record) if entry.fast_check else None
        if found is None and entry.schema and n <= FULL_CHECKS:
            found = schemas.problem(entry.schema, record)
        if found is not None:
            raise _refuse(entry, str(n), found)
        batch.append(dumps_line(record))
    if batch:
        yield b"".join(batch), len(batch)


def build_zip(header: dict, entries: list[Entry], sign: Callable[[bytes, str], bytes], *,
              report: Report | None = None, cancelled: Callable[[], bool] | None = None,
              prepare: Callable[[Entry], Entry] | None = None) -> tuple[bytes, dict]:
    """The package ZIP as bytes and its manifest (dict). ``header`` holds every manifest field but
    ``files`` (``format``/``format_version`` are filled in). ``prepare`` fills an entry whose
    ``data`` is still empty just before it is written (data computed elsewhere meanwhile). Raises :class:`Cancelled`,
    :class:`SchemaProblem`."""
    report = report or (lambda done, total: None)
    cancelled = cancelled or (lambda: False)
    buffer = io.BytesIO()
    files = []
    total = len(entries) + 1
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as zf:
        for i, entry in enumerate(entries):
            report(i, total)
            if cancelled():
                raise Cancelled(_("Đã hủy xuất gói dữ liệu."))
            if prepare is not None and entry.data is not None and not entry.data:
                entry = prepare(entry)
            files.append(_write_entry(zf, entry, cancelled))
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **header, "files": files}
        schemas.check(schemas.MANIFEST, manifest, MANIFEST)
        manifest_bytes = dumps_document(manifest)
        comment = trusted_comment(manifest["package_id"], manifest["sender"]["commune_code"],
                                  manifest["period"]["year"], manifest["sequence"])
        signature = sign(manifest_bytes, comment)
        for name, data in ((MANIFEST, manifest_bytes), (SIGNATURE, signature)):
            zf.writestr(_info(name), data)
    report(total, total)
    return buffer.getvalue(), manifest
