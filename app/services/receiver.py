"""The receiving office: its identity, the register of communes' keys, and package import.

Files (``<data>/keys/office/``): the age identity (:mod:`app.crypto.age_identity`, passphrase
protected), the office's minisign key pair that signs receipts (``commune-<KEYID>.key``/``.pub``
as :mod:`app.crypto.keys` writes them), and ``office.json`` (the office's name). One passphrase
protects both secrets. The register of communes and keys, and everything received, is in the
database (:mod:`app.models.receiver`). Import is in :mod:`app.services.receiver_import`.

Errors: :class:`ReceiverError` (Vietnamese ``str()``), plus the key errors of
:mod:`app.crypto.keys` and :mod:`app.crypto.age_identity` for passphrase problems.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.crypto import age_identity
from app.crypto import keys as crypto
from app.db import Database
from app.i18n import _
from app.models import (
    ReceivedPackage,
    ReceivedSummary,
    ReceiverCommune,
    ReceiverCommuneKey,
)
from app.models.base import utcnow
from app.paths import Paths

__all__ = ["ReceiverError", "ReceiverIdentity", "CommuneKeyInfo", "CommuneInfo", "ImportPreview", "ImportResult",
           "ReceivedPackageInfo", "ReceivedCommune", "init_receiver", "receiver_identity", "is_initialised",
           "office_dir", "write_receiver_file", "receiver_file_name", "register_commune", "list_communes",
           "revoke_key", "import_packages", "received_packages", "received_summaries", "key_lookup",
           "change_passphrase", "parse_public_key_text", "receiver_slip_pdf"]


class ReceiverError(Exception):
    """A refused request of the receiving office; ``str()`` is a Vietnamese message."""


@dataclass(frozen=True)
class ReceiverIdentity:
    office_name: str
    age_recipient: str          # "age1…"
    key_id: str                 # the office's minisign key id (signs receipts)
    signing_public_key: str     # minisign public key, the base64 line
    created: datetime | None = None


@dataclass(frozen=True)
class CommuneKeyInfo:
    commune_code: str
    commune_name: str
    key_id: str
    public_key: str             # base64 line
    registered_at: datetime
    status: str                 # "active" | "replaced" | "revoked"
    changed_at: datetime | None = None
    reason: str = ""


@dataclass(frozen=True)
class CommuneInfo:
    code: str
    name: str
    province_name: str
    centre_name: str
    keys: tuple[CommuneKeyInfo, ...]
    last_sequence: int | None
    last_received_at: datetime | None
    years: tuple[int, ...]      # years with a received summary


@dataclass(frozen=True)
class ImportPreview:
    file: str
    commune_code: str
    commune_name: str
    year: int
    content: str                # "summary" | "full"
    sequence: int
    package_id: str
    key_id: str
    first_package: bool         # nothing received from this commune for this year before
    changes: tuple[str, ...]    # Vietnamese lines: what is new / changed against the last package
    counts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    file: str
    status: str                 # "imported" | "already_imported" | "refused" | "would_import"
    reason: str | None
    code: str | None            # PackageRefused.code when refused
    preview: ImportPreview | None
    receipt_path: Path | None
    package_sha256: str = ""


@dataclass(frozen=True)
class ReceivedPackageInfo:
    package_id: str
    commune_code: str
    commune_name: str
    year: int
    sequence: int
    content: str
    file_name: str
    sha256: str
    bytes: int
    key_id: str
    received_at: datetime
    created_at: str
    receipt_file: str = ""


@dataclass(frozen=True)
class ReceivedCommune:
    code: str
    name: str
    province_name: str
    centre_name: str
    package_id: str
    sequence: int
    received_at: datetime


# --- the office's own identity ---------------------------------------------------------------

def office_dir(paths: Paths) -> Path:
    return paths.keys / "office"


def is_initialised(paths: Paths) -> bool:
    return (office_dir(paths) / age_identity.IDENTITY_FILE).is_file()


def init_receiver(paths: Paths, passphrase: str, office_name: str) -> ReceiverIdentity:
    """Make the office's age identity and receipt-signing key, both protected by ``passphrase``
    (≥ 8 characters). Refused (:class:`ReceiverError`) when they exist already."""
    folder = office_dir(paths)
    if is_initialised(paths):
        raise ReceiverError(_("Cơ quan tiếp nhận đã có khóa (thư mục {folder}); không tạo lại.").format(folder=folder))
    if len(passphrase) < crypto.MIN_PASSPHRASE_LENGTH:
        raise crypto.WeakPassphrase(_("Mật khẩu phải có ít nhất {n} ký tự.").format(n=crypto.MIN_PASSPHRASE_LENGTH))
    folder.mkdir(parents=True, exist_ok=True)
    crypto.create_key(folder, passphrase, office_name)
    age_identity.create_identity(folder, passphrase)
    (folder / "office.json").write_text(json.dumps({"office_name": office_name, "created": utcnow().isoformat()},
                                                   ensure_ascii=False), "utf-8")
    return receiver_identity(paths)


def _office_meta(paths: Paths) -> dict:
    try:
        return json.loads((office_dir(paths) / "office.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def set_office_name(paths: Paths, office_name: str) -> None:
    meta = _office_meta(paths)
    meta["office_name"] = office_name
    (office_dir(paths) / "office.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")


def receiver_identity(paths: Paths) -> ReceiverIdentity:
    """The office's public identity (no passphrase needed). Raises :class:`NoIdentity` before init."""
    folder = office_dir(paths)
    recipient = age_identity.read_recipient(folder)
    found = crypto.list_keys(folder)
    if not found:
        raise age_identity.NoIdentity(_("Cơ quan tiếp nhận chưa có khóa ký biên nhận trong {folder}.").format(
            folder=folder))
    meta = _office_meta(paths)
    created = None
    if meta.get("created"):
        try:
            created = datetime.fromisoformat(meta["created"])
        except ValueError:
            created = None
    line = found[0].public_key_text.strip().splitlines()[-1].strip()
    return ReceiverIdentity(meta.get("office_name", ""), recipient, found[0].key_id, line, created)


def change_passphrase(paths: Paths, old: str, new: str) -> None:
    """Re-encrypt both office secrets with ``new``. Raises WrongPassphrase/WrongIdentityPassphrase
    for ``old`` (nothing changed then), WeakPassphrase for ``new``."""
    folder = office_dir(paths)
    if len(new) < crypto.MIN_PASSPHRASE_LENGTH:
        raise crypto.WeakPassphrase(_("Mật khẩu phải có ít nhất {n} ký tự.").format(n=crypto.MIN_PASSPHRASE_LENGTH))
    age_identity.load_identity(folder, old)          # checks ``old`` before anything changes
    crypto.change_passphrase(folder, old, new)
    age_identity.change_identity_passphrase(folder, old, new)


def receiver_file_name(office_name: str) -> str:
    from app.domain.text import fold

    slug = re.sub(r"[^a-z0-9]+", "-", fold(office_name or "co-quan-tiep-nhan").lower()).strip("-")
    return f"{slug or 'co-quan-tiep-nhan'}.tthtcd-receiver.json"


def write_receiver_file(paths: Paths, db: Database | None, out_path: str | os.PathLike[str]) -> Path:
    """Write the receiver identity JSON the communes load (interfaces.md); ``out_path`` may be a
    folder (then ``<slug>.tthtcd-receiver.json`` inside it). Returns the file written."""
    ident = receiver_identity(paths)
    target = Path(out_path)
    if target.is_dir():
        target = target / receiver_file_name(ident.office_name)
    doc = {"format": "tthtcd-receiver", "format_version": 1, "office_name": ident.office_name,
           "age_recipient": ident.age_recipient, "signing_public_key": ident.signing_public_key,
           "key_id": ident.key_id}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return target


def receiver_slip_pdf(paths: Paths, db: Database | None, on: date | None = None) -> bytes:
    """The office's printable key slip (its ``age1…`` recipient in full and as a QR code, the
    receipt-signing key id and public key, the date, lines for signature and seal) as PDF bytes.
    Raises :class:`app.crypto.age_identity.NoIdentity` before set-up."""
    from app.printing.document import Issuer
    from app.printing.office_slip import OfficeSlipData, build_office_slip
    from app.services.consolidation import province_title
    from app.services.setup import get_profile

    ident = receiver_identity(paths)
    profile = get_profile(db) if db is not None else None
    office = ident.office_name or ((profile.receiver_office_name or profile.commune_name) if profile else "")
    province = profile.province_name if profile else ""
    body = office
    found = re.search(r"\s+((?:tỉnh|thành phố)\s+\S.*)$", office, flags=re.IGNORECASE)
    if found and (not province or found.group(1).lower() == province_title(province).lower()):
        body, province = office[:found.start()], province or re.sub(r"^(?:tỉnh|thành phố)\s+", "", found.group(1),
                                                                    flags=re.IGNORECASE)
    issuer = Issuer(commune_code="", commune_name="", signer_name="",
                    issuing_body=(body.upper(),) if body else (_("CƠ QUAN TIẾP NHẬN"),),
                    parent_body=(f"UBND {province_title(province)}".upper(),) if province else (),
                    place=province, signer_authority="", signer_position=_("THỦ TRƯỞNG CƠ QUAN"))
    data = OfficeSlipData(issuer=issuer, office_name=office, age_recipient=ident.age_recipient, key_id=ident.key_id,
                          signing_public_key=ident.signing_public_key,
                          created=ident.created.date() if ident.created else None, printed=on or date.today(),
                          receiver_file=receiver_file_name(office))
    return build_office_slip(data)


# --- the register of communes and keys -------------------------------------------------------

_B64_LINE = re.compile(r"RW[A-Za-z0-9+/]{54}")


def parse_public_key_text(text: str | bytes):
    """(minisign public key, key id, base64 line, commune code guess) from a ``.pub`` file or any
    text holding the base64 line (the key slip's text). Raises :class:`ReceiverError`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    match = _B64_LINE.search(text.replace(" ", ""))
    if not match:
        raise ReceiverError(_("Không tìm thấy khóa công khai minisign (dòng bắt đầu bằng “RW…”) trong văn bản đã cho."))
    try:
        public = crypto.public_key_from_text(match.group(0))
    except crypto.KeyProblem as exc:
        raise ReceiverError(str(exc)) from exc
    guess = None
    first = text.strip().splitlines()[0] if text.strip() else ""
    if first.startswith("untrusted comment:") and "created=" in first:
        after = first.split("created=", 1)[1].split()[1:]
        if after and re.fullmatch(r"[0-9a-z][0-9a-z-]*", after[-1]):
            guess = after[-1]
    return public, crypto.key_id_of(public), match.group(0), guess


def _key_info(k: ReceiverCommuneKey, c: ReceiverCommune) -> CommuneKeyInfo:
    return CommuneKeyInfo(c.code, c.name, k.key_id, k.public_key, k.registered_at, k.status, k.changed_at, k.reason)


def register_commune(db: Database, pub_text_or_bytes, commune_code: str | None = None,
                     commune_name: str | None = None) -> CommuneKeyInfo:
    """Register a commune's public key (``.pub`` content or the slip's text). A new key for a
    commune that has one marks the old key "replaced" (it still checks packages created before).
    Registering the same key again for the same commune changes nothing. Refused: a key of another
    commune, a revoked key, no commune code."""
    public, key_id, line, guess = parse_public_key_text(pub_text_or_bytes)
    code = (commune_code or guess or "").strip()
    if not code:
        raise ReceiverError(_("Chưa biết khóa {key_id} là của xã nào: hãy ghi mã xã (--code).").format(key_id=key_id))
    with db.session() as s:
        existing = s.scalar(select(ReceiverCommuneKey).where(ReceiverCommuneKey.key_id == key_id))
        if existing is not None:
            owner = s.get(ReceiverCommune, existing.commune_id)
            if owner.code != code:
                raise ReceiverError(_("Khóa {key_id} đã được đăng ký cho xã {other}.").format(key_id=key_id, other=owner.code))
            if existing.status == "revoked":
                raise ReceiverError(_("Khóa {key_id} đã bị thu hồi; không đăng ký lại.").format(key_id=key_id))
            if commune_name:
                owner.name = commune_name
            return _key_info(existing, owner)
        commune = s.scalar(select(ReceiverCommune).where(ReceiverCommune.code == code))
        if commune is None:
            commune = ReceiverCommune(code=code, name=commune_name or "")
            s.add(commune)
            s.flush()
        elif commune_name:
            commune.name = commune_name
        now = utcnow()
        for old in s.scalars(select(ReceiverCommuneKey).where(ReceiverCommuneKey.commune_id == commune.id,
                                                              ReceiverCommuneKey.status == "active")):
            old.status, old.changed_at = "replaced", now
            old.reason = _("thay bằng khóa {key_id}").format(key_id=key_id)
        key = ReceiverCommuneKey(commune_id=commune.id, key_id=key_id, public_key=line, registered_at=now)
        s.add(key)
        s.flush()
        return _key_info(key, commune)


def revoke_key(db: Database, key_id: str, reason: str) -> CommuneKeyInfo:
    """Revoke a key: packages signed with it are refused from now on. ``reason`` is required."""
    if not reason.strip():
        raise ReceiverError(_("Hãy ghi lý do thu hồi khóa."))
    with db.session() as s:
        key = s.scalar(select(ReceiverCommuneKey).where(ReceiverCommuneKey.key_id == key_id.strip().upper()))
        if key is None:
            raise ReceiverError(_("Không có khóa mã {key_id} trong sổ đăng ký.").format(key_id=key_id))
        key.status, key.changed_at, key.reason = "revoked", utcnow(), reason.strip()
        return _key_info(key, s.get(ReceiverCommune, key.commune_id))


def list_communes(db: Database) -> list[CommuneInfo]:
    """Every registered commune with its keys (newest first), by code."""
    from app.domain.text import sort_key

    with db.session() as s:
        communes = list(s.scalars(select(ReceiverCommune)))
        keys: dict[int, list[CommuneKeyInfo]] = {}
        by_id = {c.id: c for c in communes}
        for k in s.scalars(select(ReceiverCommuneKey).order_by(ReceiverCommuneKey.registered_at.desc(),
                                                               ReceiverCommuneKey.id.desc())):
            keys.setdefault(k.commune_id, []).append(_key_info(k, by_id[k.commune_id]))
        last = dict(s.execute(select(ReceivedPackage.commune_id, func.max(ReceivedPackage.received_at))
                              .group_by(ReceivedPackage.commune_id)).all())
        years: dict[int, list[int]] = {}
        for cid, year in s.execute(select(ReceivedSummary.commune_id, ReceivedSummary.year).order_by(ReceivedSummary.year)):
            years.setdefault(cid, []).append(year)
        out = [CommuneInfo(c.code, c.name, c.province_name, c.centre_name, tuple(keys.get(c.id, ())), c.last_sequence,
                           last.get(c.id), tuple(years.get(c.id, ()))) for c in communes]
    out.sort(key=lambda c: (sort_key(c.name) if c.name else "", c.code))
    return out


def key_lookup(db: Database):
    """key id → :class:`app.exchange.package_read.RegisteredKey` (or None), read once now."""
    from app.exchange.package_read import RegisteredKey

    with db.session() as s:
        rows = s.execute(select(ReceiverCommuneKey, ReceiverCommune.code)
                         .join(ReceiverCommune, ReceiverCommune.id == ReceiverCommuneKey.commune_id)).all()
        table = {}
        for k, code in rows:
            public = crypto.public_key_from_text(k.public_key)
            table[k.key_id] = RegisteredKey(public, code, revoked=k.status == "revoked", reason=k.reason,
                                            replaced_at=k.changed_at if k.status == "replaced" else None)
    return table.get


# --- what was received -----------------------------------------------------------------------

def received_packages(db: Database, year: int | None = None) -> list[ReceivedPackageInfo]:
    """Imported packages, newest first (optionally of one year)."""
    with db.session() as s:
        q = (select(ReceivedPackage, ReceiverCommune).join(ReceiverCommune, ReceiverCommune.id == ReceivedPackage.commune_id)
             .order_by(ReceivedPackage.received_at.desc(), ReceivedPackage.id.desc()))
        if year is not None:
            q = q.where(ReceivedPackage.year == year)
        return [ReceivedPackageInfo(p.package_id, c.code, c.name, p.year, p.sequence, p.content, p.file_name, p.sha256,
                                    p.size, p.key_id, p.received_at, p.package_created_at, p.receipt_file)
                for p, c in s.execute(q).all()]


def received_summaries(db: Database, year: int) -> list[tuple[ReceivedCommune, dict]]:
    """The latest ``summary.json`` of every commune that sent one for ``year``, by commune name."""
    from app.domain.text import sort_key

    with db.session() as s:
        rows = s.execute(select(ReceivedSummary, ReceiverCommune, ReceivedPackage)
                         .join(ReceiverCommune, ReceiverCommune.id == ReceivedSummary.commune_id)
                         .join(ReceivedPackage, ReceivedPackage.package_id == ReceivedSummary.package_id)
                         .where(ReceivedSummary.year == year)).all()
        out = [(ReceivedCommune(c.code, c.name, c.province_name, c.centre_name, p.package_id, p.sequence, p.received_at),
                json.loads(r.summary)) for r, c, p in rows]
    out.sort(key=lambda pair: (sort_key(pair[0].name), pair[0].code))
    return out


def import_packages(db: Database, paths: Paths, files, passphrase: str | None, *, dry_run: bool,
                    report=None, cancelled=None, receipts_dir=None) -> list[ImportResult]:
    """See :func:`app.services.receiver_import.import_packages`."""
    from app.services.receiver_import import import_packages as run

    return run(db, paths, files, passphrase, dry_run=dry_run, report=report, cancelled=cancelled,
               receipts_dir=receipts_dir)
