"""The Launch page driven through Streamlit's AppTest: every section, bad input, reopening, the ROI hand-off."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.analysis import provenance_for
from lib.launch import DesignSpec, run_design
from lib.store import Workspace
from tests.app.conftest import ok

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/launch.py"


@pytest.fixture
def at() -> AppTest:
    app = ok(AppTest.from_file(APP, default_timeout=60).run())
    return ok(app.switch_page(PAGE).run())


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_every_section_runs_and_offers_exports(at):
    assert at.title[0].value == "Launch"
    for section, figure in (("A/B plan", "Units per arm"), ("A/B readout", "Effect"), ("Rollout", "Total time"),
                            ("Model value", "Value per month")):  # fmt: skip
        ok(at.radio(key="launch_section").set_value(section).run())
        assert _metric(at, figure)
        labels = {b.label for b in at.get("download_button")}
        assert {"Report (Markdown)", "Report (HTML)", "Results (JSON)", "Notebook (.ipynb)"} <= labels


def test_plan_figures_follow_the_widgets(at):
    ok(at.radio(key="launch_section").set_value("A/B plan").run())
    assert _metric(at, "Units per arm") == "31,218"
    ok(at.number_input(key="launch_ab_mde").set_value(0.2).run())
    expected = DesignSpec(baseline=0.05, mde=0.2, relative=True, daily_traffic=10_000)
    assert _metric(at, "Units per arm") == f"{run_design(expected, provenance=provenance_for(expected)).n_per_arm:,}"
    ok(at.number_input(key="launch_ab_baseline").set_value(0.95).run())
    assert any("not a rate" in e.value for e in at.error)


def test_readout_with_an_empty_arm_says_which(at):
    ok(at.radio(key="launch_section").set_value("A/B readout").run())
    assert "Decision: ship" in " ".join(s.value for s in at.success)
    ok(at.number_input(key="launch_ro_treatment_units").set_value(0).run())
    assert any("the treatment arm" in e.value.lower() and "no units" in e.value for e in at.error)


def test_framing_needs_a_goal_then_lists_gaps(at):
    assert any("product goal" in i.value for i in at.info)
    ok(at.text_area(key="launch_fr_goal").input("Cut fraud losses").run())
    ok(at.radio(key="launch_fr_decision").set_value("go").run())
    boxes = [*at.error, *at.success, *at.warning, *at.info]
    assert any("Decision: go" in box.value for box in boxes)
    assert any("No non-ML baseline" in m.value for m in at.markdown)


def test_framing_readiness_on_the_current_dataset(at):
    ok(at.switch_page("pages/datasets.py").run())
    ok(at.switch_page(PAGE).run())
    ok(at.text_area(key="launch_fr_goal").input("Approve good loans").run())
    ok(at.toggle(key="launch_fr_check").set_value(True).run())
    assert any(df.value.shape[0] >= 4 for df in at.dataframe)


def test_value_hands_the_benefit_to_roi(at):
    ok(at.radio(key="launch_section").set_value("Model value").run())
    ok(at.button(key="launch_va_to_roi").click().run())
    assert at.title[0].value == "ROI & Cost"
    assert any("benefit" in i.value for i in at.info)


def test_a_saved_plan_reopens_in_its_section(at):
    spec = DesignSpec(baseline=0.2, mde=0.05, relative=False, daily_traffic=1_000)
    saved = Workspace().save_analysis(
        title="Checkout plan", spec=spec, result=run_design(spec, provenance=provenance_for(spec))
    )
    at.session_state["dd_reopen"] = {"id": saved, "kind": "abtest_design"}
    ok(at.run())
    assert at.radio(key="launch_section").value == "A/B plan"
    assert at.number_input(key="launch_ab_baseline").value == pytest.approx(0.2)
    assert _metric(at, "Units per arm") == f"{run_design(spec, provenance=provenance_for(spec)).n_per_arm:,}"


def test_saving_puts_the_analysis_in_the_workspace(at):
    ok(at.radio(key="launch_section").set_value("Rollout").run())
    ok(at.button(key="launch_rollout_plan_save_submit").click().run())
    assert any("Saved as #" in s.value for s in at.success)
    assert Workspace().list()[0].kind == "rollout_plan"
