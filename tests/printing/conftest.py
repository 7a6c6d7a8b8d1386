"""Shared data for the printing tests: a commune key, an issuer and certificate factories."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest

from app.crypto import keys
from app.crypto.certificate_qr import sign_certificate
from app.printing.certificates import CertificateData
from app.printing.document import Issuer

TITLES = ("GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN")
LABELS = {"GDHT": "Gia đình học tập", "DHHT": "Dòng họ học tập", "CDHT_THON": "Cộng đồng học tập",
          "DVHT": "Đơn vị học tập", "CDHT_CONG_DAN": "Công dân học tập"}
RECIPIENTS = {"GDHT": "Nguyễn Văn An", "DHHT": "Dòng họ Lò", "CDHT_THON": "Bản Nà Sản",
              "DVHT": "Trường Tiểu học Chiềng Mung", "CDHT_CONG_DAN": "Lò Thị Hương"}


@pytest.fixture(scope="session")
def commune_key(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    info = keys.create_key(folder, "mật khẩu thử nghiệm")
    return info, keys.load_secret(folder, "mật khẩu thử nghiệm")


@pytest.fixture
def issuer():
    return Issuer("14113", "Chiềng Mung", "Cầm Văn Ún", issuing_body=("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG"))


@pytest.fixture
def make_item(commune_key):
    """``make_item(title_code, **changes)`` → a signed certificate of decision 125/QĐ-UBND of 05/01/2026."""
    _info, secret = commune_key

    def make(title_code: str = "GDHT", **changes) -> CertificateData:
        item = CertificateData(
            title_code=title_code, year=2026, recipient=RECIPIENTS[title_code], decision_number="125/QĐ-UBND",
            decision_date=date(2026, 1, 5), register_no=37, signer_name="Cầm Văn Ún",
            issuing_body=("ỦY BAN NHÂN DÂN", "XÃ CHIỀNG MUNG"), commune_name="Chiềng Mung", place="Chiềng Mung",
            address="Bản Nà Sản, xã Chiềng Mung, tỉnh Sơn La", village="Bản Nà Sản")
        item = replace(item, **changes)
        return replace(item, qr_text=sign_certificate(secret, "14113", item.year, item.title_code, item.register_no,
                                                      item.recipient))

    return make


def pdf_pages_text(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def pdf_page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
