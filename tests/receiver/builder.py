"""Packages built by hand from package-format.md (zipfile + json + minisign + age), independent of
the commune side's writer, so every refusal can be provoked precisely."""

from __future__ import annotations

import hashlib
import io
import json
import uuid
import zipfile

from app.crypto.age_identity import encrypt_to
from app.crypto.keys import sign_bytes

TITLES = (("GDHT", "Gia đình học tập"), ("DHHT", "Dòng họ học tập"), ("CDHT_THON", "Cộng đồng học tập"),
          ("DVHT", "Đơn vị học tập"), ("CDHT_CONG_DAN", "Công dân học tập"))


def summary(code="14113", name="Xã Chiềng Mung", year=2026, recognised=120, learners=340) -> dict:
    titles = [{"code": c, "name": n, "exist": 400, "registered": 300, "assessed": 250,
               "recognised": recognised if c == "GDHT" else 10, "rate": 30.0, "target": 70.0, "gap": -40.0}
              for c, n in TITLES]
    return {"format": "tthtcd-summary", "format_version": 1, "year": year,
            "commune": {"code": code, "name": name, "province_name": "Sơn La", "centre_name": "TTHTCĐ " + name},
            "titles": titles,
            "villages": [{"name": "Bản Nà Sản", "code": None, "uuid": str(uuid.UUID(int=1)), "titles": titles}],
            "citizens": [], "classes": {"classes": 12, "talks": 3, "sessions": 40, "turnouts": 900,
                                        "learners": learners, "by_topic": []},
            "self_assessment": None}


def recognition(i: int, year=2026, name=None) -> dict:
    return {"uuid": str(uuid.UUID(int=1000 + i)), "year": year, "title_code": "GDHT", "subject_kind": "household",
            "subject_uuid": str(uuid.UUID(int=5000 + i)), "display_name": name or f"Hộ ông Lò Văn {i}",
            "village": "Bản Nà Sản", "village_uuid": str(uuid.UUID(int=1)), "total": 92.5,
            "decision_number": "15/QĐ-UBND", "decision_date": f"{year}-11-20", "certificate_number": i}


def jsonl(records) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records)


def data_files(year=2026, n_recognitions=3, **kw) -> dict[str, bytes]:
    return {"data/summary.json": json.dumps(summary(year=year, **kw), ensure_ascii=False).encode("utf-8"),
            "data/recognitions.jsonl": jsonl(recognition(i, year) for i in range(n_recognitions))}


def manifest(files: dict[str, bytes], key_id: str, *, code="14113", year=2026, seq=1, content="summary",
             package_id=None, recipient=None, previous=None) -> dict:
    media = {"json": "application/json", "jsonl": "application/jsonl", "pdf": "application/pdf"}
    return {"format": "tthtcd-package", "format_version": 1, "package_id": package_id or str(uuid.uuid4()),
            "created_at": "2026-11-25T09:30:00+07:00",
            "sender": {"commune_code": code, "commune_name": "Xã Chiềng Mung", "province_name": "Sơn La",
                       "centre_name": "Trung tâm học tập cộng đồng xã Chiềng Mung", "key_id": key_id},
            "recipient": {"office_name": "Sở Giáo dục và Đào tạo tỉnh Sơn La", "age_recipient": recipient},
            "period": {"year": year}, "sequence": seq, "previous_package_id": previous, "content": content,
            "app": {"name": "tthtcd", "version": "0.1.0", "schema_version": "0007"},
            "files": [{"path": p, "sha256": hashlib.sha256(b).hexdigest(), "bytes": len(b),
                       "media_type": media[p.rsplit(".", 1)[1]]} for p, b in files.items()]}


def comment(m: dict) -> str:
    return (f"tthtcd package_id={m['package_id']} commune={m['sender']['commune_code']} "
            f"year={m['period']['year']} seq={m['sequence']}")


def zip_entries(entries: list[tuple[str, bytes]], *, attrs: dict | None = None, flags: dict | None = None,
                method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 25, 9, 30, 0))
            info.compress_type = method
            info.external_attr = (attrs or {}).get(name, 0o644 << 16)
            zf.writestr(info, data)
    return out.getvalue()


def build(secret, *, files=None, recipient=None, sign_with=None, edit=None, entries_hook=None,
          comment_text=None, **kw) -> tuple[bytes, dict]:
    """(package bytes, manifest). ``edit(manifest)`` changes the manifest before signing;
    ``entries_hook(list)`` changes the ZIP entries after; ``recipient`` encrypts with age."""
    files = data_files() if files is None else files
    m = manifest(files, (sign_with or secret).key_id, recipient=recipient, **kw)
    if edit:
        edit(m)
    body = json.dumps(m, ensure_ascii=False, indent=2).encode("utf-8")
    sig = sign_bytes(sign_with or secret, body, comment_text or comment(m))
    entries = list(files.items()) + [("manifest.json", body), ("manifest.json.minisig", sig)]
    if entries_hook:
        entries = entries_hook(entries)
    data = zip_entries(entries)
    return (encrypt_to(data, recipient) if recipient else data), m


def file_name(m: dict, encrypted: bool) -> str:
    name = f"{m['sender']['commune_code']}_{m['period']['year']}_{m['sequence']:04d}.tthtcd"
    return name + (".age" if encrypted else "")
