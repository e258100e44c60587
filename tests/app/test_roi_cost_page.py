"""The ROI & Cost page driven through AppTest: defaults, edits, bad input, prefill, save."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.store import Workspace
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def at():
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    return app


def opened_tab(app) -> str:
    """The tab ROI & Cost's tabs open on in the browser (their container's default tab)."""
    from ui.roi_inputs import TABS

    def walk(node):
        proto = getattr(node, "proto", None)
        if type(proto).__name__ == "Block" and proto.HasField("tab_container"):
            yield proto.tab_container.default_tab_index
        for child in (getattr(node, "children", None) or {}).values():
            yield from walk(child)

    return TABS[next(walk(app.main))]


def _metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


def test_page_renders_every_tab_with_defaults(at):
    assert at.title[0].value == "ROI & Cost"
    assert [t.label for t in at.tabs] == [
        "Investment case",
        "Uncertainty",
        "Drivers",
        "Break-even",
        "Savings plan",
        "Spend analyser",
    ]
    assert any("Period 0 is today" in c.value for c in at.caption)
    assert any("Highest NPV" in s.value for s in at.success)
    assert _metric(at, "Monthly saving") == "$460,000"  # the classic per-prediction example is the default
    assert _metric(at, "Chance NPV < 0").endswith("%")
    assert _metric(at, "Idle resources") == "1"
    assert not at.error


def test_editing_inputs_recomputes(at):
    at.number_input(key="roi_cost_pp_volume").set_value(1_000_000_000.0).run()
    assert not at.exception
    assert _metric(at, "Monthly saving") == "$230,000"
    at.selectbox(key="roi_cost_period").set_value("year").run()
    assert not at.exception
    at.number_input(key="roi_cost_horizon").set_value(5).run()
    assert not at.exception
    assert any("Highest NPV" in s.value for s in at.success)


def test_bad_inputs_show_one_clear_error(at):
    at.number_input(key="roi_cost_pp_before").set_value(-0.42).run()
    assert not at.exception
    assert any("cannot be negative" in e.value for e in at.error)
    at.number_input(key="roi_cost_pp_before").set_value(0.42).run()
    at.number_input(key="roi_cost_mc_build_cost_low").set_value(200.0).run()  # low above high
    assert not at.exception
    assert any("low is above high" in e.value for e in at.error)
    at.number_input(key="roi_cost_budget").set_value(0.0).run()
    assert not at.exception
    assert any("budget" in e.value and "above zero" in e.value for e in at.error)


def test_other_calculators(at):
    for calculator, label in [
        ("llm", "API, month 1 ($/month)"),
        ("llm_tokens", "API ($/month)"),
        ("endpoint", "Serverless ($/month)"),
        ("spot", "Spot expected cost"),
    ]:
        at.selectbox(key="roi_cost_calculator").set_value(calculator).run()
        assert not at.exception
        assert _metric(at, label).startswith("$")
    at.selectbox(key="roi_cost_calculator").set_value("llm_tokens").run()
    at.number_input(key="roi_cost_llm_util").set_value(1.5).run()
    assert not at.exception
    assert any("utilisation" in e.value and "out of range" in e.value for e in at.error)


def test_upload_a_spend_file_with_unknown_categories(at):
    csv = (
        b"date,team,project,category,resource,cost\n"
        b"2025-01-01,a,p,training,gpu,100\n2025-02-01,a,p,labelling,vendor,50\n2025-03-01,a,p,inference,ep,80\n"
    )
    at.toggle(key="roi_cost_spend_pick").set_value(True).run()
    assert not at.exception
    at.radio(key="roi_cost_spend_source").set_value("Upload a file").run()
    assert not at.exception
    at.file_uploader(key="roi_cost_spend_upload").set_value(("spend.csv", csv, "text/csv")).run()
    assert not at.exception
    assert any("'other'" in i.value for i in at.info)
    assert _metric(at, "Total spend") == "$230"


def test_bad_spend_upload_is_an_error_not_a_crash(at):
    at.toggle(key="roi_cost_spend_pick").set_value(True).run()
    assert not at.exception
    at.radio(key="roi_cost_spend_source").set_value("Upload a file").run()
    bad = b"date,team,project,category,resource,cost\nnot a date,a,p,training,gpu,100\n"
    at.file_uploader(key="roi_cost_spend_upload").set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert any("do not parse" in e.value for e in at.error)


def test_opening_the_page_keeps_the_dataset_chosen_on_datasets():
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("pages/datasets.py").run()
    app.selectbox(key="datasets_sample").set_value("german_credit_predictions").run()
    assert not app.exception
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    assert app.session_state["dd_current_data"].dataset.name.startswith("german_credit")
    assert _metric(app, "Idle resources") == "1"  # the bundled spend sample is shown meanwhile


def test_prefill_from_session_state():
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["roi_prefill"] = {
        "cost_before": 1.0,
        "cost_after": 0.5,
        "predictions_per_month": 1e6,
        "build_cost": 1,
    }
    app.session_state["roi_prefill_from"] = "Interview Practice"
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    assert _metric(app, "Monthly saving") == "$500"
    assert opened_tab(app) == "Break-even"  # three of the four figures live there
    assert app.session_state["roi_cost_calculator"] == "per-prediction"
    assert app.info[0].value == (
        "Filled in from Interview Practice: on Investment case, build cost $1; on Break-even, "
        "cost before, per 1,000 predictions $1.00, cost after, per 1,000 predictions $0.50, "
        "predictions per month 1,000,000. Change any of them freely."
    )


@pytest.mark.parametrize(
    ("prefill", "tab", "calculator"),
    [
        ({"baseline_training": 1e5, "baseline_inference": 5e4, "monthly_budget": 2e5}, "Savings plan", None),
        ({"monthly_budget": 2e5}, "Spend analyser", None),
        ({"requests_per_hour": 40.0}, "Break-even", "endpoint"),
        ({"gpu_hourly": 3.0, "on_demand_hourly": 3.0, "job_hours": 50.0}, "Break-even", "spot"),
        ({"horizon": 24, "build_cost": 5e4}, "Investment case", None),
    ],
)
def test_a_handover_opens_the_tab_that_holds_its_figures(prefill, tab, calculator):
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["roi_prefill"] = prefill
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    assert opened_tab(app) == tab
    app.run()
    assert opened_tab(app) == "Investment case"  # opened once: later runs leave the person's tab alone
    if calculator:
        assert app.session_state["roi_cost_calculator"] == calculator
    notice = app.info[0].value
    assert "_" not in notice and f"on {tab}, " in notice


def test_save_to_workspace_keeps_npv_per_option(at):
    at.button(key="roi_cost_save_submit").click().run()
    assert not at.exception
    assert any("Saved as" in s.value for s in at.success)
    space = Workspace()
    saved = space.list()[0]
    record = space.open(saved.id)
    assert saved.kind == "roi_options" and record.spec["kind"] == "roi_options"
    assert set(record.results["npv_by_option"]) == {"Build in-house", "Buy a service"}
    assert record.results["best_option"] in record.results["npv_by_option"]


def test_prefill_reaches_the_options_table_and_the_shared_inputs():
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["roi_prefill"] = {
        "option": "Pilot",
        "build_cost": 0,
        "run_cost": 0,
        "benefit": 1000,
        "ramp_up_periods": 0,
        "horizon": 12,
        "discount_rate_pct": 0.0,
    }
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    table = app.dataframe[1].value.set_index("option")  # [0] is the editable options table
    assert table.loc["Pilot", "NPV ($)"] == 12_000  # 12 months of $1,000, undiscounted at 0 %
    # -60,000 - 20,000 + 0 + 10 × 10,000: a 2-month ramp books a quarter, then three quarters, of the benefit.
    assert table.loc["Buy a service", "NPV ($)"] == 20_000
    app.run()  # the prefill is applied once; later reruns keep the person's edits
    assert not app.exception
    assert "roi_prefill" not in app.session_state


def _open_from_home(analysis_id: int) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    app.selectbox(key="home_open").set_value(analysis_id).run()
    assert not app.exception
    app.button(key="home_reopen").click().run()
    assert not app.exception
    assert app.title[0].value == "ROI & Cost"
    return app


def _save(spec, *, title="Saved", locations=None) -> int:
    from lib.analysis import run

    return Workspace().save_analysis(title=title, spec=spec, result=run(spec), locations=locations)


def test_saved_options_reopen_into_the_table_and_shared_inputs():
    from lib.roi import OptionSpec, OptionsSpec

    spec = OptionsSpec(
        discount_rate=0.05,
        period="year",
        horizon=4,
        options=(
            OptionSpec(name="Pilot", build_cost=1000, benefit=400),
            OptionSpec(name="Scale", build_cost=5000, run_cost=100, benefit=2000, ramp_up_periods=1),
        ),
    )
    analysis_id = _save(spec)
    app = _open_from_home(analysis_id)
    assert any(f"Reopened #{analysis_id}" in i.value for i in app.info)
    assert app.selectbox(key="roi_cost_period").value == "year"
    assert app.number_input(key="roi_cost_rate").value == pytest.approx(5.0)
    assert app.number_input(key="roi_cost_horizon").value == 4
    table = app.dataframe[1].value.set_index("option")
    assert list(table.index) == ["Pilot", "Scale"]
    from lib.analysis import run

    assert table.loc["Scale", "NPV ($)"] == pytest.approx(run(spec).npv_by_option["Scale"])
    app.run()
    assert not app.exception and list(app.dataframe[1].value["option"]) == ["Pilot", "Scale"]


def test_a_saved_uncertainty_run_reopens_with_its_swings_and_seed():
    from lib.analysis import run
    from lib.roi import CaseSpec, ranged_case

    case = CaseSpec(name="Pilot", discount_rate=0.06, period="month", horizon=24, build_cost=50_000, benefit=4_000)
    swings = {"build_cost": (80.0, 160.0), "run_cost": (100.0, 100.0), "benefit": (40.0, 110.0)}
    spec = ranged_case(case, swings=swings, rate_points=(1.0, 3.0), distribution="triangular", seed=123)
    analysis_id = _save(spec)
    app = _open_from_home(analysis_id)
    assert app.number_input(key="roi_cost_mc_build_cost_high").value == pytest.approx(160.0)
    assert app.number_input(key="roi_cost_mc_seed").value == 123
    assert app.radio(key="roi_cost_mc_dist").value == "triangular"
    assert app.selectbox(key="roi_cost_mc_option").value == "Pilot"
    assert _metric(app, "P10 NPV") == f"${run(spec).simulation.p10:,.0f}"


def test_a_saved_calculator_savings_plan_and_spend_reopen_into_their_tabs():
    from lib.roi import Lever, LlmSpec, SavingsSpec, SpendSpec

    llm = LlmSpec(
        tokens_per_month=1e9, input_share=0.5, price_input_per_million=1, price_output_per_million=3,
        gpu_hourly=1, n_gpus=3, tokens_per_second=500, utilisation=0.5,
    )  # fmt: skip
    app = _open_from_home(_save(llm))
    assert app.selectbox(key="roi_cost_calculator").value == "llm_tokens"
    assert app.number_input(key="roi_cost_llm_gpus").value == 3
    assert _metric(app, "API ($/month)") == "$2,000"

    plan = SavingsSpec(baseline={"training": 1000}, levers=(Lever("Spot", "training", 1, 0.5, 0.5, 0.5),))
    app = _open_from_home(_save(plan))
    assert app.number_input(key="roi_cost_base_inference").value == 0.0
    assert _metric(app, "Likely saving ($/month)") == "$500"

    spend = SpendSpec(monthly_budget=300_000, gpu_target=0.5)
    app = _open_from_home(_save_spend(spend))
    assert app.number_input(key="roi_cost_budget").value == 300_000
    assert app.number_input(key="roi_cost_gpu_target").value == pytest.approx(50.0)
    assert _metric(app, "Idle resources") == "1"


def _save_spend(spec) -> int:
    from lib.analysis import run

    result = run(spec, {"data": "ml_spend"})
    return Workspace().save_analysis(title="Spend", spec=spec, result=result, locations={"data": "ml_spend"})


def test_a_case_that_does_not_fit_the_page_is_shown_read_only():
    from lib.roi import CaseSpec

    analysis_id = _save(CaseSpec(name="Cash flows", discount_rate=0.08, cash_flows=(-40000, 5000, 8000, 12000, 30000)))
    app = _open_from_home(analysis_id)
    assert any("read-only" in w.value for w in app.warning)
    assert any("Investment case: Cash flows" in h.value for h in app.subheader)
    assert not app.tabs  # the live tabs do not run under a saved report


def test_saving_the_uncertainty_run_saves_a_typed_case(at):
    at.radio(key="roi_cost_save_what").set_value("Uncertainty of one option").run()
    assert not at.exception
    assert at.text_input(key="roi_cost_save_title").value == "Uncertainty of Build in-house"
    at.button(key="roi_cost_save_submit").click().run()
    assert not at.exception
    record = Workspace().open(Workspace().list()[0].id)
    assert record.kind == "roi_case" and record.results["name"] == "Build in-house"
    assert {"p10", "p50", "p90", "p_loss"} <= set(record.results["simulation"])


def test_the_spend_analyser_states_its_materiality_floor(at):
    # The bundled export has one real spike (+$66,950 then -$70,228); two small wobbles stay out.
    assert _metric(at, "Spend anomalies") == "2"
    floor = [c.value for c in at.caption if c.value.startswith("Anomalies count only changes")]
    assert floor == [
        "Anomalies count only changes of at least $1,000 and 1 % of that month's total spend; "
        "2 smaller changes with an unusual z-score were left out."
    ]
    assert not any(i.value.startswith("Anomalies count") for i in at.info)  # stated once, by the table


# --- cases from drivers, the cost of ownership, the savings plan over time -------------------------------------


def _seeded(tables_change=None, **state) -> AppTest:
    """The page opened with the Drivers tab's tables set beforehand (the worked preset, changed)."""
    from lib.roi import tables_from_options
    from ui.roi_drivers import fraud_preset

    app = AppTest.from_file(APP, default_timeout=60).run()
    tables = tables_from_options(fraud_preset())
    if tables_change:
        tables_change(tables)
    app.session_state["roi_cost_drv_tables"] = tables
    for key, value in state.items():
        app.session_state[key] = value
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    return app


def test_the_drivers_tab_compares_build_and_buy_on_the_same_futures(at):
    chance = _metric(at, "P(Build beats Buy)")
    assert chance.endswith("%") and 0 <= int(chance.rstrip("%")) <= 100
    assert _metric(at, "P50 of A − B").lstrip("-").startswith("$")
    assert any(c.value.startswith("Common random numbers") and "worth the same at" in c.value for c in at.caption)
    assert any("Var(E[NPV | driver])" in c.value for c in at.caption)
    assert any("Tax at 25.00%" in c.value for c in at.caption)
    at.selectbox(key="roi_cost_drv_shown").set_value("Buy").run()
    assert not at.exception


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda t: t["lines"][0].update(formula="cases * loss * adoption"), "uses 'loss', which is not a driver or a line"),
        (
            lambda t: t["lines"].extend([{"option": "Build", "line": "a", "formula": "b", "kind": "memo"},
                                         {"option": "Build", "line": "b", "formula": "a", "kind": "memo"}]),
            "lines refer to each other in a circle: 'a' → 'b' → 'a'",
        ),
        (lambda t: t["lines"][0].update(formula="cases + loss_per_case"), "units do not match in '+'"),
        (
            lambda t: t["correlations"].extend([{"driver_a": "cases", "driver_b": "adoption", "rho": 0.9},
                                                {"driver_a": "loss_per_case", "driver_b": "adoption", "rho": -0.9}]),
            "the correlations cannot hold together",
        ),
        (lambda t: t["drivers"][0].update(value="many"), "drivers table, row 1 ('cases'): value must be a number"),
    ],
)  # fmt: skip
def test_a_bad_drivers_table_shows_one_clear_error(change, words):
    app = _seeded(change)
    # Errors on a page start with a capital; the words are the message's own.
    assert [e.value for e in app.error if words.lower() in e.value.lower()], [e.value for e in app.error]
    assert len(app.error) == 1


def test_the_llm_preset_compares_self_hosting_with_the_api():
    app = _seeded()
    app.selectbox(key="roi_cost_drv_preset").set_value("LLM: self-host or keep the API").run()
    assert not app.exception
    assert _metric(app, "P(Self-host beats Keep the API)").endswith("%")
    assert app.selectbox(key="roi_cost_drv_period").value == "month"


def test_a_case_from_drivers_saves_and_reopens_into_the_drivers_tab(at):
    at.radio(key="roi_cost_save_what").set_value("Case from drivers").run()
    assert not at.exception
    at.button(key="roi_cost_save_submit").click().run()
    assert not at.exception
    record = Workspace().open(Workspace().list()[0].id)
    assert record.kind == "roi_options" and set(record.spec["drivers"]) >= {"cases", "licence"}
    assert {"comparison", "pv_cost_by_option"} <= set(record.results)
    app = _open_from_home(record.id)
    assert any(f"Reopened #{record.id}" in i.value for i in app.info)
    assert opened_tab(app) == "Drivers"
    assert app.session_state["roi_cost_drv_tables"]["lines"][0]["formula"] == "cases * loss_per_case * adoption"


def test_the_llm_cost_of_ownership_calculator(at):
    at.selectbox(key="roi_cost_calculator").set_value("llm").run()
    assert not at.exception
    assert _metric(at, "API, month 1 ($/month)") == "$27,000"
    assert _metric(at, "Break-even").startswith(("month", "not within"))
    assert _metric(at, "P10 saving").lstrip("-").startswith("$")  # the default ranges run a Monte Carlo
    at.number_input(key="roi_cost_tco_latency").set_value(5.0).run()
    assert not at.exception
    assert any("latency target of 5 s cannot be met" in e.value for e in at.error)


def test_the_serverless_caption_is_computed_from_the_inputs_shown(at):
    at.selectbox(key="roi_cost_calculator").set_value("endpoint").run()
    assert any("serverless is cheaper below 2,054 requests an hour" in c.value for c in at.caption)
    at.number_input(key="roi_cost_ep_hourly").set_value(1.48).run()
    assert any("serverless is cheaper below 4,109 requests an hour" in c.value for c in at.caption)


def test_the_savings_plan_counts_implementation_delay_and_adoption(at):
    assert _metric(at, "Net saving over 24 months").startswith("$")
    assert _metric(at, "Payback") == "month 3"
    at.number_input(key="roi_cost_plan_months").set_value(12).run()
    assert not at.exception
    assert _metric(at, "Net saving over 12 months").startswith("$")


def test_a_bad_lever_range_is_one_clear_error():
    from lib.roi import DEFAULT_LEVERS
    from ui.roi_savings import lever_row

    rows = [lever_row(lv) for lv in DEFAULT_LEVERS]
    rows[0]["adoption"] = "0.5 / 2 / 0.9"
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["roi_cost_lever_rows"] = rows
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    assert any("Spot instances" in e.value and "adoption" in e.value for e in app.error)


def test_a_benefit_range_from_the_launch_planner_reaches_the_uncertainty_tab():
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["roi_prefill"] = {
        "period": "month", "option": "Deploy the model", "benefit": 12_000.0,
        "benefit_low_pct": 55.0, "benefit_high_pct": 140.0,
    }  # fmt: skip
    app.session_state["roi_prefill_from"] = "Launch planner"
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    notice = app.info[0].value
    assert notice.startswith("Filled in from Launch planner: on Investment case, period month, option name Deploy")
    assert "on Uncertainty, benefit low end (P10) 55 % of the likely value, benefit high end (P90) 140 %" in notice
    assert app.number_input(key="roi_cost_mc_benefit_low").value == 55.0
    assert app.selectbox(key="roi_cost_mc_option").value == "Deploy the model"


def test_a_handover_without_a_sender_is_from_another_page():
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.session_state["roi_prefill"] = {"monthly_budget": 2e5}
    app.switch_page("pages/roi_cost.py").run()
    assert not app.exception
    assert app.info[0].value.startswith("Filled in from another page: on Spend analyser, monthly budget $200,000")


def test_build_vs_buy_scores_cost_from_what_roi_and_cost_saved():
    from lib.analysis import run
    from lib.roi import OptionSpec, OptionsSpec

    spec = OptionsSpec(
        discount_rate=0.0, horizon=3,
        options=(
            OptionSpec(name="Build", build_cost=600_000, run_cost=100_000, benefit=900_000),
            OptionSpec(name="Buy / License", build_cost=50_000, run_cost=250_000, benefit=480_000),
            OptionSpec(name="Partner", run_cost=300_000, benefit=400_000),
        ),
    )  # fmt: skip
    Workspace().save_analysis(title="Three options", spec=spec, result=run(spec))
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.switch_page("pages/build_vs_buy.py").run()
    assert not app.exception
    info = next(i.value for i in app.info if "Three options" in i.value)
    assert "Build: \\$900,000 → 3.20" in info and "Buy / License: \\$800,000 → 3.40" in info
    assert "NPV is not used" in info and "5 - 4 × PV of costs / \\$2,000,000" in info
    app.button(key="build_vs_buy_use_roi").click().run()
    assert not app.exception
    sheet = app.session_state["build_vs_buy_editor_state"]["sheets"][0]
    row = next(c for c in sheet.index if c.lower() == "3-year total cost")
    assert (
        sheet.loc[row, "Build"] == 3.2 and sheet.loc[row, "Partner"] == 3.2 and sheet.loc[row, "Buy / License"] == 3.4
    )
