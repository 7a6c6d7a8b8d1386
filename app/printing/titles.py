"""The five titles as printed on certificates and papers (labels are the wording of the certificate,
not of the criteria sets: "Cộng đồng học tập" without "(cấp thôn)")."""

from __future__ import annotations

__all__ = ["TITLE_CODES", "TITLE_LABELS", "RECIPIENT_KINDS", "title_label"]

TITLE_LABELS: dict[str, str] = {
    "GDHT": "Gia đình học tập",
    "DHHT": "Dòng họ học tập",
    "CDHT_THON": "Cộng đồng học tập",
    "DVHT": "Đơn vị học tập",
    "CDHT_CONG_DAN": "Công dân học tập",
}
TITLE_CODES: tuple[str, ...] = tuple(TITLE_LABELS)
#: Title → the kind of recipient (the glossary's subject kinds).
RECIPIENT_KINDS: dict[str, str] = {
    "GDHT": "household", "DHHT": "clan", "CDHT_THON": "village", "DVHT": "unit", "CDHT_CONG_DAN": "person",
}


def title_label(code: str) -> str:
    """``"GDHT"`` → ``"Gia đình học tập"``; an unknown code is returned as is."""
    return TITLE_LABELS.get(code, code)
