"""Shared fixtures: a fresh migrated database in a temporary data folder, and a small commune."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def paths(tmp_path, monkeypatch):
    from app import paths as app_paths

    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "data"))
    app_paths.configure(None)
    return app_paths.ensure(app_paths.current())


@pytest.fixture
def db(paths):
    from app.db import open_database

    database = open_database(paths)
    yield database
    database.dispose()


@pytest.fixture
def commune(db):
    """A commune with three villages (Bản Nà Sản, Bản Hồng Mặn, Tiểu khu 3); returns {name: village id}."""
    from app.services.setup import ProfileData, SignerData, save_profile
    from app.services.villages import list_villages

    save_profile(
        db,
        ProfileData(
            province_code="14", province_name="Sơn La", old_province_code="14", old_province_name="Sơn La",
            commune_code="14113", commune_name="Chiềng Mung", centre_name="Trung tâm học tập cộng đồng xã Chiềng Mung",
            receiver_office_name="Sở Giáo dục và Đào tạo tỉnh Sơn La",
            signers=(SignerData("chair", "Cầm Văn Ún", "Chủ tịch UBND xã"),
                     SignerData("centre_director", "Lò Văn Pọm", "Giám đốc")),
        ),
        villages=["Bản Nà Sản", "Bản Hồng Mặn", "Tiểu khu 3"],
    )
    return {v.name: v.id for v in list_villages(db)}
