"""The framing record: is ML the right tool, and is the data ready? Readiness checks computed from a dataset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from lib.analysis import (
    DATA_TABLE,
    NO_INPUTS,
    Record,
    Result,
    Spec,
    TableSource,
    check_count,
    check_number,
    check_seed,
    check_text,
)
from lib.data import binary_labels, require_columns
from lib.errors import InputError
from lib.launch._checks import check_choice
from lib.provenance import Provenance

OutputType = Literal["number", "class", "ranking", "generated content", "non-ML rule"]
OUTPUT_TYPES = ("number", "class", "ranking", "generated content", "non-ML rule")
Door = Literal["two-way door", "one-way door"]
DOORS = ("two-way door", "one-way door")
Decision = Literal["go", "no-go", "not yet"]
DECISIONS = ("go", "no-go", "not yet")
PASS, WARNING, FAIL, INFO = "pass", "warning", "fail", "info"
MAX_TEXT = 2_000
MAX_ITEMS = 30
# Leakage checks read at most this many rows (a seeded sample beyond it) and this many columns.
MAX_CHECK_ROWS = 200_000
MAX_CHECK_COLUMNS = 500
# A category needs this many rows on average for its outcome rate to mean anything.
MIN_ROWS_PER_CATEGORY = 20
_TIME_WORDS = ("date", "time", "timestamp", "_at", "day", "created", "updated")


@dataclass(frozen=True)
class FramingSpec(Spec):
    """A guided record of the decision to use ML, with optional readiness checks on a dataset.

    Text fields are the team's own words (each up to 2,000 characters; lists up to 30 items).

    Attributes
    ----------
    product_goal : str
        The real-world outcome the product should change.
    output_type : {"number", "class", "ranking", "generated content", "non-ML rule"}
    baseline_name, baseline_cost, baseline_quality, baseline_speed : str
        The non-ML benchmark and what it achieves (with units).
    rows_available : int, optional
    label_source, label_quality, proxy_labels, features_at_prediction_time, leakage_risks : str
    model_metrics, business_kpis : tuple of str
    metric_link : str
        How a model metric moves a business KPI.
    reversibility : {"two-way door", "one-way door"}
    decision : {"go", "no-go", "not yet"}
    reasons : tuple of str
    title : str
    label : str, optional
        With a dataset: the outcome column; turns on the readiness checks.
    positive : str, optional
    label_time : str, optional
        Column of the time the outcome became known; dated columns later than it leak the future.
    exclude : tuple of str
        Columns that are not features (ids, the model's own score).
    min_rows : int
        Fewer rows than this is flagged (10 to 10,000,000).
    max_missing : float
        A feature missing in a larger share of rows is flagged (0 to 1).
    leakage_auc : float
        A single feature separating the outcome this well (AUC, or |Spearman| for a numeric outcome) looks like
        leakage (0.6 to 1).
    seed : int
        Seeds the row sample of very large datasets.
    """

    kind = "launch_framing"
    inputs = DATA_TABLE

    product_goal: str
    output_type: OutputType = "class"
    title: str = "ML launch"
    baseline_name: str = ""
    baseline_cost: str = ""
    baseline_quality: str = ""
    baseline_speed: str = ""
    rows_available: int | None = None
    label_source: str = ""
    label_quality: str = ""
    proxy_labels: str = ""
    features_at_prediction_time: str = ""
    leakage_risks: str = ""
    model_metrics: tuple[str, ...] = ()
    business_kpis: tuple[str, ...] = ()
    metric_link: str = ""
    reversibility: Door = "two-way door"
    decision: Decision = "not yet"
    reasons: tuple[str, ...] = ()
    label: str | None = None
    positive: str | None = None
    label_time: str | None = None
    exclude: tuple[str, ...] = ()
    min_rows: int = 1_000
    max_missing: float = 0.2
    leakage_auc: float = 0.95
    seed: int = 0

    def validate(self) -> None:
        """Check the choices, the lengths of the texts, and the readiness limits."""
        check_text(self.product_goal, field="product_goal", max_length=MAX_TEXT)
        check_text(self.title, field="title", max_length=200)
        check_choice(self.output_type, field="output_type", choices=OUTPUT_TYPES)
        check_choice(self.reversibility, field="reversibility", choices=DOORS)
        check_choice(self.decision, field="decision", choices=DECISIONS)
        for name in (
            "baseline_name", "baseline_cost", "baseline_quality", "baseline_speed", "label_source",
            "label_quality", "proxy_labels", "features_at_prediction_time", "leakage_risks", "metric_link",
        ):  # fmt: skip
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > MAX_TEXT:
                raise InputError(
                    f"'{name}' must be text of at most {MAX_TEXT:,} characters", found=str(len(str(value)))
                )
        for name in ("model_metrics", "business_kpis", "reasons", "exclude"):
            items = getattr(self, name)
            if len(items) > MAX_ITEMS:
                raise InputError(f"'{name}' has too many items", expected=f"at most {MAX_ITEMS}", found=str(len(items)))
            for item in items:
                check_text(item, field=name, max_length=MAX_TEXT)
        if self.rows_available is not None:
            check_count(self.rows_available, field="rows_available", low=0, high=10**13, what="rows")
        if self.label is None and (self.label_time is not None or self.positive is not None):
            raise InputError("a label time or positive value needs the label column", expected="'label'")
        if self.label is not None:
            check_text(self.label, field="label")
        check_count(self.min_rows, field="min_rows", low=10, high=10_000_000, what="rows")
        check_number(self.max_missing, field="max_missing", low=0.0, high=1.0)
        check_number(self.leakage_auc, field="leakage_auc", low=0.6, high=1.0)
        check_seed(self.seed)

    def required_inputs(self) -> dict[str, str]:
        """A data table when the readiness checks are asked for (a label column); else nothing."""
        return dict(DATA_TABLE) if self.label is not None else dict(NO_INPUTS)


@dataclass(frozen=True)
class ReadinessCheck(Record):
    """One readiness check: ``pass``, ``warning``, ``fail`` or ``info``, and what was found."""

    name: str
    status: str
    finding: str


@dataclass(frozen=True)
class FeatureSignal(Record):
    """How well one column on its own separates the outcome (the leakage screen).

    Attributes
    ----------
    column : str
    measure : str
        ``auc`` (binary outcome; max of AUC and 1 - AUC) or ``spearman`` (numeric outcome; absolute value).
    value : float
    flagged : bool
    """

    column: str
    measure: str
    value: float
    flagged: bool


@dataclass(frozen=True)
class FramingResult(Result):
    """The framing record with its readiness checks and the gaps the record still has.

    Attributes
    ----------
    record : FramingSpec
        The record as written.
    checks : tuple of ReadinessCheck
        Computed from the dataset (empty without one).
    signals : tuple of FeatureSignal
        The strongest single-feature signals, strongest first (at most 20).
    missing_shares : dict
        Column -> share of rows missing, for columns with any missing.
    n_rows : int or None
    label_shares : dict or None
        Outcome value -> share of rows.
    gaps : tuple of str
        What the record lacks for a go decision.
    summary : str
        The decision and what argues against it, in one sentence.
    provenance : Provenance
    """

    record: FramingSpec
    checks: tuple[ReadinessCheck, ...]
    signals: tuple[FeatureSignal, ...]
    missing_shares: dict[str, float]
    n_rows: int | None
    label_shares: dict[str, float] | None
    gaps: tuple[str, ...]
    summary: str
    provenance: Provenance


def rank_auc(values: np.ndarray, labels: np.ndarray) -> float:
    """Area under the ROC curve of one column for a boolean outcome (Mann-Whitney, ties counted half).

    Examples
    --------
    >>> rank_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, False, True, True]))
    0.75
    """
    ranks = stats.rankdata(values)
    n_pos = int(labels.sum())
    n_neg = len(labels) - n_pos
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _looks_like_time(name: str, series: pd.Series) -> bool:
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    return series.dtype == object and any(word in name.lower() for word in _TIME_WORDS)


def _as_time(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series
    return pd.to_datetime(series, errors="coerce", format="mixed", utc=False)


def _signal(series: pd.Series, outcome: np.ndarray, binary: bool, n_rows: int) -> tuple[str, float] | None:
    """The column's separation of the outcome, or None when it cannot be measured fairly."""
    if pd.api.types.is_bool_dtype(series):
        series = series.astype(float)
    if pd.api.types.is_numeric_dtype(series):
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    else:
        codes = series.astype("object").where(series.notna())
        # A category seen in few rows predicts its own rows' outcome: an identifier, not a signal.
        if codes.nunique(dropna=True) > max(n_rows / MIN_ROWS_PER_CATEGORY, 2):
            return None
        means = pd.Series(outcome.astype(float)).groupby(codes.to_numpy()).mean()
        values = codes.map(means).to_numpy(dtype=float)
    kept = ~np.isnan(values)
    if kept.sum() < 20 or np.nanstd(values) == 0:
        return None
    if binary:
        y = outcome[kept].astype(bool)
        if y.sum() < 5 or (~y).sum() < 5:
            return None
        auc = rank_auc(values[kept], y)
        return "auc", max(auc, 1 - auc)
    rho = stats.spearmanr(values[kept], outcome[kept]).statistic
    return "spearman", abs(float(rho))


def _outcome(spec: FramingSpec, frame: pd.DataFrame, file: str) -> tuple[np.ndarray, bool, dict[str, float]]:
    assert spec.label is not None
    column = frame[spec.label]
    if column.isna().any():
        raise InputError(
            "the label column has missing values", file=file, column=spec.label,
            expected="an outcome in every row (leave unlabelled rows out)", found=f"{int(column.isna().sum()):,} empty rows",
        )  # fmt: skip
    shares = {str(k): float(v) for k, v in column.astype(str).value_counts(normalize=True).head(20).items()}
    if column.nunique() <= 2:
        return binary_labels(column, positive=spec.positive, file=file, column=spec.label), True, shares
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.notna().all():
        return numbers.to_numpy(dtype=float), False, shares
    return np.array([]), False, shares


def readiness(
    spec: FramingSpec, source: TableSource
) -> tuple[list[ReadinessCheck], list[FeatureSignal], dict[str, float], int, dict[str, float]]:
    """The readiness checks on a dataset: size, label balance, missing values, leakage by signal and by time.

    Returns
    -------
    (list, list, dict, int, dict)
        Checks, signals (strongest first), missing shares, rows, outcome shares.
    """
    frame, file = source.frame, source.name
    assert spec.label is not None
    require_columns(frame, [spec.label, spec.label_time, *spec.exclude], file=file, purpose="readiness checks")
    n = len(frame)
    checks = [
        ReadinessCheck(
            "Rows",
            PASS if n >= spec.min_rows else FAIL,
            f"{n:,} rows" + ("" if n >= spec.min_rows else f", under the {spec.min_rows:,} this record asks for"),
        )
    ]
    if n == 0:
        raise InputError("the dataset has no rows", file=file, expected="one row per example")
    outcome, binary, shares = _outcome(spec, frame, file)
    if binary:
        minority = float(min(outcome.mean(), 1 - outcome.mean()))
        count = round(minority * n)
        status = FAIL if count < 50 else (WARNING if minority < 0.05 else PASS)
        checks.append(
            ReadinessCheck("Label balance", status, f"the rarer outcome is {minority:.1%} of rows ({count:,})")
        )
    else:
        checks.append(ReadinessCheck("Label balance", INFO, f"{frame[spec.label].nunique():,} distinct outcomes"))
    features = [c for c in frame.columns if c not in {spec.label, spec.label_time, *spec.exclude}]
    missing = {str(c): float(frame[c].isna().mean()) for c in features if frame[c].isna().any()}
    heavy = sorted((c for c, share in missing.items() if share > spec.max_missing), key=lambda c: -missing[c])
    checks.append(
        ReadinessCheck(
            "Missing values",
            WARNING if heavy else PASS,
            (f"{len(heavy)} features are missing in more than {spec.max_missing:.0%} of rows: " + ", ".join(heavy[:8]))
            if heavy
            else f"no feature is missing in more than {spec.max_missing:.0%} of rows",
        )
    )
    signals, note = _signals(spec, frame, features, outcome, binary)
    flagged = [s for s in signals if s.flagged]
    measure = "AUC" if binary else "|Spearman|"
    checks.append(
        ReadinessCheck(
            "Leakage: single-feature signal",
            FAIL if flagged else (INFO if note else PASS),
            (
                f"{len(flagged)} feature(s) alone predict the outcome with {measure} ≥ {spec.leakage_auc:g}: "
                + ", ".join(f"{s.column} ({s.value:.3f})" for s in flagged[:8])
                + ". Check they are known before the outcome."
            )
            if flagged
            else (note or f"no single feature reaches {measure} {spec.leakage_auc:g}"),
        )
    )
    checks.append(_time_check(spec, frame, features))
    return checks, signals[:20], missing, n, shares


def _signals(
    spec: FramingSpec, frame: pd.DataFrame, features: list[object], outcome: np.ndarray, binary: bool
) -> tuple[list[FeatureSignal], str]:
    if outcome.size == 0:
        return [], "the outcome is neither two-valued nor numeric: the signal screen was skipped"
    rows = np.arange(len(frame))
    note = ""
    if len(frame) > MAX_CHECK_ROWS:
        rows = np.sort(np.random.default_rng(spec.seed).choice(len(frame), MAX_CHECK_ROWS, replace=False))
        note = f"screened on a seeded sample of {MAX_CHECK_ROWS:,} rows"
    sample, y = frame.iloc[rows], outcome[rows]
    out = []
    for column in features[:MAX_CHECK_COLUMNS]:
        series = sample[column]
        if _looks_like_time(str(column), series):
            continue
        found = _signal(series, y, binary, len(sample))
        if found is not None:
            measure, value = found
            out.append(FeatureSignal(str(column), measure, value, value >= spec.leakage_auc))
    out.sort(key=lambda s: -s.value)
    if not note and not out:
        note = "no feature could be screened"
    return out, "" if any(s.flagged for s in out) else note


def _time_check(spec: FramingSpec, frame: pd.DataFrame, features: list[object]) -> ReadinessCheck:
    name = "Leakage: dates after the label"
    if spec.label_time is None:
        return ReadinessCheck(name, INFO, "no label time given: dated features were not compared with it")
    label_time = _as_time(frame[spec.label_time])
    if label_time.isna().all():
        raise InputError("the label time column holds no dates", column=spec.label_time, expected="dates or times")
    later = []
    for column in features:
        series = frame[column]
        if not _looks_like_time(str(column), series):
            continue
        when = _as_time(series)
        if when.notna().mean() < 0.5:
            continue
        try:
            share = float(((when > label_time) & when.notna() & label_time.notna()).mean())
        except TypeError:  # time zones that cannot be compared
            continue
        if share > 0:
            later.append(f"{column} ({share:.1%} of rows)")
    if later:
        return ReadinessCheck(name, FAIL, "dated after the outcome was known: " + ", ".join(later[:8]))
    return ReadinessCheck(name, PASS, "no dated feature falls after the label time")


def _gaps(spec: FramingSpec) -> list[str]:
    gaps = []
    if not spec.baseline_name.strip():
        gaps.append("No non-ML baseline: say what a rule, a heuristic or people achieve today.")
    elif not (spec.baseline_cost.strip() and spec.baseline_quality.strip()):
        gaps.append("The baseline's cost and quality are not both stated.")
    if not spec.model_metrics:
        gaps.append("No model metric.")
    if not spec.business_kpis:
        gaps.append("No business KPI: a model metric alone does not say the product improved.")
    if spec.model_metrics and spec.business_kpis and not spec.metric_link.strip():
        gaps.append("The link from model metric to business KPI is not stated.")
    if not spec.label_source.strip():
        gaps.append("The label source is not stated.")
    if spec.output_type == "non-ML rule" and spec.decision == "go":
        gaps.append("The output type is a non-ML rule: the go decision is for a rule, not a model.")
    if spec.reversibility == "one-way door" and not spec.reasons:
        gaps.append("A one-way door needs its reasons written down.")
    if spec.decision != "not yet" and not spec.reasons:
        gaps.append(f"The {spec.decision} decision has no reasons.")
    return gaps


def run_framing(spec: FramingSpec, source: TableSource | None, *, provenance: Provenance) -> FramingResult:
    """Build the framing record and, with a dataset, its readiness checks.

    Parameters
    ----------
    spec : FramingSpec
    source : TableSource or None
    provenance : Provenance

    Returns
    -------
    FramingResult
    """
    checks: list[ReadinessCheck] = []
    signals: list[FeatureSignal] = []
    missing: dict[str, float] = {}
    n_rows, shares = spec.rows_available, None
    if spec.label is not None:
        if source is None:
            raise InputError("the readiness checks need a dataset", expected="a table with the label column")
        checks, signals, missing, n_rows, shares = readiness(spec, source)
    gaps = _gaps(spec)
    failed = [c.name for c in checks if c.status == FAIL]
    against = failed + ([f"{len(gaps)} gaps in the record"] if gaps else [])
    summary = f"Decision: {spec.decision}." + (
        " Against it: " + "; ".join(against) + "." if against and spec.decision == "go" else ""
    )
    if spec.decision != "go" and against:
        summary += " Open: " + "; ".join(against) + "."
    return FramingResult(
        record=spec,
        checks=tuple(checks),
        signals=tuple(signals),
        missing_shares=missing,
        n_rows=n_rows,
        label_shares=shares,
        gaps=tuple(gaps),
        summary=summary,
        provenance=provenance,
    )
