"""The round's papers as PDF from the database: the decision with its attached list, the year's
certificate register, the registration list and forms, the scoring sheets.

Each function reads what it needs in one session, maps it to the plain dataclasses of
:mod:`app.printing.round_papers` / :mod:`app.printing.decision_papers` and returns PDF bytes. The
issuer comes from the commune profile (:func:`app.services.certificate_subjects.issuer_for`); a
decision is signed by its own signer, the other papers by the chair. Lists are sorted by village,
then name, the Vietnamese way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.criteria import SUBJECT_KINDS, CriteriaSet, parse_document, points_text
from app.i18n import _, format_date
from app.models import (
    Assessment,
    AssessmentRound,
    Clan,
    ClanHousehold,
    Decision,
    DecisionSubject,
    Household,
    Person,
    Unit,
    UnitMember,
    Village,
)
from app.models import CriteriaSet as CriteriaSetRow
from app.printing.decision_papers import (
    DecisionData,
    DecisionRow,
    build_decision,
    build_register,
    register_rows,
)
from app.printing.round_papers import (
    FORM_FIELDS,
    RegistrationForm,
    RegistrationRow,
    ScoringSheetData,
    build_registration_forms,
    build_registration_list,
    build_scoring_sheets,
    criteria_from_set,
)
from app.services.certificate_entries import chunks, register_entries
from app.services.certificate_subjects import (
    Recipient,
    count_by,
    issuer_for,
    print_order,
    recipients,
    require_profile,
)
from app.services.errors import NotFound
from app.services.setup import ProfileData, get_profile

__all__ = ["decision_pdf", "register_pdf", "registration_list_pdf", "registration_form_pdf", "scoring_sheet_pdf",
           "pass_rule_text"]


def _profile(db: Database) -> ProfileData:
    return require_profile(get_profile(db))


def decision_pdf(db: Database, decision_id: int, bases: Sequence[str] = (), articles: Sequence[str] = (),
                 recipients_to: Sequence[str] | None = None) -> bytes:
    """The decision (signed by its signer, TM./KT. by role) and its attached list of every subject
    it lists, with scores; ``bases``/``articles``/``recipients_to`` replace the default wording."""
    profile = _profile(db)
    with db.session() as s:
        d = s.get(Decision, decision_id)
        if d is None:
            raise NotFound(decision_id)
        kind = SUBJECT_KINDS[d.title_code]
        rows = s.execute(select(Assessment).join(DecisionSubject, DecisionSubject.assessment_id == Assessment.id)
                         .where(DecisionSubject.decision_id == d.id)).scalars().all()
        who = recipients(s, kind, [a.subject[1] for a in rows], profile)
        listed = tuple(DecisionRow(who[a.subject[1]].name, who[a.subject[1]].village, a.total, a.grade)
                       for a in rows if a.subject[1] in who)
        data = DecisionData(issuer_for(profile, d.signer_name, d.signer_position), d.number, d.decided_on,
                            d.title_code, d.year, listed, tuple(bases), tuple(articles))
        if recipients_to is not None:
            data = replace(data, recipients=tuple(recipients_to))
    return build_decision(data)


def register_pdf(db: Database, year: int, on: date | None = None) -> bytes:
    """The year's certificate register as a landscape list (reprints with date and reason)."""
    profile = _profile(db)
    entries = [e.register_entry() for e in register_entries(db, year)]
    return build_register(issuer_for(profile), year, register_rows(entries), on)


def _round(s: Session, round_id: int) -> AssessmentRound:
    r = s.get(AssessmentRound, round_id)
    if r is None:
        raise NotFound(round_id)
    return r


def _subjects(s: Session, r: AssessmentRound, profile: ProfileData, village_id: int | None,
              assessment_ids: Sequence[int] | None = None) -> list[tuple[Assessment, Recipient]]:
    """The round's assessments (or the given ones) with their subjects, of one village when given,
    by village then name."""
    kind = SUBJECT_KINDS[r.title_code]
    q = select(Assessment).where(Assessment.round_id == r.id)
    rows: list[Assessment] = []
    if assessment_ids is not None:
        for chunk in chunks(assessment_ids):
            rows += s.scalars(q.where(Assessment.id.in_(chunk))).all()
    else:
        rows = list(s.scalars(q))
    who = recipients(s, kind, [a.subject[1] for a in rows], profile)
    out = [(a, who[a.subject[1]]) for a in rows if a.subject[1] in who
           and (village_id is None or who[a.subject[1]].village_id == village_id)]
    return sorted(out, key=lambda x: print_order(kind, x[1].name, x[1].village, x[1].name_parts) + (x[0].id,))


def _village_name(s: Session, village_id: int | None) -> str:
    if village_id is None:
        return ""
    v = s.get(Village, village_id)
    if v is None:
        raise NotFound(village_id)
    return v.name


def registration_list_pdf(db: Database, round_id: int, village_id: int | None = None, on: date | None = None,
                          prepared_by: str = "") -> bytes:
    """The list of the round's registrations (of one village), with the registration dates."""
    profile = _profile(db)
    with db.session() as s:
        r = _round(s, round_id)
        rows = [RegistrationRow(w.name, w.village, w.address, a.registered_on)
                for a, w in _subjects(s, r, profile, village_id)]
        village = _village_name(s, village_id)
        title, year = r.title_code, r.year
    return build_registration_list(issuer_for(profile), title, year, rows, village=village, on=on,
                                   prepared_by=prepared_by, keep_order=True)


def _by_id(s: Session, key, column, ids: Sequence[int]) -> dict:
    return {k: v for chunk in chunks(ids) for k, v in s.execute(select(key, column).where(key.in_(chunk)))}


def _form_values(s: Session, kind: str, pairs: list[tuple[Assessment, Recipient]]) -> dict[int, tuple[str, ...]]:
    """Subject id → the values of the title's form fields (:data:`FORM_FIELDS`), empty when unknown."""
    ids = [w.id for _a, w in pairs]
    if kind == "household":
        members = count_by(s, Person.id, Person.household_id, ids, Person.status == "alive")
        return {w.id: (w.name, w.village, str(members.get(w.id, "")), "") for _a, w in pairs}
    if kind == "clan":
        homes = count_by(s, ClanHousehold.id, ClanHousehold.clan_id, ids)
        heads = _by_id(s, Clan.id, Clan.head_name, ids)
        return {w.id: (w.name, heads.get(w.id, ""), str(homes.get(w.id, "")), "") for _a, w in pairs}
    if kind == "village":
        homes = count_by(s, Household.id, Household.village_id, ids, Household.status == "active")
        return {w.id: (w.name, "", str(homes.get(w.id, "")), "") for _a, w in pairs}
    if kind == "unit":
        staff = count_by(s, UnitMember.id, UnitMember.unit_id, ids)
        heads = _by_id(s, Unit.id, Unit.head_name, ids)
        return {w.id: (w.name, heads.get(w.id, ""), w.address, str(staff.get(w.id, ""))) for _a, w in pairs}
    born: dict[int, str] = {}
    jobs: dict[int, str] = {}
    for chunk in chunks(ids):
        for pid, bdate, byear, job in s.execute(select(Person.id, Person.birth_date, Person.birth_year,
                                                       Person.occupation).where(Person.id.in_(chunk))):
            born[pid] = format_date(bdate) if bdate else str(byear or "")
            jobs[pid] = job or ""
    return {w.id: (w.name, born.get(w.id, ""), w.village, jobs.get(w.id, "")) for _a, w in pairs}


def registration_form_pdf(db: Database, round_id: int, village_id: int | None = None,
                          assessment_ids: Sequence[int] | None = None, blank: bool = False) -> bytes:
    """Registration forms of the round's registered subjects (of one village, or the given
    assessments), filled in, one a page; ``blank`` (or nobody registered) prints one empty form."""
    profile = _profile(db)
    with db.session() as s:
        r = _round(s, round_id)
        kind = SUBJECT_KINDS[r.title_code]
        pairs = [] if blank else _subjects(s, r, profile, village_id, assessment_ids)
        values = _form_values(s, kind, pairs) if pairs else {}
        forms = [RegistrationForm(r.title_code, r.year, tuple(zip(FORM_FIELDS[kind], values[w.id], strict=True)),
                                  signed_on=a.registered_on) for a, w in pairs]
        forms = forms or [RegistrationForm(r.title_code, r.year)]
    return build_registration_forms(issuer_for(profile), forms)


def pass_rule_text(cs: CriteriaSet) -> str:
    """The set's pass rule in one Vietnamese sentence, for the bottom of a scoring sheet."""
    rule, n = cs.pass_rule, points_text
    if rule.kind == "points_threshold":
        parts = [_("tổng điểm từ {min} trở lên (tối đa {max})").format(min=n(rule.min_total or 0),
                                                                      max=n(cs.total_points))]
        if rule.min_each is not None:
            parts.append(_("mỗi chỉ số đạt ít nhất {min} điểm").format(min=n(rule.min_each)))
    elif rule.kind == "grading_bands":
        bands = "; ".join(f"{b.grade_vi} từ {n(b.min_total)}" for b in sorted(rule.bands, key=lambda b: -b.min_total))
        parts = [_("xếp loại theo tổng điểm ({bands}), công nhận khi xếp loại {passing}").format(
            bands=bands, passing=", ".join(rule.passing_grades))]
    elif rule.levels:
        parts = [_("đạt đủ chỉ tiêu của mức “{level}” trở lên").format(level=rule.levels[0].name_vi)]
    else:
        parts = [_("mọi chỉ số đạt chỉ tiêu (mức tối thiểu ghi ở chỉ số, nếu không ghi là điểm tối đa)")]
    mandatory = [i.code for i in cs.indicators if i.mandatory]
    if mandatory:
        parts.append(_("các chỉ số bắt buộc {codes} đạt mức quy định").format(codes=", ".join(mandatory)))
    if cs.preconditions:
        parts.append(_("đáp ứng các điều kiện: {items}").format(items="; ".join(p.title_vi for p in cs.preconditions)))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def scoring_sheet_pdf(db: Database, assessment_id: int | None = None, *, round_id: int | None = None,
                      village_id: int | None = None, blank: bool = False) -> bytes:
    """Scoring sheets with the criteria and indicators of the round's set: one assessment's, or
    every registered subject's of a round (of one village), one a page; ``blank`` (or nobody
    registered) prints one sheet without a name."""
    profile = _profile(db)
    with db.session() as s:
        if assessment_id is not None:
            a = s.get(Assessment, assessment_id)
            if a is None:
                raise NotFound(assessment_id)
            r = _round(s, a.round_id)
            pairs = _subjects(s, r, profile, None, [assessment_id])
        elif round_id is not None:
            r = _round(s, round_id)
            pairs = [] if blank else _subjects(s, r, profile, village_id)
        else:
            raise NotFound(None)
        cs = parse_document(s.get(CriteriaSetRow, r.criteria_set_id).document)
        name = s.get(CriteriaSetRow, r.criteria_set_id).name_vi
        village = _village_name(s, village_id)
    common = {"title_code": r.title_code, "year": r.year, "criteria": criteria_from_set(cs), "set_name": name,
              "pass_rule_text": pass_rule_text(cs)}
    sheets = [ScoringSheetData(subject_name=w.name, village=w.village, **common) for _a, w in pairs]
    return build_scoring_sheets(issuer_for(profile), sheets or [ScoringSheetData(village=village, **common)])
