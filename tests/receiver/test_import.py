"""Importing packages into the receiving office: preview, one transaction, sequence rules, receipts."""

from __future__ import annotations

import json
import uuid

import pytest

from app.services.receiver import (
    list_communes,
    received_packages,
    received_summaries,
    receiver_identity,
    register_commune,
    revoke_key,
)
from app.services.receiver_import import import_packages
from tests.receiver import builder
from tests.receiver.conftest import PASSPHRASE


def _put(paths, data, m, encrypted=True):
    path = paths.root / "usb" / builder.file_name(m, encrypted)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _import(db, paths, target, dry_run=False, passphrase=PASSPHRASE):
    return import_packages(db, paths, [target], passphrase, dry_run=dry_run)


def test_dry_run_previews_and_writes_nothing_then_import_writes_once(registered, office, commune_key, recipient):
    db, paths = registered, office
    # given the first package of Chiềng Mung for 2026
    data, m = builder.build(commune_key, recipient=recipient)
    path = _put(paths, data, m)
    # when previewed
    [r] = _import(db, paths, path, dry_run=True)
    # then the preview says who, what year, what, and nothing is stored
    assert r.status == "would_import" and r.receipt_path is None
    p = r.preview
    assert (p.commune_code, p.commune_name, p.year, p.content, p.sequence) == ("14113", "Xã Chiềng Mung", 2026,
                                                                                "summary", 1)
    assert p.changes == ("Lần đầu nhận số liệu năm 2026 của xã.", "Danh sách công nhận: 3 công nhận.")
    assert received_packages(db) == []
    # when imported
    [r] = _import(db, paths, path)
    assert r.status == "imported" and r.receipt_path.is_file()
    [(commune, summary)] = received_summaries(db, 2026)
    assert commune.name == "Xã Chiềng Mung" and summary["titles"][0]["recognised"] == 120
    assert list_communes(db)[0].last_sequence == 1
    assert list(paths.backups.glob("*receiver-import.db"))
    # and the very same package again is "đã nhận" and changes nothing
    [again] = _import(db, paths, path)
    assert again.status == "already_imported" and again.reason == "Đã nhận"
    assert len(received_packages(db)) == 1


def test_the_preview_says_what_changed_against_the_last_package(registered, office, commune_key, recipient):
    db, paths = registered, office
    data, m = builder.build(commune_key, recipient=recipient)
    _import(db, paths, _put(paths, data, m))
    # the next package: two more households recognised, one removed, one renamed
    recs = [builder.recognition(i) for i in range(1, 5)]
    recs[0]["display_name"] = "Hộ bà Cầm Thị Xuân"
    files = {"data/summary.json": json.dumps(builder.summary(recognised=135, learners=360)).encode(),
             "data/recognitions.jsonl": builder.jsonl(recs)}
    data, m2 = builder.build(commune_key, recipient=recipient, seq=2, files=files, previous=m["package_id"])
    [r] = _import(db, paths, _put(paths, data, m2), dry_run=True)
    assert r.preview.changes == (
        "Gia đình học tập: công nhận 120 → 135",
        "Lớp học: người học 340 → 360",
        "Danh sách công nhận: thêm 2, bỏ 1, sửa 1 (tổng 4).",
        "Công nhận mới: Hộ ông Lò Văn 3, Hộ ông Lò Văn 4",
        "Công nhận bị bỏ: Hộ ông Lò Văn 0",
    )
    assert r.preview.counts["recognitions"] == {"total": 4, "added": 2, "removed": 1, "changed": 1}


def test_a_replayed_and_an_older_sequence_are_refused(registered, office, commune_key, recipient):
    db, paths = registered, office
    first, m1 = builder.build(commune_key, recipient=recipient, seq=5)
    _import(db, paths, _put(paths, first, m1))
    replay, m2 = builder.build(commune_key, recipient=recipient, seq=5)
    [r] = _import(db, paths, _put(paths, replay, m2))
    assert r.status == "refused" and r.code == "replayed_sequence"
    assert r.reason == ("Gói 14113_2026_0005.tthtcd.age có số thứ tự 5, không lớn hơn số thứ tự 5 của gói mới nhất đã "
                        "nhận từ xã 14113: gói cũ hoặc gửi lại, không nhập.")
    older, m3 = builder.build(commune_key, recipient=recipient, seq=3)
    [r] = _import(db, paths, _put(paths, older, m3))
    assert r.code == "old_sequence"
    assert len(received_packages(db)) == 1


def test_a_folder_imports_in_sequence_order_even_across_years(registered, office, commune_key, recipient):
    db, paths = registered, office
    a, ma = builder.build(commune_key, recipient=recipient, seq=3, year=2026, files=builder.data_files(2026))
    b, mb = builder.build(commune_key, recipient=recipient, seq=4, year=2025, files=builder.data_files(2025))
    _put(paths, a, ma), _put(paths, b, mb)
    results = _import(db, paths, paths.root / "usb")
    assert [r.preview.sequence for r in results] == [3, 4]
    assert [r.status for r in results] == ["imported", "imported"]


def test_unregistered_and_revoked_keys_are_refused(db, office, commune_key, commune_key_info, recipient):
    data, m = builder.build(commune_key, recipient=recipient)
    path = _put(office, data, m)
    [r] = _import(db, office, path)
    assert r.code == "unknown_key" and commune_key.key_id in r.reason
    register_commune(db, commune_key_info.public_key_text)
    revoke_key(db, commune_key.key_id, "máy tính của xã bị mất")
    [r] = _import(db, office, path)
    assert r.code == "revoked_key" and "máy tính của xã bị mất" in r.reason
    assert received_packages(db) == []


def test_a_replaced_key_still_checks_what_it_signed_before(registered, office, commune_key, other_key, recipient):
    db, paths = registered, office
    from app.crypto.keys import public_key_from_text

    new_line = public_key_from_text(bytes(other_key.public).decode()).to_base64()
    info = register_commune(db, new_line, "14113")
    assert info.status == "active"
    keys = {k.key_id: k.status for k in list_communes(db)[0].keys}
    assert keys == {commune_key.key_id: "replaced", other_key.key_id: "active"}
    # a package created (2026-11-25 in the builder) after the replacement (now, 2026-11-24?) …
    data, m = builder.build(commune_key, recipient=recipient, edit=lambda m: m.update(created_at="2020-01-01T08:00:00+07:00"))
    [r] = _import(db, paths, _put(paths, data, m))
    assert r.status == "imported"


def test_a_full_package_stores_records_and_previews_changes(registered, office, commune_key, recipient):
    db, paths = registered, office

    def person(i, name):
        return {"uuid": str(uuid.UUID(int=9000 + i)), "updated_at": "2026-11-20T01:00:00Z", "full_name": name}

    files = {**builder.data_files(), "data/persons.jsonl": builder.jsonl([person(1, "Lò Văn Pọm"),
                                                                          person(2, "Cầm Thị Ún")])}
    data, m = builder.build(commune_key, recipient=recipient, content="full", files=files)
    [r] = _import(db, paths, _put(paths, data, m))
    assert r.status == "imported"
    assert r.preview.counts["records"]["persons"] == {"total": 2, "new": 2, "changed": 0, "deleted": 0}
    changed = person(2, "Cầm Thị Ưng")
    files = {**builder.data_files(), "data/persons.jsonl": builder.jsonl([person(1, "Lò Văn Pọm"), changed]),
             "data/deletions.jsonl": builder.jsonl([{"table": "persons", "uuid": str(uuid.UUID(int=9001)),
                                                     "deleted_at": "2026-11-21T00:00:00Z"}])}
    data, m2 = builder.build(commune_key, recipient=recipient, content="full", files=files, seq=2)
    [r] = _import(db, paths, _put(paths, data, m2))
    assert r.status == "imported"
    assert "Nhân khẩu: 0 mới, 1 thay đổi, 1 xóa (gói có 2)." in r.preview.changes


def test_wrong_and_changed_passphrases(registered, office, commune_key, recipient):
    from app.crypto.age_identity import WrongIdentityPassphrase, load_identity
    from app.crypto.keys import WrongPassphrase
    from app.services.receiver import change_passphrase, office_dir

    db, paths = registered, office
    data, m = builder.build(commune_key, recipient=recipient)
    path = _put(paths, data, m)
    with pytest.raises((WrongPassphrase, WrongIdentityPassphrase)) as exc:
        _import(db, paths, path, passphrase="không phải mật khẩu")
    assert str(exc.value).startswith("Sai mật khẩu")
    assert received_packages(db) == []
    # a changed passphrase: the old one no longer opens, the new one does, the recipient stays
    before = receiver_identity(paths).age_recipient
    change_passphrase(paths, PASSPHRASE, "mật khẩu mới của Sở 2027")
    with pytest.raises(WrongIdentityPassphrase):
        load_identity(office_dir(paths), PASSPHRASE)
    [r] = _import(db, paths, path, passphrase="mật khẩu mới của Sở 2027")
    assert r.status == "imported" and receiver_identity(paths).age_recipient == before


def test_receipts_round_trip_and_tampering_is_refused(registered, office, commune_key, recipient):
    from app.crypto.keys import public_key_from_text
    from app.exchange.package_read import PackageRefused
    from app.exchange.receipts import read_receipt

    db, paths = registered, office
    data, m = builder.build(commune_key, recipient=recipient)
    [r] = _import(db, paths, _put(paths, data, m))
    assert r.receipt_path.name == "14113_2026_0001.tthtcd-receipt"
    office_key = public_key_from_text(receiver_identity(paths).signing_public_key)
    receipt = read_receipt(r.receipt_path.read_bytes(), office_key)
    assert receipt.verified and receipt.result == "imported" and receipt.package_id == m["package_id"]
    assert receipt.package_sha256 == r.package_sha256 and receipt.sequence == 1
    assert receipt.office_name == "Sở Giáo dục và Đào tạo tỉnh Sơn La"
    assert not read_receipt(r.receipt_path.read_bytes()).verified
    # a receipt edited to say something else
    import io
    import zipfile

    entries = dict((i.filename, zipfile.ZipFile(r.receipt_path).read(i)) for i in zipfile.ZipFile(r.receipt_path).infolist())
    entries["receipt.json"] = entries["receipt.json"].replace(b'"sequence": 1', b'"sequence": 2')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    with pytest.raises(PackageRefused) as exc:
        read_receipt(out.getvalue(), office_key)
    assert exc.value.code == "bad_signature"
    with pytest.raises(PackageRefused):
        read_receipt(r.receipt_path.read_bytes(), public_key_from_text(bytes(commune_key.public).decode()))


def test_a_refused_package_gets_a_refused_receipt(registered, office, commune_key, recipient):
    from app.exchange.receipts import read_receipt

    db, paths = registered, office
    data, m = builder.build(commune_key, recipient=recipient, comment_text="tthtcd package_id=x")
    [r] = _import(db, paths, _put(paths, data, m))
    assert r.status == "refused" and read_receipt(r.receipt_path.read_bytes()).result == "refused"


def test_the_receiver_file_for_communes(office):
    from app.services.receiver import write_receiver_file

    out = write_receiver_file(office, None, office.root)
    doc = json.loads(out.read_text("utf-8"))
    assert out.name == "so-giao-duc-va-dao-tao-tinh-son-la.tthtcd-receiver.json"
    assert doc["format"] == "tthtcd-receiver" and doc["age_recipient"].startswith("age1")
    assert doc["key_id"] == receiver_identity(office).key_id
