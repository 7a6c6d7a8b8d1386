"""Reading an untrusted ZIP archive from memory, refusing anything a data package must not hold.

Checks, in order: the archive's structure (every local header agrees with the central directory,
entries are contiguous from offset 0 to the central directory, no hidden bytes, no archive comment),
each entry's name (absolute, ``..``, backslash, duplicates also after NFC), symlinks (Unix mode in
the external attributes), encrypted entries, the declared and the actual sizes (read through a
bounded stream that never trusts header sizes), the total uncompressed size and the compression
ratio (ZIP bombs). Every refusal is a :class:`PackageRefused` naming the entry.
"""

from __future__ import annotations

import hashlib
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from app.exchange.package_errors import PackageRefused
from app.i18n import _

MAX_TOTAL_BYTES = 400 * 1024 * 1024       # uncompressed, all entries together
MAX_ENTRIES = 10_000
MAX_RATIO = 100                            # uncompressed / compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1024 * 1024
_INPUT = 256 * 1024

_EOCD = struct.Struct("<4s4H2LH")
_CDIR = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")


def _bad_zip(reason: str) -> PackageRefused:
    return PackageRefused("bad_zip", _("Gói không phải tệp ZIP hợp lệ hoặc đã bị sửa: {reason}").format(reason=reason))


def check_name(name: str, where: str) -> None:
    """Refuse a path that is absolute, has ``..`` segments or backslashes, or is otherwise unsafe."""
    if "\\" in name:
        raise PackageRefused("backslash", _("{where} “{name}” có dấu gạch chéo ngược (\\): không chấp nhận.").format(
            where=where, name=name))
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or name.startswith("~"):
        raise PackageRefused("absolute_path", _("{where} “{name}” là đường dẫn tuyệt đối: không chấp nhận.").format(
            where=where, name=name))
    parts = name.rstrip("/").split("/")
    if any(p == ".." for p in parts):
        raise PackageRefused("dotdot", _("{where} “{name}” có đoạn “..” (ra ngoài thư mục gói): không chấp nhận.").format(
            where=where, name=name))
    if not name or any(p in ("", ".") for p in parts) or any(ord(c) < 32 for c in name):
        raise PackageRefused("bad_name", _("{where} “{name}” có tên không hợp lệ.").format(where=where, name=name))


def _structure(data: bytes) -> list[tuple[str, int, int, int]]:
    """Parse the archive by hand and compare it with itself; return (name, local offset, flags,
    external attrs) per central entry. Refuses archives Python's zipfile would read leniently."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if pos < 0 or len(data) - pos < 22:
        raise _bad_zip(_("không tìm thấy mục lục ZIP"))
    sig, disk, cd_disk, n_disk, n_total, cd_size, cd_off, comment_len = _EOCD.unpack_from(data, pos)
    if pos + 22 + comment_len != len(data) or comment_len:
        raise _bad_zip(_("có dữ liệu lạ ở cuối tệp"))
    if disk or cd_disk or n_disk != n_total:
        raise _bad_zip(_("ZIP nhiều phần không được hỗ trợ"))
    if n_total > MAX_ENTRIES:
        raise PackageRefused("too_many_entries", _("Gói có quá nhiều mục ({n}).").format(n=n_total))
    if cd_off + cd_size != pos:
        raise _bad_zip(_("mục lục ZIP không nằm đúng chỗ"))
    entries, p, expected_local = [], cd_off, 0
    for _i in range(n_total):
        if p + _CDIR.size > pos:
            raise _bad_zip(_("mục lục ZIP bị cắt"))
        (sig, _made, need, flags, method, mtime, mdate, crc, csize, usize, nlen, elen, clen, disk_start,
         _iattr, eattr, local_off) = _CDIR.unpack_from(data, p)
        if sig != b"PK\x01\x02" or disk_start:
            raise _bad_zip(_("mục lục ZIP hỏng"))
        raw_name = data[p + 46:p + 46 + nlen]
        name = _decode_name(raw_name, flags)
        if local_off != expected_local:
            raise _bad_zip(_("mục “{name}” không nằm liền sau mục trước").format(name=name))
        lsig, lneed, lflags, lmethod, lmtime, lmdate, lcrc, lcsize, lusize, lnlen, lelen = _LOCAL.unpack_from(
            data, local_off) if local_off + _LOCAL.size <= cd_off else (b"",) + (0,) * 10
        if lsig != b"PK\x03\x04":
            raise _bad_zip(_("đầu mục “{name}” hỏng").format(name=name))
        if (lneed, lflags, lmethod, lmtime, lmdate) != (need, flags, method, mtime, mdate) \
                or data[local_off + 30:local_off + 30 + lnlen] != raw_name:
            raise _bad_zip(_("đầu mục “{name}” không khớp với mục lục").format(name=name))
        end = local_off + 30 + lnlen + lelen + csize
        if flags & 0x08:
            if lcrc or lcsize or lusize:
                if (lcrc, lcsize, lusize) != (crc, csize, usize):
                    raise _bad_zip(_("đầu mục “{name}” không khớp với mục lục").format(name=name))
            desc = data[end:end + 16]
            if desc[:4] == b"PK\x07\x08":
                fields, end = struct.unpack_from("<3L", desc, 4), end + 16
            else:
                fields, end = struct.unpack_from("<3L", data, end), end + 12
            if fields != (crc, csize, usize):
                raise _bad_zip(_("phần mô tả sau mục “{name}” không khớp").format(name=name))
        elif (lcrc, lcsize, lusize) != (crc, csize, usize):
            raise _bad_zip(_("đầu mục “{name}” không khớp với mục lục").format(name=name))
        if end > cd_off:
            raise _bad_zip(_("mục “{name}” vượt quá phần dữ liệu").format(name=name))
        expected_local = end
        entries.append((name, flags, eattr, usize, method, crc, csize, local_off + 30 + lnlen + lelen))
        p += 46 + nlen + elen + clen
    if p != pos or expected_local != cd_off:
        raise _bad_zip(_("có dữ liệu lạ giữa các mục"))
    return entries


def _decode_name(raw: bytes, flags: int) -> str:
    try:
        return raw.decode("utf-8") if flags & 0x800 else raw.decode("cp437" if any(b > 127 for b in raw) else "ascii")
    except UnicodeDecodeError as exc:
        raise _bad_zip(_("tên mục không đọc được")) from exc


@dataclass(frozen=True)
class ZipEntry:
    """A file entry checked by :func:`scan_zip`: its uncompressed size and SHA-256 are known, the
    bytes are not kept (:func:`entry_chunks` inflates them again, chunk by chunk)."""

    name: str
    method: int
    start: int          # offset of the compressed data in the archive
    csize: int
    size: int
    sha256: str


def scan_zip(data: bytes, *, max_total: int | None = None, max_ratio: int = MAX_RATIO) -> list[ZipEntry]:
    """Every file entry of the ZIP ``data`` (directory entries skipped), in archive order, after
    every safety check; each entry is inflated once, in chunks, to check its size and CRC-32 and to
    compute its SHA-256, keeping nothing. Raises :class:`PackageRefused`. Entries are inflated here
    (not by :mod:`zipfile`): the output is bounded whatever the headers say, the deflate stream must
    end exactly where the entry ends, and the CRC-32 must match."""
    if max_total is None:
        max_total = MAX_TOTAL_BYTES
    entries = _structure(data)
    seen: dict[str, str] = {}
    for name, flags, eattr, *_rest in entries:
        check_name(name, _("Mục trong gói"))
        key = unicodedata.normalize("NFC", name)
        if key in seen:
            raise PackageRefused("duplicate_name", _("Gói có hai mục cùng tên “{name}”.").format(name=name))
        seen[key] = name
        mode = eattr >> 16
        if stat.S_ISLNK(mode):
            raise PackageRefused("symlink", _("Mục “{name}” là liên kết tượng trưng (symlink): không chấp nhận.").format(
                name=name))
        if flags & 0x01 or flags & 0x40:
            raise PackageRefused("encrypted_entry", _("Mục “{name}” được mã hóa trong ZIP: không chấp nhận.").format(
                name=name))
    out: list[ZipEntry] = []
    view = memoryview(data)
    total = 0
    for name, _flags, _eattr, usize, method, crc, csize, start in entries:
        if name.endswith("/"):
            if usize or csize:
                raise _bad_zip(_("thư mục “{name}” có dữ liệu").format(name=name))
            continue
        if method not in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED):
            raise _bad_zip(_("mục “{name}” dùng cách nén không được hỗ trợ").format(name=name))
        if usize > RATIO_FLOOR and usize > max_ratio * max(csize, 1):
            raise _bomb(name)
        if total + usize > max_total:
            raise _too_large(name)
        digest, running, got = hashlib.sha256(), 0, 0
        for chunk in _inflate(name, view[start:start + csize], method, usize, max_total - total, max_ratio):
            digest.update(chunk)
            running = zlib.crc32(chunk, running)
            got += len(chunk)
        if running != crc:
            raise _bad_zip(_("mục “{name}” sai mã kiểm tra CRC").format(name=name))
        total += got
        out.append(ZipEntry(name, method, start, csize, got, digest.hexdigest()))
    return out


def entry_chunks(data: bytes, entry: ZipEntry) -> Iterator[bytes]:
    """The bytes of an entry :func:`scan_zip` checked in ``data``, inflated again in chunks."""
    yield from _inflate(entry.name, memoryview(data)[entry.start:entry.start + entry.csize], entry.method, entry.size,
                        entry.size, 1 << 40)


def entry_bytes(data: bytes, entry: ZipEntry) -> bytes:
    return b"".join(entry_chunks(data, entry))


def read_zip(data: bytes, *, max_total: int | None = None, max_ratio: int = MAX_RATIO) -> dict[str, bytes]:
    """Every file entry of the ZIP ``data`` as name → bytes, in archive order, after every check of
    :func:`scan_zip` (for small archives such as receipts)."""
    return {e.name: entry_bytes(data, e) for e in scan_zip(data, max_total=max_total, max_ratio=max_ratio)}


def _inflate(name: str, raw, method: int, declared: int, budget: int, max_ratio: int) -> Iterator[bytes]:
    """The entry's bytes in chunks of at most 1 MiB; refuses (while inflating) output over
    ``budget``, a ratio over ``max_ratio``, more or less than ``declared``, a stream that does not
    end exactly at the end of ``raw``."""
    if method == zipfile.ZIP_STORED:
        if len(raw) != declared:
            raise _bad_zip(_("mục “{name}” có kích thước không khớp").format(name=name))
        for pos in range(0, len(raw), _CHUNK):
            yield bytes(raw[pos:pos + _CHUNK])
        return
    d = zlib.decompressobj(-15)
    got, pos, size = 0, 0, len(raw)
    try:
        while not d.eof:
            if d.unconsumed_tail:
                feed = d.unconsumed_tail
            elif pos < size:
                feed, pos = raw[pos:pos + _INPUT], pos + _INPUT
            else:
                break
            chunk = d.decompress(feed, _CHUNK)
            got += len(chunk)
            if got > budget:
                raise _too_large(name)
            if got > RATIO_FLOOR and got > max_ratio * max(size, 1):
                raise _bomb(name)
            if got > declared:
                raise _bad_zip(_("mục “{name}” dài hơn kích thước ghi trong mục lục").format(name=name))
            if chunk:
                yield chunk
            elif d.unconsumed_tail:
                break
    except zlib.error as exc:
        raise _bad_zip(_("mục “{name}” hỏng ({reason})").format(name=name, reason=exc)) from exc
    if not d.eof or d.unused_data or d.unconsumed_tail or pos < size:
        raise _bad_zip(_("dữ liệu nén của mục “{name}” không kết thúc đúng chỗ").format(name=name))
    if got != declared:
        raise _bad_zip(_("mục “{name}” ngắn hơn kích thước ghi trong mục lục").format(name=name))


def _bomb(name: str) -> PackageRefused:
    return PackageRefused("zip_bomb", _("Mục “{name}” có tỉ lệ nén bất thường (nghi là “bom ZIP”): không chấp nhận.").format(
        name=name))


def _too_large(name: str) -> PackageRefused:
    return PackageRefused("too_large", _("Gói quá lớn khi giải nén (đến mục “{name}” đã vượt giới hạn {mb} MB).").format(
        name=name, mb=MAX_TOTAL_BYTES // (1024 * 1024)))
