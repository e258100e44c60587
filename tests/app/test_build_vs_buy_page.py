"""The Build vs Buy page driven through Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.store import Workspace

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/build_vs_buy.py"


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30).run()
    assert not app.exception
    app.switch_page(PAGE).run()
    assert not app.exception
    return app


def _metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_preset_ranks_and_shows_robustness(at):
    assert at.title[0].value == "Build vs Buy"
    at.selectbox(key="build_vs_buy_preset").set_value("core_logic").run()
    assert not at.exception
    assert _metric(at, "Winner") == "Build"
    at.selectbox(key="build_vs_buy_preset").set_value("ml_infrastructure").run()
    assert not at.exception
    assert _metric(at, "Winner") == "Buy / License"
    assert at.text_input(key="build_vs_buy_title").value == "ML infrastructure: decision"
    assert any("Method: weighted sum" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 3


def test_ahp_weights_flag_inconsistent_judgements(at):
    at.selectbox(key="build_vs_buy_preset").set_value("llm_sourcing").run()
    at.radio(key="build_vs_buy_weight_mode").set_value("AHP pairwise comparison").run()
    assert not at.exception
    assert any("Consistency ratio 0.000" in s.value for s in at.success)


def test_import_matrix_and_bad_file(at):
    good = b"criterion,weight,Build,Buy\nedge,3,5,2\ncost,1,2,5\n"
    at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", good, "text/csv")).run()
    assert not at.exception
    assert _metric(at, "Winner") == "Build"
    bad = b"criterion,weight,Build,Buy\nedge,3,7,2\n"
    at.file_uploader(key="build_vs_buy_import").set_value(("BAD.csv", bad, "text/csv")).run()
    assert not at.exception
    assert any("outside 1-5" in e.value and "BAD.csv" in e.value for e in at.error)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"criterion,weight,Build,Buy\nedge,0,5,2\n", "all weights are zero"),
        (b"criterion,weight,Build,Buy\nedge,1,,2\n", "missing"),
        (b"criterion,weight,Build,Build\nedge,1,3,2\n", "unique"),
        (b"criterion,weight,Build,Buy\nedge,1,3,2\nedge,1,3,2\n", "criterion names must be unique"),
        (b"criterion,weight,Build\nedge,1,3\n", "at least two options"),
    ],
)
def test_bad_imports_show_one_error(at, content, message):
    at.file_uploader(key="build_vs_buy_import").set_value(("MATRIX.csv", content, "text/csv")).run()
    assert not at.exception
    assert len(at.error) == 1
    assert message in at.error[0].value and "MATRIX.csv" in at.error[0].value


def test_json_import(at):
    payload = {
        "options": ["Build", "Buy"],
        "criteria": [{"name": "edge", "weight": 1}],
        "scores": {"Build": {"edge": 2}, "Buy": {"edge": 4}},
    }
    at.file_uploader(key="build_vs_buy_import").set_value(
        ("MATRIX.json", json.dumps(payload).encode(), "application/json")
    ).run()
    assert not at.exception
    assert _metric(at, "Winner") == "Buy"


def test_roi_link_scores_total_cost_and_save(at):
    Workspace().save(
        kind="roi",
        title="NPV by option",
        parameters={},
        results={"options": {"Build": {"npv": -2e6}, "Buy / License": {"npv": 1e6}, "Partner": {"npv": 0.0}}},
        data_hash=None,
    )
    at.run()
    assert not at.exception
    assert any("NPV by option" in i.value for i in at.info)
    at.button(key="build_vs_buy_use_roi").click().run()
    assert not at.exception
    at.text_area(key="build_vs_buy_metrics").input("CTR +15%, in production in under 3 months").run()
    assert not at.exception
    at.text_input(key="build_vs_buy_save_title").input("Blank decision").run()
    at.button(key="FormSubmitter:build_vs_buy_save_form-Save to workspace").click().run()
    assert not at.exception
    saved = Workspace().list(kind="decision")
    assert len(saved) == 1
    results = Workspace().open(saved[0].id).results
    assert results["success_metrics"] == "CTR +15%, in production in under 3 months"
    scores = results["result"]["matrix"]["scores"]
    assert scores["Buy / License"]["3-year total cost"] == 5.0
    assert scores["Build"]["3-year total cost"] == 1.0


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
    at.file_uploader(key="build_vs_buy_import").set_value(
        ("MATRIX.json", json.dumps(payload).encode(), "application/json")
    ).run()
    assert not at.exception
    assert any("Scorers disagree on Build / edge: from 3 to 5" in w.value for w in at.warning)
    # Build: mean edge 4, cost 2 -> 3.0; Buy: 2 and 4 -> 3.0; a tie goes to the option listed first.
    assert _metric(at, "Winner") == "Build"
    assert _metric(at, "Margin") == "0.00 points"
    number = next(n for n in at.number_input if n.label == "Scorers")
    assert number.value == 2
    number.set_value(3).run()
    assert not at.exception
