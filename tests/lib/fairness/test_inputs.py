"""Every bad input the audit meets gets one clear InputError (or an explicit, named treatment)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.errors import InputError
from lib.fairness import audit, audit_arrays

from .conftest import make_frame


def run(frame, **options):
    options.setdefault("label", "label")
    options.setdefault("sensitive", ["group"])
    if "score" not in options:
        options.setdefault("prediction", "prediction")
    return audit(frame, n_boot=50, file="outputs.csv", **options)


def test_label_with_unknown_pair_asks_for_the_positive_value():
    frame = make_frame()
    frame["label"] = np.where(frame["label"] == 1, ">50K", "<=50K")
    with pytest.raises(InputError, match="choose which label value is the positive") as error:
        run(frame)
    assert "outputs.csv" in str(error.value) and "'>50K'" in str(error.value)
    result = run(frame, positive=">50K")
    assert result.overall["base_rate"] == pytest.approx(make_frame()["label"].mean())


def test_label_with_three_values_is_refused_with_the_list():
    frame = make_frame()
    frame.loc[:2, "label"] = 2
    with pytest.raises(InputError, match="must be binary") as error:
        run(frame)
    assert "found 3: 0, 1, 2" in str(error.value) and "column 'label'" in str(error.value)


def test_predictions_must_be_binary():
    frame = make_frame()
    frame["prediction"] = frame["score"]
    with pytest.raises(InputError, match="prediction must be binary"):
        run(frame)


def test_scores_outside_unit_interval_need_a_threshold():
    frame = make_frame()
    frame["score"] = frame["score"] * 10 - 2
    with pytest.raises(InputError, match=r"outside \[0, 1\]") as error:
        run(frame, score="score")
    assert "give a threshold" in str(error.value)
    result = run(frame, score="score", threshold=3.0)
    assert result.parameters["threshold"] == 3.0


def test_missing_sensitive_values_become_an_explicit_group():
    frame = make_frame()
    frame.loc[:9, "group"] = None
    result = run(frame)
    assert "missing" in [g.name for g in result.groups]
    assert any("10 rows have no value" in note for note in result.notes)


def test_only_one_group_is_refused():
    frame = make_frame(groups=("a",))
    with pytest.raises(InputError, match="only one group") as error:
        run(frame)
    assert "'a'" in str(error.value) and "outputs.csv" in str(error.value)


def test_one_row_group_is_flagged_not_dropped():
    frame = make_frame()
    frame.loc[0, "group"] = "solo"
    result = run(frame)
    solo = next(g for g in result.groups if g.name == "solo")
    assert solo.count == 1 and solo.small
    assert any("'solo' has a single row" in note for note in result.notes)


def test_all_positive_group_reports_undefined_rate():
    frame = make_frame()
    frame.loc[frame["group"] == "c", "label"] = 1
    result = run(frame)
    group_c = next(g for g in result.groups if g.name == "c")
    assert group_c.metrics["false_positive_rate"] is None
    assert group_c.to_dict()["false_positive_rate"] is None
    assert any("false positive rate is undefined" in n and "'c'" in n for n in result.notes)


def test_thousands_of_distinct_values_refused():
    frame = make_frame(n=2500)
    frame["group"] = [f"id{i}" for i in range(len(frame))]
    with pytest.raises(InputError, match="2,500 distinct values"):
        run(frame)


def test_lengths_differ_after_filtering():
    frame = make_frame()
    kept = frame[frame["score"] > 0.2]
    with pytest.raises(InputError, match="different lengths") as error:
        audit_arrays(kept["label"].to_numpy(), frame["prediction"].to_numpy(), kept[["group"]], n_boot=50)
    assert f"label {len(kept):,}" in str(error.value)


def test_missing_column_suggests_a_name():
    with pytest.raises(InputError, match="did you mean 'group'"):
        run(make_frame(), sensitive=["groups"])


def test_prediction_and_score_together_refused():
    with pytest.raises(InputError, match="either a prediction column or a score column"):
        audit(make_frame(), label="label", prediction="prediction", score="score", sensitive=["group"])


def test_missing_labels_refused():
    frame = make_frame()
    frame["label"] = frame["label"].astype(float)
    frame.loc[3, "label"] = np.nan
    with pytest.raises(InputError, match="label column has missing values"):
        run(frame)


def test_reference_ratios_follow_the_chosen_reference():
    frame = pd.concat([make_frame(0), make_frame(1, n=100, groups=("d",))], ignore_index=True)
    largest = run(frame, reference="largest")
    named = run(frame, reference="d")
    best = run(frame, reference="best")
    sizes = {g.name: g.count for g in largest.groups}
    assert {r.reference for r in largest.reference_ratios} == {max(sizes, key=sizes.get)}
    assert {r.reference for r in named.reference_ratios} == {"d"}
    own = [r for r in named.reference_ratios if r.group == "d"]
    assert all(r.value == pytest.approx(1.0) for r in own if r.value is not None)
    tpr = {g.name: g.metrics["true_positive_rate"] for g in best.groups}
    best_tpr = next(r.reference for r in best.reference_ratios if r.metric == "true_positive_rate")
    assert tpr[best_tpr] == max(tpr.values())
    ratio = next(r for r in largest.reference_ratios if r.metric == "selection_rate" and r.group == "b")
    rates = {g.name: g.metrics["selection_rate"] for g in largest.groups}
    assert ratio.value == pytest.approx(rates["b"] / rates[ratio.reference])
    assert ratio.within_band == (0.8 <= ratio.value <= 1.25)


def test_a_label_equal_to_the_prediction_is_flagged_in_notes_and_on_the_command_line(tmp_path, capsys):
    from lib.cli import main
    from tests.lib.data.test_roles import compas_like

    frame = compas_like()
    result = audit(frame, label="high_risk", score="decile_score", threshold=5, sensitive=["race"], n_boot=60)
    warnings = [n for n in result.notes if n.startswith("Warning:")]
    assert any("equals the model's output" in w for w in warnings)
    assert any("threshold of the score" in w for w in warnings)
    honest = audit(frame, label="two_year_recid", prediction="high_risk", sensitive=["race"], n_boot=60)
    assert not [n for n in honest.notes if n.startswith("Warning:")]
    path = tmp_path / "compas.csv"
    frame.assign(copy=frame["high_risk"]).to_csv(path, index=False)
    main(["audit", str(path), "--label", "copy", "--pred", "high_risk", "--sensitive", "race", "--n-boot", "60"])
    err = capsys.readouterr().err
    assert "note: the label 'copy' equals the model's output 'high_risk'" in err


def test_only_sensitive_columns_with_few_groups_are_preselected(adult):
    from lib.fairness import default_sensitive

    chosen, notes = default_sensitive(adult, ["sex", "race", "native_country"])
    assert chosen == ["sex", "race"]
    assert len(notes) == 1 and "'native_country' has 41 groups" in notes[0]


def test_too_many_intersectional_groups_are_refused_before_resampling():
    from lib.fairness import MAX_AUDIT_GROUPS, count_groups

    rng = np.random.default_rng(0)
    n = 60_000
    frame = pd.DataFrame(
        {
            "label": rng.integers(0, 2, n),
            "prediction": rng.integers(0, 2, n),
            "a": rng.integers(0, 199, n).astype(str),
            "b": rng.integers(0, 199, n).astype(str),
        }
    )
    assert count_groups(frame, ["a", "b"], intersectional=True) > MAX_AUDIT_GROUPS
    with pytest.raises(InputError, match="too many groups to audit"):
        audit(frame, label="label", prediction="prediction", sensitive=["a", "b"], intersectional=True)


def test_group_names_stay_distinct_when_values_contain_the_separator():
    frame = make_frame(2, n=600, groups=("x", "y"))
    frame["a"] = np.where(frame["group"] == "x", "p × q", "p")
    frame["b"] = np.where(frame["band"] == "x", "r", "q × r")
    result = audit(frame, label="label", prediction="prediction", sensitive=["a", "b"], intersectional=True, n_boot=60)
    names = [g.name for g in result.groups]
    assert len(names) == len(set(names)) == 4
    assert "a='p × q', b='r'" in names
