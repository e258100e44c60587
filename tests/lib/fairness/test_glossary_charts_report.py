"""Glossary, guide, charts and reports."""

from __future__ import annotations

import json

import altair as alt
import pytest

from lib.fairness import (
    GLOSSARY,
    audit,
    audit_report,
    disparity_chart,
    explore_thresholds,
    glossary_frame,
    metric_by_group_chart,
    mitigate,
    mitigation_chart,
    recommend_metrics,
    threshold_chart,
    tradeoff_chart,
)

from .conftest import make_frame


@pytest.fixture(scope="module")
def result():
    return audit(make_frame(3), label="label", score="score", sensitive=["group"], n_boot=60)


def test_glossary_names_every_tool():
    frame = glossary_frame()
    assert len(frame) == len(GLOSSARY) >= 10
    assert {"formula", "in plain words", "Fairlearn", "AIF360", "SageMaker Clarify", "Aequitas"} <= set(frame.columns)
    text = frame.to_string()
    for name in ("DPPL", "DI", "RD", "DAR", "statistical_parity_difference", "unprivileged − privileged"):
        assert name in text


@pytest.mark.parametrize(
    ("decision", "error", "trusted", "must", "must_not"),
    [
        ("punitive", "false_positive", True, "false_positive_rate_difference", "equal_opportunity_difference"),
        ("assistive", "false_negative", True, "equal_opportunity_difference", "false_positive_rate_difference"),
        ("assistive", "false_negative", False, "demographic_parity_difference", "false_positive_rate_difference"),
    ],
)
def test_guide_recommends_metrics_that_fit_the_decision(decision, error, trusted, must, must_not):
    advice = recommend_metrics(decision=decision, costly_error=error, labels_trusted=trusted)
    assert must in advice.gate_on and must_not not in advice.gate_on
    assert advice.reasons


def test_charts_carry_tooltips_and_data(result):
    sweep = explore_thresholds(make_frame(3), label="label", score="score", sensitive=["group"])
    charts = [
        metric_by_group_chart(result, "true_positive_rate"),
        disparity_chart(result, "difference"),
        disparity_chart(result, "ratio"),
        threshold_chart(sweep, "selection_rate"),
        tradeoff_chart(sweep, "equalized_odds_difference"),
        mitigation_chart(mitigate(make_frame(3), label="label", score="score", sensitive=["group"], n_boot=50)),
    ]
    for chart in charts:
        assert isinstance(chart, (alt.Chart, alt.LayerChart))
        spec = json.dumps(chart.to_dict())
        assert "tooltip" in spec
    rows = metric_by_group_chart(result, "true_positive_rate").to_dict()["datasets"]
    assert len(next(iter(rows.values()))) == 3


def test_reports_include_gate_groups_and_provenance(result):
    report = audit_report(result)
    markdown = report.to_markdown()
    assert "Release gate" in markdown and "demographic_parity_difference" in markdown
    assert "## Provenance" in markdown and "Seed: 0" in markdown
    html = report.to_html()
    assert html.startswith("<!doctype html>") and "Provenance" in html
    # The difference, ratio, selection-rate and calibration charts, drawn as images.
    assert html.count("<img") == 4 and "Calibration by group" in html


def test_json_carries_the_gate_under_the_strict_setting():
    strict = audit(make_frame(3), label="label", score="score", sensitive=["group"], n_boot=60, strict=True)
    document = json.loads(strict.to_json())
    assert document["gate"]["strict"] is True
    assert document["provenance"]["parameters"]["n_boot"] == 60
    assert document["gate"]["failed"] == sum(c["verdict"] == "fail" for c in document["gate"]["checks"])
