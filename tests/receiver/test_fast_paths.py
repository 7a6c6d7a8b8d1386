"""What makes a big import quick must not change what it decides: the "đã nhận" short cut by the
file's SHA-256, records compared and written in chunks, the quick check of recognition lines."""

from __future__ import annotations

import shutil
import uuid

import pytest
from sqlalchemy import func, select

from app.exchange.receipts import read_receipt
from app.models import ReceivedPackage, ReceivedRecord
from app.services import receiver_diff, receiver_import
from app.services.receiver import received_packages, revoke_key
from tests.receiver import builder
from tests.receiver.conftest import PASSPHRASE


def _put(paths, data, m, name=None):
    path = paths.root / "usb" / (name or builder.file_name(m, True))
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _import(db, paths, target, dry_run=False):
    return receiver_import.import_packages(db, paths, [target], PASSPHRASE, dry_run=dry_run)


def test_the_same_file_again_is_da_nhan_without_opening_it(registered, office, commune_key, recipient, monkeypatch):
    db, paths = registered, office
    # given a package imported once
    data, m = builder.build(commune_key, recipient=recipient)
    path = _put(paths, data, m)
    [first] = _import(db, paths, path)
    assert first.status == "imported"

    # when the very same file comes again, also under another name, nothing is decrypted or opened
    def must_not_run(*_a, **_k):
        raise AssertionError("the same file was opened again")

    monkeypatch.setattr(receiver_import, "open_package", must_not_run)
    monkeypatch.setattr(receiver_import.age_identity, "load_identity", must_not_run)
    copy = path.with_name("ban sao " + path.name)
    shutil.copy(path, copy)
    for again_path in (path, copy):
        [again] = _import(db, paths, again_path)
        # then it is "đã nhận", previewed from the manifest stored when it was imported
        assert (again.status, again.reason) == ("already_imported", "Đã nhận")
        p = again.preview
        assert (p.commune_code, p.commune_name, p.year, p.sequence, p.package_id) == (
            "14113", "Xã Chiềng Mung", 2026, 1, m["package_id"])
        assert p.changes == ("Gói này đã được nhận trước đây; không thay đổi gì.",)
        receipt = read_receipt(again.receipt_path.read_bytes())
        assert (receipt.result, receipt.package_id, receipt.package_sha256) == (
            "already_imported", m["package_id"], first.package_sha256)
    assert len(received_packages(db)) == 1


def test_the_same_file_after_its_key_was_revoked_is_checked_again_and_refused(registered, office, commune_key,
                                                                               recipient):
    db, paths = registered, office
    data, m = builder.build(commune_key, recipient=recipient)
    path = _put(paths, data, m)
    assert _import(db, paths, path)[0].status == "imported"
    revoke_key(db, commune_key.key_id, "cán bộ giữ khóa nghỉ việc")
    [r] = _import(db, paths, path)
    assert r.status == "refused" and r.code == "revoked_key" and "cán bộ giữ khóa nghỉ việc" in r.reason


def _person(i: int, name: str, stamp="2026-11-20T01:00:00Z") -> dict:
    return {"uuid": str(uuid.UUID(int=9000 + i)), "updated_at": stamp, "full_name": name}


def _stored(db) -> dict[str, tuple[str, str | None]]:
    with db.session() as s:
        return {u: (d, gone) for u, d, gone in s.execute(
            select(ReceivedRecord.record_uuid, ReceivedRecord.data, ReceivedRecord.deleted_at))}


def test_records_compared_and_written_in_small_chunks_give_the_same_result(registered, office, commune_key,
                                                                           recipient, monkeypatch):
    db, paths = registered, office
    monkeypatch.setattr(receiver_diff, "_CHUNK", 2)
    monkeypatch.setattr(receiver_diff, "_LOOKUP", 1)
    names = ["Lò Văn Pọm", "Cầm Thị Ún", "Quàng Văn Hặc", "Tòng Thị Phới", "Lường Văn Xôm"]
    people = [_person(i, n) for i, n in enumerate(names)]
    files = {**builder.data_files(), "data/persons.jsonl": builder.jsonl(people)}
    data, m = builder.build(commune_key, recipient=recipient, content="full", files=files)
    [r] = _import(db, paths, _put(paths, data, m))
    assert r.preview.counts["records"]["persons"] == {"total": 5, "new": 5, "changed": 0, "deleted": 0}
    assert len(_stored(db)) == 5
    # the second package: one renamed, one new, one deleted; previewed, then imported
    people[1] = _person(1, "Cầm Thị Ưng", "2026-11-22T01:00:00Z")
    people.append(_person(9, "Hà Văn Lả"))
    gone = str(uuid.UUID(int=9004))
    files = {**builder.data_files(), "data/persons.jsonl": builder.jsonl(people[:4] + people[5:]),
             "data/deletions.jsonl": builder.jsonl([{"table": "persons", "uuid": gone,
                                                     "deleted_at": "2026-11-21T00:00:00Z"}])}
    data, m2 = builder.build(commune_key, recipient=recipient, content="full", files=files, seq=2)
    path = _put(paths, data, m2)
    [preview] = _import(db, paths, path, dry_run=True)
    [done] = _import(db, paths, path)
    expected = {"total": 5, "new": 1, "changed": 1, "deleted": 1}
    assert preview.preview.counts["records"]["persons"] == done.preview.counts["records"]["persons"] == expected
    assert "Nhân khẩu: 1 mới, 1 thay đổi, 1 xóa (gói có 5)." in done.preview.changes
    stored = _stored(db)
    assert len(stored) == 6 and "Cầm Thị Ưng" in stored[str(uuid.UUID(int=9001))][0]
    assert stored[gone][1] == "2026-11-21T00:00:00Z"


def test_a_bad_record_late_in_a_package_rolls_the_whole_import_back(registered, office, commune_key, recipient,
                                                                     monkeypatch):
    db, paths = registered, office
    monkeypatch.setattr(receiver_diff, "_CHUNK", 2)
    people = [_person(i, f"Người số {i}") for i in range(6)] + [_person(2, "Trùng mã")]
    files = {**builder.data_files(), "data/persons.jsonl": builder.jsonl(people)}
    data, m = builder.build(commune_key, recipient=recipient, content="full", files=files)
    [r] = _import(db, paths, _put(paths, data, m))
    assert r.status == "refused" and r.code == "bad_data"
    assert r.reason == f"Tệp data/persons.jsonl: bản ghi {uuid.UUID(int=9002)} xuất hiện hai lần."
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ReceivedRecord)) == 0
        assert s.scalar(select(func.count()).select_from(ReceivedPackage)) == 0


@pytest.mark.parametrize(("field", "value", "where"), [
    ("year", "2026", "year"), ("title_code", "GDHT2", "title_code"), ("display_name", "", "display_name"),
    ("subject_uuid", "ABC", "subject_uuid"), ("extra", 1, "(gốc)"), ("certificate_number", True, "certificate_number"),
])
def test_recognition_lines_breaking_the_schema_are_refused_naming_line_and_field(commune_key, field, value, where):
    from app.exchange.package_read import PackageRefused, open_package

    recs = [builder.recognition(i) for i in range(5)]
    recs[3][field] = value
    files = {**builder.data_files(), "data/recognitions.jsonl": builder.jsonl(recs)}
    with pytest.raises(PackageRefused) as exc:
        open_package(builder.build(commune_key, files=files)[0])
    assert exc.value.code == "schema"
    assert exc.value.message.startswith(f"Tệp data/recognitions.jsonl (dòng 4) không đúng lược đồ JSON ở “{where}”")


def test_what_the_schema_allows_the_quick_check_does_not_refuse(commune_key):
    from app.exchange.package_read import open_package

    # an integer written as 2026.0 and a missing optional field: valid under the schema
    recs = [builder.recognition(i) for i in range(3)]
    recs[1]["year"] = 2026.0
    recs[2]["total"] = None
    files = {**builder.data_files(), "data/recognitions.jsonl": builder.jsonl(recs)}
    opened = open_package(builder.build(commune_key, files=files)[0])
    assert opened.files["data/recognitions.jsonl"] == files["data/recognitions.jsonl"]


def test_every_table_of_a_full_package_has_a_vietnamese_name_in_the_preview():
    """The dry-run preview names what changes in the officer's words, never ``unit_members``."""
    from app.exchange.package_tables import TABLES
    from app.services.receiver_diff import table_label

    for spec in TABLES:
        assert table_label(spec.name) != spec.name, spec.name
    assert table_label("class_attendance") == "Điểm danh"
    assert table_label("deletions") == "Bản ghi đã xóa"
