"""Fixtures every test shares: an isolated workspace and sample paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"


@pytest.fixture(autouse=True)
def isolated_workspace(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty workspace folder, never the user's."""
    home = tmp_path_factory.mktemp("workspace")
    monkeypatch.setenv("DECISION_DESK_HOME", str(home))
    return home


@pytest.fixture
def samples_dir() -> Path:
    """The bundled sample_data folder."""
    return SAMPLES
