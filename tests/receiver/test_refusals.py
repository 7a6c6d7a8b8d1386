"""Every refusal of package-format.md, each with its exact Vietnamese reason."""

from __future__ import annotations

import json

import pytest

from app.exchange.package_read import PackageRefused, RegisteredKey, open_package, verify_package
from tests.receiver import builder


def _lookup(info_key, code="14113", **kw):
    return lambda key_id: RegisteredKey(info_key.public, code, **kw) if key_id == info_key.key_id else None


def _refused(data, identity=None, keys=None) -> PackageRefused:
    with pytest.raises(PackageRefused) as exc:
        opened = open_package(data, identity=identity, file_name="14113_2026_0001.tthtcd")
        if keys is not None:
            verify_package(opened, keys)
    return exc.value


def test_a_good_package_opens_and_verifies(commune_key, unlocked):
    data, m = builder.build(commune_key, recipient=unlocked.recipient)
    opened = open_package(data, identity=unlocked)
    verified = verify_package(opened, _lookup(commune_key))
    assert opened.encrypted and opened.package_id == m["package_id"]
    assert verified.trusted_comment == builder.comment(m)
    assert set(opened.files) == {"data/summary.json", "data/recognitions.jsonl"}


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.999])
def test_a_flipped_byte_anywhere_in_an_encrypted_package_is_refused(commune_key, unlocked, fraction):
    data, _m = builder.build(commune_key, recipient=unlocked.recipient)
    at = min(int(len(data) * fraction), len(data) - 1)
    bad = bytearray(data)
    bad[at] ^= 0x01
    err = _refused(bytes(bad), unlocked, _lookup(commune_key))
    assert err.code in ("decrypt_failed", "not_a_package")


def test_a_flipped_byte_anywhere_in_a_plain_package_is_refused_or_changes_nothing(commune_key):
    # given a plain summary package
    data, _m = builder.build(commune_key)
    keys = _lookup(commune_key)
    original = open_package(data)
    accepted = []
    # when each byte in turn is flipped
    for at in range(len(data)):
        bad = bytearray(data)
        bad[at] ^= 0x01
        try:
            opened = open_package(bytes(bad))
            verify_package(opened, keys)
        except PackageRefused:
            continue
        accepted.append(at)
        # then a flip that is not refused changed nothing that is read: only ZIP bookkeeping that
        # carries no content (the central directory's "made by" version and attributes, a deflate
        # encoding detail) — every file, the manifest and its signature are byte for byte the same
        assert opened.files == original.files and opened.manifest_bytes == original.manifest_bytes, at
        assert opened.signature == original.signature
    assert len(accepted) < len(data) // 20


def test_a_renamed_entry_is_refused_naming_it(commune_key):
    def rename(entries):
        return [("data/summary2.json" if n == "data/summary.json" else n, b) for n, b in entries]

    err = _refused(builder.build(commune_key, entries_hook=rename)[0])
    assert err.code == "unlisted_entry"
    assert err.message == ("Gói có mục “data/summary2.json” không được ghi trong manifest.json: không chấp nhận.")


def test_an_added_file_is_refused(commune_key):
    err = _refused(builder.build(commune_key, entries_hook=lambda e: e + [("data/extra.txt", b"x")])[0])
    assert err.code == "unlisted_entry" and "data/extra.txt" in err.message


def test_a_removed_file_is_refused(commune_key):
    err = _refused(builder.build(commune_key, entries_hook=lambda e: [x for x in e if x[0] != "data/recognitions.jsonl"])[0])
    assert err.code == "missing_file"
    assert err.message == "Gói thiếu tệp “data/recognitions.jsonl” được ghi trong manifest.json."


def test_a_changed_file_is_refused_by_its_hash(commune_key):
    def change(entries):
        return [(n, b.replace(b"120", b"920") if n == "data/summary.json" else b) for n, b in entries]

    err = _refused(builder.build(commune_key, entries_hook=change)[0])
    assert err.code == "hash_mismatch" and "data/summary.json" in err.message


def test_a_manifest_edited_and_resigned_with_another_key_is_refused(commune_key, other_key):
    # the forger keeps the commune's key id in the manifest but signs with their own key
    data, _m = builder.build(other_key, edit=lambda m: m["sender"].update(key_id=commune_key.key_id))
    err = _refused(data, keys=_lookup(commune_key))
    assert err.code == "bad_signature"
    assert "manifest.json không hợp lệ với khóa mã " + commune_key.key_id in err.message
    # and with the forger's own key id, the key is unknown
    err = _refused(builder.build(other_key)[0], keys=_lookup(commune_key))
    assert err.code == "unknown_key" and other_key.key_id in err.message


def test_a_revoked_key_is_refused(commune_key):
    err = _refused(builder.build(commune_key)[0], keys=_lookup(commune_key, revoked=True, reason="mất máy tính"))
    assert err.code == "revoked_key"
    assert err.message == (f"Khóa mã {commune_key.key_id} của xã 14113 đã bị thu hồi (mất máy tính): không chấp nhận "
                           "gói ký bằng khóa này.")


def test_a_key_registered_for_another_commune_is_refused(commune_key):
    err = _refused(builder.build(commune_key)[0], keys=_lookup(commune_key, code="14115"))
    assert err.code == "wrong_commune"


def test_a_trusted_comment_disagreeing_with_the_manifest_is_refused(commune_key):
    data, m = builder.build(commune_key, comment_text="tthtcd package_id=x commune=14113 year=2025 seq=1")
    err = _refused(data, keys=_lookup(commune_key))
    assert err.code == "comment_mismatch" and "year=2025" in err.message


def test_a_full_package_unencrypted_is_refused(commune_key):
    err = _refused(builder.build(commune_key, content="full")[0])
    assert err.code == "full_unencrypted"
    assert err.message.startswith("Gói đầy đủ (full) chứa dữ liệu cá nhân nhưng không được mã hóa")


def test_an_encrypted_package_for_another_office_is_refused(commune_key, unlocked):
    from pyrage import x25519

    stranger = str(x25519.Identity.generate().to_public())
    err = _refused(builder.build(commune_key, recipient=stranger)[0], unlocked)
    assert err.code == "decrypt_failed" and "không được mã hóa cho cơ quan này" in err.message


@pytest.mark.parametrize(("name", "code", "words"), [
    ("../evil.json", "dotdot", "có đoạn “..”"),
    ("data/../../evil.json", "dotdot", "có đoạn “..”"),
    ("/etc/passwd", "absolute_path", "là đường dẫn tuyệt đối"),
    ("C:/evil.json", "absolute_path", "là đường dẫn tuyệt đối"),
    ("data\\evil.json", "backslash", "dấu gạch chéo ngược"),
])
def test_hostile_paths_are_refused(commune_key, name, code, words):
    err = _refused(builder.build(commune_key, entries_hook=lambda e: e + [(name, b"{}")])[0])
    assert err.code == code and name in err.message and words in err.message


def test_duplicate_names_are_refused(commune_key):
    def dup(entries):
        return entries + [("data/summary.json", b"{}")]

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = builder.build(commune_key, entries_hook=dup)[0]
    err = _refused(data)
    assert err.code == "duplicate_name" and err.message == "Gói có hai mục cùng tên “data/summary.json”."


def test_a_symlink_is_refused(commune_key):
    files = builder.data_files()
    m = builder.manifest(files, commune_key.key_id)
    body = json.dumps(m).encode()
    from app.crypto.keys import sign_bytes

    entries = list(files.items()) + [("manifest.json", body), ("manifest.json.minisig",
                                                                 sign_bytes(commune_key, body, builder.comment(m)))]
    data = builder.zip_entries(entries, attrs={"data/summary.json": (0o120777 << 16)})
    err = _refused(data)
    assert err.code == "symlink" and "data/summary.json" in err.message


def test_an_encrypted_zip_entry_is_refused(commune_key):
    data = bytearray(builder.build(commune_key)[0])
    # set the "encrypted" flag bit in the first local header and its central directory entry
    data[6] |= 0x01
    cd = data.find(b"PK\x01\x02")
    data[cd + 8] |= 0x01
    err = _refused(bytes(data))
    assert err.code == "encrypted_entry"


def test_a_zip_bomb_is_refused(commune_key):
    zeros = b"\0" * (50 * 1024 * 1024)
    files = {**builder.data_files(), "data/reports/annual-report.pdf": zeros}
    err = _refused(builder.build(commune_key, files=files)[0])
    assert err.code == "zip_bomb"
    assert err.message == ("Mục “data/reports/annual-report.pdf” có tỉ lệ nén bất thường (nghi là “bom ZIP”): "
                           "không chấp nhận.")


def test_a_total_size_over_the_limit_is_refused(commune_key, monkeypatch):
    from app.exchange import zip_safety

    monkeypatch.setattr(zip_safety, "MAX_TOTAL_BYTES", 1000)
    err = _refused(builder.build(commune_key, files=builder.data_files(n_recognitions=20))[0])
    assert err.code == "too_large"


def test_header_sizes_that_lie_are_refused(commune_key):
    data = bytearray(builder.build(commune_key)[0])
    # the first entry's uncompressed size halved, in the local header and the central directory
    size = int.from_bytes(data[22:26], "little")
    data[22:26] = (size // 2).to_bytes(4, "little")
    cd = data.find(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (size // 2).to_bytes(4, "little")
    err = _refused(bytes(data))
    assert err.code == "bad_zip"


def test_a_manifest_breaking_the_schema_is_refused(commune_key):
    err = _refused(builder.build(commune_key, edit=lambda m: m.update(extra="x"))[0])
    assert err.code == "schema" and "manifest.json" in err.message


def test_a_manifest_listing_a_hostile_path_is_refused(commune_key):
    files = {"data/../x.json": b"{}"}
    err = _refused(builder.build(commune_key, files=files, entries_hook=lambda e: e)[0])
    assert err.code == "dotdot"


def test_not_a_package_is_refused():
    err = _refused(b"hello, this is not a zip")
    assert err.code == "not_a_package"
