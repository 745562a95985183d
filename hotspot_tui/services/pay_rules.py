"""Read and change the pay rules kept in the database (audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.payroll import PERIOD_KEY, PayrollSettings
from hotspot_tui.domain.payroll_lines import (
    APPROVAL_KEY,
    ELEMENT_CODES_KEY,
    PAY_RULES,
    ApprovalSettings,
    ElementCodes,
)
from hotspot_tui.domain.rules import PayRules
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


def load_rules(db: Database) -> PayRules:
    """The rules in force: stored sections, defaults for any section not stored."""
    try:
        return PayRules.from_sections(store.read_sections(db))
    except ValidationError as exc:
        raise ValidationFailed(f"the stored pay rules are invalid ({_first_error(exc)})") from None


def save_rules(session: Session, rules: PayRules, reason: str) -> list[str]:
    """Store each section that differs from the rules in force, with one audit entry each;
    returns their names. Costs already worked out are not recomputed here: changes apply
    as assignments are next changed, or everywhere with `costing.recost_all`."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("say why the pay rules are changing")
    changed: list[str] = []
    with session.writing() as db:
        now = utc_now_text()
        before = load_rules(db).sections()
        for key, value in rules.sections().items():
            if value == before.get(key):
                continue
            store.write_section(db, key, value, actor=session.actor, at_utc=now)
            changed.append(key)
            audit.append(db, actor=session.actor, action="pay_rules.update", entity="pay_rules",
                         entity_id=key, reason=reason, details={"before": before.get(key), "after": value})
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
    with session.writing() as db:
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


def load_element_codes(db: Database) -> ElementCodes:
    """The force's payroll element code for each pay rule (defaults where none stored)."""
    try:
        return ElementCodes.model_validate(store.read_section(db, ELEMENT_CODES_KEY) or {})
    except ValidationError as exc:
        raise ValidationFailed(f"the stored element codes are invalid ({_first_error(exc)})") from None


def load_approval_settings(db: Database) -> ApprovalSettings:
    try:
        return ApprovalSettings.model_validate(store.read_section(db, APPROVAL_KEY) or {})
    except ValidationError as exc:
        raise ValidationFailed(f"the stored approval settings are invalid ({_first_error(exc)})") from None


def _save_section(session: Session, key: str, value: dict[str, object], reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(f"say why the {key.replace('_', ' ')} are changing")
    with session.writing() as db:
        before = store.read_section(db, key)
        if before == value:
            return
        store.write_section(db, key, value, actor=session.actor, at_utc=utc_now_text())
        audit.append(db, actor=session.actor, action="pay_rules.update", entity="pay_rules",
                     entity_id=key, reason=reason, details={"before": before, "after": value})


def set_element_code(session: Session, pay_rule: str, code: str | None, reason: str) -> ElementCodes:
    """Map one pay rule to the force's element code (empty: unmapped), audited."""
    rule = (pay_rule or "").strip().upper()
    if rule not in PAY_RULES:
        raise ValidationFailed(f"{pay_rule!r} is not a pay rule (they are {', '.join(PAY_RULES)})")
    with session.reading() as db:
        current = load_element_codes(db)
    try:
        changed = ElementCodes.model_validate({**current.model_dump(), rule.lower(): code})
    except ValidationError as exc:
        raise ValidationFailed(_first_error(exc)) from None
    _save_section(session, ELEMENT_CODES_KEY, changed.model_dump(), reason)
    return changed


def set_self_approval(session: Session, allowed: bool, reason: str) -> None:
    _save_section(session, APPROVAL_KEY, ApprovalSettings(self_approval=allowed).model_dump(), reason)
