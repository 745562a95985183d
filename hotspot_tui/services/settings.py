"""Settings: every setting with its value in force and its history, and changing one from
a date, with the patrols the change recosts, in one audited transaction.

A change is checked before anything is written: the key must name a setting, the value
must make valid rules together with the rest in force on every date from the change on,
the date must be in range and a reason given. The patrols it recosts are those planned to
start on or after the change's force date; `preview_change` works them out inside a
transaction that is then rolled back, so what it shows is exactly what saving does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.calendar import force_day_bounds
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text, utc_now_text
from hotspot_tui.domain.settings import (
    BEGINNING,
    GROUPS,
    SETTINGS,
    Entry,
    Setting,
    Timeline,
    check_effective,
    find_setting,
    parse_value,
    refuse_control,
    value_text,
)
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import costing
from hotspot_tui.services.pay_rules import force_today, load_timeline, rules_on
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import pay_rules as store
from hotspot_tui.store import setting_recost as recost_store

if TYPE_CHECKING:
    from sqlite_utils import Database

Progress = Callable[[int, int], None]
SHOWN_PATROLS = 200
"""At most this many recosted patrols are listed (the totals count them all)."""


class SettingInvalid(ValidationFailed):
    """A change refused because of one of its parts: `field` is ``key``, ``value``,
    ``effective`` or ``reason``, so a form can show the message beside that field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class HistoryLine:
    effective_from: date
    value: str
    raw: Any
    """The value as stored (JSON)."""
    recorded_at: str
    recorded_by: str
    reason: str | None

    @property
    def from_start(self) -> bool:
        return self.effective_from == BEGINNING


@dataclass(frozen=True)
class SettingLine:
    key: str
    group: str
    label: str
    help: str
    value: str
    """The value in force on the day asked about, as typed."""
    raw: Any
    """That value as stored (JSON)."""
    since: date | None
    """The date it took effect (`BEGINNING`: from the start), None for a default."""
    default: str
    history: tuple[HistoryLine, ...]
    next_change: HistoryLine | None
    """The first value dated after that day, if any."""


@dataclass(frozen=True)
class SettingsView:
    on: date
    groups: tuple[tuple[str, str], ...]
    """(name, title) of each group, in order."""
    lines: tuple[SettingLine, ...]


@dataclass(frozen=True)
class RecostedPatrol:
    shift_id: str
    ref: str
    area: str
    start: datetime
    end: datetime
    people: int
    before_pence: int
    after_pence: int
    locked: bool
    """In a pay period already exported: its difference is paid as an adjustment."""


@dataclass(frozen=True)
class SettingChange:
    key: str
    label: str
    effective_from: date
    before: str
    """The value that was in force on `effective_from`."""
    after: str
    saved: bool
    patrols: tuple[RecostedPatrol, ...]
    """The first `SHOWN_PATROLS` patrols recosted, earliest first."""
    patrol_count: int
    assignment_count: int
    before_pence: int
    after_pence: int


def _history_line(entry: Entry) -> HistoryLine:
    return HistoryLine(entry.effective_from, value_text(entry.value), entry.value,
                       entry.recorded_at, entry.recorded_by, entry.reason)


def _line(setting: Setting, timeline: Timeline, on: date) -> SettingLine:
    history = tuple(_history_line(e) for e in timeline.history(setting.key))
    later = next((h for h in history if h.effective_from > on), None)
    raw = timeline.value_on(setting.key, on)
    entry = timeline.entry_on(setting.key, on)
    return SettingLine(setting.key, setting.group.name, setting.label, setting.help,
                       value_text(raw), raw, entry.effective_from if entry else None,
                       value_text(setting.default), history, later)


def settings_view(session: Session, on: date | None = None) -> SettingsView:
    """Every setting, its value in force on `on` (None: today's force date) and history."""
    with session.reading() as db:
        timeline = load_timeline(db)
    day = on if on is not None else force_today(timeline)
    return SettingsView(
        on=day,
        groups=tuple((g.name, g.title) for g in GROUPS),
        lines=tuple(_line(s, timeline, day) for s in SETTINGS.values()),
    )


def setting_line(session: Session, key: str, on: date | None = None) -> SettingLine:
    try:
        setting = find_setting(key)
    except ValueError as exc:
        raise ValidationFailed(str(exc)) from None
    with session.reading() as db:
        timeline = load_timeline(db)
    return _line(setting, timeline, on if on is not None else force_today(timeline))


@dataclass(frozen=True)
class _Checked:
    setting: Setting
    entry: Entry
    before: Any
    timeline: Timeline


def _check(db: Database, key: str, value: str, effective: date, actor: str,
           reason: str) -> _Checked:
    try:
        setting = find_setting(key)
    except ValueError as exc:
        raise SettingInvalid(str(exc), "key") from None
    try:
        check_effective(effective)
    except ValueError as exc:
        raise SettingInvalid(str(exc), "effective") from None
    timeline = load_timeline(db)
    in_force = rules_on(timeline, effective)
    current = timeline.groups_on(effective).get(setting.group.name, {})
    if setting.group.rules_section:
        current = in_force.sections()[setting.group.name]
    try:
        parsed = parse_value(setting, value, current)
    except ValueError as exc:
        raise SettingInvalid(str(exc), "value") from None
    before = timeline.value_on(setting.key, effective)
    if parsed == before:
        raise SettingInvalid(
            f"{setting.key} is already {value_text(before)} on {effective:%d %b %Y}; nothing changed",
            "value")
    entry = Entry(setting.key, effective, parsed, utc_now_text(), actor, reason)
    changed = timeline.with_entry(entry)
    try:
        changed.check_from(effective)
    except ValueError as exc:
        raise SettingInvalid(f"from {effective:%d %b %Y}: {exc}", "value") from None
    return _Checked(setting, entry, before, changed)


def _recost_from(db: Database, timeline: Timeline, effective: date,
                 progress: Progress | None, *, recost: bool = True) -> str:
    """Recost every patrol planned to start on or after the force date `effective` (not
    when the setting is not a pay rule: `recost` False); returns that instant."""
    since = to_utc_text(force_day_bounds(effective, rules_on(timeline, effective))[0])
    recost_store.remember_costs(db, since)
    if not recost:
        return since
    first = recost_store.first_start(db)
    if first is not None and first >= since:
        costing.recost_all(db, (lambda _stage, done, total: progress(done, total)) if progress else None)
        return since
    people = recost_store.staff_with_duties_from(db, since)
    for done, staff_id in enumerate(people, start=1):
        costing.recost_person(db, staff_id, since_utc=since)
        if progress:
            progress(done, len(people))
    return since


class _Preview(Exception):
    """Rolls back the transaction of a change that was only being previewed."""

    def __init__(self, change: SettingChange) -> None:
        super().__init__("preview")
        self.change = change


def _clean_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    try:
        return refuse_control(text, "the reason")
    except ValueError as exc:
        raise SettingInvalid(str(exc), "reason") from None


def change_setting(session: Session, key: str, value: str, effective: date, reason: str | None,
                   *, save: bool = True, progress: Progress | None = None) -> SettingChange:
    """Set `key` to `value` from the force date `effective`, recosting every patrol planned
    to start on or after it, in one transaction with its audit entry. With `save=False`
    nothing is kept: the result shows what saving would do. Patrols in a pay period already
    exported keep their exported figures; their difference is paid as an adjustment."""
    why = _clean_reason(reason)
    if save and not why:
        raise SettingInvalid("say why the setting is changing (kept in the audit trail)", "reason")
    try:
        with session.writing(Permission.SETTINGS) as db:
            checked = _check(db, key, value, effective, session.actor, why)
            entry = checked.entry
            store.write_value(db, entry.key, entry.effective_from.isoformat(), entry.value,
                              actor=session.actor, at_utc=entry.recorded_at, reason=why or None)
            _recost_from(db, checked.timeline, effective, progress,
                         recost=checked.setting.group.rules_section)
            patrols, assignments, before_pence, after_pence = recost_store.changed_totals(db)
            shown = tuple(
                RecostedPatrol(r["shift_id"], r["ref"], r["area"], from_utc_text(r["start_utc"]),
                               from_utc_text(r["end_utc"]), r["people"], r["before_pence"],
                               r["after_pence"], bool(r["locked"]))
                for r in recost_store.changed_patrols(db, SHOWN_PATROLS)
            )
            change = SettingChange(
                entry.key, checked.setting.label, effective, value_text(checked.before),
                value_text(entry.value), save, shown, patrols, assignments, before_pence,
                after_pence,
            )
            recost_store.forget_costs(db)
            if not save:
                raise _Preview(change)
            audit.append(db, actor=session.actor, action="setting.change", entity="setting",
                         entity_id=entry.key, reason=why,
                         details={"effective": effective.isoformat(), "before": checked.before,
                                  "after": entry.value, "patrols_recosted": patrols,
                                  "pence_before": before_pence, "pence_after": after_pence})
    except _Preview as preview:
        return preview.change
    return change


def preview_change(session: Session, key: str, value: str, effective: date,
                   progress: Progress | None = None) -> SettingChange:
    """What `change_setting` would do, without keeping anything."""
    return change_setting(session, key, value, effective, None, save=False, progress=progress)
