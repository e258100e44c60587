"""The explanation's report: blocks only, rendered by the core, and readable from JSON alone."""

from __future__ import annotations

import json

import pytest

from lib.analysis import Chart, TableSource, export_analysis, report_of
from lib.errors import InputError
from lib.explain import ExplainSpec, ExplanationResult, run_explain, with_groups
from tests.lib.explain.fixtures import make_table

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def source() -> TableSource:
    table = make_table(300).rename(columns={"x2": HOSTILE})
    table.loc[0, "group"] = "<script>alert(1)</script>"
    return TableSource(table, "<b>loans</b>.csv", "0" * 64)


@pytest.fixture(scope="module")
def spec() -> ExplainSpec:
    return ExplainSpec(target="outcome", model="linear", cohort="group", gap_a="a", gap_b="b")


@pytest.fixture(scope="module")
def result(spec, source) -> ExplanationResult:
    return run_explain(spec, {"data": source})


def _keys(report) -> set[str]:
    return {block.key for block in report.keyed_blocks()}


def test_a_fresh_result_shows_every_chart(result):
    keys = _keys(report_of(result))
    assert {"importance_chart", "beeswarm_chart", "dependence_chart", "waterfall_chart"} <= keys
    assert {"cohorts", "cohort_chart", "gap", "gap_chart", "importance"} <= keys


def test_a_result_read_from_json_reports_summaries_and_asks_for_a_rerun(result):
    read_back = ExplanationResult.from_dict(json.loads(result.to_json()))
    assert read_back.to_dict() == result.to_dict()
    report = report_of(read_back)
    keys = _keys(report)
    assert "beeswarm_chart" not in keys and "waterfall_chart" not in keys
    assert {"importance_chart", "cohort_chart", "gap_chart"} <= keys
    markdown = report.to_markdown()
    assert "re-run the analysis" in markdown and "add up" in markdown
    assert read_back.gap == result.gap and read_back.cohorts == result.cohorts


def test_html_export_escapes_every_text_and_draws_charts_as_images(spec, result):
    html = export_analysis(spec, result, "html")
    assert "<script" not in html.lower() and HOSTILE not in html and "<b>loans" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count('src="data:image/png;base64,') == sum(isinstance(b, Chart) for b in report_of(result).blocks)


def test_markdown_starts_with_the_title_and_ends_with_provenance(spec, result):
    markdown = export_analysis(spec, result, "md")
    assert markdown.startswith("# Explanation") and "## Provenance" in markdown
    assert "<img" not in markdown and "sum to the gap exactly" in markdown


def test_gap_contributions_in_the_json_sum_to_the_gap(result):
    gap = result.to_dict()["gap"]
    assert sum(gap["contributions"].values()) == pytest.approx(gap["gap"], abs=1e-12)
    assert gap["mean_output_a"] - gap["mean_output_b"] == pytest.approx(gap["gap"], abs=1e-12)
    cohorts = result.to_dict()["cohorts"]
    assert cohorts["column"] == "group" and set(cohorts["groups"]) == {"a", "b", "<script>alert(1)</script>"}


def test_groups_are_added_without_new_shap_values(spec, source, result):
    base = run_explain(spec.without_groups(), {"data": source})
    assert base.cohorts is None and base.gap is None
    grouped = with_groups(base, spec, source.frame)
    assert grouped.to_dict()["gap"] == result.to_dict()["gap"]
    assert grouped.provenance.parameters == spec.to_dict()
    with pytest.raises(ValueError, match="another explanation spec"):
        with_groups(base, spec.replace(seed=9), source.frame)


def test_a_cohort_column_with_too_many_groups_is_refused(spec, source, result):
    with pytest.raises(InputError, match="too many groups") as error:
        with_groups(result, spec.replace(cohort="x1", gap_a=None, gap_b=None), source.frame)
    assert "column 'x1'" in str(error.value)


def test_a_missing_gap_group_names_the_column(spec, source, result):
    with pytest.raises(InputError, match="no explained rows") as error:
        with_groups(result, spec.replace(gap_b="zzz"), source.frame)
    assert "column 'group'" in str(error.value)


def test_sensitive_features_are_flagged_and_a_surrogate_gap_states_its_fidelity():
    from lib.analysis import run
    from lib.explain import ExplainSpec

    spec = ExplainSpec(
        way_in="outputs",
        outputs="score",
        fidelity_by="sex",
        max_rows=300,
        cohort="sex",
        gap_a="female",
        gap_b="male",
    )
    result = run(spec, {"data": "german_credit_predictions"})
    assert any("sensitive attributes are among the features" in n and "sex" in n for n in result.notes)
    markdown = result.report().to_markdown()
    assert "This explains a surrogate" in markdown and "female" in markdown
