"""An initialised receiving office (its identity made once per session: scrypt is slow) and a
commune key registered with it."""

from __future__ import annotations

import shutil

import pytest

PASSPHRASE = "mật khẩu cơ quan 2026"
COMMUNE_PASSPHRASE = "khóa xã Chiềng Mung"


@pytest.fixture(scope="session")
def _office_template(tmp_path_factory):
    from app.paths import Paths
    from app.services.receiver import init_receiver

    root = tmp_path_factory.mktemp("office")
    init_receiver(Paths(root), PASSPHRASE, "Sở Giáo dục và Đào tạo tỉnh Sơn La")
    return root / "keys" / "office"


@pytest.fixture(scope="session")
def _commune_keys(tmp_path_factory):
    from app.crypto.keys import create_key, load_secret

    folder = tmp_path_factory.mktemp("commune-keys")
    info = create_key(folder, COMMUNE_PASSPHRASE, "Xa Chieng Mung 14113")
    other = create_key(folder / "other", COMMUNE_PASSPHRASE, "Ke gia mao")
    return (info, load_secret(info.secret_path, COMMUNE_PASSPHRASE),
            other, load_secret(other.secret_path, COMMUNE_PASSPHRASE))


@pytest.fixture
def office(paths, _office_template):
    """``paths`` of a data folder whose office identity exists (copied from the session's)."""
    shutil.copytree(_office_template, paths.keys / "office")
    return paths


@pytest.fixture(scope="session")
def unlocked(_office_template):
    from app.crypto.age_identity import load_identity

    return load_identity(_office_template, PASSPHRASE)


@pytest.fixture
def commune_key(_commune_keys):
    return _commune_keys[1]


@pytest.fixture
def commune_key_info(_commune_keys):
    return _commune_keys[0]


@pytest.fixture
def other_key(_commune_keys):
    return _commune_keys[3]


@pytest.fixture
def registered(db, office, commune_key_info):
    """The office's database with Chiềng Mung's key registered."""
    from app.services.receiver import register_commune

    register_commune(db, commune_key_info.public_key_text)
    return db


@pytest.fixture
def recipient(office):
    from app.services.receiver import receiver_identity

    return receiver_identity(office).age_recipient
