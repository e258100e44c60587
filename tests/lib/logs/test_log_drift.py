"""Drift of logs equals drift of the same rows as tables; what logs cannot do is refused clearly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.analysis import TableSource, run
from lib.drift import DriftSpec, numeric_binning, numeric_slots
from lib.errors import InputError
from lib.logs import open_log
from lib.logs._drift import SlotFinder
from tests.lib.logs.conftest import make_log_frame


@pytest.fixture(scope="module")
def sides(tmp_path_factory):
    """A reference and a current log (income shifted), and the whole log; values in eighths so sums are exact."""
    frame = make_log_frame(1, n=4_000)
    frame["income"] = np.round(frame["income"] * 8) / 8
    folder = tmp_path_factory.mktemp("drift")
    reference = frame[frame["day"] < "2025-02-15"].reset_index(drop=True)
    current = frame[frame["day"] >= "2025-02-15"].reset_index(drop=True)
    current["income"] = current["income"] + 5.0
    for name, part in (("reference", reference), ("current", current), ("all", frame)):
        part.to_parquet(folder / f"{name}.parquet", index=False)
    return frame, reference, current, folder


def _log(path):
    return open_log(path, memory_limit="256MB", threads=2)


def _without_provenance(result) -> dict:
    data = result.to_dict()
    data.pop("provenance")
    return data


@pytest.mark.parametrize(
    "spec",
    [
        DriftSpec(columns=("income", "region", "score", "race")),
        DriftSpec(columns=("income", "region"), segment=("sex",), date="day", chunk="week", min_rows=20),
        DriftSpec(label="label", prediction="prediction", date="day", chunk="month", segment=("race", "sex")),
    ],
    ids=["overall", "segments-weeks", "defaults-months"],
)
def test_two_logs_give_the_drift_of_two_tables(sides, spec):
    _, reference, current, folder = sides
    tables = {
        "reference": TableSource(reference, str(folder / "reference.parquet"), None),
        "current": TableSource(current, str(folder / "current.parquet"), None),
    }
    logs = {"reference": _log(folder / "reference.parquet"), "current": _log(folder / "current.parquet")}
    assert _without_provenance(run(spec, logs)) == _without_provenance(run(spec, tables))


def test_one_log_split_at_a_date(sides):
    frame, _, _, folder = sides
    spec = DriftSpec(
        columns=("income", "region"), date="day", split_date="2025-02-15", chunk="month", segment=("race",)
    )
    expected = run(spec, {"data": TableSource(frame, str(folder / "all.parquet"), None)})
    found = run(spec, {"data": _log(folder / "all.parquet")})
    assert _without_provenance(found) == _without_provenance(expected)
    assert found.provenance.inputs["data"]["engine"] == "duckdb"


def test_a_drift_is_found_in_the_shifted_column(sides):
    _, _, _, folder = sides
    spec = DriftSpec(columns=("income", "region"))
    found = run(spec, {"reference": _log(folder / "reference.parquet"), "current": _log(folder / "current.parquet")})
    verdicts = {c.column: c.verdict for c in found.columns}
    assert verdicts["income"] == "drift" and verdicts["region"] != "drift"


def test_what_logs_cannot_do_is_refused(sides, tmp_path):
    frame, _, _, folder = sides
    logs = {"reference": _log(folder / "reference.parquet"), "current": _log(folder / "current.parquet")}
    with pytest.raises(InputError, match="chunks of rows"):
        run(DriftSpec(columns=("income",), date="day", chunk="rows", chunk_rows=100), logs)
    with pytest.raises(InputError, match="label-free performance"):
        run(DriftSpec(columns=("income",), score="score"), logs)
    mixed = {"reference": TableSource(frame, "all", None), "current": logs["current"]}
    with pytest.raises(InputError, match="compares a log with a log"):
        run(DriftSpec(columns=("income",)), mixed)
    frame.assign(day=frame["day"].astype(str)).to_parquet(tmp_path / "text.parquet")
    with pytest.raises(InputError, match=r"date column of a log must be stored as dates.*VARCHAR"):
        run(
            DriftSpec(columns=("income",), date="day", split_date="2025-02-15"),
            {"data": _log(tmp_path / "text.parquet")},
        )
    pd.DataFrame({"user": [f"u{i}" for i in range(50)]}).to_parquet(tmp_path / "ids.parquet")
    import lib.logs._drift as module

    original = module.MAX_LOG_CATEGORIES
    module.MAX_LOG_CATEGORIES = 10
    try:
        ids = {"reference": _log(tmp_path / "ids.parquet"), "current": _log(tmp_path / "ids.parquet")}
        with pytest.raises(InputError, match="too many distinct values to compare from a log"):
            run(DriftSpec(columns=("user",)), ids)
    finally:
        module.MAX_LOG_CATEGORIES = original


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    kind=st.sampled_from(["normal", "integers", "skewed"]),
    bins=st.integers(2, 20),
)
def test_law_the_slot_finder_puts_every_value_where_numpy_does(seed, kind, bins):
    rng = np.random.default_rng(seed)
    reference = {
        "normal": rng.normal(0, 1, 5_000),
        "integers": rng.integers(0, 30, 5_000).astype(float),
        "skewed": rng.exponential(2, 5_000),
    }[kind]
    binning = numeric_binning(reference, bins=bins, method="quantile")
    values = np.concatenate(
        [rng.normal(0.5, 2, 3_000), reference[:500], binning.fine_edges, [np.nan, np.inf, -np.inf, 1e308, -1e308]]
    )
    assert np.array_equal(SlotFinder.of(binning)(values), numeric_slots(values, binning))


def test_drift_of_two_folders_on_the_command_line(sides, tmp_path, capsys):
    import json

    from lib.cli import main

    _, reference, current, _ = sides
    for name, frame in (("reference", reference), ("current", current)):
        (tmp_path / name / "part=1").mkdir(parents=True)
        frame.to_parquet(tmp_path / name / "part=1" / "p.parquet", index=False)
    args = ["drift", str(tmp_path / "reference"), str(tmp_path / "current"), "--columns", "income,region"]
    code = main([*args, "--n-boot", "50", "--memory-limit", "256MB"])
    found = json.loads(capsys.readouterr().out)
    assert code == 1  # income drifts: the gate fails
    assert [c["column"] for c in found["columns"]] == ["income", "region"]
    assert found["provenance"]["inputs"]["reference"]["engine"] == "duckdb"


def test_categories_counted_by_the_engine_equal_the_tables_with_unseen_and_missing_values(tmp_path):
    rng = np.random.default_rng(7)
    n = 3_000
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    reference = pd.DataFrame(
        {
            "day": days,
            "plan": rng.choice(["basic", "plus", "pro"], n),
            "code": pd.array(rng.integers(0, 4, n), dtype="Int64"),
            "sex": rng.choice(["f", "m"], n),
        }
    )
    current = reference.copy()
    current.loc[::7, "plan"] = "enterprise"  # unseen in the reference
    current.loc[::11, "plan"] = None
    current.loc[::13, "code"] = pd.NA
    current.loc[::17, "code"] = 9  # unseen
    reference.loc[::19, "plan"] = None
    for name, frame in (("reference", reference), ("current", current)):
        frame.to_parquet(tmp_path / f"{name}.parquet", index=False)
    tables = {
        "reference": TableSource(reference, str(tmp_path / "reference.parquet"), None),
        "current": TableSource(current, str(tmp_path / "current.parquet"), None),
    }
    logs = {"reference": _log(tmp_path / "reference.parquet"), "current": _log(tmp_path / "current.parquet")}
    for spec in (
        DriftSpec(columns=("plan", "code")),
        DriftSpec(columns=("plan", "code"), segment=("sex",), date="day", chunk="month", min_rows=20),
    ):
        found = run(spec, logs)
        assert _without_provenance(found) == _without_provenance(run(spec, tables))
        plan = next(c for c in found.columns if c.column == "plan")
        unseen = plan.unseen_categories or {}
        assert list(unseen["examples"]) == ["enterprise"]
        assert unseen["rows"] == int((current["plan"] == "enterprise").sum())
