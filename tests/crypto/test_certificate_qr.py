"""The certificate's QR text exactly as spec/package-format.md, and why a scanned text is not authentic."""

from __future__ import annotations

import base64
import unicodedata

import pytest

from app.crypto import keys
from app.crypto.certificate_qr import (
    key_finder,
    key_finder_from_dir,
    make_qr,
    payload_text,
    qr_png,
    sign_certificate,
    verify_qr,
)


@pytest.fixture
def signed(commune_key):
    _info, secret = commune_key
    return sign_certificate(secret, "14113", 2026, "GDHT", 37, "Nguyễn Văn An")


@pytest.fixture
def finder(commune_key):
    return key_finder([commune_key[1].public])


def test_the_text_has_the_eight_fields_of_the_spec(commune_key, signed):
    info, _secret = commune_key
    parts = signed.split("|")
    assert parts[:7] == ["TTHTCD1", "14113", "2026", "GDHT", "37", "Nguyễn Văn An", info.key_id]
    assert len(parts[7]) == 86 and "=" not in parts[7]
    assert set(parts[7]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_signature_is_plain_ed25519_over_the_utf8_text_before_the_last_bar(commune_key, signed):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    info, _secret = commune_key
    signed_part, signature = signed.rsplit("|", 1)
    raw_public = base64.b64decode(info.public_key_text.splitlines()[1])[10:]
    # checked with the bare primitive and nothing of ours, as a receiving office would
    Ed25519PublicKey.from_public_bytes(raw_public).verify(base64.urlsafe_b64decode(signature + "=="),
                                                          signed_part.encode("utf-8"))


def test_authentic(signed, finder):
    check = verify_qr(signed, finder)
    assert check.authentic and check.status == "authentic"
    assert check.fields.recipient_name == "Nguyễn Văn An" and check.fields.register_no == 37
    assert "xác thực" in check.reason_vi


def test_name_is_nfc_and_bars_become_slashes(commune_key, finder):
    _info, secret = commune_key
    nfd = unicodedata.normalize("NFD", "Lò Thị Hương | Bản Nà Sản")
    text = sign_certificate(secret, "14113", 2026, "CDHT_CONG_DAN", 5, nfd)
    assert text.split("|")[5] == "Lò Thị Hương / Bản Nà Sản"
    assert unicodedata.is_normalized("NFC", text)
    assert verify_qr(text, finder).authentic


@pytest.mark.parametrize("field, value", [(5, "Nguyễn Văn Ân"), (4, "38"), (2, "2025"), (3, "DHHT"), (1, "14114")])
def test_any_edited_field_fails_the_signature(signed, finder, field, value):
    parts = signed.split("|")
    parts[field] = value
    check = verify_qr("|".join(parts), finder)
    assert not check.authentic and check.status == "bad_signature"
    assert "đã bị sửa" in check.reason_vi


def test_edited_signature_fails(signed, finder):
    body, sig = signed.rsplit("|", 1)
    flipped = ("B" if sig[10] == "A" else "A")
    check = verify_qr(f"{body}|{sig[:10]}{flipped}{sig[11:]}", finder)
    assert check.status == "bad_signature"


def test_nfd_name_in_a_scanned_text_is_not_silently_accepted(signed, finder):
    assert verify_qr(unicodedata.normalize("NFD", signed), finder).status == "bad_signature"


def test_signature_of_another_commune_key_is_unknown(other_key, finder):
    text = sign_certificate(other_key[1], "14113", 2026, "GDHT", 37, "Nguyễn Văn An")
    check = verify_qr(text, finder)
    assert check.status == "unknown_key" and other_key[0].key_id in check.reason_vi
    assert check.fields is not None


def test_key_id_swapped_for_another_registered_key_is_a_bad_signature(signed, commune_key, other_key):
    finder = key_finder([commune_key[1].public, other_key[1].public])
    parts = signed.split("|")
    parts[6] = other_key[0].key_id
    assert verify_qr("|".join(parts), finder).status == "bad_signature"


@pytest.mark.parametrize("mutate", [
    lambda t: t.replace("TTHTCD1", "TTHTCD2", 1),
    lambda t: t.rsplit("|", 1)[0],
    lambda t: t + "|extra",
    lambda t: t.replace("|2026|", "|26|"),
    lambda t: t.replace("|GDHT|", "|GĐHT|"),
    lambda t: t.replace("|37|", "|037|"),
    lambda t: t.replace("|37|", "|số 37|"),
    lambda t: t + "==",
    lambda t: t[:-1] + "+",
    lambda t: "",
    lambda t: "https://example.com/",
])
def test_malformed(signed, finder, mutate):
    check = verify_qr(mutate(signed), finder)
    assert check.status == "malformed" and not check.authentic and check.fields is None
    assert check.reason_vi.startswith("Mã QR không phải giấy công nhận hợp lệ")


def test_lower_case_key_id_is_malformed(signed, finder):
    parts = signed.split("|")
    parts[6] = parts[6].lower()
    assert verify_qr("|".join(parts), finder).status == "malformed"


def test_key_finder_from_a_folder_of_public_keys(commune_key, signed):
    info, _secret = commune_key
    assert verify_qr(signed, key_finder_from_dir(info.public_path.parent)).authentic
    assert verify_qr(signed, key_finder_from_dir(info.public_path.parent / "none")).status == "unknown_key"


def test_payload_refuses_what_the_format_cannot_carry():
    with pytest.raises(ValueError):
        payload_text("14113", 2026, "GDHT", 0, "An", "A" * 16)
    with pytest.raises(ValueError):
        payload_text("14 113", 2026, "GDHT", 1, "An", "A" * 16)
    with pytest.raises(ValueError):
        payload_text("14113", 2026, "XYZ", 1, "An", "A" * 16)
    with pytest.raises(ValueError):
        payload_text("14113", 2026, "GDHT", 1, "   ", "A" * 16)


def test_qr_symbol_is_byte_mode_level_m(signed):
    qr = make_qr(signed)
    assert qr.error == "M" and not qr.is_micro
    assert qr_png(signed).startswith(b"\x89PNG")


def test_wrong_public_key_file_is_reported(tmp_path):
    bad = tmp_path / "bad.pub"
    bad.write_text("untrusted comment: x\nnot base64")
    with pytest.raises(keys.BadKeyFile):
        keys.public_key_from_file(bad)
