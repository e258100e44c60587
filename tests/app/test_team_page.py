"""The Team & Portfolio page through AppTest: planner, portfolio, failure log, quality gates, save and reopen."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.data import load_table
from lib.practice import StoryBank
from lib.store import Workspace
from lib.team import FailureLog, TeamPlanSpec, make_failure
from tests.app.conftest import ok
from tests.conftest import ROOT
from ui.state import CurrentData

K = "team_portfolio"


def _open(tab: str | None = None, **state) -> AppTest:
    at = ok(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run())
    for name, value in state.items():
        at.session_state[name] = value
    if tab:
        at.session_state[f"{K}_tab"] = tab
    return ok(at.switch_page("pages/team_portfolio.py").run())


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _edit(at: AppTest, editor: str, *, edited=None, added=None, deleted=None) -> AppTest:
    at.session_state[editor] = {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}
    return ok(at.run())


@pytest.fixture
def at() -> AppTest:
    return _open()


def test_planner_defaults(at):
    assert at.title[0].value == "Team & Portfolio"
    assert [t.label for t in at.tabs] == ["Team planner", "Experiment portfolio", "Failure log", "Quality gates"]
    assert _metric(at, "People on day one") == "15"
    assert _metric(at, "Cost of the plan (P50)").startswith("$")
    assert any("simulated futures" in c.value for c in at.caption)
    assert any("ML and MLOps engineers are" in w.value for w in at.warning)  # the default hires tilt the mix
    assert not at.error
    assert len(at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")) >= 4


def test_planner_settings_change_the_plan(at):
    ok(at.radio(key=f"{K}_start").set_value("l7_org").run())
    ok(at.number_input(key=f"{K}_team_size").set_value(60).run())
    ok(at.number_input(key=f"{K}_quarters").set_value(8).run())
    assert _metric(at, "People on day one") == "60"
    assert any(m.label == "People after quarter 8 (P50)" for m in at.metric)
    ok(at.radio(key=f"{K}_start").set_value("blank").run())
    assert _metric(at, "People on day one") == "0"
    ok(at.radio(key=f"{K}_band").set_value("L7").run())
    assert not at.error


def test_roster_start_uses_the_example_then_the_current_roster():
    at = _open()
    ok(at.radio(key=f"{K}_start").set_value("roster").run())
    assert _metric(at, "People on day one") == "12"
    assert any("made-up example roster" in c.value for c in at.caption)
    frame, dataset = load_table(
        b"role,level,cost\nML engineer,L5,300000\nData engineer,L4,\nMLE,L6,420000\n", name="ours.csv"
    )
    current = CurrentData(frame, dataset, dataset.roles, "upload")
    at = _open(**{"dd_current_data": current, f"{K}_start": "roster"})
    assert _metric(at, "People on day one") == "3"
    assert any("Using the current dataset, ours.csv" in c.value for c in at.caption)
    assert at.session_state["dd_current_data"].dataset.name == "ours.csv"  # never replaced by visiting


def test_a_roster_with_unknown_roles_gets_one_message():
    frame, dataset = load_table(b"role,level\nML engineer,L5\nastronaut,L9\n", name="odd.csv")
    at = _open(**{"dd_current_data": CurrentData(frame, dataset, dataset.roles, "upload"), f"{K}_start": "roster"})
    assert any("File 'odd.csv', column 'role': unknown roles in the roster" in e.value for e in at.error)


def test_bad_plan_rows_show_one_error(at):
    _edit(at, f"{K}_hires_0", added=[{"role": "Data engineer", "quarter": 9, "count": 1}])
    assert any("A requisition opens after the plan ends" in e.value for e in at.error)
    at = _open()
    _edit(at, f"{K}_roles_1", edited={0: {"cost_low": 900_000.0}})
    assert any("low is above high" in e.value for e in at.error)


def test_people_cost_goes_to_roi_and_cost(at):
    ok(at.button(key=f"{K}_to_roi").click().run())
    assert at.title[0].value == "ROI & Cost"
    filled = at.session_state["roi_cost_option_defaults"]
    assert filled["option"] == "Team plan" and filled["run_cost"] > 100_000
    assert at.session_state["roi_cost_period"] == "month"


def test_portfolio_tab():
    at = _open("Experiment portfolio")
    assert _metric(at, "Expected wins") == "1.90 of 5"
    assert _metric(at, "Chance of at least 2 wins") == "63.0%"
    assert any("does not reach 2 wins" in w.value for w in at.warning)
    ok(at.number_input(key=f"{K}_min_wins").set_value(1).run())
    assert any("buys at least 1 win with 80% confidence" in s.value for s in at.success)
    ok(at.number_input(key=f"{K}_history_trials").set_value(20).run())
    ok(at.number_input(key=f"{K}_history_wins").set_value(4).run())
    assert any("(4 wins out of 20)" in m.value for m in at.markdown)
    assert not at.error


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({0: {"p_success": 1.5}}, "chances of success outside [0, 1] in row 2"),
        ({1: {"compute_cost": -10.0}}, "negative costs in row 3"),
        ({0: {"value": None}}, "empty values in row 2"),
    ],
)
def test_portfolio_bad_rows_show_one_error(edit, message):
    at = _open("Experiment portfolio")
    _edit(at, f"{K}_experiments_0", edited=edit)
    assert any(message in e.value for e in at.error) and not at.metric


def test_history_wins_above_trials_is_refused():
    at = _open("Experiment portfolio")
    ok(at.number_input(key=f"{K}_history_wins").set_value(3).run())
    assert any("'history_wins' is above 'history_trials'" in e.value for e in at.error)


def _fill_failure(at: AppTest, version: int = 0, **fields) -> AppTest:
    prefix = f"{K}_new_failure_{version}"
    for name, value in fields.items():
        widget = (
            at.text_area(key=f"{prefix}_{name}")
            if name not in ("title", "tags")
            else at.text_input(key=f"{prefix}_{name}")
        )
        widget.input(value)
    return ok(at.button(key=f"{prefix}_submit").click().run())


def test_failure_log_add_search_story_and_delete():
    at = _open("Failure log")
    _fill_failure(
        at, title="Label leak", what="AUC 0.99 in validation", why="A column from the future", tags="data, leakage"
    )
    assert any("Logged as failure #1" in s.value for s in at.success)
    assert any("Missing for a full story" in i.value for i in at.info)
    _fill_failure(at, version=1, title="Offline gain vanished", what="NDCG up, CTR down", why="Cold-start users missing",
                  detection="A/B guardrail", mitigation="Rolled back", fix="Stratified evaluation sets")  # fmt: skip
    assert any("2 of 2 failures shown" in c.value for c in at.caption)
    ok(at.text_input(key=f"{K}_search").input("future").run())
    assert any("1 of 2 failures shown" in c.value for c in at.caption)
    ok(at.text_input(key=f"{K}_search").input("").run())
    ok(at.selectbox(key=f"{K}_failure").set_value(2).run())
    ok(at.button(key=f"{K}_star_2").click().run())
    assert any("STAR story" in s.value for s in at.success)
    assert StoryBank(Workspace()).all()[0].title == "Offline gain vanished"
    ok(at.checkbox(key=f"{K}_confirm_delete_2").check().run())
    ok(at.button(key=f"{K}_delete_2").click().run())
    assert [e.title for e in FailureLog(Workspace()).all()] == ["Label leak"]


def test_a_failure_without_why_keeps_the_typed_text():
    at = _open("Failure log")
    _fill_failure(at, title="Half written", what="Something broke")
    assert any("The failure's why is empty" in e.value for e in at.error)
    assert at.text_input(key=f"{K}_new_failure_0_title").value == "Half written"
    assert FailureLog(Workspace()).all() == []


def test_completing_a_logged_failure():
    log = FailureLog(Workspace())
    log.add(make_failure(title="Drift", what_happened="CTR fell", why="New catalogue"))
    at = _open("Failure log")
    at.text_area(key=f"{K}_edit_1_0_fix").input("Retrain when drift passes 0.2")
    ok(at.button(key=f"{K}_edit_1_0_submit").click().run())
    assert log.all()[0].durable_fix == "Retrain when drift passes 0.2"


def test_quality_gates_pass_when_every_check_is_done_or_waived():
    at = _open("Quality gates")
    assert any("may move to experiment, not further" in w.value for w in at.warning)
    at.session_state[f"{K}_gate_experiment_to_validation_0"] = {
        "edited_rows": {i: {"status": "done"} for i in range(3)}, "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    at.session_state[f"{K}_gate_validation_to_production_0"] = {
        "edited_rows": {**{i: {"status": "done"} for i in range(5)}, 5: {"status": "waived", "note": "Batch job, paged by the scheduler"}},
        "added_rows": [], "deleted_rows": [],
    }  # fmt: skip
    ok(at.run())
    assert any("Every gate passed" in s.value for s in at.success)
    _edit(at, f"{K}_gate_validation_to_production_0", edited={5: {"status": "waived"}})
    assert any("waived without a reason" in e.value for e in at.error)


def test_save_and_reopen_a_plan():
    at = _open()
    ok(at.number_input(key=f"{K}_quarters").set_value(6).run())
    at.text_input(key=f"{K}_team_plan_save_title").input("Six quarters")
    ok(at.button(key=f"{K}_team_plan_save_submit").click().run())
    assert any("Saved as #1" in s.value for s in at.success)
    saved = Workspace().open(1)
    assert saved.kind == "team_plan" and TeamPlanSpec.from_dict(saved.spec).quarters == 6
    again = _open(**{"dd_reopen": {"id": 1, "kind": "team_plan"}})
    assert any("Reopened #1 'Six quarters'" in i.value for i in again.info)
    assert again.number_input(key=f"{K}_quarters").value == 6
    assert any(m.label == "People after quarter 6 (P50)" for m in again.metric)


def test_save_and_reopen_a_portfolio_in_its_tab():
    at = _open("Experiment portfolio")
    ok(at.number_input(key=f"{K}_min_wins").set_value(3).run())
    ok(at.button(key=f"{K}_portfolio_save_submit").click().run())
    again = _open(**{"dd_reopen": {"id": 1, "kind": "portfolio"}})
    assert again.session_state[f"{K}_tab"] == "Experiment portfolio"
    assert again.number_input(key=f"{K}_min_wins").value == 3
    assert _metric(again, "Chance of at least 3 wins")


def test_a_requisition_without_a_role_is_named():
    at = _open()
    _edit(at, f"{K}_hires_0", added=[{"quarter": 1, "count": 1}])
    assert any("A requisition in the hiring plan has no role" in e.value for e in at.error)


def test_an_experiment_list_from_the_current_dataset():
    rows = b"name,value,compute_cost,p_success\nA,100000,10000,0.5\nB,50000,5000,\n"
    frame, dataset = load_table(rows, name="ideas.csv")
    at = _open("Experiment portfolio", **{"dd_current_data": CurrentData(frame, dataset, dataset.roles, "upload")})
    ok(at.toggle(key=f"{K}_experiments_pick").set_value(True).run())
    ok(at.button(key=f"{K}_experiments_use").click().run())
    assert _metric(at, "Expected wins") == "0.80 of 2"  # 0.5 plus the team rate, 0.3
    assert at.session_state["dd_current_data"].dataset.name == "ideas.csv"
