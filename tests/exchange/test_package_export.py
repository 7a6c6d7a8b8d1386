"""The data package as the receiving office and an IT officer see it (package-format.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.exchange.package_helpers import *  # noqa: F403 - the fixtures
from tests.exchange.package_helpers import OFFICE, PASSPHRASE, jsonl, read_package

ROOT = Path(__file__).resolve().parents[2]


def _usb(tmp_path) -> Path:
    usb = tmp_path / "USB"
    usb.mkdir()
    return usb


def test_a_summary_without_recipient_is_a_plain_signed_zip_any_script_can_check(demo_db, paths, commune_key,
                                                                                  tmp_path):
    from app.services.packages import export_package

    # when
    info = export_package(demo_db, paths, 2025, "summary", _usb(tmp_path), PASSPHRASE)

    # then
    assert info.file_name == "14113_2025_0001.tthtcd" and info.path.is_file()
    assert info.sequence == 1 and info.status == "sent" and not info.encrypted
    data = info.path.read_bytes()
    import hashlib

    assert info.size == len(data) and info.sha256 == hashlib.sha256(data).hexdigest()
    package = read_package(data, commune_key.public_key_text)
    m = package["manifest"]
    assert m["format"] == "tthtcd-package" and m["format_version"] == 1
    assert m["sender"]["commune_code"] == "14113" and m["sender"]["key_id"] == commune_key.key_id
    assert m["period"] == {"year": 2025} and m["sequence"] == 1 and m["previous_package_id"] is None
    assert m["content"] == "summary" and m["recipient"]["age_recipient"] is None
    assert package["comment"] == f"tthtcd package_id={m['package_id']} commune=14113 year=2025 seq=1"
    assert {f["path"] for f in m["files"]} == {"data/summary.json", "data/recognitions.jsonl",
                                               "data/reports/annual-report.pdf"}
    recognitions = jsonl(package["files"]["data/recognitions.jsonl"])
    listed = next(f for f in m["files"] if f["path"] == "data/recognitions.jsonl")
    assert listed["records"] == len(recognitions) > 0
    assert all(r["year"] == 2025 and r["decision_number"] for r in recognitions)
    assert package["files"]["data/reports/annual-report.pdf"].startswith(b"%PDF")


def test_summary_json_is_exactly_what_report_json_prints(demo_db, paths, commune_key, tmp_path):
    from app.services.packages import export_package

    info = export_package(demo_db, paths, 2025, "summary", _usb(tmp_path), PASSPHRASE)
    package = read_package(info.path.read_bytes(), commune_key.public_key_text)

    out = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(paths.root), "report", "--year", "2025",
                          "--json"], cwd=ROOT, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    assert json.loads(package["files"]["data/summary.json"]) == json.loads(out.stdout)


@pytest.mark.skipif(not Path("/usr/bin/minisign").exists(), reason="Debian's minisign is not installed")
def test_debian_minisign_accepts_the_manifest_signature(demo_db, paths, commune_key, tmp_path):
    import zipfile

    from app.services.packages import export_package

    info = export_package(demo_db, paths, 2025, "summary", _usb(tmp_path), PASSPHRASE)
    unpacked = tmp_path / "pkg"
    zipfile.ZipFile(info.path).extractall(unpacked)
    out = subprocess.run(["/usr/bin/minisign", "-Vm", str(unpacked / "manifest.json"), "-p",
                          str(commune_key.public_path)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    manifest = json.loads((unpacked / "manifest.json").read_text("utf-8"))
    assert f"tthtcd package_id={manifest['package_id']} commune=14113 year=2025 seq=1" in out.stdout


@pytest.mark.skipif(not (Path("/usr/bin/age").exists() and Path("/usr/bin/age-keygen").exists()),
                    reason="Debian's age is not installed")
def test_debian_age_opens_a_full_package_and_every_record_has_a_uuid(demo_db, paths, commune_key, tmp_path):
    from app.services.packages import export_package, set_receiver

    # given: the receiving office's identity made with age-keygen
    key_file = tmp_path / "office.key"
    subprocess.run(["/usr/bin/age-keygen", "-o", str(key_file)], check=True, capture_output=True, timeout=30)
    recipient = next(line.split(": ")[1] for line in key_file.read_text().splitlines() if "public key" in line)
    set_receiver(demo_db, OFFICE, recipient)

    # when
    info = export_package(demo_db, paths, 2025, "full", _usb(tmp_path), PASSPHRASE)

    # then
    assert info.file_name == "14113_2025_0001.tthtcd.age" and info.encrypted
    out = subprocess.run(["/usr/bin/age", "-d", "-i", str(key_file), str(info.path)], capture_output=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr.decode()
    package = read_package(out.stdout, commune_key.public_key_text)
    m = package["manifest"]
    assert m["content"] == "full" and m["recipient"] == {"office_name": OFFICE, "age_recipient": recipient}
    households = jsonl(package["files"]["data/households.jsonl"])
    persons = jsonl(package["files"]["data/persons.jsonl"])
    assert len(households) == 40 and len(persons) > 40
    known = {h["uuid"] for h in households}
    assert all(p["household_uuid"] in known for p in persons)
    for path, blob in package["files"].items():
        if path.endswith(".jsonl") and path not in ("data/recognitions.jsonl", "data/deletions.jsonl"):
            for record in jsonl(blob):
                assert len(record["uuid"]) == 36 and record["updated_at"].endswith("Z"), path
                assert "id" not in record and not any(k.endswith("_id") for k in record), path
    assessments = jsonl(package["files"]["data/assessments.jsonl"])
    assert assessments and all(isinstance(a["scores"], dict) for a in assessments)
    assert any(p["full_name"] == persons[0]["full_name"] for p in persons)


def test_full_is_never_written_unencrypted(demo_db, paths, commune_key, tmp_path):
    from app.services.packages import PackageProblem, export_package, next_sequence

    usb = _usb(tmp_path)
    with pytest.raises(PackageProblem, match="chỉ được ghi khi đã mã hóa"):
        export_package(demo_db, paths, 2025, "full", usb, PASSPHRASE)
    assert list(usb.iterdir()) == []
    assert next_sequence(demo_db) == 1


def test_a_failed_export_leaves_nothing_and_its_sequence_is_never_reused(demo_db, paths, commune_key, tmp_path,
                                                                        monkeypatch):
    from app.services import packages

    usb = _usb(tmp_path)

    def broken(*args, **kwargs):
        raise OSError("USB bị rút ra")

    # given: an export that fails while writing
    monkeypatch.setattr(packages, "_write_durably", broken)
    with pytest.raises(OSError):
        packages.export_package(demo_db, paths, 2025, "summary", usb, PASSPHRASE)
    assert list(usb.iterdir()) == []
    monkeypatch.undo()

    # when: the officer exports again, twice
    second = packages.export_package(demo_db, paths, 2025, "summary", usb, PASSPHRASE)
    third = packages.export_package(demo_db, paths, 2026, "summary", usb, PASSPHRASE)

    # then
    assert (second.sequence, third.sequence) == (2, 3)
    assert second.previous_package_id == "" and third.previous_package_id == second.package_id
    rows = packages.list_sent(demo_db)
    assert [(r.sequence, r.status) for r in rows] == [(3, "sent"), (2, "sent"), (1, "failed")]
    assert "USB bị rút ra" in rows[-1].error
    assert sorted(p.name for p in usb.iterdir()) == ["14113_2025_0002.tthtcd", "14113_2026_0003.tthtcd"]


def test_a_wrong_passphrase_is_refused_before_a_sequence_is_used(demo_db, paths, commune_key, tmp_path):
    from app.crypto.keys import WrongPassphrase
    from app.services.packages import export_package, next_sequence

    with pytest.raises(WrongPassphrase, match="Sai mật khẩu"):
        export_package(demo_db, paths, 2025, "summary", _usb(tmp_path), "không phải mật khẩu")
    assert next_sequence(demo_db) == 1


def test_after_a_passphrase_change_only_the_new_one_signs(demo_db, paths, commune_key, tmp_path):
    from app.crypto.keys import WrongPassphrase
    from app.services.keys import change_passphrase
    from app.services.packages import export_package

    change_passphrase(paths, PASSPHRASE, "Mật khẩu mới của xã")
    usb = _usb(tmp_path)
    with pytest.raises(WrongPassphrase):
        export_package(demo_db, paths, 2025, "summary", usb, PASSPHRASE)
    info = export_package(demo_db, paths, 2025, "summary", usb, "Mật khẩu mới của xã")
    assert read_package(info.path.read_bytes(), commune_key.public_key_text)["manifest"]["sender"]["key_id"] \
        == commune_key.key_id


def test_every_export_is_in_the_audit_log_with_its_hash(demo_db, paths, commune_key, tmp_path, office_identity):
    from app.services.audit import recent
    from app.services.packages import export_package, set_receiver

    set_receiver(demo_db, OFFICE, str(office_identity.to_public()))
    info = export_package(demo_db, paths, 2025, "summary", _usb(tmp_path), PASSPHRASE)

    row = next(a for a in recent(demo_db) if a.action == "export")
    assert row.entity == "package" and row.entity_uuid == info.package_id and row.user_name
    assert "14113_2025_0001.tthtcd.age" in row.summary
    from sqlalchemy import select

    from app.models import AuditEntry

    with demo_db.session() as s:
        details = json.loads(s.scalar(select(AuditEntry.details).where(AuditEntry.action == "export")))
    assert details["sha256"] == info.sha256 and details["year"] == 2025 and details["content"] == "summary"
    assert details["recipient"] == str(office_identity.to_public())


def test_an_encrypted_summary_opens_with_the_office_identity(demo_db, paths, commune_key, tmp_path,
                                                            office_identity):
    import pyrage

    from app.services.packages import export_package, set_receiver

    set_receiver(demo_db, OFFICE, str(office_identity.to_public()))
    info = export_package(demo_db, paths, 2025, "summary", _usb(tmp_path), PASSPHRASE)
    assert info.file_name.endswith(".tthtcd.age")
    plain = pyrage.decrypt(info.path.read_bytes(), [office_identity])
    assert read_package(plain, commune_key.public_key_text)["manifest"]["recipient"]["office_name"] == OFFICE
