"""Real packages for the receiving office's tests: communes set up with their keys export summary
packages with package-export's code, to an office made with receiver-core's code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.db import open_database
from app.paths import Paths, ensure
from app.services.setup import ProfileData, save_profile

OFFICE_NAME = "Sở Giáo dục và Đào tạo tỉnh Sơn La"
OFFICE_PASSPHRASE = "mật khẩu của Sở"
COMMUNE_PASSPHRASE = "mật khẩu của xã"


@dataclass
class Commune:
    code: str
    name: str
    paths: Paths

    @property
    def public_key(self) -> str:
        from app.services.keys import current_key

        return current_key(self.paths).public_key_text


def receiver_profile() -> ProfileData:
    """What the set-up wizard saves in receiving-office mode."""
    return ProfileData(mode="receiver", province_code="14", province_name="Sơn La", old_province_code="14",
                       old_province_name="Sơn La", commune_name=OFFICE_NAME, commune_kind="",
                       receiver_office_name=OFFICE_NAME)


def make_office(db, paths: Paths) -> None:
    from app.services.receiver import init_receiver

    save_profile(db, receiver_profile())
    init_receiver(paths, OFFICE_PASSPHRASE, OFFICE_NAME)


def make_commune(root: Path, code: str, name: str, office_paths: Paths) -> Commune:
    """A commune with a profile, villages, a signing key and the office as its recipient."""
    from app.services.keys import init_key
    from app.services.packages import set_receiver
    from app.services.receiver import receiver_identity

    paths = ensure(Paths(root / f"commune-{code}"))
    db = open_database(paths)
    try:
        save_profile(db, ProfileData(
            province_code="14", province_name="Sơn La", commune_code=code, commune_name=name,
            centre_name=f"Trung tâm học tập cộng đồng xã {name}", receiver_office_name=OFFICE_NAME),
            villages=["Bản Mé", "Bản Hụm"])
        init_key(paths, COMMUNE_PASSPHRASE, f"Xa {code}")
        ident = receiver_identity(office_paths)
        set_receiver(db, ident.office_name, ident.age_recipient, ident.signing_public_key)
    finally:
        db.dispose()
    return Commune(code, name, paths)


def export_summary(commune: Commune, year: int, out_dir: Path) -> Path:
    """The commune's summary package of ``year`` written into ``out_dir``; its path."""
    from app.services.packages import export_package

    out_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(commune.paths)
    try:
        info = export_package(db, commune.paths, year, "summary", out_dir, COMMUNE_PASSPHRASE)
    finally:
        db.dispose()
    return out_dir / info.file_name
