"""The ROI & Cost kinds: registered under the names other pages read, with the JSON keys they rely on."""

from __future__ import annotations

import pytest

from lib.analysis import get_kind, kinds, run
from lib.roi import (
    CaseSpec,
    OptionSpec,
    OptionsSpec,
    Range,
    endpoint_break_even,
    llm_break_even,
    per_prediction_saving,
    spot_break_even,
)
from lib.roi.analyses import (
    _endpoint_examples,
    _llm_examples,
    _per_prediction_examples,
    _spot_examples,
)

NAMES = (
    "roi_case",
    "roi_options",
    "breakeven_llm",
    "breakeven_endpoint",
    "breakeven_spot",
    "breakeven_per_prediction",
    "savings_plan",
    "spend_analysis",
)


def test_every_kind_is_registered_with_examples():
    assert set(NAMES) <= set(kinds())
    for name in NAMES:
        kind = get_kind(name)
        assert kind.spec_type.kind == name and kind.examples()


def test_case_json_keeps_its_documented_keys_and_adds_uncertainty_only_with_ranges():
    plain = run(CaseSpec(name="Pilot", discount_rate=0.08, cash_flows=(-100, 60, 60))).to_dict()
    keys = {"name", "npv", "irr", "irr_annual", "payback_periods", "discounted_payback_periods", "roi_pct"}
    assert keys | {"cash_flows", "convention", "provenance", "period", "discount_rate"} <= set(plain)
    assert "simulation" not in plain and "tornado" not in plain
    ranged = run(CaseSpec(discount_rate=0.08, cash_flows=(-100, Range(40, 60, 90), 60), seed=1)).to_dict()
    assert {"p10", "p50", "p90", "p_loss", "mean", "n_sim", "seed", "ranged_inputs"} <= set(ranged["simulation"])
    assert ranged["tornado"]["bars"][0]["input"] == "cash_flows[1]" and "swing" in ranged["tornado"]["bars"][0]


def test_options_json_gives_build_vs_buy_the_npv_of_each_option():
    spec = OptionsSpec(
        discount_rate=0.1,
        options=(OptionSpec(name="Build", build_cost=100, benefit=60), OptionSpec(name="Buy", benefit=10)),
    )
    data = run(spec).to_dict()
    assert data["npv_by_option"] == {o["name"]: o["npv"] for o in data["options"]}
    assert data["best_option"] == "Build"


@pytest.mark.parametrize(
    ("examples", "function"),
    [
        (_llm_examples, llm_break_even),
        (_endpoint_examples, endpoint_break_even),
        (_spot_examples, spot_break_even),
        (_per_prediction_examples, per_prediction_saving),
    ],
)
def test_keyword_functions_run_the_same_kind(examples, function):
    spec = examples()[0].spec
    fields = {k: v for k, v in spec.to_dict().items() if k not in ("kind", "schema_version")}
    direct, through_kind = function(**fields).to_dict(), run(spec).to_dict()
    for data in (direct, through_kind):
        data["provenance"].pop("created_at")
    assert direct == through_kind
    assert through_kind["calculator"] in {"llm", "endpoint", "spot", "per-prediction"}
