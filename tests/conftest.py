"""Shared fixtures: small throwaway databases built from the deterministic sample."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import shutil
import sys
from pathlib import Path

import pytest

from hotspot_tui.services.sample import create_sample_database
from hotspot_tui.services.session import Session, open_session


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot drives the app) on a fresh event loop, no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import UTC, datetime

    from hotspot_tui.domain import clock_utc

    path = tmp_path_factory.mktemp("template") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        # made as of a fixed moment, so the entry naming its identity reads the same every run
        patch.setattr(clock_utc, "utc_now", lambda: datetime(2026, 4, 17, 7, 0, tzinfo=UTC))
        create_sample_database(path, seed=7, scale="demo")
    return path


AFTER_NOVEMBER = "2026-12-03T07:00:00Z"
"""A fixed morning after the last whole month the tests lock for payment (2026-11): a final
export is refused until its period has ended, so a test that locks a month must not depend
on the day it runs."""


@pytest.fixture
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's clock (`clock_utc.utc_now`, which every "today" reads) at AFTER_NOVEMBER."""
    from hotspot_tui.domain import clock_utc

    moment = clock_utc.from_utc_text(AFTER_NOVEMBER)
    monkeypatch.setattr(clock_utc, "utc_now", lambda: moment)


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def session(demo_db: Path):  # type: ignore[no-untyped-def]
    s: Session = open_session(demo_db, "PS Tester")
    yield s
    s.close()


def pytest_configure(config: pytest.Config) -> None:
    """Audit keys made by the tests go to a throwaway folder, never the user's own."""
    import os
    import tempfile

    from hotspot_tui.config import KEY_DIR_ENV_VAR

    if KEY_DIR_ENV_VAR not in os.environ:
        made = tempfile.mkdtemp(prefix="hotspot-test-keys-")
        os.environ[KEY_DIR_ENV_VAR] = made
        config.stash[_KEY_DIR] = made


def pytest_unconfigure(config: pytest.Config) -> None:
    """The throwaway key folder goes with the run that made it."""
    import shutil

    made = config.stash.get(_KEY_DIR, None)
    if made is not None:
        shutil.rmtree(made, ignore_errors=True)


_KEY_DIR = pytest.StashKey[str]()
_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.stash[_PASSED] = report.passed
    return report


@pytest.fixture(autouse=True)
def _scratch_files_go_with_a_passed_test(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A passed test's scratch files (copies of databases: a whole run makes gigabytes of
    them) are removed when it ends; a failed test's stay for reading. The folder itself
    stays, empty, so that no later test is given the same path: audit keys are recorded
    by path, and a file made again where another was keyed is refused as rebuilt."""
    yield
    folder = request.node.funcargs.get("tmp_path")
    if isinstance(folder, Path) and request.node.stash.get(_PASSED, False):
        _empty(folder)


def _empty(folder: Path) -> None:
    import os
    import stat

    def writable_again(function, path, _error):  # type: ignore[no-untyped-def]
        parent = os.path.dirname(path)
        for target in (parent, path):
            with contextlib.suppress(OSError):
                os.chmod(target, stat.S_IRWXU)
        with contextlib.suppress(OSError):
            function(path)

    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            if sys.version_info >= (3, 12):
                shutil.rmtree(entry, onexc=writable_again)
            else:  # onerror is deprecated from 3.12
                shutil.rmtree(entry, onerror=writable_again)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
