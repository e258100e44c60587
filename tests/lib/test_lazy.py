"""Lazily loaded package names: loaded on first use, then ordinary attributes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lib.lazy import lazy_exports
from tests.conftest import ROOT


def test_names_load_on_first_use_and_stay():
    getattr_, dir_ = lazy_exports("lib.fairness", {"audit": "lib.fairness._audit"})
    assert dir_() == ["audit"]
    from lib.fairness._audit import audit

    assert getattr_("audit") is audit
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        getattr_("nothing")


def test_importing_a_feature_package_loads_none_of_its_heavy_libraries():
    code = (
        "import sys; import lib.fairness, lib.explain, lib.roi; "
        "print(sorted(m for m in ('sklearn', 'shap', 'fairlearn', 'altair', 'scipy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
