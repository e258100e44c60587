"""The drift analysis end to end: verdicts on simulated data, segments, chunks, bands, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.analysis import TableSource
from lib.drift import DRIFT, INSUFFICIENT, NO_DRIFT, DriftResult, DriftSpec, run_drift, simulate_drift
from lib.errors import InputError


def tables(reference: pd.DataFrame, current: pd.DataFrame) -> dict[str, TableSource]:
    return {
        "reference": TableSource(reference, "reference.csv", "a" * 64),
        "current": TableSource(current, "current.csv", "b" * 64),
    }


def run(reference, current, **options) -> DriftResult:
    return run_drift(DriftSpec(n_boot=100, **options), tables(reference, current))


def verdicts(result: DriftResult) -> dict[str, str]:
    return {c.column: c.verdict for c in result.columns}


def test_identical_reference_and_current_give_zero_and_no_material_drift():
    reference, _ = simulate_drift(n_reference=5_000, n_current=10, n_numeric=3, n_categorical=2, seed=1)
    result = run(reference, reference.copy())
    assert set(verdicts(result).values()) == {NO_DRIFT}
    for column in result.columns:
        for name in ("psi", "js", "ks", "wasserstein"):
            assert (column.statistics[name] or 0.0) == pytest.approx(0.0, abs=1e-12)
    assert result.gate.passed


def test_a_clear_shift_drifts_and_fails_the_gate():
    reference, current = simulate_drift(n_reference=20_000, n_current=20_000, shift=0.5, seed=2)
    result = run(reference, current)
    assert set(verdicts(result).values()) == {DRIFT}
    assert not result.gate.passed and set(result.gate.drifted) == {"x0", "x1", "x2", "c0"}


def test_a_tiny_shift_on_a_large_sample_is_significant_but_not_material():
    reference, current = simulate_drift(n_reference=400_000, n_current=400_000, n_categorical=0, shift=0.02, seed=3)
    result = run(reference, current)
    for column in result.columns:
        assert column.statistics["ks_pvalue_adjusted"] < 1e-6
        assert column.verdict == NO_DRIFT
        assert column.statistics["wasserstein_norm"] == pytest.approx(0.02, abs=0.006)


def test_a_tiny_sample_is_not_passed():
    reference, current = simulate_drift(n_reference=40, n_current=40, seed=4)
    result = run(reference, current)
    assert NO_DRIFT not in verdicts(result).values()
    assert all(c.small for c in result.columns)


def test_segments_and_monthly_chunks_with_reference_bands():
    reference, current = simulate_drift(
        n_reference=24_000, n_current=24_000, n_numeric=2, n_categorical=1, n_segments=3, months=6, seed=5
    )
    late = current["date"] >= np.datetime64("2025-05-01")
    current.loc[late & (current["segment"] == "s1"), "x0"] += 1.0
    result = run(reference, current, segment=("segment",), date="date", chunk="month")
    assert [c.chunk for c in result.chunks if c.period == "current"] == [f"2025-0{m}" for m in range(1, 7)]
    assert next(c.chunk for c in result.chunks if c.period == "reference") == "2024-01"
    x0 = next(c for c in result.columns if c.column == "x0")
    assert x0.first_crossing is not None and x0.first_crossing["chunk"] == "2025-05"
    assert x0.band["psi"][1] is not None and x0.band["psi"][0] >= 0
    s1 = next(s for s in result.segments if s.segment == "s1")
    assert next(c for c in s1.columns if c.column == "x0").verdict == DRIFT
    s0 = next(s for s in result.segments if s.segment == "s0")
    assert next(c for c in s0.columns if c.column == "x0").verdict != DRIFT
    may = next(ch for ch in s1.chunks if ch.chunk == "2025-05")
    assert next(c for c in may.columns if c.column == "x0").statistics["ks_pvalue_adjusted"] < 0.01
    assert "x0 in s1" in result.gate.drifted_in_segments
    # Every current cell's p-value is in one Benjamini-Hochberg family.
    expected_tests = 3 * (1 + 3 + 6 + 18)
    assert result.multiple_testing["tests"] == expected_tests


def test_one_file_split_by_date_and_row_chunks():
    reference, current = simulate_drift(n_reference=3_000, n_current=3_000, shift=0.4, months=3, seed=6)
    data = pd.concat([reference, current], ignore_index=True)
    result = run_drift(
        DriftSpec(date="date", split_date="2025-01-01", chunk="rows", chunk_rows=1_000, n_boot=100),
        {"data": TableSource(data, "log.csv", "c" * 64)},
    )
    assert result.rows_reference == 3_000 and result.rows_current == 3_000
    assert [c.chunk for c in result.chunks if c.period == "current"] == [
        "rows 1–1,000",
        "rows 1,001–2,000",
        "rows 2,001–3,000",
    ]
    assert "date" not in [c.column for c in result.columns]
    assert not any("no bands can be learned" in n for n in result.notes)


def test_a_reference_of_one_chunk_says_why_there_are_no_bands():
    reference, current = simulate_drift(n_reference=2_000, n_current=2_000, months=2, seed=9)
    reference["date"] = np.datetime64("2024-06-15")
    result = run(reference, current, date="date", chunk="month")
    assert all(c.band["psi"] == (None, None) for c in result.columns)
    assert any("The reference has 1 chunk(s)" in n for n in result.notes)


def test_unseen_categories_are_counted_not_dropped():
    reference = pd.DataFrame({"colour": ["red", "blue"] * 500})
    current = pd.DataFrame({"colour": ["red", "blue", "green", "pink"] * 250})
    column = run(reference, current).columns[0]
    assert column.unseen_categories == {"count": 2, "rows": 500, "share": 0.5, "examples": ["green", "pink"]}
    assert column.out_of_range_share == pytest.approx(0.5)
    assert column.verdict == DRIFT


def test_missing_rates_and_out_of_range_values():
    reference = pd.DataFrame({"x": np.r_[np.arange(1000.0), [np.nan] * 0]})
    current = pd.DataFrame({"x": np.r_[np.arange(800.0), [5000.0] * 100, [np.nan] * 100]})
    column = run(reference, current).columns[0]
    assert column.missing_rate == {"reference": 0.0, "current": pytest.approx(0.1)}
    assert column.out_of_range_share == pytest.approx(100 / 900)


def test_a_constant_reference_column_is_compared_as_categories_with_a_note():
    reference = pd.DataFrame({"flag": [3] * 500, "x": np.arange(500.0)})
    current = pd.DataFrame({"flag": [3] * 400 + [4] * 100, "x": np.arange(500.0)})
    result = run(reference, current)
    flag = result.columns[0]
    assert flag.kind == "categorical" and flag.unseen_categories["rows"] == 100
    assert any("constant in the reference" in n for n in result.notes)


def test_all_missing_columns_are_reported_not_lost():
    reference = pd.DataFrame({"empty": [np.nan] * 3000, "gone": np.arange(3000.0), "x": np.arange(3000.0)})
    current = pd.DataFrame({"empty": [np.nan] * 3000, "gone": [np.nan] * 3000, "x": np.arange(3000.0)})
    result = run(reference, current)
    found = verdicts(result)
    assert found["empty"] == INSUFFICIENT and found["gone"] == DRIFT and found["x"] == NO_DRIFT
    gone = result.columns[1]
    assert "every current value is missing" in gone.reason
    assert any("no values in the reference" in n for n in result.notes)


def test_small_chunks_are_flagged_and_noted():
    reference, current = simulate_drift(n_reference=2_000, n_current=2_000, months=2, seed=7)
    current.loc[:5, "date"] = np.datetime64("2025-03-15")
    result = run(reference, current, date="date", chunk="month")
    march = next(c for c in result.chunks if c.chunk == "2025-03")
    assert march.small and march.rows == 6
    assert all(cell.verdict != NO_DRIFT for cell in march.columns)
    assert any("2025-03 (6 rows)" in n for n in result.notes)


def test_different_columns_are_named():
    with pytest.raises(InputError, match=r"only in reference.csv: b; only in current.csv: c"):
        run(pd.DataFrame({"a": [1.0], "b": [2.0]}), pd.DataFrame({"a": [1.0], "c": [2.0]}))


def test_a_requested_column_missing_from_one_side_is_named():
    with pytest.raises(InputError, match=r"file 'current.csv', column 'b'"):
        run(pd.DataFrame({"a": [1.0], "b": [2.0]}), pd.DataFrame({"a": [1.0]}), columns=("a", "b"))


def test_a_date_column_that_does_not_parse_names_the_values():
    reference = pd.DataFrame({"d": ["2025-01-01", "2025-01-02"], "x": [1.0, 2.0]})
    current = pd.DataFrame({"d": ["2025-02-01", "soon"], "x": [1.0, 2.0]})
    with pytest.raises(InputError, match=r"file 'current.csv', column 'd'.*'soon'"):
        run(reference, current, date="d", chunk="week")


def test_a_split_date_outside_the_data_is_refused():
    data = pd.DataFrame({"d": ["2025-01-01", "2025-02-01"], "x": [1.0, 2.0]})
    with pytest.raises(InputError, match="no rows fall on or after the split date"):
        run_drift(DriftSpec(date="d", split_date="2026-01-01"), {"data": TableSource(data, "d.csv", None)})


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"chunk": "month"}, "need a date column"),
        ({"split_date": "2025-13-01", "date": "d"}, "not a real date"),
        ({"bins": 1}, "'bins' is out of range"),
        ({"psi_watch": 0.3}, "'psi_watch' is out of range"),
        ({"columns": ("a", "a")}, "listed twice"),
        ({"volume": 10}, "needs a score column"),
    ],
)
def test_bad_specs_say_which_field(options, message):
    with pytest.raises(InputError, match=message):
        DriftSpec(**options)


def test_same_seed_same_result_and_json_round_trip():
    reference, current = simulate_drift(n_reference=2_000, n_current=2_000, shift=0.1, n_segments=2, months=2, seed=8)
    first = run(reference, current, segment=("segment",), date="date", chunk="month")
    second = run(reference, current, segment=("segment",), date="date", chunk="month")
    strip = lambda d: {k: v for k, v in d.items() if k != "provenance"}  # noqa: E731
    assert strip(first.to_dict()) == strip(second.to_dict())
    assert DriftResult.from_dict(first.to_dict()).to_dict() == first.to_dict()
    assert set(first.to_dict()) >= {"columns", "chunks", "segments", "gate", "provenance"}
