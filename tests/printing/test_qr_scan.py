"""A printed certificate's QR code, rendered and scanned like a phone would, verifies as authentic."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest

from app.crypto.certificate_qr import key_finder, verify_qr
from app.printing.certificates import build_certificates
from app.printing.templates import default_template

pytestmark = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                                reason="needs poppler-utils (pdftoppm) and zbar-tools (zbarimg)")


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_scanned_qr_code_verifies(tmp_path, make_item, commune_key, size):
    item = make_item("CDHT_CONG_DAN", recipient="Lò Thị Hương | Bản Nà Sản")
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(build_certificates([item], replace(default_template("CDHT_CONG_DAN"), page_size=size)))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    scan = subprocess.run(["zbarimg", "-q", "--raw", "-Sbinary", str(png)], capture_output=True, check=True)
    text = scan.stdout.decode("utf-8").rstrip("\n")
    assert text == item.qr_text
    check = verify_qr(text, key_finder([commune_key[1].public]))
    assert check.authentic and check.fields.recipient_name == "Lò Thị Hương / Bản Nà Sản"
