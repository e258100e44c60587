"""Mitigation with Fairlearn's ThresholdOptimizer on the uploaded scores.

The model itself is not needed: a tiny estimator hands the score column to
ThresholdOptimizer (``prefit=True``), which picks group-specific thresholds
(randomising between two of them where needed) under the chosen constraint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.base import BaseEstimator, ClassifierMixin

from lib.analysis import Result, TableSource, json_meta
from lib.errors import InputError
from lib.fairness._audit import audit
from lib.fairness._counts import group_names
from lib.fairness._inputs import read_audit_inputs
from lib.fairness._results import AuditResult
from lib.fairness._specs import CONSTRAINTS, Constraint, MitigationSpec
from lib.provenance import Provenance, make_provenance

SENSITIVE_USE_WARNING = (
    "Group-specific thresholds use the sensitive attribute when each decision is made. "
    "In many places that is restricted or forbidden by law (for example in lending, hiring and housing); "
    "take legal advice before deploying them."
)
COMPARED = (
    "demographic_parity_difference",
    "equalized_odds_difference",
    "equal_opportunity_difference",
    "false_positive_rate_difference",
    "accuracy_score_difference",
)


class ScoreColumn(ClassifierMixin, BaseEstimator):
    """An already-fitted 'model' whose output is the first column of X (the uploaded scores)."""

    def fit(self, X: Any, y: Any = None) -> ScoreColumn:  # noqa: N803 (scikit-learn's argument name)
        """Nothing to learn: the scores are given."""
        return self

    def predict(self, X: Any) -> np.ndarray:  # noqa: N803
        """Return the scores unchanged."""
        return np.asarray(X, dtype=float)[:, 0]

    def __sklearn_is_fitted__(self) -> bool:
        """Always ready: prefit by construction."""
        return True


@dataclass(frozen=True)
class MitigationResult(Result):
    """Before and after group-specific thresholds.

    Attributes
    ----------
    constraint : str
    thresholds : pandas.DataFrame
        Per group: the thresholds and how often each is used.
    before, after : AuditResult
        Audits of the original and the mitigated predictions (same settings).
    comparison : pandas.DataFrame
        Disparities and accuracy before and after.
    predictions : pandas.DataFrame or None
        Row number, sensitive values, original and mitigated prediction (kept out of the JSON:
        one row per input row; None for a result read back from JSON).
    provenance : Provenance
    """

    constraint: str
    thresholds: pd.DataFrame
    before: AuditResult
    after: AuditResult
    comparison: pd.DataFrame
    provenance: Provenance
    notes: tuple[str, ...] = ()
    predictions: pd.DataFrame | None = field(default=None, metadata=json_meta(omit=True))


def _threshold_table(optimizer: ThresholdOptimizer) -> pd.DataFrame:
    rows = []
    for group, rule in optimizer.interpolated_thresholder_.interpolation_dict.items():
        name = " × ".join(str(v) for v in group) if isinstance(group, tuple) else str(group)
        for share, operation in ((rule["p0"], rule["operation0"]), (rule["p1"], rule["operation1"])):
            rows.append(
                {
                    "group": name,
                    "rule": f"score {operation.operator} {operation.threshold:.4f}",
                    "share of the group": float(share),
                }
            )
    return pd.DataFrame(rows)


def mitigate(
    frame: pd.DataFrame,
    *,
    label: str,
    score: str,
    sensitive: Sequence[str],
    constraint: Constraint = "demographic_parity",
    positive: object = None,
    threshold: float | None = None,
    intersectional: bool = True,
    min_group_size: int = 30,
    n_boot: int = 200,
    seed: int = 0,
    file: str | None = None,
    input_sha256: str | None = None,
) -> MitigationResult:
    """Choose group-specific thresholds with ThresholdOptimizer and audit the result.

    Parameters
    ----------
    frame : pandas.DataFrame
    label, score : str
    sensitive : sequence of str
        ThresholdOptimizer works on the combinations of these columns.
    constraint : {"demographic_parity", "equalized_odds", "true_positive_rate_parity", "false_positive_rate_parity"}
    positive : object, optional
    threshold : float, optional
        The original single threshold, for the "before" audit (default 0.5).
    intersectional : bool
        Audit combinations of the columns before and after.
    min_group_size : int
        Groups with fewer rows are flagged small in the audits.
    n_boot, seed : int
        Resamples for the intervals; ``seed`` also fixes the randomised thresholds.
    file, input_sha256 : str, optional
        Input file name and hash.
    """
    spec = MitigationSpec(
        label=label,
        score=score,
        sensitive=tuple(sensitive),
        constraint=constraint,
        positive=None if positive is None else str(positive),
        threshold=threshold,
        intersectional=intersectional,
        min_group_size=min_group_size,
        n_boot=n_boot,
        seed=seed,
    )
    return run_mitigation(spec, TableSource(frame, name=file or "data", sha256=input_sha256))


def run_mitigation(
    spec: MitigationSpec, source: TableSource, *, provenance: Provenance | None = None
) -> MitigationResult:
    """Run a mitigation spec on a table.

    Returns
    -------
    MitigationResult
    """
    frame, file = source.frame, source.name
    label, score, sensitive, constraint = spec.label, spec.score, spec.sensitive, spec.constraint
    positive, threshold, seed = spec.positive, spec.threshold, spec.seed
    if constraint not in CONSTRAINTS:
        raise InputError(
            "unknown fairness constraint", expected="one of " + ", ".join(CONSTRAINTS), found=repr(constraint)
        )
    inputs = read_audit_inputs(
        frame, label=label, sensitive=sensitive, score=score, threshold=threshold, positive=positive, file=file
    )
    groups = pd.DataFrame({c: frame[c].astype("string").fillna("missing").to_numpy() for c in sensitive})
    # One combined column, so ThresholdOptimizer's group names read like the audit's ("a × b").
    rows = [tuple(r) for r in groups.astype(str).itertuples(index=False)]
    distinct = list(dict.fromkeys(rows))
    name_of = dict(zip(distinct, group_names(list(sensitive), distinct), strict=True))
    combined = pd.Series([name_of[r] for r in rows], name="group")
    scores = pd.DataFrame({"score": inputs.scores})
    y = inputs.y_true.astype(int)
    # ThresholdOptimizer needs both outcomes in a group to place its thresholds; groups with one
    # outcome only keep their original predictions and are named.
    both = pd.Series(y).groupby(combined.to_numpy()).nunique() == 2
    fitted = combined.map(both).to_numpy(dtype=bool)
    left_out = sorted(both.index[~both])
    if both.sum() < 2:
        raise InputError(
            f"fewer than two groups hold both outcomes, so no thresholds can be fitted under {constraint}",
            file=file,
            expected="at least two groups with both positive and negative labels",
            found=f"{int(both.sum())} such group(s) of {len(both)}",
        )
    optimizer = ThresholdOptimizer(
        estimator=ScoreColumn(), constraints=constraint, prefit=True, predict_method="predict"
    )
    try:
        optimizer.fit(scores[fitted], y[fitted], sensitive_features=combined[fitted])
    except ValueError as error:
        first = (str(error).strip().splitlines() or ["no details"])[0]
        raise InputError(f"the thresholds could not be fitted under {constraint} ({first})", file=file) from error
    mitigated = inputs.y_pred.astype(int).copy()
    mitigated[fitted] = np.asarray(
        optimizer.predict(scores[fitted], sensitive_features=combined[fitted], random_state=seed)
    ).astype(int)
    notes = (
        (
            f"Left out of the thresholds, holding one outcome only: {', '.join(left_out[:20])}"
            + (f" and {len(left_out) - 20:,} more" if len(left_out) > 20 else "")
            + f" ({len(left_out):,} groups, {int((~fitted).sum()):,} rows keep their original predictions).",
        )
        if left_out
        else ()
    )

    table = groups.copy()
    table.insert(0, "row", np.arange(1, len(frame) + 1))
    table["label"] = y
    table["score"] = inputs.scores
    table["prediction_before"] = inputs.y_pred.astype(int)
    table["prediction_after"] = mitigated
    provenance = provenance or make_provenance(parameters=spec.to_dict(), seed=seed, inputs={"data": source.describe()})
    before, after = (
        audit(
            table,
            label="label",
            prediction=column,
            sensitive=list(sensitive),
            n_boot=spec.n_boot,
            seed=seed,
            intersectional=spec.intersectional,
            min_group_size=spec.min_group_size,
            file=file,
            input_sha256=source.sha256,
        )
        for column in ("prediction_before", "prediction_after")
    )
    return MitigationResult(
        notes=notes,
        constraint=constraint,
        thresholds=_threshold_table(optimizer),
        before=replace(before, provenance=provenance),
        after=replace(after, provenance=provenance),
        comparison=_comparison(before, after),
        predictions=table,
        provenance=provenance,
    )


def _comparison(before: AuditResult, after: AuditResult) -> pd.DataFrame:
    rows = []
    old, new = before.headline(), after.headline()
    for name in COMPARED:
        rows.append(
            {
                "measure": name,
                "before": old[name].value,
                "after": new[name].value,
                "verdict_before": old[name].verdict,
                "verdict_after": new[name].verdict,
            }
        )
    for metric in ("accuracy", "selection_rate", "true_positive_rate", "false_positive_rate"):
        rows.append(
            {
                "measure": f"overall {metric}",
                "before": before.overall[metric],
                "after": after.overall[metric],
                "verdict_before": "",
                "verdict_after": "",
            }
        )
    return pd.DataFrame(rows)
