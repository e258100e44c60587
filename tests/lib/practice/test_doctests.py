"""The Examples in the practice package's docstrings run and hold; importing it stays light."""

from __future__ import annotations

import doctest
import subprocess
import sys

import pytest

from lib.practice import _about, _answer, _handoff, _scoring, _text
from tests.conftest import ROOT


@pytest.mark.parametrize("module", [_about, _answer, _handoff, _scoring, _text], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failures, tried = doctest.testmod(module)
    assert tried and not failures


def test_importing_the_package_leaves_the_heavy_libraries_alone():
    # `python -m lib practice list` should start fast: practice needs neither models nor fairness metrics.
    # The relevance model (tokenizers, safetensors) loads on the first score, not on import.
    heavy = ("sklearn", "shap", "fairlearn", "altair", "tokenizers", "safetensors", "wordllama")
    code = f"import sys, lib.practice, lib.practice.analyses; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"
