"""The receiving office's consolidated figures: the communes' latest summaries for a year, summed.

:func:`consolidate` is the arithmetic on plain dicts (no database): it takes each registered
commune's latest ``data/summary.json`` for the year (the shape of
:func:`app.services.report_figures.annual_summary`) and returns a dict of the same shape for the
whole area — the communes are the rows in ``"villages"`` — plus ``"communes"`` (every commune with
its package, or none) and ``"communes_missing"`` (registered communes that sent nothing for the
year). Counts are summed; rates are recomputed from the sums (never averaged); targets are the
office's own (:func:`app.services.targets.targets_for`), else null.

:func:`area_summary` gathers the inputs from the receiver's tables (one read transaction per
service called) and calls :func:`consolidate`; :func:`area_report_pdf` / :func:`area_report_xlsx`
hand the result to the commune report's builders with ``rows_heading="Xã, phường"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.db.engine import Database
from app.domain.criteria import TITLE_NAMES, TITLES
from app.domain.text import sort_key
from app.i18n import N_, _

ROWS_HEADING = N_("Xã, phường")
_COUNTS = ("exist", "registered", "assessed", "recognised")
_CLASS_COUNTS = ("classes", "talks", "sessions", "turnouts", "learners")


@dataclass(frozen=True)
class CommuneInput:
    """One registered commune as the office knows it: its latest summary for the year and the
    package that carried it (``None`` both when nothing came for the year).

    ``package`` holds plain values: ``package_id``, ``sequence``, ``content``, ``received_at``
    (ISO text), ``sha256``."""

    code: str
    name: str
    summary: Mapping[str, Any] | None = None
    package: Mapping[str, Any] | None = None


def rate_of(recognised: int, base: int) -> float | None:
    """Percent, one decimal; None when there is nothing to count."""
    return round(recognised * 100.0 / base, 1) if base else None


def gap_of(rate: float | None, target: float | None) -> float | None:
    """Rate minus target in percentage points (negative: behind the target)."""
    return None if rate is None or target is None else round(rate - target, 1)


def _title(code: str, name: str, counts: Mapping[str, int], target: float | None) -> dict:
    rate = rate_of(counts["recognised"], counts["exist"])
    return {"code": code, "name": name, **{k: counts[k] for k in _COUNTS}, "rate": rate,
            "target": target, "gap": gap_of(rate, target)}


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _sum_titles(summaries: Sequence[Mapping[str, Any]], targets: Mapping[str, float | None]) -> list[dict]:
    """The five titles in their usual order (any other code the communes sent after them)."""
    codes = list(TITLES)
    names = {c: _(TITLE_NAMES[c]) for c in TITLES}
    sums: dict[str, dict[str, int]] = {c: dict.fromkeys(_COUNTS, 0) for c in codes}
    for summary in summaries:
        for t in summary.get("titles") or ():
            code = t.get("code")
            if not code:
                continue
            if code not in sums:
                codes.append(code)
                sums[code] = dict.fromkeys(_COUNTS, 0)
            names.setdefault(code, t.get("name") or code)
            for k in _COUNTS:
                sums[code][k] += _int(t.get(k))
    return [_title(c, names[c], sums[c], targets.get(c)) for c in codes]


def _sum_citizens(summaries: Sequence[Mapping[str, Any]], targets: Mapping[str, float | None]) -> list[dict]:
    groups: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        for c in summary.get("citizens") or ():
            group = c.get("group") or ""
            g = groups.setdefault(group, {"group": group, "name": c.get("name") or group, "base": 0, "recognised": 0})
            g["base"] += _int(c.get("base"))
            g["recognised"] += _int(c.get("recognised"))
    out = []
    for g in groups.values():
        rate = rate_of(g["recognised"], g["base"])
        target = targets.get(f"CDHT_CONG_DAN:{g['group']}")
        out.append({**g, "rate": rate, "target": target, "gap": gap_of(rate, target)})
    return out


def _sum_classes(summaries: Sequence[Mapping[str, Any]]) -> dict:
    total = dict.fromkeys(_CLASS_COUNTS, 0)
    topics: dict[str, dict[str, Any]] = {}
    for summary in summaries:
        classes = summary.get("classes") or {}
        for k in _CLASS_COUNTS:
            total[k] += _int(classes.get(k))
        for t in classes.get("by_topic") or ():
            name = t.get("topic") or ""
            row = topics.setdefault(name, {"topic": name, **dict.fromkeys(_CLASS_COUNTS, 0)})
            for k in _CLASS_COUNTS:
                row[k] += _int(t.get(k))
    return {**total, "by_topic": sorted(topics.values(), key=lambda r: sort_key(r["topic"]))}


def _commune_row(c: CommuneInput, targets: Mapping[str, float | None]) -> dict:
    titles = _sum_titles([c.summary or {}], targets)
    sender = (c.summary or {}).get("commune") or {}
    return {"name": c.name or sender.get("name") or c.code, "code": c.code, "uuid": c.code,
            "titles": titles, "package": dict(c.package) if c.package else None}


def consolidate(year: int, office: Mapping[str, str], communes: Sequence[CommuneInput],
                targets: Mapping[str, float | None] | None = None) -> dict:
    """The area-wide summary of ``year``: plain JSON types, deterministic.

    ``office``: ``name`` and ``province_name`` of the receiving office. ``targets``: the office's
    targets by key (``GDHT`` …, ``CDHT_CONG_DAN:community``), None values meaning no target.
    Communes with a summary are the rows (sorted by name, Vietnamese order); the others are listed
    in ``communes_missing``. A commune's summary for another year is ignored (treated as missing).
    """
    targets = {k: v for k, v in (targets or {}).items() if v is not None}
    ordered = sorted(communes, key=lambda c: (sort_key(c.name), c.code))
    sent = [c for c in ordered if c.summary is not None and _int(c.summary.get("year")) in (0, year)]
    missing = [c for c in ordered if c not in sent]
    summaries = [c.summary for c in sent if c.summary is not None]
    return {
        "format": "tthtcd-summary",
        "format_version": 1,
        "year": year,
        "commune": {"code": "", "name": office.get("name", ""), "province_name": office.get("province_name", ""),
                    "centre_name": ""},
        "area": True,
        "titles": _sum_titles(summaries, targets),
        "villages": [_commune_row(c, targets) for c in sent],
        "citizens": _sum_citizens(summaries, targets),
        "classes": _sum_classes(summaries),
        "self_assessment": None,
        "communes": [{"code": c.code, "name": c.name, "package": dict(c.package) if c in sent and c.package else None}
                     for c in ordered],
        "communes_missing": [{"code": c.code, "name": c.name} for c in missing],
    }


# -- gathering from the receiver's tables -------------------------------------------------------


def _office(db: Database) -> dict[str, str]:
    from app.services.setup import get_profile

    profile = get_profile(db)
    if profile is None:
        return {"name": "", "province_name": ""}
    return {"name": profile.receiver_office_name or profile.commune_name, "province_name": profile.province_name}


def _office_targets(db: Database, year: int) -> dict[str, float | None]:
    try:
        from app.services.targets import targets_for
    except ImportError:  # the targets feature is not there
        return {}
    return dict(targets_for(db, year) or {})


def _package_info(commune: Any, pkg: Any | None) -> dict[str, Any]:
    """What the dashboard and the report show of the package that carried a commune's summary."""
    received = commune.received_at
    return {
        "package_id": commune.package_id,
        "sequence": commune.sequence,
        "content": pkg.content if pkg is not None else "",
        "received_at": received.isoformat() if hasattr(received, "isoformat") else received,
        "sha256": pkg.sha256 if pkg is not None else "",
    }


def commune_inputs(db: Database, year: int) -> list[CommuneInput]:
    """Every registered commune (and any other that sent a summary) with its latest summary for
    ``year`` and the package that carried it."""
    from app.services import receiver

    packages = {p.package_id: p for p in receiver.received_packages(db, year)}
    names = {c.code: c.name or c.code for c in receiver.list_communes(db)}
    found: dict[str, CommuneInput] = {}
    for commune, summary in receiver.received_summaries(db, year):
        name = names.get(commune.code) or commune.name or commune.code
        names[commune.code] = name
        found[commune.code] = CommuneInput(commune.code, name, summary,
                                           _package_info(commune, packages.get(commune.package_id)))
    return [found.get(code) or CommuneInput(code, name) for code, name in names.items()]


def area_summary(db: Database, year: int) -> dict:
    """The consolidated summary of ``year`` for the receiving office (see :func:`consolidate`)."""
    return consolidate(year, _office(db), commune_inputs(db, year), _office_targets(db, year))


def office_report_text(db: Database, year: int):
    """The office's saved text of ``year``'s report; when none is saved, a default for an office
    (the commune default names the commune's own council and chairperson)."""
    from app.services.setup import get_profile
    from app.services.targets import ReportText, default_report_text, report_text

    text = report_text(db, year)
    if text != default_report_text(db):
        return text
    profile = get_profile(db)
    province = province_title(profile.province_name) if profile and profile.province_name else ""
    office = _office_name(profile)
    number = "……/BC-SGDĐT" if office.lower().startswith("sở giáo dục") else "……/BC"
    recipients = [_("UBND {province} (để báo cáo)").format(province=province) if province else "",
                  _("Bộ Giáo dục và Đào tạo (để báo cáo)"), _("Hội Khuyến học {province}").format(province=province)
                  if province else "", _("UBND các xã, phường"), _("Lưu: VT")]
    return ReportText(number=number, recipients="\n".join(r for r in recipients if r),
                      signer_position=_("GIÁM ĐỐC") if number.endswith("SGDĐT") else _("THỦ TRƯỞNG CƠ QUAN"))


def _office_name(profile) -> str:
    return (profile.receiver_office_name or profile.commune_name) if profile else ""


def _issuer(db: Database, text) -> Any:
    """The office as the report's issuer: ``UBND TỈNH SƠN LA`` over ``SỞ GIÁO DỤC VÀ ĐÀO TẠO``."""
    from app.printing.document import Issuer
    from app.services.setup import get_profile

    profile = get_profile(db)
    office = _office_name(profile)
    province = profile.province_name if profile else ""
    body = office
    if province and body.lower().endswith(" " + province_title(province).lower()):
        body = body[: -len(province_title(province)) - 1]
    return Issuer(
        commune_code="",
        commune_name=office,
        signer_name=getattr(text, "signer_name", "") or "",
        issuing_body=(body.upper(),),
        parent_body=(f"UBND {province_title(province)}".upper(),) if province else (),
        place=province,
        signer_authority="",
        signer_position=(getattr(text, "signer_position", "") or _("THỦ TRƯỞNG CƠ QUAN")).upper(),
    )


def area_intro(area: Mapping[str, Any]) -> str:
    """The report's opening sentence: who reports, from how many communes, who has not sent."""
    office = area["commune"]["name"] or _("Cơ quan tiếp nhận")
    total, missing = len(area["communes"]), area["communes_missing"]
    text = _("{office} báo cáo kết quả xây dựng các mô hình học tập năm {year} trên địa bàn, tổng hợp từ số liệu "
             "của {sent}/{total} xã, phường đã gửi").format(office=office, year=area["year"],
                                                           sent=total - len(missing), total=total)
    if missing:
        text += _(" (chưa gửi: {names})").format(names=", ".join(c["name"] for c in missing))
    return text + _(", như sau:")


def province_title(name: str) -> str:
    """``tỉnh Sơn La`` / ``thành phố Hải Phòng``: the province's name with its kind, once."""
    low = name.strip().lower()
    if low.startswith(("tỉnh ", "thành phố ")):
        return name.strip()
    cities = {"hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"}
    return f"{'thành phố' if low in cities else 'tỉnh'} {name.strip()}"


def area_report_pdf(db: Database, year: int, on: date | None = None) -> bytes:
    """The area report of ``year`` as PDF bytes (the commune report's builder, communes as rows)."""
    from app.printing.annual_report import build_annual_report_pdf

    area = area_summary(db, year)
    text = office_report_text(db, year)
    issuer = _issuer(db, text)
    return build_annual_report_pdf(area, text, issuer, rows_heading=_(ROWS_HEADING), place=issuer.place, on=on,
                                   intro=area_intro(area))


def area_report_xlsx(db: Database, year: int) -> bytes:
    """The area report of ``year`` as ``.xlsx`` bytes."""
    from app.exchange.report_xlsx import build_annual_report_xlsx

    return build_annual_report_xlsx(area_summary(db, year), rows_heading=_(ROWS_HEADING))
