"""The shared sidebar is drawn after every page run, also when the page ends early."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, ok
from tests.lib.logs.conftest import make_log_frame


def _sidebar_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption]


def test_a_page_that_ends_early_still_draws_the_sidebar(tmp_path):
    # Datasets ends its run early after showing a log; the sidebar must name the log, not the dataset before it.
    root = tmp_path / "predictions"
    frame = make_log_frame(3, n=1_000)
    for month, part in frame.groupby(frame["day"].dt.strftime("%Y-%m")):
        (root / f"month={month}").mkdir(parents=True)
        part.to_parquet(root / f"month={month}" / "part.parquet", index=False)
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    at = ok(at.switch_page("pages/datasets.py").run())
    assert any("adult_predictions.csv · 16,281 rows" in c for c in _sidebar_captions(at)), _sidebar_captions(at)
    ok(at.radio(key="datasets_source").set_value("Open a log by path").run())
    ok(at.text_input(key="datasets_log_path").input(str(root)).run())
    ok(at.button(key="datasets_log_open").click().run())
    assert any(c.startswith(f"{root} · 1,000 rows") for c in _sidebar_captions(at)), _sidebar_captions(at)
    assert any("saved analyses" in c for c in _sidebar_captions(at))
