"""Shared fixtures of the data-package tests: a small demo commune (made once, copied per test),
the commune's key, an age identity for the receiving office, and an independent package reader
written from package-format.md alone (zipfile + json + hashlib + an Ed25519 check)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import zipfile
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

__all__ = ["demo_template", "demo_db", "commune_key", "office_identity"]  # the fixtures (star-imported)

PASSPHRASE = "Mật khẩu Chiềng Mung 2026"
OFFICE = "Sở Giáo dục và Đào tạo tỉnh Sơn La"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    from app import features
    from app.db import open_database
    from app.paths import Paths, ensure
    from app.services import demo

    features.load()
    paths = ensure(Paths(tmp_path_factory.mktemp("package-demo")))
    db = open_database(paths)
    demo.generate(db, 40, seed=3, today=date(2026, 11, 20))
    db.dispose()
    return paths.database


@pytest.fixture
def demo_db(paths, demo_template):
    """A migrated demo commune (40 households, rounds and decisions 2022–2025) in ``paths``."""
    from app.db import open_database

    shutil.copyfile(demo_template, paths.database)
    database = open_database(paths)
    yield database
    database.dispose()


@pytest.fixture
def commune_key(paths):
    from app.services.keys import init_key

    return init_key(paths, PASSPHRASE, "Xa Chieng Mung 14113")


@pytest.fixture
def office_identity():
    import pyrage

    return pyrage.x25519.Identity.generate()


def read_package(data: bytes, public_key_text: str) -> dict:
    """What an IT officer's script does with a plain package: every entry listed, every hash right,
    the manifest's minisign signature (Ed25519 over BLAKE2b-512 of the manifest, then over the
    signature and the trusted comment) valid. Returns {"manifest", "comment", "files"}."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = [i.filename for i in archive.infolist() if not i.is_dir()]
    assert len(names) == len(set(names))
    manifest_bytes = archive.read("manifest.json")
    manifest = json.loads(manifest_bytes)
    listed = {f["path"] for f in manifest["files"]}
    assert set(names) == listed | {"manifest.json", "manifest.json.minisig"}
    files = {}
    for f in manifest["files"]:
        blob = archive.read(f["path"])
        assert hashlib.sha256(blob).hexdigest() == f["sha256"], f["path"]
        assert len(blob) == f["bytes"]
        files[f["path"]] = blob
    sig_lines = archive.read("manifest.json.minisig").decode().splitlines()
    pub = base64.b64decode(public_key_text.strip().splitlines()[-1])
    sig = base64.b64decode(sig_lines[1])
    assert sig[:2] == b"ED" and sig[2:10] == pub[2:10]
    key = Ed25519PublicKey.from_public_bytes(pub[10:42])
    key.verify(sig[10:74], hashlib.blake2b(manifest_bytes, digest_size=64).digest())
    comment = sig_lines[2].removeprefix("trusted comment: ")
    key.verify(base64.b64decode(sig_lines[3]), sig[10:74] + comment.encode())
    return {"manifest": manifest, "comment": comment, "files": files}


def jsonl(blob: bytes) -> list[dict]:
    return [json.loads(line) for line in blob.decode("utf-8").splitlines() if line]
