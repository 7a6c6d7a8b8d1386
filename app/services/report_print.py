"""The annual report from the database: gather the figures and the officer's text, then build the
PDF (:mod:`app.printing.annual_report`) or the .xlsx (:mod:`app.exchange.report_xlsx`).

These are what the window, the console command and the data package call; each reads in its own
sessions and returns bytes (run it as a task off the UI thread: about a second on a commune of
20,000 households).
"""

from __future__ import annotations

from datetime import date

from app.db.engine import Database
from app.exchange.report_xlsx import build_annual_report_xlsx
from app.printing.annual_report import build_annual_report_pdf
from app.printing.document import Issuer
from app.services.report_figures import annual_summary
from app.services.targets import ReportText, report_text


def report_issuer(db: Database, text: ReportText) -> Issuer:
    """The commune's People's Committee, signed by the text's signer (else the chair)."""
    from app.services.certificate_subjects import issuer_for
    from app.services.setup import get_profile

    profile = get_profile(db)
    if profile is None:
        return Issuer("", "", text.signer_name, signer_position=text.signer_position or "CHỦ TỊCH")
    if text.signer_name:
        return issuer_for(profile, text.signer_name, text.signer_position)
    return issuer_for(profile)


def annual_report_pdf(db: Database, year: int, *, on: date | None = None, summary: dict | None = None) -> bytes:
    """The annual report of ``year`` as PDF (``summary``: figures already computed)."""
    text = report_text(db, year)
    return build_annual_report_pdf(summary or annual_summary(db, year), text, report_issuer(db, text), on=on)


def annual_report_xlsx(db: Database, year: int, *, summary: dict | None = None) -> bytes:
    """The annual report's tables of ``year`` as .xlsx."""
    return build_annual_report_xlsx(summary or annual_summary(db, year))
