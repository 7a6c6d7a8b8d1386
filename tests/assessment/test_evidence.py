"""Evidence (minh chứng): files copied under their SHA-256, never lost when the original goes,
stored once however often attached; notes; removal keeps a file another row still uses."""

from __future__ import annotations

import hashlib

import pytest

from app.services import decisions, evidence, rounds
from app.services.errors import ValidationFailed
from app.services.scoring import score_form
from tests.assessment.assessment_helpers import YEAR, score_all


@pytest.fixture
def aid(db, town, when):
    r = rounds.open_round(db, YEAR, "CDHT_CONG_DAN", "community")
    return rounds.register(db, r.id, [town.persons["Lò Văn An"], town.persons["Lò Thị Ba"]], when, "x").added


def test_a_file_survives_the_deletion_of_its_original(db, paths, aid, tmp_path):
    # given a scanned certificate attached to indicator NL1.3
    original = tmp_path / "Giấy chứng nhận lớp tin học.pdf"
    content = b"%PDF-1.4 scan of a certificate"
    original.write_bytes(content)
    row = evidence.add_evidence_file(db, paths, aid[0], "NL1.3", original, by="Cán bộ xã")
    # when the original is deleted
    original.unlink()
    # then the program's copy, named by its hash, still holds the content
    sha = hashlib.sha256(content).hexdigest()
    stored = evidence.evidence_file(paths, row)
    assert row.sha256 == sha and stored == paths.evidence / sha[:2] / f"{sha}.pdf"
    assert stored.read_bytes() == content
    assert row.file_name == "Giấy chứng nhận lớp tin học.pdf" and row.size == len(content)
    form = score_form(db, aid[0])
    ind = next(i for c in form.criteria for i in c.indicators if i.code == "NL1.3")
    assert [e.file_name for e in ind.evidence] == [row.file_name]


def test_the_same_content_is_stored_once_and_removal_keeps_a_shared_file(db, paths, aid, tmp_path):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8 photo of a class")
    first = evidence.add_evidence_file(db, paths, aid[0], "NL1.3", photo)
    second = evidence.add_evidence_file(db, paths, aid[1], "", photo)
    assert first.sha256 == second.sha256
    assert len([p for p in paths.evidence.rglob("*.jpg")]) == 1
    evidence.remove_evidence(db, paths, first.id)
    assert evidence.evidence_file(paths, second).exists()
    evidence.remove_evidence(db, paths, second.id)
    assert not evidence.evidence_file(paths, second).exists()
    assert evidence.list_evidence(db, aid[0]) == []


def test_a_note_and_refused_files(db, paths, aid, tmp_path):
    note = evidence.add_evidence_note(db, aid[0], "NL1.1", "Đọc báo Nhân Dân hằng ngày (chi hội xác nhận)")
    assert note.kind == "note" and evidence.list_evidence(db, aid[0])[0].note.startswith("Đọc báo")
    with pytest.raises(ValidationFailed, match="Không tìm thấy tệp"):
        evidence.add_evidence_file(db, paths, aid[0], "NL1.1", tmp_path / "missing.pdf")
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(ValidationFailed, match="Không nhận loại tệp"):
        evidence.add_evidence_file(db, paths, aid[0], "NL1.1", bad)


def test_evidence_of_a_decided_assessment_cannot_be_removed(db, paths, aid, tmp_path):
    photo = tmp_path / "anh.png"
    photo.write_bytes(b"png")
    row = evidence.add_evidence_file(db, paths, aid[0], "NL1.3", photo)
    score_all(db, aid[0], 9)
    r = score_form(db, aid[0]).round_id
    decisions.decide(db, r, "5/QĐ-UBND", score_form(db, aid[0]).steps[0].on, "Cầm Văn Ún")
    with pytest.raises(ValidationFailed, match="mở lại"):
        evidence.remove_evidence(db, paths, row.id)
    assert evidence.evidence_file(paths, row).exists()
