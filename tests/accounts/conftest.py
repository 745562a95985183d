from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.accounts.helpers import add_accounts


@pytest.fixture(scope="session")
def accounts_template(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("accounts") / "station.db"
    shutil.copyfile(demo_db_template, path)
    path.chmod(0o600)
    add_accounts(path)
    return path


@pytest.fixture
def station(accounts_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    shutil.copyfile(accounts_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrong passwords are answered slowly; the tests need not wait for it."""
    import hotspot_tui.services.sign_in as sign_in

    monkeypatch.setattr(sign_in, "pause", lambda seconds: None)
