"""A fast QR Code encoder for one case only: byte mode, error correction M, a fixed mask.

segno is the reference (and renders PNGs); its general encoder costs ≈ 1.8 ms a code, which is
most of the time of 3,000 certificates. This one precomputes, per version, every function module
and the order of the data modules, and does the per-code work in C-speed operations (Reed–Solomon
rows by ``bytes.translate``, placement by one ``itemgetter``): ≈ 0.3 ms a code. Its output equals
``segno.make(text, error="m", mode="byte", encoding="utf-8", boost_error=False, micro=False,
mask=mask).matrix`` module for module (``tests/crypto/test_qr_matrix.py`` checks many lengths).

References: ISO/IEC 18004:2015 (structure, Table 9 block counts), and the layout of Project
Nayuki's public-domain QR Code generator.
"""

from __future__ import annotations

from functools import cache
from operator import itemgetter

__all__ = ["qr_matrix", "version_for"]

# ISO/IEC 18004 Table 9, level M: version → (EC codewords per block, ((blocks, data codewords), …)).
_M = (
    (10, ((1, 16),)), (16, ((1, 28),)), (26, ((1, 44),)), (18, ((2, 32),)), (24, ((2, 43),)),
    (16, ((4, 27),)), (18, ((4, 31),)), (22, ((2, 38), (2, 39))), (22, ((3, 36), (2, 37))),
    (26, ((4, 43), (1, 44))), (30, ((1, 50), (4, 51))), (22, ((6, 36), (2, 37))), (22, ((8, 37), (1, 38))),
    (24, ((4, 40), (5, 41))), (24, ((5, 41), (5, 42))), (28, ((7, 45), (3, 46))), (28, ((10, 46), (1, 47))),
    (26, ((9, 43), (4, 44))), (26, ((3, 44), (11, 45))), (26, ((3, 41), (13, 42))), (26, ((17, 42),)),
    (28, ((17, 46),)), (28, ((4, 47), (14, 48))), (28, ((6, 45), (14, 46))), (28, ((8, 47), (13, 48))),
    (28, ((19, 46), (4, 47))), (28, ((22, 45), (3, 46))), (28, ((3, 45), (23, 46))), (28, ((21, 45), (7, 46))),
    (28, ((19, 47), (10, 48))), (28, ((2, 46), (29, 47))), (28, ((10, 46), (23, 47))), (28, ((14, 46), (21, 47))),
    (28, ((14, 46), (23, 47))), (28, ((12, 47), (26, 48))), (28, ((6, 47), (34, 48))), (28, ((29, 46), (14, 47))),
    (28, ((13, 46), (32, 47))), (28, ((40, 47), (7, 48))), (28, ((18, 47), (31, 48))),
)
_MASKS = (
    lambda r, c: (r + c) % 2 == 0, lambda r, c: r % 2 == 0, lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0, lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: r * c % 2 + r * c % 3 == 0, lambda r, c: (r * c % 2 + r * c % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + r * c % 3) % 2 == 0,
)

# GF(256) with the QR polynomial 0x11D.
_EXP = [0] * 512
_LOG = [0] * 256
_x = 1
for _i in range(255):
    _EXP[_i] = _x
    _LOG[_x] = _i
    _x <<= 1
    if _x & 0x100:
        _x ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]
#: _MUL[f] is a translate table: byte b → b·f in GF(256).
_MUL = [bytes(0 if (a == 0 or f == 0) else _EXP[_LOG[a] + _LOG[f]] for a in range(256)) for f in range(256)]
_BITS = [bytes((b >> (7 - i)) & 1 for i in range(8)) for b in range(256)]


def _data_codewords(version: int) -> int:
    return sum(n * k for n, k in _M[version - 1][1])


def version_for(length: int) -> int:
    """The smallest version whose level-M byte mode holds ``length`` bytes; ``ValueError`` if none."""
    for v in range(1, 41):
        if 4 + (8 if v < 10 else 16) + 8 * length <= 8 * _data_codewords(v):
            return v
    raise ValueError("too much data for a QR code")


@cache
def _divisor(degree: int) -> bytes:
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _MUL[root][result[j]]
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _MUL[2][root]
    return bytes(result)


def _remainder(data: bytes, degree: int) -> bytes:
    divisor = _divisor(degree)
    top_shift, mask = 8 * (degree - 1), (1 << (8 * degree)) - 1
    rem = 0
    for b in data:
        factor = b ^ (rem >> top_shift)
        rem = ((rem << 8) & mask) ^ int.from_bytes(divisor.translate(_MUL[factor]), "big")
    return rem.to_bytes(degree, "big")


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    size = version * 4 + 17
    return [6] + sorted(size - 7 - i * step for i in range(count - 1))


def _format_bits(mask: int) -> int:
    data = (0 << 3) | mask  # level M is 00
    rem = data
    for _ in range(10):
        rem = (rem << 1) ^ ((rem >> 9) * 0x537)
    return ((data << 10) | rem) ^ 0x5412


@cache
def _layout(version: int, mask: int) -> tuple[int, int, tuple[int, ...], int, itemgetter]:
    """(size, bit count, index map, mask as an int over the data bits, getter) of a version."""
    n = version * 4 + 17
    value = [0] * (n * n)
    function = [False] * (n * n)

    def put(col: int, row: int, dark: bool) -> None:
        value[row * n + col] = 1 if dark else 0
        function[row * n + col] = True

    for i in range(n):
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for cx, cy in ((3, 3), (n - 4, 3), (3, n - 4)):
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                x, y = cx + dx, cy + dy
                if 0 <= x < n and 0 <= y < n:
                    d = max(abs(dx), abs(dy))
                    put(x, y, d not in (2, 4))
    pos = _alignment_positions(version)
    last = len(pos) - 1
    for i, cy in enumerate(pos):
        for j, cx in enumerate(pos):
            if (i, j) in ((0, 0), (0, last), (last, 0)):
                continue
            for dy in range(-2, 3):
                for dx in range(-2, 3):
                    put(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1)
    bits = _format_bits(mask)
    for i in range(6):
        put(8, i, (bits >> i) & 1)
    put(8, 7, (bits >> 6) & 1)
    put(8, 8, (bits >> 7) & 1)
    put(7, 8, (bits >> 8) & 1)
    for i in range(9, 15):
        put(14 - i, 8, (bits >> i) & 1)
    for i in range(8):
        put(n - 1 - i, 8, (bits >> i) & 1)
    for i in range(8, 15):
        put(8, n - 15 + i, (bits >> i) & 1)
    put(8, n - 8, True)
    if version >= 7:
        rem = version
        for _ in range(12):
            rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
        vbits = (version << 12) | rem
        for i in range(18):
            a, b = n - 11 + i % 3, i // 3
            put(a, b, (vbits >> i) & 1)
            put(b, a, (vbits >> i) & 1)
    order: list[int] = []
    right = n - 1
    while right >= 1:
        if right == 6:
            right = 5
        for vert in range(n):
            for j in range(2):
                x = right - j
                y = (n - 1 - vert) if ((right + 1) & 2) == 0 else vert
                if not function[y * n + x]:
                    order.append(y * n + x)
        right -= 2
    count = len(order)
    test = _MASKS[mask]
    mask_int = int.from_bytes(bytes(1 if test(p // n, p % n) else 0 for p in order), "big")
    index = [count + value[p] for p in range(n * n)]
    for i, p in enumerate(order):
        index[p] = i
    return n, count, tuple(index), mask_int, itemgetter(*index)


def _codewords(data: bytes, version: int) -> bytes:
    ec_len, groups = _M[version - 1]
    capacity = _data_codewords(version)
    cc_bits = 8 if version < 10 else 16
    stream = (0b0100 << cc_bits | len(data)) << (8 * len(data)) | int.from_bytes(data, "big")
    nbits = 4 + cc_bits + 8 * len(data)
    term = min(4, capacity * 8 - nbits)
    stream <<= term
    nbits += term
    # Zero bits up to the next codeword boundary — a whole zero codeword when already on one, as
    # segno writes it (decoders stop at the terminator, so both forms read the same).
    pad = min(8 - nbits % 8, capacity * 8 - nbits)
    stream <<= pad
    nbits += pad
    body = stream.to_bytes(nbits // 8, "big")
    body += (b"\xec\x11" * capacity)[: capacity - len(body)]
    blocks, start = [], 0
    for count, size in groups:
        for _ in range(count):
            blocks.append(body[start:start + size])
            start += size
    out = bytearray()
    longest = max(len(b) for b in blocks)
    for i in range(longest):
        out.extend(b[i] for b in blocks if i < len(b))
    ecc = [_remainder(b, ec_len) for b in blocks]
    for i in range(ec_len):
        out.extend(e[i] for e in ecc)
    return bytes(out)


def qr_matrix(data: bytes, mask: int = 2) -> list[bytes]:
    """The rows of the QR symbol of ``data`` (byte mode, level M, ``mask``), 1 = dark, no quiet zone."""
    version = version_for(len(data))
    n, count, _index, mask_int, getter = _layout(version, mask)
    bits = b"".join(_BITS[b] for b in _codewords(data, version)).ljust(count, b"\x00")
    masked = (int.from_bytes(bits, "big") ^ mask_int).to_bytes(count, "big") + b"\x00\x01"
    flat = bytes(getter(masked))
    return [flat[r * n:(r + 1) * n] for r in range(n)]
