"""The Textual application and its factory."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import Worker

from hotspot_tui.errors import DatabaseFileError, HotspotError
from hotspot_tui.services import collector
from hotspot_tui.services.session import Session
from hotspot_tui.tui.commands import ScreenActionCommands, SectionCommands, SyncCommands
from hotspot_tui.tui.navigation import Section, available_sections
from hotspot_tui.tui.roles import who
from hotspot_tui.tui.sections_ahead import SectionsAhead
from hotspot_tui.tui.text_fields import is_text_field

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import date, datetime

    from textual.widget import AwaitMount

    from hotspot_tui.services.dashboard import Dashboard
    from hotspot_tui.services.worktime_scan import ScanReport

WARM_UP = "warm-up"
START_HOLD_S = 10.0
"""The longest the collector is held off at start (a first screen that cannot be shown
whole, its figures unreadable, never starts the warm-up)."""
IDLE_S = 2.0
"""How long without a key or the mouse before the cycle collector's full collection runs."""
R = TypeVar("R")


class HotspotApp(App[None]):
    """The supervisor's terminal app."""

    TITLE = "hotspot-tui"
    COMMANDS = App.COMMANDS | {SectionCommands, ScreenActionCommands, SyncCommands}
    # Notifications at the top right, under the title and section bars: at the bottom they
    # would cover the detail lines and a dialog's hints.
    NOTIFICATION_TIMEOUT = 3
    CSS = """
    ToastRack {
        dock: top;
        align: right top;
        margin-bottom: 0;
        margin-top: 2;
    }
    """
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="help"),
        Binding("f1", "help_while_typing", "Help", priority=True, id="help_typing"),
        Binding("f1", "help", "Help", show=False, priority=True, id="help_f1"),
        Binding("escape", "leave_field", "Leave the field", show=False, priority=True,
                id="leave_field"),
    ]

    fixed_today: date | None = None
    """The day the screens take as today (tests); None: see `clock`."""
    clock: Callable[[], datetime] | None = None
    """What the screens take as now (the demo's day); None: the real clock (see tui.clock)."""

    def __init__(self, session: Session, *, sections: list[Section] | None = None) -> None:
        self.sections = sections if sections is not None else available_sections()
        self.needs_setup = _needs_setup(session)
        # MODES and DEFAULT_MODE are class-wide in Textual; this app's depend on its database,
        # so they are set on the instance before `App.__init__` reads them (hence the ignores).
        if self.needs_setup:
            # An empty database opens on the set-up screen (the default screen of its own
            # mode); every section is a mode, reachable once the operation is set up.
            self.MODES = {s.mode: s.build for s in self.sections}  # type: ignore[misc]  # set per database: see above
            self.DEFAULT_MODE = SETUP_MODE  # type: ignore[misc]  # set per database: see above
        else:
            # The first section's screen is the default screen of its mode (see
            # `get_default_screen`); the other sections are modes built when first opened.
            self.MODES = {s.mode: s.build for s in self.sections[1:]}  # type: ignore[misc]  # set per database: see above
            if self.sections:
                self.DEFAULT_MODE = self.sections[0].mode  # type: ignore[misc]  # set per database: see above
        super().__init__()
        self.session = session
        self._first_figures: tuple[date | None, Dashboard] | None = None
        self._warming_up = False
        self._start_kept = False
        self.last_input = time.monotonic()
        """When a key was last pressed or the mouse last moved (`time.monotonic`)."""
        self._css_refreshed_at: int | None = None
        self.sub_title = f"{session.path.name} · {who(session)}"
        self.ahead = SectionsAhead(self)
        self._to_built_section = False
        if not self.needs_setup:
            self._bind_sections()
            if self.sections:
                self.ahead.built.add(self.sections[0].mode)

    def _bind_sections(self) -> None:
        for section in self.sections:
            self.bind(section.key, f"switch_mode('{section.mode}')", description=section.title,
                      show=False)

    def operation_ready(self) -> None:
        """The set-up screen has saved the operation: the sections open, the first one now."""
        self.needs_setup = False
        self._bind_sections()
        if self.sections:
            self.switch_mode(self.sections[0].mode)
        self.ahead.start()

    def switch_mode(self, mode: str) -> AwaitMount:
        """As Textual's, but a section whose screen is already built (opened before, or
        built ahead) is shown at once: Textual holds every frame back for 50 ms when it
        switches mode, to hide a screen being built."""
        self._to_built_section = mode in self.ahead.built
        try:
            return super().switch_mode(mode)
        finally:
            self._to_built_section = False
            self.ahead.built.add(mode)

    def delay_update(self, delay: float = 0.05) -> None:
        if not self._to_built_section:
            super().delay_update(delay)

    def on_load(self) -> None:
        """Before the first screen is built: read its figures, so that its first paint
        shows them. (Read on a thread instead, a query of many rows waits for the GIL
        behind Textual's start-up work at every row and takes several times as long.)
        If they cannot be read, the dashboard reads them again and shows why.

        The cycle collector is held off from here until the warm-up is done, or for
        START_HOLD_S at most (`_start_made`)."""
        collector.hold_through_start()
        self.set_timer(START_HOLD_S, self._start_made)
        if self.sections and self.sections[0].mode == "dashboard" and not self.needs_setup:
            from hotspot_tui.services.dashboard import dashboard
            from hotspot_tui.tui.clock import app_today

            today = app_today(self)
            with contextlib.suppress(HotspotError):
                self._first_figures = (today, dashboard(self.session, today))

    def take_first_figures(self, today: date | None) -> Dashboard | None:
        """The dashboard figures read before the first screen was built, if they are for
        `today`, once (else None)."""
        first, self._first_figures = self._first_figures, None
        return first[1] if first is not None and first[0] == today else None

    def get_default_screen(self) -> Screen[Any]:
        """The first section's screen, the app's first screen. Built as the default screen
        of its mode, it is styled once; a screen listed in MODES is styled, and then every
        style sheet read again, when its mode starts. The mode is listed once it exists
        (`on_mount`), so that the section's key and command return to it."""
        if self.needs_setup:
            from hotspot_tui.tui.screens.setup import SetupScreen

            return SetupScreen()
        if self.sections:
            return self.sections[0].build()
        return super().get_default_screen()

    def refresh_css(self, animate: bool = True) -> None:
        """Read every style sheet again and restyle every screen, only when the styles'
        variables may have changed (the theme) since this was last done. Textual also asks
        for it whenever a section's screen is first shown, which is already styled as it
        is built: that would cost a whole re-reading of the app's styles per section."""
        if self._css_refreshed_at == self._css_update_count:
            for screen in self.screen_stack:
                screen._css_update_count = self._css_update_count
            return
        super().refresh_css(animate)
        self._css_refreshed_at = self._css_update_count

    def on_mount(self) -> None:
        # Textual has styled the first screen with the styles' variables as they are now.
        self._css_refreshed_at = self._css_update_count
        if self.sections and not self.needs_setup:
            self.add_mode(self.sections[0].mode, self.sections[0].build)
        if self.session.integrity is not None:
            self._watch_integrity()
        if not self.needs_setup and _checks_owed(self.session):
            from hotspot_tui.tui.modals.owed_checks import OwedChecksModal

            self.push_screen(OwedChecksModal(), callback=self._checks_done)

    def _checks_done(self, report: ScanReport | None) -> None:
        """The full check an upgraded file owed is done (the screen under it reads its
        figures again as it comes back: the dashboard lists what was found)."""
        if report is not None:
            self.notify(f"Working time checked: {report.found:,} "
                        f"breach{'es' if report.found != 1 else ''} found, listed in the "
                        "dashboard's alerts", timeout=8)

    def on_ready(self) -> None:
        """The first frame is on screen: load the store's library meanwhile, unless the
        first screen shows its parts over more than one frame (the dashboard's area table
        and chart, marked by its `complete`): that screen says when it is shown whole, as
        loading the library on a thread meanwhile holds the interpreter from them."""
        if not hasattr(self.screen, "complete"):
            self.first_screen_shown()

    def first_screen_shown(self) -> None:
        """Called once the first screen is shown whole (again: ignored)."""
        if not self._warming_up:
            self._warming_up = True
            self._warm_up()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == WARM_UP and event.worker.is_finished:
            self._start_made()
            if not self.needs_setup:
                self.ahead.start()

    def _start_made(self) -> None:
        if not self._start_kept:
            self._start_kept = True
            collector.keep_what_the_start_made()
            self.set_interval(IDLE_S / 2, self._collect_while_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.last_input = time.monotonic()
        await super().on_event(event)

    def _collect_while_idle(self) -> None:
        """The cycle collector's full collection, when nobody has pressed a key or moved
        the mouse for IDLE_S (see `collector.collect_while_idle`)."""
        if time.monotonic() - self.last_input >= IDLE_S:
            collector.collect_while_idle()

    @work(thread=True, exit_on_error=False, group=WARM_UP)
    def _warm_up(self) -> None:
        """The store's library, then each section's modules, so that a section opened for
        the first time does not wait for its imports (about 0.4 s in all, most of it the
        roster's: the pay engine and the working-time rules)."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        self.session.load_library()
        for section in self.sections:
            if worker.is_cancelled:  # the app is closing
                return
            with contextlib.suppress(ImportError):
                section.load()

    @work(thread=True, exclusive=True, group="integrity")
    def _watch_integrity(self) -> None:
        """A large file's quick check runs after the first paint; writes wait for it. If it
        finds damage the app closes at once (the CLI then prints the one-line refusal)."""
        check = self.session.integrity
        if check is not None and not check.done:
            with contextlib.suppress(DatabaseFileError):
                check.wait()
        if self.session.damaged() is not None:
            self.call_from_thread(self.call_after_refresh, self.exit, None, 2)

    def call_from_thread(self, callback: Callable[..., R | Awaitable[R]], *args: Any,
                         **kwargs: Any) -> R:
        """A worker's answer for a screen or widget that has closed meanwhile (the app
        quitting, a dialog dismissed) is dropped: its widgets are gone. The worker then
        gets None."""
        owner = getattr(callback, "__self__", None)
        if not isinstance(owner, MessagePump) or owner is self:
            return super().call_from_thread(callback, *args, **kwargs)

        def if_still_open() -> R | Awaitable[R] | None:
            if not self._running or owner._closing or owner._closed or not owner.is_attached:
                return None
            return callback(*args, **kwargs)

        return cast("R", super().call_from_thread(if_still_open))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f1 Help` is in the footer while a text field has the cursor (`?` then types)."""
        if action == "help_while_typing":
            return is_text_field(self.focused)
        return True

    def action_help_while_typing(self) -> None:
        self.action_help()

    def action_leave_field(self) -> None:
        """Escape in a text field leaves it, so that the screen's keys (and a second Escape,
        which closes a dialog) work again. The cursor goes to the screen's `ESCAPE_FOCUS`
        (its main list), else nowhere. Anywhere else, and on a screen whose
        `ESCAPE_CANCELS` is true (a one-line box such as a reason), Escape does what the
        screen says."""
        from textual.actions import SkipAction
        from textual.command import CommandPalette
        from textual.css.query import NoMatches

        screen = self.screen
        if (not is_text_field(self.focused) or isinstance(screen, CommandPalette)
                or getattr(screen, "ESCAPE_CANCELS", False)):
            raise SkipAction
        target = getattr(screen, "ESCAPE_FOCUS", None)
        if target:
            with contextlib.suppress(NoMatches):
                screen.query_one(target).focus()
                return
        screen.set_focus(None)

    def action_help(self) -> None:
        from hotspot_tui.tui.modals.help import HelpModal, help_markdown

        if isinstance(self.screen, HelpModal):
            return
        self.push_screen(HelpModal(help_markdown(self.screen, self.sections)))

    def on_unmount(self) -> None:
        self.session.close()
        collector.release_the_start()


SETUP_MODE = "setup"


def _needs_setup(session: Session) -> bool:
    """Whether the database is empty (then the set-up screen opens); if it cannot be read
    the first section opens as usual and shows why."""
    from hotspot_tui.services.first_run import needs_setup

    try:
        return needs_setup(session)
    except HotspotError:
        return False


def _checks_owed(session: Session) -> bool:
    """Whether the file owes the full working-time check since an upgrade (if that cannot
    be read, the first screen shows why)."""
    from hotspot_tui.services.worktime_scan import checks_owed

    try:
        return checks_owed(session)
    except HotspotError:
        return False


def make_app(session: Session) -> HotspotApp:
    """Build the app for the CLI, tests and serving alike."""
    return HotspotApp(session)
