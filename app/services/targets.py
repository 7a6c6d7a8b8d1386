"""Targets (chỉ tiêu) per year and key, the presets that ship with the program, and the officer's
text of the annual report.

A target is a percentage (0–100) of subjects to be recognised in a year: per title (``GDHT``,
``DHHT``, ``CDHT_THON``, ``DVHT``) and, for Công dân học tập, per group of citizens
(``CDHT_CONG_DAN:community``: working-age people in families and communities;
``CDHT_CONG_DAN:units``: staff of the units). Each stored target remembers its source: ``typed``,
a preset id (``son-la``) for a year the preset names, or ``<id>:interpolated`` / ``<id>:nearest``
for a year it does not. Presets are data (``resources/targets/presets.json``).

Every function here owns its transaction; writes are audited.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import delete, select

from app.db.engine import Database
from app.domain.text import nfc
from app.i18n import N_, _
from app.models import ReportText as ReportTextRow
from app.models import Target
from app.paths import resources_dir
from app.services import audit
from app.services.errors import NotFound, Problem, ValidationFailed

TARGET_KEYS: tuple[str, ...] = (
    "GDHT", "DHHT", "CDHT_THON", "DVHT", "CDHT_CONG_DAN:community", "CDHT_CONG_DAN:units",
)
#: Title code → the targets of that title (one for each title but the citizens, who have two groups).
TITLE_KEYS: dict[str, tuple[str, ...]] = {
    "GDHT": ("GDHT",), "DHHT": ("DHHT",), "CDHT_THON": ("CDHT_THON",), "DVHT": ("DVHT",),
    "CDHT_CONG_DAN": ("CDHT_CONG_DAN:community", "CDHT_CONG_DAN:units"),
}
_LABELS = {
    "GDHT": N_("Gia đình học tập"),
    "DHHT": N_("Dòng họ học tập"),
    "CDHT_THON": N_("Cộng đồng học tập (cấp thôn)"),
    "DVHT": N_("Đơn vị học tập"),
    "CDHT_CONG_DAN:community": N_("Công dân học tập: người lao động trong gia đình, dòng họ, cộng đồng"),
    "CDHT_CONG_DAN:units": N_("Công dân học tập: cán bộ, công chức, viên chức, người lao động trong đơn vị"),
}
#: Short names of the citizens' groups, for table rows.
GROUP_NAMES = {
    "community": N_("Người lao động trong gia đình, dòng họ, cộng đồng"),
    "units": N_("Cán bộ, công chức, viên chức, người lao động trong đơn vị"),
}


def target_label(key: str) -> str:
    """The Vietnamese name of a target key (the key itself when unknown)."""
    return _(_LABELS[key]) if key in _LABELS else key


def source_label(source: str) -> str:
    """``typed`` → "Nhập tay"; ``son-la`` → the preset's label; ``son-la:interpolated`` → "… (nội suy)"."""
    if not source or source == "typed":
        return _("Nhập tay")
    pid, _sep, how = source.partition(":")
    preset = next((p for p in PRESETS if p.id == pid), None)
    name = preset.label if preset else pid
    if how == "interpolated":
        return _("{preset} (nội suy)").format(preset=name)
    if how == "nearest":
        return _("{preset} (theo năm gần nhất)").format(preset=name)
    return name


# ---------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    """A plan's targets: ``years`` maps a year the plan names to its percentages per key."""

    id: str
    label: str
    source: str
    years: tuple[tuple[int, tuple[tuple[str, float], ...]], ...]

    @property
    def year_list(self) -> tuple[int, ...]:
        return tuple(y for y, _v in self.years)

    def values_for(self, year: int, interpolate: bool = True) -> tuple[dict[str, float], str] | None:
        """(percent per key, source) for ``year``: the plan's own figures for a year it names;
        else, with ``interpolate``, linear between the two years around it (one decimal) or the
        nearest year's figures outside them; else None."""
        table = {y: dict(v) for y, v in self.years}
        if year in table:
            return dict(table[year]), self.id
        if not interpolate or not table:
            return None
        years = sorted(table)
        if year < years[0] or year > years[-1]:
            near = years[0] if year < years[0] else years[-1]
            return dict(table[near]), f"{self.id}:nearest"
        lo = max(y for y in years if y < year)
        hi = min(y for y in years if y > year)
        f = (year - lo) / (hi - lo)
        keys = [k for k in TARGET_KEYS if k in table[lo] and k in table[hi]]
        return {k: round(table[lo][k] + (table[hi][k] - table[lo][k]) * f, 1) for k in keys}, \
            f"{self.id}:interpolated"


@lru_cache(maxsize=1)
def _load_presets() -> tuple[Preset, ...]:
    doc = json.loads((resources_dir() / "targets" / "presets.json").read_text("utf-8"))
    return tuple(
        Preset(p["id"], nfc(p["label"]), nfc(p.get("source", "")),
               tuple(sorted((int(y), tuple((k, float(v)) for k, v in vals.items() if k in TARGET_KEYS))
                            for y, vals in p["years"].items())))
        for p in doc["presets"])


PRESETS: tuple[Preset, ...] = _load_presets()


def preset(preset_id: str) -> Preset:
    """The preset of that id; raises NotFound."""
    found = next((p for p in PRESETS if p.id == preset_id), None)
    if found is None:
        raise NotFound(preset_id)
    return found


# ---------------------------------------------------------------- stored targets


def targets_for(db: Database, year: int) -> dict[str, float | None]:
    """Percent per key of :data:`TARGET_KEYS` for ``year`` (None: no target)."""
    out: dict[str, float | None] = dict.fromkeys(TARGET_KEYS)
    with db.session() as s:
        for key, percent in s.execute(select(Target.key, Target.percent).where(Target.year == year)):
            if key in out:
                out[key] = percent
    return out


def target_sources(db: Database, year: int) -> dict[str, str]:
    """Source per key that has a target in ``year`` (``typed``, a preset id, ``id:interpolated``)."""
    with db.session() as s:
        return dict(s.execute(select(Target.key, Target.source).where(Target.year == year)).all())


def target_years(db: Database) -> list[int]:
    """The years that have at least one target, ascending."""
    with db.session() as s:
        return list(s.scalars(select(Target.year).distinct().order_by(Target.year)))


def _check(year: int, values: Mapping[str, float | None]) -> None:
    problems = []
    if not 1900 <= year <= 2200:
        problems.append(Problem("year", _("Năm không hợp lệ: {year}.").format(year=year)))
    for key, v in values.items():
        if key not in TARGET_KEYS:
            problems.append(Problem(key, _("Không có chỉ tiêu “{key}”. Các chỉ tiêu: {keys}.").format(
                key=key, keys=", ".join(TARGET_KEYS))))
        elif v is not None and not 0 <= float(v) <= 100:
            problems.append(Problem(key, _("Chỉ tiêu {name} phải từ 0 đến 100 %.").format(name=target_label(key))))
    if problems:
        raise ValidationFailed(problems)


def _store(s, year: int, values: Mapping[str, float | None], source: str) -> dict[str, list]:
    rows = {t.key: t for t in s.scalars(select(Target).where(Target.year == year))}
    changed: dict[str, list] = {}
    for key, v in values.items():
        row = rows.get(key)
        old = row.percent if row else None
        if v is None:
            if row is not None:
                s.delete(row)
                changed[key] = [old, None]
            continue
        v = round(float(v), 1)
        if row is None:
            s.add(Target(year=year, key=key, percent=v, source=source))
        elif row.percent != v or row.source != source:
            row.percent, row.source = v, source
        else:
            continue
        changed[key] = [old, v]
    return changed


def set_targets(db: Database, year: int, values: Mapping[str, float | None], source: str = "typed") -> None:
    """Store the targets of ``year`` (percent 0–100, one decimal; None removes a key's target);
    keys not in ``values`` are left as they are. Raises ValidationFailed for an unknown key or a
    value outside 0–100, changing nothing."""
    _check(year, values)
    with db.session() as s:
        changed = _store(s, year, values, source)
        if changed:
            audit.record(s, "targets", "report_target", "", _("Chỉ tiêu năm {year}: {n} thay đổi ({source}).").format(
                year=year, n=len(changed), source=source_label(source)), {"year": year, "changes": changed,
                                                                          "source": source})


def apply_preset(db: Database, preset_id: str, years: Iterable[int], interpolate: bool = True) -> dict[int, dict]:
    """Set the targets of ``years`` from a preset (see :meth:`Preset.values_for`); a year the
    preset does not name is skipped without ``interpolate``. Returns year → percent per key for
    the years set. One transaction. Raises NotFound for an unknown preset."""
    p = preset(preset_id)
    out: dict[int, dict] = {}
    with db.session() as s:
        for year in sorted(set(years)):
            got = p.values_for(year, interpolate)
            if got is None:
                continue
            values, source = got
            _check(year, values)
            _store(s, year, values, source)
            out[year] = values
        if out:
            audit.record(s, "targets", "report_target", "", _("Chỉ tiêu theo {preset}: năm {years}.").format(
                preset=p.label, years=", ".join(map(str, out))), {"preset": p.id, "years": list(out),
                                                                  "interpolate": interpolate})
    return out


def clear_targets(db: Database, year: int) -> None:
    """Remove every target of ``year``."""
    with db.session() as s:
        s.execute(delete(Target).where(Target.year == year))
        audit.record(s, "targets", "report_target", "", _("Xóa chỉ tiêu năm {year}.").format(year=year),
                     {"year": year})


# ---------------------------------------------------------------- the report's text


@dataclass(frozen=True)
class ReportText:
    """What the officer writes in the annual report; ``recipients`` one per line (Nơi nhận)."""

    number: str = ""
    achievements: str = ""
    difficulties: str = ""
    proposals: str = ""
    recipients: str = ""
    signer_name: str = ""
    signer_position: str = ""

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.recipients.splitlines() if line.strip())


_FIELDS = ("number", "achievements", "difficulties", "proposals", "recipients", "signer_name", "signer_position")


_MULTILINE = ("achievements", "difficulties", "proposals", "recipients")


def _multiline(text: str) -> str:
    """NFC line by line (each line's whitespace collapsed), blank lines dropped."""
    return "\n".join(line for line in (nfc(x) for x in text.splitlines()) if line)


def default_report_text(db: Database) -> ReportText:
    """The text of a year nobody has written yet: recipients from the profile, the chair signs."""
    from app.services.setup import get_profile

    profile = get_profile(db)
    receiver = (profile.receiver_office_name if profile else "") or _("Sở Giáo dục và Đào tạo tỉnh")
    recipients = "\n".join((_("{office} (để báo cáo)").format(office=receiver), _("Thường trực Đảng ủy, HĐND xã"),
                            _("Hội Khuyến học xã"), _("Trung tâm học tập cộng đồng xã"), _("Lưu: VT")))
    chair = profile.signer("chair") if profile else None
    return ReportText(recipients=recipients, signer_name=chair.full_name if chair else "",
                      signer_position=(chair.position if chair and chair.position else "") or _("CHỦ TỊCH"))


def report_text(db: Database, year: int) -> ReportText:
    """The officer's text of ``year``'s report, or :func:`default_report_text` when none is saved."""
    with db.session() as s:
        row = s.scalars(select(ReportTextRow).where(ReportTextRow.year == year)).first()
        if row is not None:
            return ReportText(*(getattr(row, f) or "" for f in _FIELDS))
    return default_report_text(db)


def save_report_text(db: Database, year: int, text: ReportText) -> None:
    """Store the officer's text of ``year``'s report (NFC, trimmed)."""
    values = {f: _multiline(getattr(text, f) or "") if f in _MULTILINE else nfc(getattr(text, f) or "")
              for f in _FIELDS}
    with db.session() as s:
        row = s.scalars(select(ReportTextRow).where(ReportTextRow.year == year)).first()
        if row is None:
            row = ReportTextRow(year=year)
            s.add(row)
        for f, v in values.items():
            setattr(row, f, v)
        s.flush()
        audit.record(s, "report_text", "report_text", row.uuid,
                     _("Nội dung báo cáo năm {year} đã lưu.").format(year=year), {"year": year})
