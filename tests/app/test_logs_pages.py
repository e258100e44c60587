"""A log opened by path on Datasets becomes the current dataset; Bias Audit, Monitor and Explain use it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, ok


def _frame(seed: int, n: int, shift: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, n)
    score = np.round(np.clip(0.3 * label + rng.uniform(0, 0.7, n), 0, 1) * 64) / 64
    return pd.DataFrame(
        {
            "label": label,
            "score": score,
            "sex": rng.choice(["F", "M"], n),
            "income": np.round(rng.normal(50 + shift, 10, n) * 8) / 8,
            "day": pd.to_datetime("2025-01-01") + pd.to_timedelta(rng.integers(0, 60, n), unit="D"),
        }
    )


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> tuple[Path, Path]:
    """Two logs as folders of monthly partitions: a reference and a shifted current one."""
    root = tmp_path_factory.mktemp("app-logs")
    for name, frame in (("reference", _frame(1, 3_000)), ("current", _frame(2, 3_000, shift=8.0))):
        for month, part in frame.groupby(frame["day"].dt.strftime("%Y-%m")):
            folder = root / name / f"month={month}"
            folder.mkdir(parents=True)
            part.to_parquet(folder / "part.parquet", index=False)
    return root / "reference", root / "current"


def _current(at: AppTest):
    return at.session_state["dd_current_data"] if "dd_current_data" in at.session_state else None  # noqa: SIM401 - AppTest state has no get()


def _open_log(at: AppTest, path: Path, *, key: str = "datasets") -> AppTest:
    ok(at.radio(key=f"{key}_source").set_value("Open a log by path").run())
    ok(at.text_input(key=f"{key}_log_path").input(str(path)).run())
    ok(at.text_input(key=f"{key}_log_memory").input("256MB").run())
    return ok(at.button(key=f"{key}_log_open").click().run())


def _texts(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.success, *at.warning, *at.error, *at.info, *at.caption])


def test_datasets_opens_a_log_by_path_and_shows_it_without_loading_it(logs):
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(at.switch_page("pages/datasets.py").run())
    _open_log(at, logs[0])
    data = _current(at)
    assert data is not None and data.log is not None and data.source == f"log:{logs[0]}"
    assert data.dataset.n_rows == 3_000 and len(data.frame) == 1_000
    assert {m.label: m.value for m in at.metric}["Rows"] == "3,000"
    assert "seeded sample of 1,000 of 3,000 rows" in _texts(at)
    schema = at.dataframe[0].value
    assert list(schema["column"]) == ["label", "score", "sex", "income", "day", "month"]
    # Visiting another page keeps the log current; coming back shows it again.
    ok(at.switch_page("pages/home.py").run())
    ok(at.switch_page("pages/datasets.py").run())
    assert at.radio(key="datasets_source").value == "Open a log by path" and _current(at).log is not None


def test_a_path_that_names_nothing_is_one_clear_error(tmp_path):
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    ok(at.switch_page("pages/datasets.py").run())
    _open_log(at, tmp_path / "nothing" / "*.parquet")
    assert any("no file matches this pattern" in e.value for e in at.error)
    assert _current(at) is None or _current(at).log is None


def test_bias_audit_counts_the_whole_log(logs):
    at = ok(AppTest.from_file(str(APP), default_timeout=90).run())
    ok(at.switch_page("pages/datasets.py").run())
    _open_log(at, logs[0])
    ok(at.switch_page("pages/bias_audit.py").run())
    assert "A log: the audit counts every row where it lies" in _texts(at)
    assert any("3,000 rows" in c.value for c in at.caption)
    assert not at.error


def test_monitor_compares_two_logs_and_explain_states_its_sample(logs):
    at = ok(AppTest.from_file(str(APP), default_timeout=90).run())
    ok(at.switch_page("pages/datasets.py").run())
    _open_log(at, logs[0])
    ok(at.switch_page("pages/monitor.py").run())
    ok(at.number_input(key="monitor_n_boot").set_value(50).run())
    ok(at.radio(key="monitor_current_source").set_value("Open a log by path").run())
    ok(at.text_input(key="monitor_current_log_path").input(str(logs[1])).run())
    ok(at.button(key="monitor_current_log_open").click().run())
    ok(at.multiselect(key="monitor_columns").set_value(["income"]).run())
    # The shifted income drifts, so the verdict is the page's one error box; nothing else went wrong.
    assert [e.value.split(".")[0] for e in at.error] == ["Drift: income"]
    assert "score is compared as a column" in _texts(at)
    ok(at.switch_page("pages/explain.py").run())
    assert "seeded sample of 1,000 of the log's 3,000 rows" in _texts(at)


def test_an_audit_of_a_log_saved_and_reopened_from_home(logs):
    at = ok(AppTest.from_file(str(APP), default_timeout=90).run())
    ok(at.switch_page("pages/datasets.py").run())
    _open_log(at, logs[0])
    ok(at.switch_page("pages/bias_audit.py").run())
    at.session_state["bias_audit_tab"] = "Export and save"  # only the open tab is drawn
    ok(at.run())
    # A form sends its fields with the submit, so the title is typed and submitted in one run.
    at.text_input(key="bias_audit_save_title").set_value("Log audit")
    ok(at.button(key="bias_audit_save_submit").click().run())
    assert any(s.value.startswith("Saved as #") for s in at.success)
    ok(at.switch_page("pages/home.py").run())
    ok(at.button(key="home_reopen").click().run())
    # The log is still the current dataset, and its fingerprint matches: the audit runs again on it.
    assert at.title[0].value == "Bias Audit"
    assert any("Reopened #" in i.value for i in at.info), [i.value for i in at.info]
    assert not any("shown read-only" in w.value for w in at.warning)
    assert "A log: the audit counts every row where it lies" in _texts(at)
