"""Reading a data package exactly as ``/work/shared/spec/package-format.md`` (format 1) says.

:func:`open_package` decrypts (age, with the office's unlocked identity), reads the ZIP safely
(:mod:`app.exchange.zip_safety`), parses and checks ``manifest.json`` (structure and the shipped
JSON Schema), checks that the archive holds exactly the listed files plus the manifest and its
signature, and checks every file's byte size and SHA-256. :func:`verify_package` then checks the
minisign signature against the key registered for ``sender.key_id`` and the trusted comment.
The decrypted archive stays in memory, compressed: the files are checked by inflating them once
in chunks, and :class:`PackageFiles` inflates them again when read (``lines()`` streams a
``.jsonl`` file), so a 20,000-household ``full`` package never sits in memory uncompressed.
Nothing is written. Every refusal is :class:`PackageRefused`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import minisign
import pyrage

from app.crypto import age_identity
from app.crypto.age_identity import OfficeIdentity
from app.crypto.keys import BadSignature, verify_bytes
from app.exchange.package_errors import PackageRefused
from app.exchange.zip_safety import ZipEntry, check_name, entry_bytes, entry_chunks, scan_zip
from app.i18n import _
from app.paths import resources_dir

__all__ = ["PackageRefused", "PackageFiles", "OpenedPackage", "VerifiedPackage", "RegisteredKey", "open_package",
           "verify_package", "trusted_comment_for", "MANIFEST", "SIGNATURE", "MAX_PACKAGE_BYTES"]

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
MAX_PACKAGE_BYTES = 200 * 1024 * 1024
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9A-F]{16}$")


class PackageFiles(Mapping):
    """The data files of an opened package (manifest path → bytes), read on demand from the
    checked archive. ``files[path]`` inflates the whole file; :meth:`lines` streams it."""

    def __init__(self, archive: bytes, entries: dict[str, ZipEntry]):
        self._archive, self._entries = archive, entries

    def __getitem__(self, path: str) -> bytes:
        return entry_bytes(self._archive, self._entries[path])

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, path) -> bool:
        return path in self._entries

    def size(self, path: str) -> int:
        return self._entries[path].size

    def lines(self, path: str) -> Iterator[tuple[int, bytes]]:
        """(line number from 1, line without its newline) of the file, inflated in chunks."""
        n, rest = 0, b""
        for chunk in entry_chunks(self._archive, self._entries[path]):
            parts = (rest + chunk).split(b"\n") if rest else chunk.split(b"\n")
            rest = parts.pop()
            for line in parts:
                n += 1
                yield n, line
        yield n + 1, rest


@dataclass(frozen=True, eq=False)
class OpenedPackage:
    """A package opened and checked except for its signature (see :func:`verify_package`)."""

    file_name: str
    sha256: str                 # of the file as received (the .age file when encrypted)
    size: int
    encrypted: bool
    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    files: Mapping[str, bytes]  # manifest path → bytes (a PackageFiles), checked against the manifest

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def commune_code(self) -> str:
        return self.manifest["sender"]["commune_code"]

    @property
    def year(self) -> int:
        return self.manifest["period"]["year"]

    @property
    def sequence(self) -> int:
        return self.manifest["sequence"]

    @property
    def content(self) -> str:
        return self.manifest["content"]

    @property
    def key_id(self) -> str:
        return self.manifest["sender"]["key_id"]


@dataclass(frozen=True, eq=False)
class VerifiedPackage:
    opened: OpenedPackage
    trusted_comment: str
    key_id: str


@dataclass(frozen=True)
class RegisteredKey:
    """What the office's register says about a key id (what ``public_keys`` may return)."""

    public: minisign.PublicKey
    commune_code: str
    revoked: bool = False
    reason: str = ""
    replaced_at: datetime | None = None    # a replaced key signs nothing created after this


def trusted_comment_for(manifest: dict) -> str:
    return (f"tthtcd package_id={manifest['package_id']} commune={manifest['sender']['commune_code']} "
            f"year={manifest['period']['year']} seq={manifest['sequence']}")


def open_package(data: bytes | Path, *, identity: OfficeIdentity | None = None,
                 file_name: str | None = None) -> OpenedPackage:
    """Decrypt (when age) and open ``data`` with every check of the spec but the signature.
    ``identity``: the office's unlocked age identity (needed for ``.age`` packages)."""
    if isinstance(data, Path | str):
        path = Path(data)
        file_name = file_name or path.name
        try:
            if path.stat().st_size > MAX_PACKAGE_BYTES:
                raise PackageRefused("too_large", _("Tệp {file} quá lớn để là một gói dữ liệu.").format(file=path.name))
            data = path.read_bytes()
        except OSError as exc:
            raise PackageRefused("unreadable", _("Không đọc được tệp {file}: {reason}").format(
                file=path, reason=exc.strerror or exc)) from exc
    file_name = file_name or ""
    raw = bytes(data)
    digest = hashlib.sha256(raw).hexdigest()
    size = len(raw)
    encrypted = age_identity.is_age(raw)
    zip_bytes = _decrypt(raw, identity, file_name) if encrypted else raw
    del raw, data
    if not zip_bytes.startswith(b"PK"):
        raise PackageRefused("not_a_package", _("Tệp {file} không phải gói dữ liệu (không phải ZIP, không phải age).").format(
            file=file_name or "?"))
    scanned = {e.name: e for e in scan_zip(zip_bytes)}
    for name in (MANIFEST, SIGNATURE):
        if name not in scanned:
            raise PackageRefused("missing_file", _("Gói thiếu tệp {name}.").format(name=name))
    manifest_bytes = entry_bytes(zip_bytes, scanned.pop(MANIFEST))
    signature = entry_bytes(zip_bytes, scanned.pop(SIGNATURE))
    manifest = _parse_manifest(manifest_bytes)
    if manifest["content"] == "full" and not encrypted:
        raise PackageRefused("full_unencrypted", _(
            "Gói đầy đủ (full) chứa dữ liệu cá nhân nhưng không được mã hóa: không chấp nhận. "
            "Xã phải xuất lại gói có mã hóa cho cơ quan tiếp nhận."))
    _check_files(manifest, scanned)
    files = PackageFiles(zip_bytes, scanned)
    _check_data_schemas(files)
    return OpenedPackage(file_name, digest, size, encrypted, manifest, manifest_bytes, signature, files)


def _decrypt(raw: bytes, identity: OfficeIdentity | None, file_name: str) -> bytes:
    if identity is None:
        raise PackageRefused("needs_identity", _("Gói {file} được mã hóa: cần mật khẩu khóa giải mã của cơ quan "
                                                 "để mở.").format(file=file_name or "?"))
    try:
        return age_identity.decrypt_with(raw, identity)
    except pyrage.DecryptError as exc:
        raise PackageRefused("decrypt_failed", _(
            "Không giải mã được gói {file}: gói không được mã hóa cho cơ quan này ({recipient}) hoặc tệp đã bị "
            "sửa, hỏng.").format(file=file_name or "?", recipient=identity.recipient)) from exc


def _manifest_error(reason: str) -> PackageRefused:
    return PackageRefused("bad_manifest", _("Tệp manifest.json không hợp lệ: {reason}").format(reason=reason))


def _parse_manifest(blob: bytes) -> dict:
    try:
        manifest = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _manifest_error(_("không đọc được JSON ({reason})").format(reason=exc)) from exc
    _check_manifest_structure(manifest)
    _schema_check("package-manifest.schema.json", manifest, "manifest.json")
    return manifest


def _need(obj: dict, key: str, kind, where: str):
    value = obj.get(key) if isinstance(obj, dict) else None
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        raise _manifest_error(_("thiếu hoặc sai kiểu trường “{field}”").format(field=f"{where}{key}"))
    return value


def _check_manifest_structure(m) -> None:
    if not isinstance(m, dict):
        raise _manifest_error(_("không phải một đối tượng JSON"))
    if m.get("format") != "tthtcd-package":
        raise _manifest_error(_("trường “format” phải là “tthtcd-package”"))
    if m.get("format_version") != 1:
        raise PackageRefused("unsupported_version", _(
            "Gói theo định dạng phiên bản {v}; chương trình này chỉ đọc phiên bản 1. Hãy cập nhật chương trình.").format(
            v=m.get("format_version")))
    _need(m, "package_id", str, "")
    _need(m, "created_at", str, "")
    sender = _need(m, "sender", dict, "")
    for key in ("commune_code", "commune_name", "key_id"):
        _need(sender, key, str, "sender.")
    if not _KEY_ID.match(sender["key_id"]):
        raise _manifest_error(_("“sender.key_id” phải là 16 chữ số hex viết hoa"))
    if not sender["commune_code"] or not m["package_id"]:
        raise _manifest_error(_("thiếu mã xã hoặc mã gói"))
    period = _need(m, "period", dict, "")
    year = _need(period, "year", int, "period.")
    if not 2000 <= year <= 2100:
        raise _manifest_error(_("năm {year} không hợp lệ").format(year=year))
    if _need(m, "sequence", int, "") < 1:
        raise _manifest_error(_("số thứ tự gói phải từ 1 trở lên"))
    if m.get("content") not in ("summary", "full"):
        raise _manifest_error(_("“content” phải là “summary” hoặc “full”"))
    if m.get("previous_package_id") is not None and not isinstance(m.get("previous_package_id"), str):
        raise _manifest_error(_("“previous_package_id” phải là chuỗi hoặc null"))
    files = _need(m, "files", list, "")
    seen = set()
    for i, f in enumerate(files):
        where = f"files[{i}]."
        if not isinstance(f, dict):
            raise _manifest_error(_("“{field}” không phải đối tượng").format(field=f"files[{i}]"))
        path = _need(f, "path", str, where)
        check_name(path, _("Tệp ghi trong manifest"))
        if path in (MANIFEST, SIGNATURE) or path.endswith("/"):
            raise _manifest_error(_("tệp “{path}” không được liệt kê").format(path=path))
        if path in seen:
            raise PackageRefused("duplicate_name", _("manifest.json liệt kê tệp “{path}” hai lần.").format(path=path))
        seen.add(path)
        if not _HEX64.match(_need(f, "sha256", str, where)):
            raise _manifest_error(_("“{field}” phải là 64 chữ số hex").format(field=f"{where}sha256"))
        if _need(f, "bytes", int, where) < 0:
            raise _manifest_error(_("“{field}” âm").format(field=f"{where}bytes"))


def _check_files(manifest: dict, entries: dict[str, ZipEntry]) -> None:
    listed = {f["path"]: f for f in manifest["files"]}
    for name in entries:
        if name not in listed:
            raise PackageRefused("unlisted_entry", _("Gói có mục “{name}” không được ghi trong manifest.json: "
                                                     "không chấp nhận.").format(name=name))
    for path, f in listed.items():
        if path not in entries:
            raise PackageRefused("missing_file", _("Gói thiếu tệp “{path}” được ghi trong manifest.json.").format(path=path))
        entry = entries[path]
        if entry.size != f["bytes"]:
            raise PackageRefused("size_mismatch", _("Tệp “{path}” dài {got} byte, manifest.json ghi {want} byte: tệp đã "
                                                    "bị sửa.").format(path=path, got=entry.size, want=f["bytes"]))
        if entry.sha256 != f["sha256"]:
            raise PackageRefused("hash_mismatch", _("Mã băm SHA-256 của tệp “{path}” không khớp với manifest.json: "
                                                    "tệp đã bị sửa.").format(path=path))


_SCHEMAS: dict[str, object] = {}


def _validator(name: str):
    if name not in _SCHEMAS:
        path = resources_dir() / "schemas" / name
        validator = None
        if path.is_file():
            import jsonschema

            schema = json.loads(path.read_text("utf-8"))
            cls = jsonschema.validators.validator_for(schema)
            validator = cls(schema, format_checker=None)
        _SCHEMAS[name] = validator
    return _SCHEMAS[name]


def _schema_check(schema_name: str, value, where: str) -> None:
    validator = _validator(schema_name)
    if validator is None:
        return
    error = next(iter(validator.iter_errors(value)), None)
    if error is not None:
        field = "/".join(str(p) for p in error.absolute_path) or "(gốc)"
        raise PackageRefused("schema", _("Tệp {file} không đúng lược đồ JSON ở “{field}”: {reason}").format(
            file=where, field=field, reason=error.message))


def _check_data_schemas(files: PackageFiles) -> None:
    summary = files.get("data/summary.json")
    if summary is not None:
        try:
            value = json.loads(summary.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise PackageRefused("bad_data", _("Tệp data/summary.json không đọc được: {reason}").format(
                reason=exc)) from exc
        if not isinstance(value, dict):
            raise PackageRefused("bad_data", _("Tệp data/summary.json không phải đối tượng JSON."))
        _schema_check("summary.schema.json", value, "data/summary.json")
    path = "data/recognitions.jsonl"
    if path in files and _validator("recognition.schema.json") is not None:
        quick = _quick_check("recognition.schema.json")
        for n, record in iter_jsonl_lines(files.lines(path), path):
            if quick is None or not quick(record):      # the full validator decides, and says why
                _schema_check("recognition.schema.json", record, f"{path} (dòng {n})")


def iter_jsonl(blob: bytes, path: str):
    """The JSON objects of a ``.jsonl`` file; refuses a line that is not a JSON object."""
    for _n, value in iter_jsonl_lines(enumerate(blob.split(b"\n"), start=1), path):
        yield value


def iter_jsonl_lines(lines, path: str):
    """(line number, JSON object) of numbered lines (:meth:`PackageFiles.lines`); blank lines are
    skipped, a line that is not a JSON object is refused."""
    for n, line in lines:
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise PackageRefused("bad_data", _("Tệp {path}, dòng {n}: không đọc được JSON.").format(path=path, n=n)) from exc
        if not isinstance(value, dict):
            raise PackageRefused("bad_data", _("Tệp {path}, dòng {n}: không phải đối tượng JSON.").format(path=path, n=n))
        yield n, value


# --- a quick check for the many lines of a .jsonl file ---------------------------------------
#
# ``jsonschema`` costs ≈ 300 µs a recognition line. :func:`_quick_check` compiles the shipped
# schema once into plain Python checks for the keywords it uses; a line they pass is valid under
# the schema (they are never more lenient: a float ``1.0`` for an integer, say, fails here), and a
# line they fail goes to ``jsonschema``, which decides and gives the exact reason. A schema using
# any other keyword gets no quick check (every line then goes to ``jsonschema``).

_ANNOTATIONS = {"$schema", "$id", "$comment", "title", "description", "examples", "default", "format", "$defs"}
_TYPES = {"object": (dict,), "array": (list,), "string": (str,), "integer": (int,), "number": (int, float),
          "boolean": (bool,), "null": (type(None),)}
_QUICK: dict[str, Callable | None] = {}


class _Unsupported(Exception):
    pass


def _quick_check(name: str) -> Callable | None:
    if name not in _QUICK:
        path = resources_dir() / "schemas" / name
        try:
            schema = json.loads(path.read_text("utf-8"))
            _QUICK[name] = _compile(schema, schema)
        except (OSError, ValueError, KeyError, TypeError, _Unsupported, re.error):
            _QUICK[name] = None
    return _QUICK[name]


def _compile(node, root) -> Callable:
    """A function value → bool for the schema ``node``: True only when the value is valid."""
    if not isinstance(node, dict):
        raise _Unsupported
    checks: list[Callable] = []
    for key, value in node.items():
        if key in _ANNOTATIONS or key in ("properties", "additionalProperties", "required"):
            continue
        if key == "$ref":
            if not isinstance(value, str) or not value.startswith("#/$defs/"):
                raise _Unsupported
            checks.append(_compile(root["$defs"][value[len("#/$defs/"):]], root))
        elif key == "type":
            allowed = frozenset(t for k in ([value] if isinstance(value, str) else value) for t in _TYPES[k])
            checks.append(lambda v, allowed=allowed: type(v) in allowed)
        elif key == "enum":
            if not all(isinstance(e, str) for e in value):
                raise _Unsupported
            names = frozenset(value)
            checks.append(lambda v, names=names: type(v) is str and v in names)
        elif key == "pattern":
            search = re.compile(value).search
            checks.append(lambda v, search=search: type(v) is not str or search(v) is not None)
        elif key == "minLength":
            checks.append(lambda v, n=value: type(v) is not str or len(v) >= n)
        elif key == "anyOf":
            options = tuple(_compile(sub, root) for sub in value)
            checks.append(lambda v, options=options: any(o(v) for o in options))
        else:
            raise _Unsupported
    if {"properties", "additionalProperties", "required"} & node.keys():
        checks.append(_compile_object(node, root))
    if len(checks) == 1:
        return checks[0]
    checks = tuple(checks)

    def every(v) -> bool:
        for check in checks:
            if not check(v):
                return False
        return True
    return every


def _compile_object(node, root) -> Callable:
    extra = node.get("additionalProperties", True)
    if extra not in (True, False) or "patternProperties" in node:
        raise _Unsupported
    props = {k: _compile(sub, root) for k, sub in node.get("properties", {}).items()}
    required = tuple(node.get("required", ()))
    closed = extra is False

    def check(v) -> bool:
        if type(v) is not dict:
            return True                     # "type" says whether it must be an object
        for k in required:
            if k not in v:
                return False
        for k, x in v.items():
            sub = props.get(k)
            if sub is None:
                if closed:
                    return False
            elif not sub(x):
                return False
        return True
    return check


def verify_package(opened: OpenedPackage, public_keys: Callable[[str], minisign.PublicKey | RegisteredKey | None]
                   ) -> VerifiedPackage:
    """Check the manifest's signature with the key registered for ``sender.key_id`` and the trusted
    comment against the manifest. Refuses: unknown key, revoked key, a key registered for another
    commune, a replaced key used after its replacement, a bad signature, a disagreeing comment."""
    m = opened.manifest
    key_id, code = m["sender"]["key_id"], m["sender"]["commune_code"]
    found = public_keys(key_id)
    if found is None:
        raise PackageRefused("unknown_key", _(
            "Gói được ký bằng khóa mã {key_id} chưa đăng ký ở cơ quan tiếp nhận (xã {commune}). Hãy đăng ký khóa "
            "công khai của xã (đối chiếu mã khóa với phiếu khóa có chữ ký, đóng dấu) rồi nhập lại.").format(
            key_id=key_id, commune=code))
    reg = found if isinstance(found, RegisteredKey) else RegisteredKey(found, code)
    if reg.revoked:
        raise PackageRefused("revoked_key", _("Khóa mã {key_id} của xã {commune} đã bị thu hồi ({reason}): không chấp "
                                              "nhận gói ký bằng khóa này.").format(
            key_id=key_id, commune=reg.commune_code, reason=reg.reason or _("không ghi lý do")))
    if reg.commune_code != code:
        raise PackageRefused("wrong_commune", _("Khóa mã {key_id} được đăng ký cho xã {registered}, nhưng gói ghi là của "
                                                "xã {commune}: không chấp nhận.").format(
            key_id=key_id, registered=reg.commune_code, commune=code))
    try:
        comment = verify_bytes(reg.public, opened.manifest_bytes, opened.signature)
    except BadSignature as exc:
        raise PackageRefused("bad_signature", _("Chữ ký của manifest.json không hợp lệ với khóa mã {key_id} của xã "
                                                "{commune}: gói đã bị sửa hoặc không do xã ký.").format(
            key_id=key_id, commune=code)) from exc
    expected = trusted_comment_for(m)
    if comment != expected:
        raise PackageRefused("comment_mismatch", _("Lời chú thích tin cậy của chữ ký (“{got}”) không khớp với "
                                                   "manifest.json (“{want}”).").format(got=comment, want=expected))
    if reg.replaced_at is not None:
        created = _parse_time(m["created_at"])
        if created is None or created > reg.replaced_at:
            raise PackageRefused("replaced_key", _(
                "Khóa mã {key_id} của xã {commune} đã được thay bằng khóa mới; gói tạo sau ngày thay khóa phải ký "
                "bằng khóa mới.").format(key_id=key_id, commune=code))
    return VerifiedPackage(opened, comment, key_id)


def _parse_time(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is not None:
        from datetime import UTC

        value = value.astimezone(UTC).replace(tzinfo=None)
    return value
