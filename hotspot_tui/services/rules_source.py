"""Which pay and working-time rules apply: the stored ones when the store has them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hotspot_tui.domain.rules import PayRules, default_rules

if TYPE_CHECKING:
    from sqlite_utils import Database


def rules_for(db: Database) -> PayRules:
    try:
        from hotspot_tui.services.pay_rules import load_rules
    except ImportError:
        return default_rules()
    return load_rules(db)
