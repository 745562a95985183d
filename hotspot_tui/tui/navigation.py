"""The app's sections: one entry each, imported only when first opened.

A section whose module is not installed is left out, so the app starts fast and each
screen lives in its own module.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Section:
    mode: str
    key: str
    title: str
    target: str
    help: str

    @property
    def module(self) -> str:
        return self.target.split(":")[0]

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    def load(self) -> type[Screen[None]]:
        """The section's screen class, its module imported if it is not yet."""
        module_name, class_name = self.target.split(":")
        screen: type[Screen[None]] = getattr(importlib.import_module(module_name), class_name)
        return screen

    def build(self) -> Screen[None]:
        return self.load()()


SECTIONS: tuple[Section, ...] = (
    Section("dashboard", "1", "Dashboard", "hotspot_tui.tui.screens.dashboard:DashboardScreen",
            "Grant, spend and hours against budget; alerts"),
    Section("roster", "2", "Roster", "hotspot_tui.tui.screens.roster:RosterScreen",
            "Week grid of patrols by area; assign and book"),
    Section("staff", "3", "Staff", "hotspot_tui.tui.screens.staff:StaffScreen",
            "People, their hours and headroom; add, edit, import"),
    Section("audit", "4", "Audit", "hotspot_tui.tui.screens.audit:AuditScreen",
            "Who changed what, when and why"),
    Section("budget", "5", "Budget", "hotspot_tui.tui.screens.budget:BudgetScreen",
            "Grant, end date, area allocations, non-patrol spend"),
    Section("report", "6", "Report", "hotspot_tui.tui.screens.report:ReportScreen",
            "Operation figures for any date range"),
    Section("payroll", "7", "Payroll", "hotspot_tui.tui.screens.payroll:PayrollScreen",
            "Pay periods, exports and locking"),
    Section("settings", "8", "Settings", "hotspot_tui.tui.screens.settings:SettingsScreen",
            "Pay rules, thresholds and limits, each from a date, with history"),
    Section("hotspots", "9", "Hotspots", "hotspot_tui.tui.screens.hotspots:HotspotsScreen",
            "Places ranked by police records; make one an area"),
    Section("home", "0", "Areas", "hotspot_tui.tui.screens.home:HomeScreen",
            "The hotspot areas and people available"),
)


def available_sections() -> list[Section]:
    return [s for s in SECTIONS if s.available()]
