"""The global search of the top bar (Ctrl+F): households, persons, clans, units and villages.

Everything is matched on the stored folded columns (``Person.name_fold``, the ``search_key``
columns), so accents, case, tone placement (hòa/hoà) and NFC/NFD input do not matter. A query
word must begin a word of the name: SQL narrows with ``LIKE 'tok%' OR LIKE '% tok%'`` per word and
:func:`app.domain.text.matches` confirms in Python ("huong" does not find "Thương"). Household codes
and ID numbers match by exact prefix through their indexes. Every query has a LIMIT, so a search
on a commune-scale database (80,000 persons) takes about 5-8 ms (measured on a 2-core machine).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.reference import UNIT_KINDS, VILLAGE_KINDS, label_for
from app.domain.text import matches, nfc, search_key, search_tokens
from app.i18n import N_, _, format_number
from app.models import Clan, Household, Person, Unit, Village
from app.services.households import CODE_PREFIX
from app.services.persons import ID_PREFIX_MIN, mask_id_number

KINDS = ("household", "person", "clan", "unit", "village")


@dataclass(frozen=True)
class SearchHit:
    """One result: ``kind`` is one of :data:`KINDS`, ``id`` the record's id, ``label`` what it is
    ("Hộ HGD-0012 · Lò Văn Pọm", "Nguyễn Thị Hương (1985)") and ``detail`` where it is
    ("Bản Nà Sản"); :attr:`text` joins them for a one-line list."""

    kind: str
    id: int
    label: str
    detail: str = ""

    @property
    def text(self) -> str:
        return f"{self.label} · {self.detail}" if self.detail else self.label


def global_search(db: Database, query: str, limit: int = 30) -> list[SearchHit]:
    """At most ``limit`` hits for ``query``, best first.

    Hits are ranked by :func:`match_score`: a name that is just the query's words ("ng th h" →
    Nguyễn Thị Hương), then one that starts with them, then one where they follow each other
    later ("Trường Tiểu học Hòa Bình" for "hoa binh"), then one where they are scattered. Ties
    keep the order villages, clans, units, households,
    persons, each in name (or code) order. Villages, clans and units take at most a sixth of
    ``limit`` each; households and persons share the rest, households at least a third of it and
    whatever persons leave unused, so a common name fills neither alone. An empty query (or
    only punctuation) gives ``[]``. Opens one read session; a few ms on 80,000 persons.
    """
    tokens = search_tokens(query)
    if not tokens or limit <= 0:
        return []
    each = max(1, limit // 6)
    with db.session() as s:
        candidates = _name_candidates(s, tokens, limit)
        households = _best(_households(s, nfc(query).upper(), tokens, candidates, limit), limit)
        persons = _best(_persons(s, tokens, candidates, limit), limit)
        small = [_best(found, each) for found in (_villages(s, tokens), _clans(s, tokens), _units(s, tokens))]
    small_hits = [h for found in small for h in found]
    if any(score for score, _h in households + persons + small_hits):
        small_hits = [h for h in small_hits if h[0]]  # scattered matches are noise beside real ones
    small_hits = small_hits[:limit]
    room = limit - len(small_hits)
    take_h = min(len(households), max(-(-room // 3), room - len(persons)))
    chosen = small_hits + households[:take_h] + persons[: room - take_h]
    chosen.sort(key=lambda scored: -scored[0])  # stable: ties keep the kind and name order
    return [hit for _score, hit in chosen]


def _best(scored: list[tuple[int, SearchHit]], n: int) -> list[tuple[int, SearchHit]]:
    """The ``n`` best-scored hits, ties in their given order."""
    return sorted(scored, key=lambda x: -x[0])[:n]


# --- matching helpers ----------------------------------------------------------------------------


def _escape_like(token: str) -> str:
    return token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _word_starts(column, tokens: list[str]) -> ColumnElement[bool]:
    """Every token begins some word of ``column`` (a folded text column)."""
    clauses = []
    for token in sorted(tokens, key=len, reverse=True):  # the longest word rules out most rows
        t = _escape_like(token)
        # instr() first: a plain substring test is cheaper than two LIKE patterns (~30 %).
        clauses.append(and_(func.instr(column, token) > 0,
                            or_(column.like(f"{t}%", escape="\\"), column.like(f"% {t}%", escape="\\"))))
    return and_(*clauses)


def _prefix_range(column, prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix`` (binary comparison, so an index on it is used)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def _confirmed(text: str | None, tokens: list[str]) -> bool:
    return matches(search_key(text), tokens)


# Leading words that say what a name is rather than which one it is.
_KIND_WORDS = (("dong", "ho"), ("ho",), ("thon",), ("ban",), ("ap",), ("xom",), ("lang",), ("buon",),
               ("to", "dan", "pho"), ("khu", "pho"), ("tieu", "khu"), ("khu",))


def match_score(text: str | None, tokens: list[str], kind_words: bool = True) -> int:
    """How well ``tokens`` match a name. They begin its words in order: 3 from its first word to
    its last ("ng th h" for Nguyễn Thị Hương); 2 from its first word only ("nguyen" for Nguyễn Văn
    An); 1 from a later word ("hoa binh" for Trường Tiểu học Hòa Bình); 0 when they begin words
    here and there ("thi nguyen" for Nguyễn Thị Hương). With ``kind_words`` (names of villages,
    clans, units), a leading "Thôn", "Bản", "Họ" … is skipped: "nguyen" for Họ Nguyễn scores 3."""
    return _score_words(search_key(text).split(), tokens, kind_words)


def _score_folded(folded: str | None, tokens: list[str]) -> int:
    """:func:`match_score` of a person's stored ``name_fold`` ("Hồ" there is a family name)."""
    return _score_words((folded or "").translate(_WORD_BREAKS).split(), tokens, False)


_WORD_BREAKS = str.maketrans({c: " " for c in "-/(),;"})


def _score_words(words: list[str], tokens: list[str], kind_words: bool) -> int:
    skip = 0
    if kind_words:
        skip = next((len(k) for k in _KIND_WORDS if tuple(words[: len(k)]) == k and len(words) > len(k)), 0)
    n = len(tokens)
    for i in range(len(words) - n + 1):
        if all(words[i + k].startswith(t) for k, t in enumerate(tokens)):
            if i in (0, skip):
                return 3 if i + n == len(words) else 2
            return 1
    return 0


# --- one query per kind --------------------------------------------------------------------------


# At most this many villages, clans or units are looked at (a commune has a few dozen of each).
SMALL_CAP = 200


def _villages(s: Session, tokens: list[str]) -> list[tuple[int, SearchHit]]:
    q = (
        select(Village.id, Village.name, Village.kind, Village.search_key)
        .where(Village.active, _word_starts(Village.search_key, tokens))
        .order_by(Village.sort_key)
        .limit(SMALL_CAP)
    )
    found = [r for r in s.execute(q) if _confirmed(r.search_key, tokens)]
    if not found:
        return []
    counts = dict(s.execute(
        select(Household.village_id, func.count())
        .where(Household.village_id.in_([r.id for r in found]))
        .group_by(Household.village_id)
    ).all())
    return [
        (match_score(r.name, tokens), SearchHit("village", r.id, r.name, _("{kind} · {n} hộ").format(
            kind=label_for(VILLAGE_KINDS, r.kind), n=format_number(counts.get(r.id, 0)))))
        for r in found
    ]


def _clans(s: Session, tokens: list[str]) -> list[tuple[int, SearchHit]]:
    q = (
        select(Clan.id, Clan.name, Clan.head_name, Clan.search_key)
        .where(_word_starts(Clan.search_key, tokens))
        .order_by(Clan.sort_key)
        .limit(SMALL_CAP)
    )
    return [
        (max(match_score(r.name, tokens), match_score(r.head_name, tokens, False) and 1),
         SearchHit("clan", r.id, r.name if _starts_with_ho(r.name) else _("Dòng họ {name}").format(name=r.name),
                   _("Trưởng họ: {name}").format(name=r.head_name) if r.head_name else ""))
        for r in s.execute(q)
        if _confirmed(r.search_key, tokens)
    ]


def _starts_with_ho(name: str) -> bool:
    """Whether a clan's name already says it is a clan ("Họ Đào", "Dòng họ Lò")."""
    words = search_key(name).split()
    return bool(words) and (words[0] == "ho" or words[:2] == ["dong", "ho"])


def _units(s: Session, tokens: list[str]) -> list[tuple[int, SearchHit]]:
    q = (
        select(Unit.id, Unit.name, Unit.kind, Unit.head_name, Unit.search_key, Village.name.label("village"))
        .outerjoin(Village, Village.id == Unit.village_id)
        .where(_word_starts(Unit.search_key, tokens))
        .order_by(Unit.sort_key)
        .limit(SMALL_CAP)
    )
    return [
        (max(match_score(r.name, tokens), match_score(r.head_name, tokens, False) and 1),
         SearchHit("unit", r.id, r.name, " · ".join(p for p in (label_for(UNIT_KINDS, r.kind), r.village) if p)))
        for r in s.execute(q)
        if _confirmed(r.search_key, tokens)
    ]


# How many persons whose name matches are looked at, at most, by each of two scans.
CANDIDATES = 200


def _name_candidates(s: Session, tokens: list[str], limit: int) -> list[int]:
    """Ids of persons whose folded name matches ``tokens``: first those whose name starts with
    the first word (a range on the (name_fold, birth_year) index, so the best matches are never
    crowded out), then, unless that gave ``limit`` names starting with all the words in order,
    any others, from a scan of that index, which covers the query. Each query stops at
    :data:`CANDIDATES` rows, so a common name costs little; a name no one has costs one full
    index scan, about 5 ms for 80,000 persons."""
    found: dict[int, None] = {}
    where = _word_starts(Person.name_fold, tokens)
    strong = 0
    for pid, folded in s.execute(select(Person.id, Person.name_fold)
                                 .where(_prefix_range(Person.name_fold, tokens[0]), where).limit(CANDIDATES)):
        if _confirmed(folded, tokens):
            found.setdefault(pid)
            strong += _score_folded(folded, tokens) >= 2
    if strong < limit:
        for pid, folded in s.execute(select(Person.id, Person.name_fold).where(where).limit(CANDIDATES)):
            if _confirmed(folded, tokens):
                found.setdefault(pid)
    return list(found)


def _household_hit(hid: int, code: str, head: str | None, village: str | None) -> SearchHit:
    label = _("Hộ {code}").format(code=code) + (f" · {head}" if head else "")
    return SearchHit("household", hid, label, village or "")


def _households(s: Session, raw: str, tokens: list[str], candidates: list[int],
                limit: int) -> list[tuple[int, SearchHit]]:
    """The ``limit`` best households: those whose code starts with the query (or with ``HGD-``
    and the digits typed; these score 2), then those whose head is among the name
    ``candidates``, best match first, then in the head's name order."""
    hits: dict[int, tuple[int, SearchHit]] = {}
    code = raw.strip()
    if code and " " not in code:
        prefixes = [code] + ([CODE_PREFIX + code] if code.isdigit() else [])
        found = s.execute(
            select(Household.id, Household.code, Village.name)
            .join(Village, Village.id == Household.village_id)
            .where(or_(*(_prefix_range(Household.code, p) for p in prefixes)))
            .order_by(Household.code)
            .limit(limit)
        ).all()
        heads = dict(s.execute(
            select(Person.household_id, Person.full_name)
            .where(Person.relation == "head", Person.household_id.in_([r[0] for r in found]))
        ).all()) if found else {}
        for hid, hcode, village in found:
            hits[hid] = (2, _household_hit(hid, hcode, heads.get(hid), village))
    if candidates and len(hits) < limit:
        rows = s.execute(
            select(Household.id, Household.code, Person.full_name, Person.name_fold, Village.name)
            .join(Household, Household.id == Person.household_id)
            .join(Village, Village.id == Household.village_id)
            .where(Person.id.in_(candidates), Person.relation == "head")
            .order_by(Person.sort_key)
        ).all()
        scored = sorted(((_score_folded(r[3], tokens), r) for r in rows if r[0] not in hits), key=lambda x: -x[0])
        for score, (hid, hcode, name, _folded, village) in scored[: limit - len(hits)]:
            hits[hid] = (score, _household_hit(hid, hcode, name, village))
    return list(hits.values())


_STATUS_WORDS = {"moved": N_("Đã chuyển đi"), "deceased": N_("Đã mất")}


def _persons(s: Session, tokens: list[str], candidates: list[int], limit: int) -> list[tuple[int, SearchHit]]:
    """The ``limit`` best persons: for a query of ``ID_PREFIX_MIN`` or more digits, those whose ID
    number starts with it (score 2); then the name ``candidates``, best match first, then in
    Vietnamese name order."""
    cols = (Person.id, Person.full_name, Person.name_fold, Person.birth_year, Person.status, Person.id_number,
            Household.code, Village.name.label("village"))

    def base():
        return (
            select(*cols)
            .outerjoin(Household, Household.id == Person.household_id)
            .outerjoin(Village, Village.id == Household.village_id)
        )

    hits: list[tuple[int, SearchHit]] = []
    first = tokens[0]
    if len(tokens) == 1 and first.isdigit() and len(first) >= ID_PREFIX_MIN:
        q = base().where(_prefix_range(Person.id_number, first)).order_by(Person.id_number).limit(limit)
        hits += [(2, _person_hit(r, show_id=True)) for r in s.execute(q)]
    seen = {h.id for _score, h in hits}
    if candidates and len(hits) < limit:
        rows = s.execute(base().where(Person.id.in_(candidates)).order_by(Person.sort_key)).all()
        scored = sorted(((_score_folded(r.name_fold, tokens), r) for r in rows if r.id not in seen),
                        key=lambda x: -x[0])
        hits += [(score, _person_hit(r, show_id=False)) for score, r in scored[: limit - len(hits)]]
    return hits


def _person_hit(r, show_id: bool) -> SearchHit:
    label = f"{r.full_name} ({r.birth_year})" if r.birth_year else r.full_name
    parts = []
    if show_id and r.id_number:
        parts.append(_("CCCD {number}").format(number=mask_id_number(r.id_number)))
    parts += [p for p in (r.code and _("hộ {code}").format(code=r.code), r.village) if p]
    if r.status in _STATUS_WORDS:
        parts.append(_(_STATUS_WORDS[r.status]))
    return SearchHit("person", r.id, label, " · ".join(parts))
