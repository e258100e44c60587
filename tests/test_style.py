"""The code base stays ruff-clean and pages stay thin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_check_passes():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_stay_thin_and_lib_has_no_streamlit():
    for page in (ROOT / "pages").glob("*.py"):
        assert len(page.read_text().splitlines()) <= 200, f"{page.name} is over 200 lines: move logic to lib/ or ui/"
    for module in (ROOT / "lib").rglob("*.py"):
        text = module.read_text()
        assert "import streamlit" not in text and "from streamlit" not in text, module
