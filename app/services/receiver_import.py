"""Importing packages into the receiving office's database: preview (dry run), then one
transaction per package, then a signed receipt per package.

Threads: a plain function for :func:`app.tasks.run_with_progress` (``report(done, total)``,
``cancelled()``); it touches no UI. Transactions: one per imported package (a refused package
writes nothing but a line in the import log). A copy of the database is made (``backups/``) before
the first package of a batch that writes. Unlocking the office's age identity and receipt key
costs scrypt once per batch.

Speed and memory (``./dev bench receiver``: a 20,000-household ``full`` package, 254,558 records):
a file whose SHA-256 is that of a package imported before is "đã nhận" at once (no decryption; the
manifest stored at import answers the preview and the receipt), unless its key has been revoked
since, when the full checks run again and say why. Otherwise the package is opened with its files
kept compressed (:class:`app.exchange.package_read.PackageFiles`), and
:func:`app.services.receiver_diff.plan` streams the records, compares and writes them in chunks
inside the package's one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select

from app.crypto import age_identity
from app.crypto import keys as crypto
from app.db import Database
from app.db.backup import backup_database
from app.exchange.package_errors import PackageRefused
from app.exchange.package_read import MAX_PACKAGE_BYTES, OpenedPackage, open_package, verify_package
from app.exchange.receipts import Receipt, receipt_file_name, write_receipt
from app.i18n import _
from app.models import (
    ReceivedPackage,
    ReceivedRecognition,
    ReceivedSummary,
    ReceiverCommune,
    ReceiverImportEvent,
)
from app.models.base import utcnow
from app.paths import Paths
from app.services import receiver_diff
from app.services.receiver import (
    ImportPreview,
    ImportResult,
    ReceiverError,
    key_lookup,
    office_dir,
    receiver_identity,
)

__all__ = ["import_packages", "package_files", "receipts_folder"]

_NAME = re.compile(r"^(?P<code>.+)_(?P<year>\d{4})_(?P<seq>\d+)\.tthtcd(\.age)?$")


def receipts_folder(paths: Paths) -> Path:
    return paths.root / "receipts"


def package_files(files) -> list[Path]:
    """The package files among ``files`` (files, or folders searched one level for ``*.tthtcd`` and
    ``*.tthtcd.age``), ordered by commune and sequence so that a commune's packages import in order."""
    found: list[Path] = []
    for item in [files] if isinstance(files, str | os.PathLike) else files:
        path = Path(item)
        if path.is_dir():
            found += [p for p in path.iterdir() if p.is_file() and (p.name.endswith(".tthtcd")
                                                                     or p.name.endswith(".tthtcd.age"))]
        else:
            found.append(path)

    def order(p: Path):
        m = _NAME.match(p.name)
        return (m.group("code"), int(m.group("seq")), p.name) if m else (p.name, 0, p.name)

    return sorted(dict.fromkeys(found), key=order)


class _Batch:
    """What one import run keeps: the unlocked secrets (lazily), the key register, the backup."""

    def __init__(self, db: Database, paths: Paths, passphrase: str | None, dry_run: bool, receipts_dir):
        self.db, self.paths, self.passphrase, self.dry_run = db, paths, passphrase, dry_run
        self.receipts_dir = Path(receipts_dir) if receipts_dir else receipts_folder(paths)
        self.lookup = key_lookup(db)
        self.identity = None
        self.secret = None
        self.backed_up = False
        self.virtual: dict[str, tuple[int, set[str]]] = {}    # dry run: commune → (last seq, ids)
        self.office_name = ""
        self.office_key_id = ""

    def unlock_identity(self):
        if self.identity is None:
            if not self.passphrase:
                raise ReceiverError(_("Gói được mã hóa: cần mật khẩu khóa giải mã của cơ quan (--passphrase-file)."))
            self.identity = age_identity.load_identity(office_dir(self.paths), self.passphrase)
        return self.identity

    def unlock_secret(self):
        if self.secret is None:
            if not self.passphrase:
                raise ReceiverError(_("Cần mật khẩu của cơ quan để ký biên nhận (--passphrase-file)."))
            self.secret = crypto.load_secret(office_dir(self.paths), self.passphrase)
            ident = receiver_identity(self.paths)
            self.office_name, self.office_key_id = ident.office_name, self.secret.key_id
        return self.secret


def import_packages(db: Database, paths: Paths, files, passphrase: str | None, *, dry_run: bool,
                    report=None, cancelled=None, receipts_dir=None) -> list[ImportResult]:
    """Check (and unless ``dry_run`` import) each package of ``files`` (files or folders).

    Returns one :class:`ImportResult` per file, in import order. A refused package is a result
    (``status="refused"``, ``code``, ``reason``), not an exception. Raised for the whole batch:
    :class:`app.crypto.age_identity.WrongIdentityPassphrase` / :class:`app.crypto.keys.WrongPassphrase`
    (wrong passphrase), :class:`ReceiverError` (no passphrase for an encrypted package).
    Unless ``dry_run``: a signed receipt per package in ``receipts_dir`` (default ``<data>/receipts``).
    """
    batch = _Batch(db, paths, passphrase, dry_run, receipts_dir)
    targets = package_files(files)
    if not dry_run and targets:
        batch.unlock_secret()          # a wrong passphrase stops the batch before anything is written
    results = []
    for i, path in enumerate(targets):
        if cancelled is not None and cancelled():
            break
        results.append(_one(batch, path))
        if report is not None:
            report(i + 1, len(targets))
    return results


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise PackageRefused("too_large", _("Tệp {file} quá lớn để là một gói dữ liệu.").format(file=path.name))
        return path.read_bytes()
    except OSError as exc:
        raise PackageRefused("unreadable", _("Không đọc được tệp {file}: {reason}").format(
            file=path, reason=exc.strerror or exc)) from exc


def _one(batch: _Batch, path: Path) -> ImportResult:
    opened, digest = None, ""
    try:
        data = _read(path)
        digest = hashlib.sha256(data).hexdigest()
        known = _known(batch, path, digest, len(data))
        if known is not None:
            return _already(batch, path, known, digest)
        identity = batch.unlock_identity() if age_identity.is_age(data) else None
        opened = open_package(data, identity=identity, file_name=path.name)
        del data
        verify_package(opened, batch.lookup)
        if _sequence_state(batch, opened) == "already":
            return _already(batch, path, opened, digest)
        if batch.dry_run:
            with batch.db.session() as s:
                commune_id = s.scalar(select(ReceiverCommune.id).where(ReceiverCommune.code == opened.commune_code))
                plan = receiver_diff.plan(s, commune_id, opened)
            preview = _preview(batch, opened, plan.first_package, tuple(plan.changes), plan.counts)
            entry = batch.virtual.setdefault(opened.commune_code, (0, set()))
            batch.virtual[opened.commune_code] = (max(entry[0], opened.sequence), entry[1] | {opened.package_id})
            return ImportResult(str(path), "would_import", None, None, preview, None, digest)
        receipt_path = batch.receipts_dir / receipt_file_name(opened.commune_code, opened.year, opened.sequence)
        plan = _write(batch, opened, path.name, receipt_path)
        preview = _preview(batch, opened, plan.first_package, tuple(plan.changes), plan.counts)
        receipt = _receipt(batch, opened, "imported", None)
        return ImportResult(str(path), "imported", None, None, preview, receipt, digest)
    except PackageRefused as exc:
        receipt = None
        if opened is not None and not batch.dry_run:
            receipt = _receipt(batch, opened, "refused", exc.message)
        if not batch.dry_run:
            _log(batch, path.name, digest, opened, "refused", exc.code, exc.message)
        preview = _preview(batch, opened, None, (), {}) if opened is not None else None
        return ImportResult(str(path), "refused", exc.message, exc.code, preview, receipt, digest)


def _already(batch: _Batch, path: Path, opened, digest: str) -> ImportResult:
    preview = _preview(batch, opened, None, (_("Gói này đã được nhận trước đây; không thay đổi gì."),), {})
    receipt = _receipt(batch, opened, "already_imported", None)
    _log(batch, path.name, digest, opened, "already_imported", "", "")
    return ImportResult(str(path), "already_imported", _("Đã nhận"), None, preview, receipt, digest)


def _known(batch: _Batch, path: Path, digest: str, size: int) -> OpenedPackage | None:
    """The very file (same SHA-256) imported before, as the manifest stored then says it, when its
    key is still registered and not revoked: "đã nhận" without decrypting and checking it again
    (it was checked, byte for byte, when imported). Otherwise None: the full path decides."""
    with batch.db.session() as s:
        row = s.execute(select(ReceivedPackage.manifest, ReceivedPackage.key_id, ReceivedPackage.encrypted)
                        .where(ReceivedPackage.sha256 == digest).limit(1)).first()
    if row is None:
        return None
    registered = batch.lookup(row.key_id)
    if registered is None or registered.revoked:
        return None
    manifest = json.loads(row.manifest)
    return OpenedPackage(path.name, digest, size, row.encrypted, manifest, row.manifest.encode("utf-8"), b"", {})


def _preview(batch, opened, first, changes, counts) -> ImportPreview:
    m = opened.manifest
    return ImportPreview(opened.file_name, opened.commune_code, m["sender"].get("commune_name", ""), opened.year,
                         opened.content, opened.sequence, opened.package_id, opened.key_id, bool(first), changes, counts)


def _sequence_state(batch: _Batch, opened) -> str:
    """"new" or "already"; raises PackageRefused for a replayed or older sequence."""
    with batch.db.session() as s:
        if s.scalar(select(ReceivedPackage.id).where(ReceivedPackage.package_id == opened.package_id)) is not None:
            return "already"
        last = s.scalar(select(ReceiverCommune.last_sequence).where(ReceiverCommune.code == opened.commune_code))
    virtual = batch.virtual.get(opened.commune_code)
    if virtual is not None:
        if opened.package_id in virtual[1]:
            return "already"
        last = max(last or 0, virtual[0])
    if last is not None and opened.sequence <= last:
        code = "replayed_sequence" if opened.sequence == last else "old_sequence"
        raise PackageRefused(code, _(
            "Gói {file} có số thứ tự {seq}, không lớn hơn số thứ tự {last} của gói mới nhất đã nhận từ xã {commune}: "
            "gói cũ hoặc gửi lại, không nhập.").format(file=opened.file_name, seq=opened.sequence, last=last,
                                                       commune=opened.commune_code))
    return "new"


def _write(batch: _Batch, opened, file_name: str, receipt_path: Path) -> receiver_diff.Plan:
    """Everything of one package in one transaction; the plan (preview) made on the way."""
    if not batch.backed_up:
        backup_database(batch.paths.database, batch.paths.backups, "receiver-import")
        batch.backed_up = True
    m = opened.manifest
    sender = m["sender"]
    with batch.db.session() as s:
        commune = s.scalar(select(ReceiverCommune).where(ReceiverCommune.code == opened.commune_code))
        plan = receiver_diff.plan(s, commune.id, opened, write_package_id=opened.package_id)
        commune.name = sender.get("commune_name") or commune.name
        commune.province_name = sender.get("province_name") or commune.province_name
        commune.centre_name = sender.get("centre_name") or commune.centre_name
        commune.last_sequence, commune.last_package_id = opened.sequence, opened.package_id
        s.add(ReceivedPackage(package_id=opened.package_id, commune_id=commune.id, year=opened.year,
                              sequence=opened.sequence, content=opened.content, key_id=opened.key_id,
                              file_name=file_name, sha256=opened.sha256, size=opened.size, encrypted=opened.encrypted,
                              package_created_at=m["created_at"], previous_package_id=m.get("previous_package_id"),
                              received_at=utcnow(), manifest=opened.manifest_bytes.decode("utf-8"),
                              receipt_file=str(receipt_path)))
        if plan.summary_text is not None:
            row = s.scalar(select(ReceivedSummary).where(ReceivedSummary.commune_id == commune.id,
                                                         ReceivedSummary.year == opened.year))
            if row is None:
                s.add(ReceivedSummary(commune_id=commune.id, year=opened.year, package_id=opened.package_id,
                                      summary=plan.summary_text))
            else:
                row.package_id, row.summary = opened.package_id, plan.summary_text
        if receiver_diff.RECOGNITIONS in opened.files:
            s.execute(delete(ReceivedRecognition).where(ReceivedRecognition.commune_id == commune.id,
                                                        ReceivedRecognition.year == opened.year))
            if plan.recognitions:
                s.execute(insert(ReceivedRecognition.__table__), [
                    {"commune_id": commune.id, "year": y, "record_uuid": u, "title_code": t, "data": d}
                    for u, t, y, d in plan.recognitions])
        s.add(ReceiverImportEvent(file_name=file_name, sha256=opened.sha256, package_id=opened.package_id,
                                  commune_code=opened.commune_code, result="imported"))
    return plan


def _log(batch: _Batch, file_name: str, digest: str, opened, result: str, code: str, reason: str) -> None:
    if batch.dry_run:
        return
    with batch.db.session() as s:
        s.add(ReceiverImportEvent(file_name=file_name, sha256=digest, package_id=opened.package_id if opened else "",
                                  commune_code=opened.commune_code if opened else "", result=result, code=code,
                                  reason=reason))


def _receipt(batch: _Batch, opened, result: str, reason: str | None) -> Path | None:
    if batch.dry_run:
        return None
    secret = batch.unlock_secret()
    receipt = Receipt(opened.package_id, opened.file_name, opened.sha256, opened.commune_code, opened.year,
                      opened.sequence, datetime.now().astimezone().isoformat(timespec="seconds"), result, reason,
                      batch.office_name, batch.office_key_id)
    if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", receipt.package_id):
        return None
    target = batch.receipts_dir / receipt_file_name(opened.commune_code, opened.year, opened.sequence)
    if result != "imported" and target.exists():
        target = target.with_name(target.name.replace(".tthtcd-receipt", f"-{result}-{opened.sha256[:8]}.tthtcd-receipt"))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(write_receipt(receipt, secret))
    os.replace(tmp, target)
    return target


def results_json(results: list[ImportResult]) -> list[dict]:
    """Plain JSON for ``--json`` output."""
    out = []
    for r in results:
        p = r.preview
        out.append({"file": r.file, "status": r.status, "code": r.code, "reason": r.reason,
                    "sha256": r.package_sha256, "receipt": str(r.receipt_path) if r.receipt_path else None,
                    "preview": None if p is None else {
                        "commune_code": p.commune_code, "commune_name": p.commune_name, "year": p.year,
                        "content": p.content, "sequence": p.sequence, "package_id": p.package_id, "key_id": p.key_id,
                        "first_package": p.first_package, "changes": list(p.changes), "counts": p.counts}})
    return out

