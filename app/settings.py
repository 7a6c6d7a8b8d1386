"""Program settings, declared once with a type, a default and a translatable title.

Values live in the ``setting`` table as text; :func:`get` and :func:`put` convert them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.db.engine import Database
from app.i18n import N_
from app.models import Setting


@dataclass(frozen=True)
class SettingDef:
    key: str
    type: type
    default: Any
    title: str


_REGISTRY: dict[str, SettingDef] = {}


def declare(key: str, type_: type, default: Any, title: str) -> SettingDef:
    d = SettingDef(key, type_, default, title)
    _REGISTRY[key] = d
    return d


LANGUAGE = declare("ui.language", str, "vi", N_("Ngôn ngữ giao diện"))
WORKING_YEAR = declare("ui.working_year", int, 0, N_("Năm làm việc"))
REPORT_DEADLINE = declare("report.deadline", str, "12-01", N_("Hạn nộp báo cáo (tháng-ngày)"))
USER_NAME = declare("ui.user_name", str, "", N_("Người sử dụng"))


def definitions() -> list[SettingDef]:
    return list(_REGISTRY.values())


def _decode(d: SettingDef, raw: str) -> Any:
    if d.type is bool:
        return raw in ("1", "true", "True")
    if d.type in (int, float, str):
        return d.type(raw)
    return json.loads(raw)


def _encode(d: SettingDef, value: Any) -> str:
    if d.type is bool:
        return "1" if value else "0"
    if d.type in (int, float, str):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def get(db: Database, d: SettingDef) -> Any:
    with db.session() as s:
        row = s.get(Setting, d.key)
        if row is None:
            return d.default
        try:
            return _decode(d, row.value)
        except (ValueError, TypeError):
            return d.default


def put(db: Database, d: SettingDef, value: Any) -> None:
    with db.session() as s:
        row = s.get(Setting, d.key)
        if row is None:
            s.add(Setting(key=d.key, value=_encode(d, value)))
        else:
            row.value = _encode(d, value)
