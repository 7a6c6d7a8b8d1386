"""Checks that a build works on this machine: database, fonts, translations (no Qt needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.paths import Paths, resources_dir

VIETNAMESE_LETTERS = (
    "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
    "ĂăÂâĐđÊêÔôƠơƯư"
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _database(tmp: Path) -> Check:
    from app.db import open_database
    from app.db.migrate import alembic_config, current_revision, head_revision

    db = open_database(Paths(tmp / "data"))
    try:
        rev, head = current_revision(db), head_revision(alembic_config(db))
        return Check("database", rev == head, f"schema {rev} (head {head})")
    finally:
        db.dispose()



def _font_coverage() -> Check:
    from reportlab.pdfbase.ttfonts import TTFont

    folder = resources_dir() / "fonts"
    files = sorted(folder.glob("*.ttf"))
    if not files:
        return Check("fonts", False, f"no fonts in {folder}")
    problems = []
    for f in files:
        font = TTFont(f.stem, str(f))
        cmap = font.face.charToGlyph
        missing = [ch for ch in VIETNAMESE_LETTERS if ord(ch) not in cmap]
        if missing:
            problems.append(f"{f.name} lacks {''.join(missing[:10])}")
    return Check("fonts", not problems, "; ".join(problems) or f"{len(files)} fonts cover Vietnamese")


_PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*(?:[:!][^}]*)?\}")


def translation_problems(po_path: Path) -> list[str]:
    """Entries whose {placeholders} differ between source and translation."""
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for msg in catalog:
        if not msg.id or not msg.string:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strs = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        want = sorted(_PLACEHOLDER.findall(ids[0]))
        for s in strs:
            if s and sorted(_PLACEHOLDER.findall(s)) != want:
                out.append(f"{po_path.name}: {ids[0][:40]!r}")
    return out


def _translations() -> Check:
    from app import i18n

    folder = resources_dir() / "translations"
    pos = sorted(folder.glob("*.po"))
    problems = [p for po in pos for p in translation_problems(po)]
    old = i18n.current_language()
    try:
        i18n.set_language("en")
        english = i18n._("Hộ gia đình")
    finally:
        i18n.set_language(old)
    if english == "Hộ gia đình":
        problems.append("English catalogue does not translate 'Hộ gia đình'")
    return Check("translations", not problems, "; ".join(problems[:5]) or f"{len(pos)} catalogues")


def _certificate(tmp: Path) -> Check:
    """Sign a QR code with a throwaway key, render one certificate with it and check the QR verifies:
    the fonts, ReportLab, segno and the key code of a frozen build all work together."""
    from dataclasses import replace

    from app.crypto import keys
    from app.crypto.certificate_qr import key_finder, sign_certificate, verify_qr
    from app.printing.certificates import build_certificates, sample_certificate
    from app.printing.templates import default_template

    passphrase = "self-test passphrase"
    info = keys.create_key(tmp / "keys", passphrase, "self-test")
    secret = keys.load_secret(tmp / "keys", passphrase)
    item = sample_certificate("GDHT")
    qr = sign_certificate(secret, "14113", item.year, "GDHT", 1, item.recipient)
    pdf = build_certificates([replace(item, qr_text=qr)], default_template("GDHT"))
    check = verify_qr(qr, key_finder([keys.public_key_from_file(info.public_path)]))
    ok = pdf.startswith(b"%PDF") and check.authentic
    return Check("certificate", ok, f"{len(pdf):,} bytes, QR {check.status}")


def run(tmp: Path) -> list[Check]:
    results = []
    for check in (lambda: _database(tmp), _font_coverage, _translations, lambda: _certificate(tmp)):
        try:
            results.append(check())
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure
            results.append(Check(getattr(check, "__name__", "check"), False, f"{type(exc).__name__}: {exc}"))
    return results
