"""The pay rules and settings kept in the database: what is in force on a date, each
setting's history, and whole-rulebook changes (audited).

Every pay rule is a setting with dated values (see `hotspot_tui.domain.settings`); a duty
is costed with the rules in force on the force date it starts. Changing one setting from a
date, with the patrols it recosts, is `hotspot_tui.services.settings`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, ValidationError

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.accounts import SIGN_IN_KEY, SignInPolicy
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.payroll import PERIOD_KEY, PayrollSettings
from hotspot_tui.domain.payroll_lines import APPROVAL_KEY, ELEMENT_CODES_KEY, ApprovalSettings, ElementCodes
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.settings import BEGINNING, Entry, Timeline
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import pay_rules as store

if TYPE_CHECKING:
    from sqlite_utils import Database


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err.get("loc", ()))
    return f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid"))


def load_timeline(db: Database) -> Timeline:
    """Every setting's dated values. `Timeline.rules_on(day)` gives the rules in force on a
    force date, built once per run of days between changes: costing many duties asks it
    rather than `load_rules` per duty."""
    return store.timeline(db)


def stored_timeline(session: Session) -> Timeline:
    """`load_timeline` of the session's file."""
    with session.reading() as db:
        return load_timeline(db)


def rules_on(timeline: Timeline, on: date) -> PayRules:
    """The rules of a timeline in force on a force date; one plain line if they are invalid."""
    try:
        return timeline.rules_on(on)
    except ValueError as exc:
        raise ValidationFailed(f"the stored pay rules are invalid ({exc})") from None


def force_today(timeline: Timeline) -> date:
    """Today's force date (before the force day starts, it is still yesterday's)."""
    try:
        return timeline.force_today()
    except ValueError as exc:
        raise ValidationFailed(f"the stored pay rules are invalid ({exc})") from None


def load_rules(db: Database, on: date | None = None) -> PayRules:
    """The rules in force on the force date `on` (None: today's): each setting's latest
    value dated on or before it, defaults for the rest."""
    timeline = load_timeline(db)
    return rules_on(timeline, on if on is not None else force_today(timeline))


def load_group(db: Database, name: str, on: date | None = None) -> BaseModel:
    """One group of settings (see `domain.settings.GROUPS`) in force on a force date (None:
    today's), for groups that are not part of `PayRules`."""
    timeline = load_timeline(db)
    day = on if on is not None else force_today(timeline)
    try:
        return timeline.group_on(name, day)
    except ValueError as exc:
        raise ValidationFailed(f"the stored settings are invalid ({exc})") from None


def rule_history(db: Database, key: str | None = None) -> list[Entry]:
    """Each stored dated value, of one setting or of all, in key and date order."""
    timeline = load_timeline(db)
    return timeline.history(key) if key is not None else list(timeline.entries)


def save_rules(session: Session, rules: PayRules, reason: str,
               effective: date | None = None) -> list[str]:
    """Make `rules` the rules in force from `effective` (None: from the start): each
    setting whose value differs is stored with that date, and each section changed gets one
    audit entry; returns their names. Costs already worked out are not recomputed here
    (`services.settings.change_setting` does that for one setting)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("say why the pay rules are changing")
    day = effective or BEGINNING
    changed: list[str] = []
    with session.writing(Permission.SETTINGS) as db:
        now = utc_now_text()
        timeline = load_timeline(db)
        before = rules_on(timeline, day).sections()
        for section, value in rules.sections().items():
            old = before.get(section, {})
            if value == old:
                continue
            for field, new in value.items():
                if old.get(field) != new:
                    store.write_value(db, f"{section}.{field}", day.isoformat(), new,
                                      actor=session.actor, at_utc=now, reason=reason)
            changed.append(section)
            audit.append(db, actor=session.actor, action="pay_rules.update", entity="pay_rules",
                         entity_id=section, reason=reason,
                         details={"before": old, "after": value, "effective": day.isoformat()})
    return changed


def load_payroll_settings(db: Database) -> PayrollSettings:
    value = store.read_section(db, PERIOD_KEY)
    try:
        return PayrollSettings.model_validate(value or {})
    except ValidationError as exc:
        raise ValidationFailed(f"the stored payroll settings are invalid ({_first_error(exc)})") from None


def save_payroll_settings(session: Session, settings: PayrollSettings, reason: str) -> bool:
    """Change how pay periods are cut; refused once any period has been locked."""
    from hotspot_tui.store import payroll as payroll_store

    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("say why the payroll settings are changing")
    with session.writing(Permission.SETTINGS) as db:
        current = load_payroll_settings(db)
        if current == settings:
            return False
        if payroll_store.any_locked(db):
            raise ValidationFailed(
                "pay periods cannot be re-cut once a period has been exported for payment"
            )
        value = settings.model_dump(mode="json")
        store.write_section(db, PERIOD_KEY, value, actor=session.actor, at_utc=utc_now_text())
        audit.append(db, actor=session.actor, action="payroll.settings", entity="pay_rules",
                     entity_id=PERIOD_KEY, reason=reason,
                     details={"before": current.model_dump(mode="json"), "after": value})
        from hotspot_tui.services.costing import refile_periods

        refile_periods(db, settings)
    return True



def _group_on(db: Database, group: str, on: date | None) -> dict[str, object]:
    timeline = load_timeline(db)
    return timeline.groups_on(on if on is not None else force_today(timeline)).get(group, {})


def load_element_codes(db: Database, on: date | None = None) -> ElementCodes:
    """The force's payroll element code for each pay rule in force on `on` (None: today),
    the settings group ``element_codes``; defaults where none is set."""
    try:
        return ElementCodes.model_validate(_group_on(db, ELEMENT_CODES_KEY, on))
    except ValidationError as exc:
        raise ValidationFailed(f"the stored element codes are invalid ({_first_error(exc)})") from None


def load_sign_in_policy(db: Database, on: date | None = None) -> SignInPolicy:
    """How sign-ins are guarded (the settings group ``sign_in``), in force on `on`."""
    try:
        return SignInPolicy.model_validate(_group_on(db, SIGN_IN_KEY, on))
    except ValidationError as exc:
        raise ValidationFailed(f"the stored sign-in settings are invalid ({_first_error(exc)})") from None


def load_approval_settings(db: Database, on: date | None = None) -> ApprovalSettings:
    """Who may approve bookings (the settings group ``approval``), in force on `on`."""
    try:
        return ApprovalSettings.model_validate(_group_on(db, APPROVAL_KEY, on))
    except ValidationError as exc:
        raise ValidationFailed(f"the stored approval settings are invalid ({_first_error(exc)})") from None
