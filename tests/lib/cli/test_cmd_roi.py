"""The `roi` and `breakeven` commands: exit codes, JSON keys, one-line errors."""

from __future__ import annotations

import json

import numpy_financial as npf
import pytest

from lib.cli import main

MINIMAL = {"discount_rate": 0.08, "cash_flows": [-40000, 5000, 8000, 12000, 30000]}


def _run(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as stop:  # usage mistakes leave through argparse, with the same exit code
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def _spec(tmp_path, spec, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(spec) if not isinstance(spec, str) else spec)
    return str(path)


def test_minimal_spec(tmp_path, capsys):
    code, out, err = _run(capsys, ["roi", _spec(tmp_path, MINIMAL)])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["npv"] == pytest.approx(npf.npv(0.08, MINIMAL["cash_flows"]))
    assert data["irr"] == pytest.approx(npf.irr(MINIMAL["cash_flows"]))
    assert data["payback_periods"] == pytest.approx(3.5)
    assert data["roi_pct"] == pytest.approx(37.5)
    assert "simulation" not in data
    assert data["provenance"]["input_name"] == "case.json" and len(data["provenance"]["input_sha256"]) == 64


def test_ranges_add_a_seeded_simulation(tmp_path, capsys):
    spec = {
        "discount_rate": {"low": 0.05, "likely": 0.08, "high": 0.12},
        "period": "month",
        "horizon": 24,
        "build_cost": {"low": 80000, "likely": 100000, "high": 150000, "distribution": "triangular"},
        "run_cost": 2000,
        "benefit": {"low": 4000, "likely": 9000, "high": 12000},
        "ramp_up_periods": 3,
    }
    path = _spec(tmp_path, spec)
    code, out, _ = _run(capsys, ["roi", path, "--n-sim", "10000", "--seed", "5"])
    assert code == 0
    sim = json.loads(out)["simulation"]
    assert set(sim) >= {"p10", "p50", "p90", "p_loss"}
    assert sim["p10"] <= sim["p50"] <= sim["p90"] and 0 <= sim["p_loss"] <= 1
    assert json.loads(out)["tornado"]["bars"][0]["input"] in {"benefit", "build_cost", "discount_rate"}
    _, again, _ = _run(capsys, ["roi", path, "--n-sim", "10000", "--seed", "5"])
    assert json.loads(again)["simulation"] == sim


def test_options_report_npv_by_option(tmp_path, capsys):
    spec = {
        "discount_rate": 0.1,
        "horizon": 3,
        "options": [
            {"name": "build", "build_cost": 100, "benefit": 60},
            {"name": "buy", "build_cost": 10, "run_cost": 20, "benefit": 60},
        ],
    }
    code, out, _ = _run(capsys, ["roi", _spec(tmp_path, spec)])
    data = json.loads(out)
    assert code == 0
    assert data["npv_by_option"]["build"] == pytest.approx(npf.npv(0.1, [-100, 60, 60, 60]))
    assert data["npv_by_option"]["buy"] == pytest.approx(npf.npv(0.1, [-10, 40, 40, 40]))
    assert data["best_option"] == "buy"


def test_markdown_format(tmp_path, capsys):
    code, out, _ = _run(capsys, ["roi", _spec(tmp_path, MINIMAL), "--format", "md"])
    assert code == 0 and out.startswith("# Investment case") and "## Provenance" in out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"discount_rate": 0.1, "cash_flows": [-1, {"low": 3, "high": 1}]}), "low is above high"),
        (json.dumps({"discount_rate": 0.1, "build_cost": -3, "benefit": 1}), "cannot be negative"),
    ],
)
def test_bad_specs_exit_2_with_one_line(tmp_path, capsys, content, words):
    code, out, err = _run(capsys, ["roi", _spec(tmp_path, content)])
    assert code == 2 and out == ""
    assert err.startswith("error:") and words in err and err.count("\n") == 1


def test_missing_spec_file(capsys, tmp_path):
    code, _, err = _run(capsys, ["roi", str(tmp_path / "nope.json")])
    assert code == 2 and "no such file" in err


def test_too_few_simulations(tmp_path, capsys):
    spec = {"discount_rate": 0.1, "cash_flows": [-1, {"low": 0, "high": 3}]}
    code, _, err = _run(capsys, ["roi", _spec(tmp_path, spec), "--n-sim", "100"])
    assert code == 2 and "10,000" in err


def test_per_prediction_classic(capsys):
    argv = ["breakeven", "per-prediction", "--cost-before", "0.42", "--cost-after", "0.19"]
    code, out, err = _run(capsys, [*argv, "--predictions-per-month", "2000000000", "--format", "json"])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["monthly_saving"] == 460000 and data["annual_saving"] == 5520000


def test_llm_endpoint_and_spot_commands(capsys):
    code, out, _ = _run(
        capsys,
        [
            "breakeven", "llm", "--tokens-per-month", "5e9", "--input-share", "0.75", "--price-input", "2",
            "--price-output", "10", "--gpu-hourly", "2", "--gpus", "2", "--tokens-per-second", "1000",
            "--utilisation", "0.5", "--ops-monthly", "1000", "--format", "json",
        ],
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0 and data["gpus_needed"] == 4 and data["capacity_shortfall_tokens"] > 0
    code, out, _ = _run(
        capsys,
        [
            "breakeven", "endpoint", "--requests-per-hour", "100", "--duration-s", "0.5", "--memory-gb", "4",
            "--price-per-gb-second", "0.00002", "--price-per-million-requests", "0.2", "--instance-hourly", "0.5",
        ],
    )  # fmt: skip
    assert code == 0 and "break_even_requests_per_hour" in json.loads(out)
    code, out, _ = _run(
        capsys,
        [
            "breakeven", "spot", "--job-hours", "100", "--on-demand-hourly", "32", "--spot-discount", "0.7",
            "--interruptions-per-hour", "0.1", "--checkpoint-interval-hours", "0.25",
            "--restart-overhead-hours", "0.125", "--format", "md",
        ],
    )  # fmt: skip
    assert code == 0 and "spot_expected_cost" in out and "## Provenance" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--cost-before", "-0.42", "--cost-after", "0.19", "--predictions-per-month", "1"], "cannot be negative"),
        (["--cost-before", "0.42", "--cost-after", "0.19", "--predictions-per-month", "-1"], "cannot be negative"),
        (["--cost-before", "0.42", "--cost-after", "0.19"], "required"),
        (["--cost-before", "cheap", "--cost-after", "0.19", "--predictions-per-month", "1"], "invalid float"),
    ],
)
def test_breakeven_bad_input_exits_2(capsys, argv, words):
    code, out, err = _run(capsys, ["breakeven", "per-prediction", *argv])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1
    assert "_" not in err.split("Expected")[0]  # options are named as typed, --cost-before not cost_before


def test_llm_utilisation_over_100_percent(capsys):
    code, _, err = _run(
        capsys,
        [
            "breakeven", "llm", "--tokens-per-month", "1e9", "--input-share", "0.5", "--price-input", "1",
            "--price-output", "2", "--gpu-hourly", "2", "--gpus", "1", "--tokens-per-second", "100",
            "--utilisation", "1.3",
        ],
    )  # fmt: skip
    assert code == 2 and "utilisation" in err and "out of range" in err


@pytest.mark.parametrize(
    ("fmt", "start"),
    [("md", "# Investment case"), ("html", "<!doctype html>"), ("ipynb", "{"), ("py", "# ---")],
)
def test_every_export_format_to_a_file(tmp_path, capsys, fmt, start):
    out = tmp_path / f"case.{fmt}"
    code, printed, err = _run(capsys, ["roi", _spec(tmp_path, MINIMAL), "--format", fmt, "--out", str(out)])
    assert code == 0 and printed == "" and err == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith(start)
    if fmt == "ipynb":
        cells = json.loads(text)["cells"]
        assert cells[-1]["outputs"][0]["data"]["application/json"]["npv"] == pytest.approx(
            npf.npv(0.08, MINIMAL["cash_flows"])
        )


def test_options_json_keeps_each_option_and_the_keys_build_vs_buy_reads(tmp_path, capsys):
    spec = {
        "discount_rate": 0.1,
        "horizon": 3,
        "options": [
            {"name": "build", "build_cost": 100, "benefit": {"low": 40, "high": 80}},
            {"name": "buy", "build_cost": 10, "run_cost": 20, "benefit": 60},
        ],
    }
    code, out, _ = _run(capsys, ["roi", _spec(tmp_path, spec), "--n-sim", "10000", "--seed", "2"])
    data = json.loads(out)
    assert code == 0 and set(data) >= {"options", "npv_by_option", "best_option", "provenance"}
    build, buy = data["options"]
    assert set(build) >= {"name", "npv", "irr", "payback_periods", "roi_pct", "cash_flows", "convention", "simulation"}
    assert "simulation" not in buy and build["simulation"]["seed"] == 2
    assert data["npv_by_option"] == {"build": build["npv"], "buy": buy["npv"]}
    assert build["provenance"]["input_name"] == data["provenance"]["input_name"] == "case.json"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (json.dumps({"discount_rate": True, "cash_flows": [-1, 2]}), "'discount_rate' has the wrong type"),
        (json.dumps({"discount_rate": 0.1, "cash_flows": [-1e308, 1e308]}), "'cash_flows[0]' is out of range"),
        (
            json.dumps({"discount_rate": 0.1, "cash_flows": [-1, {"low": -1e308, "high": 1e308}]}),
            "'cash_flows[1]' is out of range",
        ),
        (
            json.dumps({"discount_rate": 0.1, "options": [{"name": "a", "benefit": 1}, {"name": "a", "benefit": 2}]}),
            "same name",
        ),
    ],
)
def test_strict_reading_exits_2(tmp_path, capsys, content, words):
    code, out, err = _run(capsys, ["roi", _spec(tmp_path, content)])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1


def test_a_byte_order_mark_is_read(tmp_path, capsys):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(MINIMAL).encode())
    code, out, _ = _run(capsys, ["roi", str(path)])
    assert code == 0 and json.loads(out)["npv"] == pytest.approx(npf.npv(0.08, MINIMAL["cash_flows"]))


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--n-sim", "2000001"], "--n-sim is out of range"),
        (["--seed", "-1"], "--seed is out of range"),
        (["--seed", "4294967296"], "--seed is out of range"),
    ],
)
def test_simulation_bounds_are_checked_up_front_even_without_ranges(tmp_path, capsys, argv, words):
    code, out, err = _run(capsys, ["roi", _spec(tmp_path, MINIMAL), *argv])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--tokens-per-second", "1e-320", "--tokens-per-second is out of range"),
        ("--utilisation", "1e-300", "--utilisation is out of range"),
        ("--gpus", "1.5", "--gpus is out of range"),
        ("--tokens-per-month", "1e300", "--tokens-per-month is too large"),
        ("--gpu-hourly", "inf", "--gpu-hourly must be a finite number"),
    ],
)
def test_degenerate_calculator_inputs_exit_2_naming_the_option(capsys, option, value, words):
    argv = {
        "--tokens-per-month": "1e9", "--input-share": "0.5", "--price-input": "1", "--price-output": "2",
        "--gpu-hourly": "2", "--gpus": "1", "--tokens-per-second": "100", "--utilisation": "0.5",
    }  # fmt: skip
    argv[option] = value
    code, out, err = _run(capsys, ["breakeven", "llm", *[x for pair in argv.items() for x in pair]])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1


def test_breakeven_html_and_notebook(tmp_path, capsys):
    argv = ["breakeven", "per-prediction", "--cost-before", "0.42", "--cost-after", "0.19"]
    argv += ["--predictions-per-month", "2e9"]
    code, out, _ = _run(capsys, [*argv, "--format", "html"])
    assert code == 0 and out.startswith("<!doctype html>") and "460,000" in out
    code, out, _ = _run(capsys, [*argv, "--format", "ipynb"])
    payload = json.loads(out)["cells"][-1]["outputs"][0]["data"]["application/json"]
    assert code == 0 and payload["monthly_saving"] == 460000 and payload["calculator"] == "per-prediction"


DRIVER_SPEC = {
    "discount_rate": 0.08,
    "period": "month",
    "horizon": 24,
    "drivers": {
        "requests": {"value": 3e6, "unit": "requests/month", "range": {"low": 2e6, "high": 4e6, "shape": "pert"}},
        "growth": {"value": 0.1, "unit": "share", "range": {"low": 0.03, "high": 0.15}},
        "value": {"value": 0.004, "unit": "$/request", "range": {"low": 0.002, "high": 0.006, "shape": "triangular"}},
        "unit_cost": {"value": 0.001, "unit": "$/request"},
    },
    "correlations": [["requests", "growth", 0.4]],
    "lines": [
        {"name": "volume", "formula": "requests * (1 + growth) ^ (t - 1)", "kind": "memo"},
        {"name": "gain", "formula": "volume * value", "kind": "benefit"},
        {"name": "serving", "formula": "volume * unit_cost", "kind": "cost"},
        {"name": "build", "formula": "150000", "kind": "capital"},
    ],
    "tax_rate": 0.25,
}


def test_a_driver_spec_keeps_todays_keys_and_adds_drivers_and_sensitivity(tmp_path, capsys):
    code, out, err = _run(capsys, ["roi", _spec(tmp_path, DRIVER_SPEC), "--seed", "3"])
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) >= {
        "npv",
        "irr",
        "payback_periods",
        "roi_pct",
        "cash_flows",
        "simulation",
        "tornado",
        "convention",
    }
    assert set(data) >= {"drivers", "sensitivity", "breakdown", "finance", "ramp_convention", "pv_cost"}
    assert {row["driver"] for row in data["sensitivity"]["by_driver"]} == {"requests", "growth", "value"}
    assert {bar["input"] for bar in data["tornado"]["bars"]} == {"requests", "growth", "value"}
    assert "Iman–Conover" in data["simulation"]["dependence"]
    assert data["npv"] == pytest.approx(npf.npv(1.08 ** (1 / 12) - 1, data["cash_flows"]))


def test_options_with_compare_add_the_comparison(tmp_path, capsys):
    spec = {
        "discount_rate": 0.1,
        "period": "year",
        "horizon": 3,
        "drivers": {
            "cases": {"value": 40000, "unit": "cases/year", "range": {"low": 20000, "high": 60000}},
            "licence": {"value": 250000, "unit": "$/year", "range": {"low": 150000, "high": 350000}},
            "value": {"value": 20, "unit": "$/case"},
        },
        "options": [
            {"name": "Build", "lines": [{"name": "gain", "formula": "cases * value", "kind": "benefit"},
                                        {"name": "kit", "formula": "500000", "kind": "capital"}]},
            {"name": "Buy", "lines": [{"name": "gain", "formula": "cases * value", "kind": "benefit"},
                                      {"name": "fee", "formula": "licence", "kind": "cost"}]},
        ],
        "compare": True,
    }  # fmt: skip
    code, out, _ = _run(capsys, ["roi", _spec(tmp_path, spec)])
    data = json.loads(out)
    assert code == 0 and set(data) >= {"options", "npv_by_option", "best_option", "pv_cost_by_option", "comparison"}
    comparison = data["comparison"]
    assert set(comparison) >= {"pair", "incremental_npv", "p_a_beats_b", "regret", "break_even"}
    assert set(comparison["incremental_npv"]) == {"p10", "p50", "p90", "mean"}
    assert set(comparison["regret"]) == {"Build", "Buy"} and 0 <= comparison["p_a_beats_b"] <= 1
    assert comparison["break_even"]["driver"] == "licence"


def _bad(**change):
    return json.dumps({**DRIVER_SPEC, **change})


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            _bad(lines=[{"name": "gain", "formula": "volum * value", "kind": "benefit"}]),
            "uses 'volum', which is not a driver",
        ),
        (
            _bad(
                lines=[{"name": "a", "formula": "b", "kind": "benefit"}, {"name": "b", "formula": "a", "kind": "memo"}]
            ),
            "lines refer to each other in a circle: 'a' → 'b' → 'a'",
        ),
        (_bad(lines=[{"name": "gain", "formula": "requests + value", "kind": "benefit"}]), "units do not match in '+'"),
        (
            _bad(
                drivers={**DRIVER_SPEC["drivers"], "c": {"value": 1, "range": {"low": 0, "high": 2}}},
                correlations=[["requests", "growth", 0.9], ["growth", "c", 0.9], ["requests", "c", -0.9]],
            ),
            "'requests'–'c' at -0.9 contradicts",
        ),
        (_bad(lines=[{"name": "gain", "formula": "open('x')", "kind": "benefit"}]), "cannot be read at character 6"),
    ],
)
def test_bad_driver_specs_exit_2_with_one_line(tmp_path, capsys, content, words):
    code, out, err = _run(capsys, ["roi", _spec(tmp_path, content)])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1 and "case.json" in err


LLM_TCO = [
    "breakeven", "llm", "--requests-per-month", "3e6", "--growth", "0.1", "--input-tokens", "1500", "--output-tokens",
    "300", "--price-input", "3", "--price-output", "15", "--prefill-tokens-per-second", "12000",
    "--decode-tokens-per-second", "2500", "--stream-tokens-per-second", "40", "--gpus-per-replica", "4",
    "--peak-to-average", "3", "--latency-target-s", "20", "--utilisation", "0.6", "--gpu-hourly", "4",
    "--ops-ftes", "1.5", "--ops-cost-per-fte", "240000", "--migration-cost", "150000",
]  # fmt: skip


def test_breakeven_llm_costs_of_ownership_month_by_month(capsys):
    code, out, err = _run(capsys, [*LLM_TCO, "--months", "36"])
    data = json.loads(out)
    assert code == 0 and err == ""
    assert len(data["monthly"]) == 36 and "break_even_month" in data
    assert set(data["monthly"][0]) >= {"month", "api_cost", "self_hosted_cost", "replicas", "gpus", "cumulative_saving"}
    assert data["monthly"][0]["gpus"] % 4 == 0 and data["calculator"] == "llm"
    assert "simulation" not in data


def test_breakeven_llm_ranges_on_the_command_line_run_a_monte_carlo(capsys):
    code, out, _ = _run(
        capsys, [*LLM_TCO, "--growth", "0.03:0.1:0.15", "--gpu-hourly", "3:4:6:triangular", "--seed", "2"]
    )
    sim = json.loads(out)["simulation"]
    assert code == 0 and sim["seed"] == 2 and {r["driver"] for r in sim["sensitivity"]} == {"growth", "gpu_hourly"}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--latency-target-s", "5"], "the latency target of 5 s cannot be met"),
        (["--gpus", "2"], "--gpus belongs to the tokens form"),
        (["--months", "0"], "--months is out of range"),
        (["--growth", "1:2"], "invalid number or LOW:LIKELY:HIGH value"),
        (["--gpu-pricing", "reserved"], "--gpu-pricing is 'reserved' but there is no --reserved-gpu-hourly"),
    ],
)
def test_breakeven_llm_bad_inputs_exit_2_naming_the_option(capsys, extra, words):
    code, out, err = _run(capsys, [*LLM_TCO, *extra])
    assert code == 2 and out == "" and words in err and err.count("\n") == 1


def test_savings_takes_months_and_reports_timing(capsys):
    code, out, _ = _run(capsys, ["savings", "--months", "12", "--seed", "4"])
    data = json.loads(out)
    assert code == 0 and data["months"] == 12 and len(data["by_month"]) == 12
    assert set(data) >= {"total_saving", "implementation_cost", "net_saving", "payback_month", "simulation"}
    assert data["simulation"]["seed"] == 4


def test_llm_calculator_names_the_inputs_it_lacks(capsys):
    code, out, err = _run(capsys, ["breakeven", "llm", "--requests-per-month", "3e6", "--growth", "0.1"])
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "needs more inputs" in err and "--price-input, --price-output, --gpu-hourly, --utilisation" in err
