"""One commune key for the QR tests (scrypt makes every key load cost ≈ 0.1 s)."""

from __future__ import annotations

import pytest

from app.crypto import keys

PASSPHRASE = "mật khẩu thử nghiệm"


@pytest.fixture(scope="session")
def commune_key(tmp_path_factory):
    """(KeyInfo, CommuneSecret) of a key made once for the session."""
    folder = tmp_path_factory.mktemp("keys")
    info = keys.create_key(folder, PASSPHRASE, "Xa Chieng Mung")
    return info, keys.load_secret(folder, PASSPHRASE)


@pytest.fixture(scope="session")
def other_key(tmp_path_factory):
    folder = tmp_path_factory.mktemp("other-keys")
    info = keys.create_key(folder, PASSPHRASE)
    return info, keys.load_secret(folder, PASSPHRASE)
