"""The fast QR encoder draws exactly segno's symbol (byte mode, level M, fixed mask)."""

from __future__ import annotations

import random

import pytest
import segno

from app.crypto.qr_matrix import _data_codewords, qr_matrix, version_for


def _segno(data: bytes, mask: int) -> list[bytes]:
    qr = segno.make(data.decode("utf-8"), error="m", mode="byte", encoding="utf-8", boost_error=False, micro=False,
                    mask=mask)
    return [bytes(row) for row in qr.matrix]


@pytest.mark.parametrize("mask", [2, 0, 7])
def test_same_symbol_as_segno_for_many_lengths(mask):
    rng = random.Random(mask)
    for length in list(range(1, 160, 3)) + [200, 271, 400, 700]:
        text = "".join(rng.choice("abcXYZ|ạăđ0123456789 ") for _ in range(length))
        data = text.encode("utf-8")
        assert qr_matrix(data, mask) == _segno(data, mask), length


def test_same_symbol_at_every_version_boundary():
    for version in range(1, 41, 3):
        capacity = (_data_codewords(version) * 8 - 4 - (8 if version < 10 else 16)) // 8
        for length in (capacity, capacity + 1):
            if length > 2331:
                continue
            data = b"x" * length
            assert qr_matrix(data) == _segno(data, 2), (version, length)
            assert len(qr_matrix(data)) == 4 * version_for(length) + 17


def test_too_long():
    with pytest.raises(ValueError):
        version_for(5000)
