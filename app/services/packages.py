"""The commune's data packages: the receiving office's configuration, export, the sent-packages
list and receipts (biên nhận).

:func:`export_package` is the one use case that writes a package (see ``package-format.md``):

1. checks first, so a refusal costs nothing: the content, the commune's profile, the recipient
   (``full`` is never written unencrypted), the passphrase (the key is decrypted before anything
   else, ≈ 0.1 s);
2. reserves the sequence number in its own committed transaction (a ``sent_package`` row with
   status ``reserved``): a number is never used twice, even when the export then fails;
3. gathers the data in one read transaction, builds the ZIP (entries streamed, schemas checked,
   manifest signed), encrypts it with age when a recipient is configured;
4. writes ``.<name>.part`` in the target folder, flushes it to disk and renames it to the final
   name: nothing half-written is ever left under a package's name; on any failure the part file is
   removed and the row says ``failed``;
5. records the file (size, SHA-256 of the file as written, date) and an audit row (who, when, year,
   content, recipient, hash) in one transaction.

Runs on any thread (the UI calls it through ``app.tasks``); ``report(done, total)`` and
``cancelled()`` as there.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app import APP_NAME, __version__
from app.crypto import keys as crypto
from app.db.engine import Database
from app.exchange import package_recognitions as recognitions
from app.exchange import package_schemas as schemas
from app.exchange import package_tables as tables
from app.exchange import package_write as writer
from app.i18n import N_, _
from app.models import CommuneProfile, Person, SentPackage
from app.models.base import utcnow
from app.models.packages import PackageRecipient
from app.paths import Paths
from app.services import audit
from app.services import keys as commune_keys
from app.services.certificate_subjects import commune_code_of
from app.services.errors import NotFound, Problem, ValidationFailed
from app.services.setup import ProfileData, get_profile

CONTENTS = ("summary", "full")
CONTENT_LABELS = {"summary": N_("Tổng hợp"), "full": N_("Đầy đủ")}
STATUS_LABELS = {
    "reserved": N_("Đang ghi"),
    "sent": N_("Đã gửi"),
    "failed": N_("Không ghi được"),
    "received": N_("Đã nhận biên nhận"),
    "refused": N_("Bị từ chối"),
}

Report = Callable[[int, int], None]


class PackageProblem(Exception):
    """An export or receipt refused before anything was written; ``str()`` is Vietnamese."""


# ---------------------------------------------------------------- receiving office


@dataclass(frozen=True)
class ReceiverConfig:
    office_name: str
    age_recipient: str
    signing_public_key: str
    signing_key_id: str

    @property
    def can_encrypt(self) -> bool:
        return bool(self.age_recipient)


@dataclass(frozen=True)
class ReceiverFile:
    """What a receiving office's identity file (``*.tthtcd-receiver.json``) or a bare ``age1…`` gives."""

    office_name: str
    age_recipient: str
    signing_public_key: str
    key_id: str


def receiver_config(db: Database) -> ReceiverConfig | None:
    """The configured receiving office, or None. The office name falls back to the profile's."""
    with db.session() as s:
        row = s.scalars(select(PackageRecipient).order_by(PackageRecipient.id)).first()
        office = s.scalar(select(CommuneProfile.receiver_office_name)) or ""
        if row is None:
            return ReceiverConfig(office, "", "", "") if office else None
        return ReceiverConfig(row.office_name or office, row.age_recipient, row.signing_public_key,
                              row.signing_key_id)


def set_receiver(db: Database, office_name: str, age_recipient: str, signing_public_key: str | None = None
                 ) -> ReceiverConfig:
    """Store the receiving office (name, ``age1…`` recipient, optionally its minisign public key for
    receipts). An empty recipient clears it. Raises :class:`ValidationFailed` with Vietnamese
    problems (``office_name``, ``age_recipient``, ``signing_public_key``)."""
    office_name = unicodedata.normalize("NFC", (office_name or "").strip())
    recipient = (age_recipient or "").strip()
    problems = []
    if not office_name:
        problems.append(Problem("office_name", _("Nhập tên cơ quan tiếp nhận.")))
    if recipient:
        try:
            writer.parse_recipient(recipient)
        except writer.RecipientProblem as exc:
            problems.append(Problem("age_recipient", str(exc)))
    pub_text, key_id = "", ""
    if signing_public_key and signing_public_key.strip():
        try:
            key_id = crypto.key_id_of(crypto.public_key_from_text(signing_public_key))
            pub_text = _pub_line(signing_public_key)
        except crypto.KeyProblem as exc:
            problems.append(Problem("signing_public_key", str(exc)))
    if problems:
        raise ValidationFailed(problems)
    with db.session() as s:
        row = s.scalars(select(PackageRecipient).order_by(PackageRecipient.id)).first()
        if row is None:
            row = PackageRecipient()
            s.add(row)
        before = (row.office_name, row.age_recipient, row.signing_key_id)
        row.office_name, row.age_recipient = office_name, recipient
        row.signing_public_key, row.signing_key_id = pub_text, key_id
        profile = s.scalars(select(CommuneProfile)).first()
        if profile is not None:
            profile.receiver_office_name = office_name
        s.flush()
        audit.record(s, "update", "package_recipient", row.uuid,
                     _("Cơ quan tiếp nhận: {office}").format(office=office_name),
                     {"before": list(before), "after": [office_name, recipient, key_id]})
    return ReceiverConfig(office_name, recipient, pub_text, key_id)


def _pub_line(text_: str) -> str:
    lines = [ln.strip() for ln in text_.strip().splitlines() if ln.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    return lines[0] if lines else ""


def parse_receiver_text(content: str) -> ReceiverFile:
    """A receiver identity file's JSON text, or a bare ``age1…`` line (typed or pasted). Raises
    :class:`PackageProblem` in Vietnamese."""
    content = (content or "").strip().lstrip("\ufeff")
    if content.startswith("age1"):
        try:
            writer.parse_recipient(content)
        except writer.RecipientProblem as exc:
            raise PackageProblem(str(exc)) from exc
        return ReceiverFile("", content, "", "")
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise PackageProblem(_("Tệp không phải tệp khóa của cơ quan tiếp nhận (.tthtcd-receiver.json) cũng không "
                               "phải khóa nhận “age1…”.")) from exc
    found = schemas.problem(schemas.RECEIVER, data)
    if found:
        raise PackageProblem(_("Tệp khóa của cơ quan tiếp nhận không đúng định dạng: {problem}").format(problem=found))
    return ReceiverFile(unicodedata.normalize("NFC", data["office_name"]), data["age_recipient"],
                        data.get("signing_public_key") or "", data.get("key_id") or "")


def read_receiver_file(path: str | os.PathLike[str]) -> ReceiverFile:
    try:
        content = Path(path).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackageProblem(_("Không đọc được tệp {file}.").format(file=path)) from exc
    return parse_receiver_text(content)


def test_encryption(age_recipient: str) -> int:
    """Encrypt a test message to ``age_recipient`` and check the result is an age file for one X25519
    recipient; returns the encrypted size. Raises :class:`PackageProblem` (Vietnamese)."""
    try:
        data = writer.encrypt("Thử mã hóa gói dữ liệu TTHTCĐ".encode(), age_recipient)
    except writer.RecipientProblem as exc:
        raise PackageProblem(str(exc)) from exc
    if not data.startswith(b"age-encryption.org/v1\n-> X25519 "):
        raise PackageProblem(_("Mã hóa thử không cho tệp age hợp lệ."))
    return len(data)


# ---------------------------------------------------------------- the sent list


@dataclass(frozen=True)
class SentPackageInfo:
    id: int
    sequence: int
    package_id: str
    previous_package_id: str
    year: int
    content: str
    status: str
    file_name: str
    folder: str
    size: int
    sha256: str
    encrypted: bool
    recipient: str
    office_name: str
    key_id: str
    created_by: str
    created_at: datetime
    written_at: datetime | None
    error: str
    receipt_at: datetime | None
    receipt_result: str
    receipt_reason: str
    receipt_verified: bool

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.file_name

    @property
    def content_label(self) -> str:
        return _(CONTENT_LABELS.get(self.content, self.content))

    @property
    def status_label(self) -> str:
        label = _(STATUS_LABELS.get(self.status, self.status))
        if self.status == "refused" and self.receipt_reason:
            return f"{label}: {self.receipt_reason}"
        return label


def _info(row: SentPackage) -> SentPackageInfo:
    return SentPackageInfo(
        row.id, row.sequence, row.package_id, row.previous_package_id, row.year, row.content, row.status,
        row.file_name, row.folder, row.size, row.sha256, bool(row.encrypted), row.recipient, row.office_name,
        row.key_id, row.created_by, row.created_at, row.written_at, row.error, row.receipt_at, row.receipt_result,
        row.receipt_reason, bool(row.receipt_verified))


def list_sent(db: Database, *, include_failed: bool = True) -> list[SentPackageInfo]:
    """Every package, newest (highest sequence) first; failed attempts too unless asked not to."""
    with db.session() as s:
        q = select(SentPackage).order_by(SentPackage.sequence.desc())
        if not include_failed:
            q = q.where(SentPackage.status.not_in(("failed", "reserved")))
        return [_info(r) for r in s.scalars(q)]


def next_sequence(db: Database) -> int:
    """The sequence the next package will get (informative: :func:`export_package` reserves it)."""
    with db.session() as s:
        return (s.scalar(select(func.max(SentPackage.sequence))) or 0) + 1


def _reserve(db: Database, year: int, content: str, recipient: ReceiverConfig | None, key_id: str
             ) -> SentPackageInfo:
    """Commit a ``reserved`` row with the next sequence: the number is used from now on."""
    with db.session() as s:
        sequence = (s.scalar(select(func.max(SentPackage.sequence))) or 0) + 1
        previous = s.scalar(select(SentPackage.package_id).where(
            SentPackage.status.in_(("sent", "received", "refused"))).order_by(SentPackage.sequence.desc()).limit(1))
        row = SentPackage(sequence=sequence, package_id=_new_id(), previous_package_id=previous or "", year=year,
                          content=content, status="reserved", encrypted=bool(recipient and recipient.can_encrypt),
                          recipient=recipient.age_recipient if recipient else "",
                          office_name=recipient.office_name if recipient else "", key_id=key_id,
                          created_by=audit.current_user())
        s.add(row)
        s.flush()
        return _info(row)


def _new_id() -> str:
    from app.models.base import new_uuid

    return new_uuid()


def _finish(db: Database, package_id: str, **values) -> SentPackageInfo:
    with db.session() as s:
        row = s.scalars(select(SentPackage).where(SentPackage.package_id == package_id)).one()
        for key, value in values.items():
            setattr(row, key, value)
        if values.get("status") == "sent":
            audit.record(s, "export", "package", row.package_id,
                         _("Xuất gói dữ liệu {file} (năm {year}, {content})").format(
                             file=row.file_name, year=row.year, content=_(CONTENT_LABELS[row.content])),
                         {"sequence": row.sequence, "year": row.year, "content": row.content,
                          "file": row.file_name, "sha256": row.sha256, "size": row.size,
                          "recipient": row.recipient or None, "office": row.office_name, "key_id": row.key_id})
        elif values.get("status") == "failed":
            audit.record(s, "export_failed", "package", row.package_id,
                         _("Xuất gói dữ liệu số {n} không thành công: {error}").format(
                             n=row.sequence, error=row.error),
                         {"sequence": row.sequence, "year": row.year, "content": row.content})
        s.flush()
        return _info(row)


# ---------------------------------------------------------------- export


@dataclass(frozen=True)
class ExportPreview:
    """What a package of ``content`` for ``year`` carries, in counts, and the personal data it holds
    (plain Vietnamese lines for the wizard)."""

    year: int
    content: str
    commune_code: str
    file_name: str
    sequence: int
    recipient: ReceiverConfig | None
    encrypted: bool
    counts: dict[str, int]
    personal_data: tuple[str, ...]
    refusal: str


def preview(db: Database, year: int, content: str) -> ExportPreview:
    """The wizard's "what leaves the commune" page; ``refusal`` is non-empty when the export would
    be refused (no profile, ``full`` without a recipient)."""
    profile = get_profile(db)
    recipient = receiver_config(db)
    encrypted = bool(recipient and recipient.can_encrypt)
    code = commune_code_of(profile) if profile and profile.commune_name else "xa"
    seq = next_sequence(db)
    with db.session() as s:
        counts = {"recognitions": recognitions.count(s, year)}
        by_kind = recognitions.count_by_kind(s, year)
        if content == "full":
            for spec in tables.TABLES:
                counts[spec.name] = tables.count(s, spec, year)
            counts["deletions"] = tables.deletion_count(s)
            counts["id_numbers"] = s.scalar(select(func.count(Person.id)).where(Person.id_number != "")) or 0
            counts["phones"] = s.scalar(select(func.count(Person.id)).where(Person.phone != "")) or 0
    lines = _personal_lines(content, counts, by_kind)
    return ExportPreview(year, content, code, writer.file_name(code, year, seq, encrypted), seq, recipient, encrypted,
                         counts, tuple(lines), _refusal(profile, content, recipient))


def _personal_lines(content: str, counts: dict[str, int], by_kind: dict[str, int]) -> list[str]:
    from app.i18n import format_number as n

    people = by_kind.get("person", 0)
    households = by_kind.get("household", 0)
    lines = [_("Họ tên của {n} công dân và tên chủ hộ của {h} hộ được công nhận trong năm, kèm thôn, bản, "
               "tổng điểm, số và ngày quyết định, số giấy công nhận.").format(n=n(people), h=n(households)),
             _("Số liệu tổng hợp (số lượng, tỷ lệ) và báo cáo năm: không có thông tin riêng của từng người.")]
    if content == "full":
        lines = [
            _("Toàn bộ danh sách {n} nhân khẩu của {h} hộ: họ tên, giới tính, ngày và năm sinh, quan hệ với chủ hộ, "
              "dân tộc, trình độ học vấn, nghề nghiệp, ghi chú.").format(
                n=n(counts.get("persons", 0)), h=n(counts.get("households", 0))),
            _("Số định danh cá nhân (CCCD) của {n} người; số điện thoại của {p} người.").format(
                n=n(counts.get("id_numbers", 0)), p=n(counts.get("phones", 0))),
            _("Dòng họ, đơn vị và thành viên; {c} lớp học với học viên và điểm danh; báo cáo viên.").format(
                c=n(counts.get("classes", 0))),
            _("{a} phiếu đánh giá với điểm từng tiêu chí; {d} quyết định công nhận.").format(
                a=n(counts.get("assessments", 0)), d=n(counts.get("decisions", 0))),
            *lines,
        ]
    return lines


def _refusal(profile: ProfileData | None, content: str, recipient: ReceiverConfig | None) -> str:
    if content not in CONTENTS:
        return _("Nội dung gói phải là “summary” (tổng hợp) hoặc “full” (đầy đủ).")
    if profile is None or not profile.commune_name:
        return _("Chưa nhập thông tin của xã (Cài đặt → Thông tin xã): không xuất được gói dữ liệu.")
    if content == "full" and not (recipient and recipient.can_encrypt):
        return _("Gói đầy đủ chứa thông tin cá nhân nên chỉ được ghi khi đã mã hóa. Hãy nhập khóa nhận “age1…” "
                 "của cơ quan tiếp nhận (Gửi dữ liệu → Cơ quan tiếp nhận) rồi xuất lại.")
    return ""


def export_package(db: Database, paths: Paths, year: int, content: str, out_dir: str | os.PathLike[str],
                   passphrase: str, *, report: Report | None = None,
                   cancelled: Callable[[], bool] | None = None) -> SentPackageInfo:
    """Write the package for ``year`` into ``out_dir`` and record it (see the module docstring).

    Raises :class:`PackageProblem` (refusals: content, profile, recipient, folder),
    :class:`app.crypto.keys.KeyProblem` (no key, wrong passphrase), :class:`writer.Cancelled`,
    and whatever the data gathering raises (the row is then ``failed``)."""
    report = report or (lambda done, total: None)
    cancelled = cancelled or (lambda: False)
    profile, recipient = get_profile(db), receiver_config(db)
    refusal = _refusal(profile, content, recipient)
    if refusal:
        raise PackageProblem(refusal)
    folder = Path(out_dir)
    if not folder.is_dir():
        raise PackageProblem(_("Không có thư mục {folder}. Hãy cắm USB hoặc chọn thư mục khác.").format(folder=folder))
    secret = commune_keys.load_secret(paths, passphrase)
    reserved = _reserve(db, year, content, recipient, secret.key_id)
    encrypted = reserved.encrypted
    code = commune_code_of(profile)
    name = writer.file_name(code, year, reserved.sequence, encrypted)
    target, part = folder / name, folder / f".{name}.part"
    try:
        if target.exists():
            raise PackageProblem(_("Thư mục đã có tệp {file}; không ghi đè.").format(file=name))
        header = _header(db, profile, code, reserved, recipient, secret.key_id)
        data = _build(db, year, content, header, secret, report, cancelled)
        if encrypted:
            data = writer.encrypt(data, recipient.age_recipient)
        digest = hashlib.sha256(data).hexdigest()
        _write_durably(part, data)
        if cancelled():
            raise writer.Cancelled(_("Đã hủy xuất gói dữ liệu."))
        os.replace(part, target)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        _finish(db, reserved.package_id, status="failed", error=str(exc)[:2000] or type(exc).__name__)
        raise
    return _finish(db, reserved.package_id, status="sent", file_name=name, folder=str(folder.resolve()),
                   size=len(data), sha256=digest, written_at=utcnow())


def _write_durably(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _schema_version(db: Database) -> str:
    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar() or ""
        except Exception:  # noqa: BLE001 - a database made without Alembic (tests)
            return ""


def _header(db: Database, profile: ProfileData, code: str, reserved: SentPackageInfo,
            recipient: ReceiverConfig | None, key_id: str) -> dict:
    return {
        "package_id": reserved.package_id,
        "created_at": datetime.now().astimezone().replace(microsecond=0).isoformat(),
        "sender": {"commune_code": code, "commune_name": profile.commune_display,
                   "province_name": profile.province_name, "centre_name": profile.centre_name, "key_id": key_id},
        "recipient": {"office_name": recipient.office_name if recipient else profile.receiver_office_name,
                      "age_recipient": recipient.age_recipient if reserved.encrypted and recipient else None},
        "period": {"year": reserved.year},
        "sequence": reserved.sequence,
        "previous_package_id": reserved.previous_package_id or None,
        "content": reserved.content,
        "app": {"name": APP_NAME, "version": __version__, "schema_version": _schema_version(db)},
    }


def summary_json(db: Database, year: int) -> dict:
    """``data/summary.json``: the annual report's figures, exactly ``report --year Y --json``."""
    from app.services.report_figures import annual_summary

    return annual_summary(db, year)


def _build(db: Database, year: int, content: str, header: dict, secret: crypto.CommuneSecret, report: Report,
           cancelled: Callable[[], bool]) -> bytes:
    """The package ZIP. The annual figures and their PDF (≈ 1–2 s on a large commune, mostly Python)
    are computed on a helper thread while this one streams the tables (SQLite and zlib release the
    GIL), each with its own sessions."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        report_future = pool.submit(_report_files, db, year)
        with db.session() as s:
            entries = [
                writer.Entry("data/summary.json", writer.JSON, data=b"", schema=schemas.SUMMARY),
                writer.Entry("data/recognitions.jsonl", writer.JSONL, records=recognitions.records(s, year),
                             schema=schemas.RECOGNITION, fast_check=recognitions.check),
                writer.Entry("data/reports/annual-report.pdf", writer.PDF, data=b""),
            ]
            if content == "full":
                entries += _full_entries(s, year)
            later = {"data/summary.json": 0, "data/reports/annual-report.pdf": 1}

            def deferred(entry: writer.Entry) -> writer.Entry:
                summary, pdf, summary_bytes = report_future.result()
                if later[entry.path] == 0:
                    entry.data, entry.document = summary_bytes, summary
                else:
                    entry.data = pdf
                return entry

            ordered = entries[3:] + [entries[1]] + [entries[0], entries[2]]
            data, _manifest = writer.build_zip(header, ordered, lambda b, c: crypto.sign_bytes(secret, b, c),
                                               report=report, cancelled=cancelled, prepare=deferred)
    return data


def _report_files(db: Database, year: int) -> tuple[dict, bytes, bytes]:
    from app.services.report_print import annual_report_pdf

    summary = summary_json(db, year)
    return summary, annual_report_pdf(db, year, summary=summary), writer.dumps_document(summary)


def _full_entries(s: Session, year: int) -> list[writer.Entry]:
    out = [writer.Entry(spec.path, writer.JSONL, chunks=tables.chunks(s, spec, year), schema=schemas.RECORD,
                        fast_check=tables.check_lines) for spec in tables.TABLES]
    out.append(writer.Entry("data/deletions.jsonl", writer.JSONL, chunks=tables.deletions(s),
                            schema=schemas.DELETION))
    return out


# ---------------------------------------------------------------- receipts


def mark_received(db: Database, receipt) -> SentPackageInfo:
    """Mark the sent package a receipt names (same ``package_id`` and ``package_sha256``) as received
    (result ``imported`` / ``already_imported``) or refused (the office's reason kept). ``receipt`` is
    an :class:`app.exchange.receipts.Receipt` (attributes as receipt.json, plus ``verified``).
    Raises :class:`PackageProblem` when no sent package matches."""
    package_id, sha = str(receipt.package_id), str(receipt.package_sha256).lower()
    result = str(receipt.result)
    with db.session() as s:
        row = s.scalars(select(SentPackage).where(SentPackage.package_id == package_id)).first()
        if row is None or row.status in ("reserved", "failed"):
            raise PackageProblem(_("Biên nhận nói về gói {file} (mã {id}) nhưng xã chưa gửi gói nào như vậy từ máy "
                                   "này.").format(file=getattr(receipt, "package_file", "?"), id=package_id))
        if row.sha256 != sha:
            raise PackageProblem(_("Biên nhận không khớp gói {file}: mã băm của gói cơ quan tiếp nhận đã nhận khác "
                                   "mã băm của tệp xã đã ghi. Tệp có thể đã bị thay đổi trên đường gửi; hãy gửi "
                                   "lại gói.").format(file=row.file_name))
        row.status = "refused" if result == "refused" else "received"
        row.receipt_result = result
        row.receipt_reason = str(getattr(receipt, "reason", "") or "")
        row.receipt_at = _parse_time(getattr(receipt, "received_at", None))
        row.receipt_verified = bool(getattr(receipt, "verified", False))
        audit.record(s, "receipt", "package", row.package_id,
                     _("Biên nhận gói {file}: {status}").format(file=row.file_name,
                                                               status=_(STATUS_LABELS[row.status])),
                     {"result": result, "reason": row.receipt_reason, "office": getattr(receipt, "office_name", ""),
                      "verified": row.receipt_verified})
        s.flush()
        return _info(row)


def _parse_time(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return utcnow()
    if parsed.tzinfo is not None:
        from datetime import UTC

        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def import_receipt(db: Database, data: bytes) -> SentPackageInfo:
    """Read a ``.tthtcd-receipt`` file's bytes and mark its package. When the receiving office's
    signing key is configured the receipt must carry a valid signature by it. Raises
    :class:`PackageProblem` (Vietnamese)."""
    from app.exchange.receipts import read_receipt

    config = receiver_config(db)
    public = None
    if config and config.signing_public_key:
        public = crypto.public_key_from_text(config.signing_public_key)
    try:
        receipt = read_receipt(data, public_key=public)
    except Exception as exc:  # noqa: BLE001 - PackageRefused and friends carry a Vietnamese message
        raise PackageProblem(_("Không đọc được biên nhận: {reason}").format(reason=exc)) from exc
    if public is not None and not getattr(receipt, "verified", False):
        raise PackageProblem(_("Chữ ký trên biên nhận không phải của cơ quan tiếp nhận đã cấu hình: không ghi nhận."))
    return mark_received(db, receipt)


def get_sent(db: Database, package_id: str) -> SentPackageInfo:
    with db.session() as s:
        row = s.scalars(select(SentPackage).where(SentPackage.package_id == package_id)).first()
        if row is None:
            raise NotFound(package_id)
        return _info(row)
