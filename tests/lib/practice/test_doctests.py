"""The Examples in the practice package's docstrings run and hold."""

from __future__ import annotations

import doctest

import pytest

from lib.practice import _answer, _handoff, _scoring


@pytest.mark.parametrize("module", [_answer, _handoff, _scoring], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    failures, tried = doctest.testmod(module)
    assert tried and not failures
