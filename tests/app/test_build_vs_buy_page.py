"""The Build vs Buy page driven through Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.analysis import saved_parts
from lib.decision import AhpSpec, DecisionNote, Judgement, get_preset, run_ahp, run_decision, spec_from_matrix
from lib.store import Workspace
from tests.app.conftest import ok

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/build_vs_buy.py"


@pytest.fixture
def at() -> AppTest:
    app = ok(AppTest.from_file(APP, default_timeout=30).run())
    return ok(app.switch_page(PAGE).run())


def _metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_preset_ranks_and_shows_robustness(at):
    assert at.title[0].value == "Build vs Buy"
    ok(at.selectbox(key="build_vs_buy_preset").set_value("core_logic").run())
    assert _metric(at, "Winner") == "Build"
    ok(at.selectbox(key="build_vs_buy_preset").set_value("ml_infrastructure").run())
    assert _metric(at, "Winner") == "Buy / License"
    assert at.text_input(key="build_vs_buy_title").value == "ML infrastructure: decision"
    assert any("Method: weighted sum" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 3
    labels = [b.label for b in at.get("download_button")]
    assert {"Report (Markdown)", "Report (HTML)", "Results (JSON)", "Notebook (.ipynb)", "MATRIX.csv"} <= set(labels)


def test_blank_preset_is_a_tie_and_the_record_asks_for_a_choice(at):
    assert at.selectbox(key="build_vs_buy_preset").value == "blank"
    assert _metric(at, "Winner") == "No winner (tie)"
    assert _metric(at, "Margin") == "0.00 points"
    assert any("No winner" in w.value and "tie" in w.value for w in at.warning)
    assert any(w.value.endswith("choose one and say why.") for w in at.warning)
    ok(at.selectbox(key="build_vs_buy_chosen").set_value("Partner").run())
    assert not any(w.value.endswith("choose one and say why.") for w in at.warning)
    assert any("No winner" in w.value for w in at.warning)


def test_ahp_weights_flag_inconsistent_judgements(at):
    ok(at.selectbox(key="build_vs_buy_preset").set_value("llm_sourcing").run())
    ok(at.radio(key="build_vs_buy_weight_mode").set_value("AHP pairwise comparison").run())
    assert any("Consistency ratio 0.000" in s.value for s in at.success)
    assert any("weights from AHP" in c.value for c in at.caption)


def test_import_matrix_and_bad_file(at):
    good = b"criterion,weight,Build,Buy\nedge,3,5,2\ncost,1,2,5\n"
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", good, "text/csv")).run())
    assert _metric(at, "Winner") == "Build"
    bad = b"criterion,weight,Build,Buy\nedge,3,7,2\n"
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("BAD.csv", bad, "text/csv")).run())
    assert any("outside 1-5" in e.value and "BAD.csv" in e.value for e in at.error)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"criterion,weight,Build,Buy\nedge,0,5,2\n", "all weights are zero"),
        (b"criterion,weight,Build,Buy\nedge,1,,2\n", "missing"),
        (b"criterion,weight,Build,Build\nedge,1,3,2\n", "unique"),
        (b"criterion,weight,Build,Buy\nedge,1,3,2\nedge,1,3,2\n", "criterion names must be unique"),
        (b"criterion,weight,Build\nedge,1,3\n", "at least two options"),
        (b"criterion,weight,Build,Buy\nedge,1,3,2,4\n", "ragged"),
        (b"criterion,weight,Build,Buy\nedge,1e308,3,2\n", "too large"),
    ],
)
def test_bad_imports_show_one_error(at, content, message):
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", content, "text/csv")).run())
    assert len(at.error) == 1
    assert message in at.error[0].value and "MATRIX.csv" in at.error[0].value
    assert "C error" not in at.error[0].value


def test_latin1_import(at):
    content = "criterion,weight,Café,Thé\nqualité,2,5,2\ncoût,1,2,4\n".encode("latin-1")
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", content, "text/csv")).run())
    assert _metric(at, "Winner") == "Café"


def test_json_import(at):
    payload = {
        "options": ["Build", "Buy"],
        "criteria": [{"name": "edge", "weight": 1}],
        "scores": {"Build": {"edge": 2}, "Buy": {"edge": 4}},
    }
    ok(
        at.file_uploader(key="build_vs_buy_import")
        .set_value(("MATRIX.json", json.dumps(payload).encode(), "application/json"))
        .run()
    )
    assert _metric(at, "Winner") == "Buy"


def test_roi_link_scores_total_cost_from_the_present_value_of_costs_and_save(at):
    Workspace().save(
        kind="roi_options",
        title="Options compared",
        parameters={},
        results={
            "npv_by_option": {"Build": -2e6, "Buy / License": 1e6, "Partner": 0.0},
            "pv_cost_by_option": {"Build": 2e6, "Buy / License": 5e5, "Partner": 1e6},
        },
        spec={"kind": "roi_options"},
    )
    ok(at.run())
    # Ceiling: 1.5 x $2M = $3M, rounded up to $5M; Build 5 - 4 x 2/5 = 3.4, Buy 5 - 4 x 0.5/5 = 4.6.
    offer = next(i.value for i in at.info if "Options compared" in i.value)
    assert "Build: \\$2,000,000 → 3.40" in offer and "Buy / License: \\$500,000 → 4.60" in offer
    assert "NPV is not used here" in offer
    ok(at.button(key="build_vs_buy_use_roi").click().run())
    ok(at.text_area(key="build_vs_buy_metrics").input("CTR +15%, in production in under 3 months").run())
    # One title box: the record's title is the saved analysis's title.
    assert [t.label for t in at.text_input] == ["Title"]
    ok(at.text_input(key="build_vs_buy_title").input("Blank decision").run())
    ok(at.button(key="build_vs_buy_save_submit").click().run())
    assert any(s.value.startswith("Saved as #") and "'Blank decision'" in s.value for s in at.success)
    saved = Workspace().list(kind="decision")
    assert len(saved) == 1 and saved[0].title == "Blank decision"
    spec, result = saved_parts(Workspace().open(saved[0].id))
    assert spec.record is not None and spec.record.success_metrics == "CTR +15%, in production in under 3 months"
    assert result.record == spec.record
    scores = result.matrix["scores"]
    assert scores["Buy / License"]["3-year total cost"] == 4.6
    assert scores["Build"]["3-year total cost"] == 3.4


def test_a_new_ceiling_rescores_the_costs(at):
    Workspace().save(
        kind="roi_options",
        title="Options compared",
        parameters={},
        results={"pv_cost_by_option": {"Build": 2e6, "Buy / License": 5e5}},
        spec={"kind": "roi_options"},
    )
    ok(at.run())
    ok(at.number_input(key="build_vs_buy_roi_ceiling").set_value(4e6).run())
    offer = next(i.value for i in at.info if "Options compared" in i.value)
    assert "Build: \\$2,000,000 → 3.00" in offer and "Buy / License: \\$500,000 → 4.50" in offer


def test_an_npv_only_analysis_is_named_but_never_scores_cost(at):
    Workspace().save(
        kind="roi",
        title="NPV by option",
        parameters={},
        results={"options": {"Build": {"npv": -2e6}, "Buy / License": {"npv": 1e6}, "Partner": {"npv": 0.0}}},
        data_hash=None,
    )
    ok(at.run())
    assert not any("NPV by option" in i.value for i in at.info)
    assert any("'NPV by option' holds NPVs only" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "build_vs_buy_use_roi"]


def test_several_scorers_show_disagreement(at):
    payload = {
        "options": ["Build", "Buy"],
        "criteria": [{"name": "edge", "weight": 1}, {"name": "cost", "weight": 1}],
        "scores": {},
        "scorers": {
            "Ana": {"Build": {"edge": 5, "cost": 2}, "Buy": {"edge": 2, "cost": 4}},
            "Ben": {"Build": {"edge": 3, "cost": 2}, "Buy": {"edge": 2, "cost": 4}},
        },
    }
    ok(
        at.file_uploader(key="build_vs_buy_import")
        .set_value(("MATRIX.json", json.dumps(payload).encode(), "application/json"))
        .run()
    )
    assert any("Scorers disagree on Build / edge: from 3 to 5" in w.value for w in at.warning)
    # Build: mean edge 4, cost 2 -> 3.0; Buy: 2 and 4 -> 3.0; a tie, so no winner is declared.
    assert _metric(at, "Winner") == "No winner (tie)"
    assert _metric(at, "Margin") == "0.00 points"
    number = next(n for n in at.number_input if n.label == "Scorers")
    assert number.value == 2
    ok(number.set_value(3).run())


def _open_from_home(analysis_id: int) -> AppTest:
    app = ok(AppTest.from_file(APP, default_timeout=30).run())
    ok(app.selectbox(key="home_open").set_value(analysis_id).run())
    ok(app.button(key="home_reopen").click().run())
    assert app.title[0].value == "Build vs Buy"
    return app


def test_a_saved_decision_reopens_with_its_matrix_weights_settings_and_record():
    core = get_preset("core_logic")
    judgements = (Judgement(core.criteria[0], core.criteria[1], 3.0),)
    note = DecisionNote(title="Ranking engine", context="Flat CTR", chosen="Partner", review_date="2027-01-15")
    spec = spec_from_matrix(core.matrix(), weighting="ahp", judgements=judgements, n_sim=700, seed=11, record=note)
    analysis_id = Workspace().save_analysis(title="Ranking engine", spec=spec, result=run_decision(spec))
    app = _open_from_home(analysis_id)
    assert any(f"Reopened #{analysis_id}" in i.value for i in app.info)
    assert app.radio(key="build_vs_buy_weight_mode").value == "AHP pairwise comparison"
    assert app.number_input(key="build_vs_buy_seed").value == 11
    assert app.select_slider(key="build_vs_buy_n_sim").value == 700
    assert app.text_input(key="build_vs_buy_title").value == "Ranking engine"
    assert app.selectbox(key="build_vs_buy_chosen").value == "Partner"
    assert _metric(app, "Winner") == "Build"
    # The page's spec is the saved one: re-running it gives the same figures.
    ok(app.run())
    assert _metric(app, "Winner") == "Build"


def test_saved_ahp_weights_for_other_criteria_show_read_only():
    spec = AhpSpec(criteria=("a", "b", "c"), judgements=(Judgement("a", "b", 3.0), Judgement("a", "c", 5.0)))
    analysis_id = Workspace().save_analysis(title="Textbook weights", spec=spec, result=run_ahp(spec))
    app = _open_from_home(analysis_id)
    assert any("other criteria" in c.value for c in app.caption)
    assert any("AHP weights for 3 criteria" in h.value for h in app.subheader)


def test_saved_ahp_weights_for_the_same_criteria_load_into_the_weights(at):
    ok(at.selectbox(key="build_vs_buy_preset").set_value("llm_sourcing").run())
    criteria = get_preset("llm_sourcing").criteria
    spec = AhpSpec(criteria=criteria, judgements=(Judgement(criteria[1], criteria[0], 3.0),))
    analysis_id = Workspace().save_analysis(title="Uses weighed", spec=spec, result=run_ahp(spec))
    ok(at.switch_page("pages/home.py").run())
    ok(at.selectbox(key="home_open").set_value(analysis_id).run())
    ok(at.button(key="home_reopen").click().run())
    assert any(f"Reopened #{analysis_id}" in i.value for i in at.info)
    assert at.radio(key="build_vs_buy_weight_mode").value == "AHP pairwise comparison"
    # The first pair is asked as 'Code generation' versus 'Customer service': the reverse of 3, a third.
    table = next(df.value for df in at.dataframe if "times" in df.value.columns)
    assert table["times"].iloc[0] == pytest.approx(1 / 3)
    weights = run_ahp(spec).weights
    assert any(f"Customer service {weights['Customer service']:.0%}" in c.value for c in at.caption)


def test_coming_back_to_the_page_keeps_the_matrix_being_edited(at):
    content = b"criterion,weight,In-house,Vendor API\nquality,2,4,3\nspeed,3,2,5\n"
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", content, "text/csv")).run())
    assert _metric(at, "Winner") == "Vendor API"
    ok(at.switch_page("pages/home.py").run())
    ok(at.switch_page(PAGE).run())
    assert _metric(at, "Winner") == "Vendor API"
    ok(at.selectbox(key="build_vs_buy_preset").set_value("core_logic").run())
    assert _metric(at, "Winner") == "Build"
    ok(at.switch_page("pages/home.py").run())
    ok(at.switch_page(PAGE).run())
    assert at.selectbox(key="build_vs_buy_preset").value == "core_logic"
    assert _metric(at, "Winner") == "Build"


def test_a_record_too_long_shows_one_error(at):
    ok(at.text_area(key="build_vs_buy_context").input("x" * 10_001).run())
    assert len(at.error) == 1 and "'record.context' is too long" in at.error[0].value


def test_a_second_rejected_file_replaces_the_first_ones_error(at):
    good = b"criterion,weight,In-house,Vendor\nquality,2,4,3\nspeed,3,2,5\n"
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", good, "text/csv")).run())
    assert _metric(at, "Winner") == "Vendor"
    one_option = b"criterion,weight,A\nq,1,2\n"
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("first.csv", one_option, "text/csv")).run())
    assert [e.value for e in at.error] == [
        "File 'first.csv': a decision needs at least two options to compare. Expected 2 to 8 options; found 1 (A)."
    ]
    ok(at.file_uploader(key="build_vs_buy_import").set_value(("second.csv", b"hello\n", "text/csv")).run())
    assert len(at.error) == 1 and "'second.csv'" in at.error[0].value and "first.csv" not in at.error[0].value
    assert any(c.value == "The matrix below is still the one from the file MATRIX.csv." for c in at.caption)
    assert _metric(at, "Winner") == "Vendor"  # the last good matrix is still ranked


def test_exported_ahp_weights_are_rounded():
    from ui.decision_views import matrix_downloads

    matrix = get_preset("core_logic").matrix()
    equal = tuple(Judgement(a, b, 1.0) for i, a in enumerate(matrix.criteria) for b in matrix.criteria[i + 1 :])
    spec = spec_from_matrix(matrix, weighting="ahp", judgements=equal, n_sim=500, concentration=50.0, seed=0,
                            vary_scores=True)  # fmt: skip
    downloads = matrix_downloads(spec)
    csv = downloads["MATRIX.csv"][0]().decode()
    weights = [line.split(",")[1] for line in csv.splitlines()[1:]]
    # Nine equal AHP weights of 1/9, written as 0.1111 (not 0.11111111111111109).
    assert weights == ["0.1111"] * len(matrix.criteria)
    exported = json.loads(downloads["MATRIX.json"][0]())
    assert {c["weight"] for c in exported["criteria"]} == {0.1111}
