"""Spend analyser: a monthly spend export -> spend over time, alerts, waste flags and anomalies."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lib.analysis import Provenance, Result, TableSource, json_field, provenance_for
from lib.data import require_columns
from lib.errors import InputError
from lib.roi._specs import CATEGORIES, SpendSpec

REQUIRED_COLUMNS = ("date", "team", "project", "category", "resource", "cost")
OPTIONAL_COLUMNS = ("gpu_utilisation", "predictions")
BUDGET_LEVELS = (0.5, 0.8, 1.0)
# The materiality floor of an anomaly: a month-over-month change must move at least this many dollars
# and this share of that month's total spend, however unusual it is for its own series. A $500
# wobble in a small line item is unusual yet not worth a reviewer's time beside a $67K spike.
MIN_CHANGE_DOLLARS = 1_000.0
MIN_CHANGE_SHARE = 0.01
# Typical share of ML spend per category, from published cost guides (percent of the total).
TYPICAL_SPLIT = {"training": (40.0, 60.0), "inference": (30.0, 50.0), "data": (10.0, 20.0)}


@dataclass(frozen=True)
class SpendAnalysis(Result):
    """What a spend export says, month by month (months written ``YYYY-MM``).

    Attributes
    ----------
    total_cost : float
        Dollars over the whole file.
    n_months : int
    monthly_budget : float or None
    budget : pandas.DataFrame
        Per month: spend, budget, share of budget, highest alert level reached
        (50, 80 or 100 %); empty when no budget was given.
    gpu_flags : pandas.DataFrame
        GPU resources whose mean utilisation is under the target (70 % unless the spec says otherwise),
        with the cost of the unused share.
    idle : pandas.DataFrame
        Resources that cost money while their GPUs sat nearly unused (mean under 10 % unless set otherwise).
    anomalies : pandas.DataFrame
        Month-over-month changes of a project's category spend whose robust
        z-score (median and MAD of that series' changes) exceeds the limit (3.5 unless set otherwise)
        and that clear the materiality floor.
    split : pandas.DataFrame
        Share of spend per category against typical ranges.
    cost_per_prediction : pandas.DataFrame
        Dollars per 1,000 predictions per project and month (empty without a
        ``predictions`` column).
    by_category : pandas.DataFrame
        Long table ``month, category, cost``.
    notes : tuple of str
        What was changed on the way in (unknown categories, percent utilisation), then the
        materiality floor in words (see :meth:`floor_text`).
    provenance : Provenance
    spend, by_team, by_project : pandas.DataFrame or None
        The cleaned rows, and spend per month by team and by project (this session only; not in the JSON).
    min_change_dollars, min_change_share : float or None
        The materiality floor the anomalies cleared: dollars, and a share (0-1) of that month's
        total spend. None in results saved before the floor existed (their anomalies had none).
    immaterial : int or None
        Changes beyond the z-score limit left out because they were under the floor.
    """

    total_cost: float
    n_months: int
    monthly_budget: float | None
    budget: pd.DataFrame
    gpu_flags: pd.DataFrame
    idle: pd.DataFrame
    anomalies: pd.DataFrame
    split: pd.DataFrame
    cost_per_prediction: pd.DataFrame
    by_category: pd.DataFrame
    notes: tuple[str, ...]
    provenance: Provenance = json_field(compare=False)
    spend: pd.DataFrame | None = json_field(omit=True, compare=False)
    by_team: pd.DataFrame | None = json_field(omit=True, compare=False)
    by_project: pd.DataFrame | None = json_field(omit=True, compare=False)
    min_change_dollars: float | None = None
    min_change_share: float | None = None
    immaterial: int | None = None

    def floor_text(self) -> str:
        """The materiality floor of the anomalies in words (empty for a result saved without one)."""
        if self.min_change_dollars is None or self.min_change_share is None:
            return ""
        text = (
            f"Anomalies count only changes of at least ${self.min_change_dollars:,.0f} and "
            f"{self.min_change_share * 100:g} % of that month's total spend"
        )
        if self.immaterial:
            text += (
                f"; {self.immaterial} smaller change{'s' if self.immaterial != 1 else ''} with an unusual "
                f"z-score {'were' if self.immaterial != 1 else 'was'} left out"
            )
        return text + "."


def _month_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its ``month`` column as ``YYYY-MM`` text (how months are written and read back)."""
    if "month" not in frame.columns or not pd.api.types.is_datetime64_any_dtype(frame["month"]):
        return frame
    out = frame.copy()
    out["month"] = out["month"].dt.strftime("%Y-%m").astype(object)
    return out


def clean_spend(frame: pd.DataFrame, *, file: str = "spend file") -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Validate and normalise a spend export.

    Returns
    -------
    (pandas.DataFrame, tuple of str)
        Rows with parsed dates, a ``month`` column, lower-case categories
        (unknown ones mapped to ``other``), utilisation as a 0..1 share; and
        notes on what was changed.

    Raises
    ------
    InputError
        Empty file, missing columns, unparseable dates, non-numeric or
        negative costs or volumes, utilisation over 100 %.
    """
    if frame is None or len(frame) == 0:
        raise InputError("the spend file has no rows", file=file, expected="one row per resource and month")
    require_columns(frame, REQUIRED_COLUMNS, file=file, purpose="spend analyser")
    data = frame.copy()
    notes: list[str] = []
    text_dates = data["date"].astype("string")
    # ISO dates parse in one vectorised pass; only what is left goes through the slower per-value parser.
    dates = pd.to_datetime(text_dates, errors="coerce", format="ISO8601")
    if dates.isna().any():
        rest = dates.isna() & text_dates.notna()
        dates[rest] = pd.to_datetime(text_dates[rest], errors="coerce", format="mixed")
    bad = dates.isna()
    if bad.any():
        examples = ", ".join(repr(v) for v in text_dates[bad].head(3).tolist())
        raise InputError(
            f"{int(bad.sum())} date(s) do not parse (first at row {int(np.flatnonzero(bad.to_numpy())[0]) + 2})",
            file=file,
            column="date",
            expected="dates such as 2025-01-31",
            found=examples,
        )
    data["date"] = dates
    data["month"] = dates.dt.to_period("M").dt.to_timestamp()
    data["cost"] = _numbers(data["cost"], file=file, column="cost", unit="dollars", allow_missing=False)
    for column in ("team", "project", "resource"):
        data[column] = data[column].astype("string").fillna("(none)").str.strip()
    categories = data["category"].astype("string").str.strip().str.lower()
    unknown = sorted(set(categories.dropna()) - set(CATEGORIES))
    if unknown or categories.isna().any():
        shown = ", ".join(repr(c) for c in unknown[:5]) + (" and more" if len(unknown) > 5 else "")
        notes.append(
            f"Categories other than training, inference, data and other were counted as 'other': {shown or 'blank'}."
        )
    data["category"] = categories.where(categories.isin(CATEGORIES), "other").astype(str)
    if "gpu_utilisation" in data.columns:
        util = _numbers(
            data["gpu_utilisation"], file=file, column="gpu_utilisation", unit="a share", allow_missing=True
        )
        top = util.max(skipna=True)
        if pd.notna(top) and top > 1:
            if top > 100:
                raise InputError(
                    "GPU utilisation cannot exceed 100 %",
                    file=file,
                    column="gpu_utilisation",
                    expected="a share 0..1 or a percentage 0..100",
                    found=f"{top:g}",
                )
            notes.append("GPU utilisation looked like percentages (values above 1), so it was divided by 100.")
            util = util / 100
        data["gpu_utilisation"] = util
    if "predictions" in data.columns:
        data["predictions"] = _numbers(
            data["predictions"], file=file, column="predictions", unit="predictions", allow_missing=True
        )
    return data, tuple(notes)


def _numbers(series: pd.Series, *, file: str, column: str, unit: str, allow_missing: bool) -> pd.Series:
    values = pd.to_numeric(series, errors="coerce")
    not_numbers = values.isna() & series.notna()
    if not_numbers.any() or (not allow_missing and values.isna().any()):
        examples = series[not_numbers | values.isna()].head(3).tolist()
        raise InputError(
            "some values are not numbers", file=file, column=column, expected=f"numbers ({unit})", found=repr(examples)
        )
    if (values < 0).any():
        raise InputError(
            "values cannot be negative",
            file=file,
            column=column,
            expected=f"zero or more ({unit})",
            found=f"{float(values.min()):g} in {int((values < 0).sum())} row(s)",
        )
    return values.astype(float)


def robust_z(values: np.ndarray) -> np.ndarray:
    """Robust z-score ``0.6745 × (x − median) / MAD``.

    When more than half the values are equal the MAD is zero; the mean
    absolute deviation (scaled by 1.2533 to match a normal's standard
    deviation) stands in, so one spike in a flat series is still caught.
    All zeros when every value is the same.
    """
    values = np.asarray(values, dtype=float)
    median = np.median(values)
    deviations = np.abs(values - median)
    mad = np.median(deviations)
    if mad > 0:
        return 0.6745 * (values - median) / mad
    mean_ad = deviations.mean()
    if mean_ad == 0:
        return np.zeros_like(values)
    return (values - median) / (1.253314 * mean_ad)


def materiality_floor(spec: SpendSpec) -> tuple[float, float]:
    """The spec's materiality floor ``(dollars, share of the month's spend)``, or the documented defaults.

    Defaults: :data:`MIN_CHANGE_DOLLARS` ($1,000) and :data:`MIN_CHANGE_SHARE` (1 %). A spec that
    carries ``min_change_dollars`` / ``min_change_share`` fields sets its own.

    Examples
    --------
    >>> materiality_floor(SpendSpec())
    (1000.0, 0.01)
    """
    dollars = getattr(spec, "min_change_dollars", None)
    share = getattr(spec, "min_change_share", None)
    return (
        MIN_CHANGE_DOLLARS if dollars is None else float(dollars),
        MIN_CHANGE_SHARE if share is None else float(share),
    )


def run_spend(
    spec: SpendSpec,
    source: TableSource,
    *,
    provenance: Provenance | None = None,
    floor: tuple[float, float] | None = None,
) -> SpendAnalysis:
    """Analyse a monthly spend export (the ``spend_analysis`` kind).

    Parameters
    ----------
    spec : SpendSpec
        Budget and thresholds.
    source : TableSource
        The spend table, with its name and hash.
    provenance : Provenance, optional
        Defaults to the spec's, with the table's name and hash.
    floor : (float, float), optional
        Materiality floor of an anomaly, ``(dollars, share of that month's total spend)``;
        default :func:`materiality_floor` of the spec.

    Returns
    -------
    SpendAnalysis

    Raises
    ------
    InputError
        Bad file (see :func:`clean_spend`), or a negative floor or a share above 1.
    """
    dollars, share = floor if floor is not None else materiality_floor(spec)
    if not (np.isfinite(dollars) and dollars >= 0 and np.isfinite(share) and 0 <= share <= 1):
        raise InputError(
            "the materiality floor of an anomaly is out of range",
            expected="zero or more dollars, and a share of the month's spend from 0 to 1",
            found=f"${dollars:g} and {share:g}",
        )
    data, notes = clean_spend(source.frame, file=source.name)
    by = {
        group: _month_text(data.groupby(["month", group], as_index=False)["cost"].sum())
        for group in ("category", "team", "project")
    }
    monthly_total = data.groupby("month")["cost"].sum()
    anomalies, immaterial = _anomalies(data, spec.anomaly_z, monthly_total, dollars=dollars, share=share)
    analysis = SpendAnalysis(
        total_cost=float(data["cost"].sum()),
        n_months=int(monthly_total.size),
        monthly_budget=spec.monthly_budget,
        budget=_month_text(_budget_table(monthly_total, spec.monthly_budget)),
        gpu_flags=_gpu_flags(data, spec.gpu_target),
        idle=_idle(data, spec.idle_below),
        anomalies=_month_text(anomalies),
        split=_split(data),
        cost_per_prediction=_month_text(_cost_per_prediction(data)),
        by_category=by["category"],
        notes=notes,
        provenance=provenance or provenance_for(spec, {"data": source}),
        spend=data,
        by_team=by["team"],
        by_project=by["project"],
        min_change_dollars=float(dollars),
        min_change_share=float(share),
        immaterial=immaterial,
    )
    return replace(analysis, notes=(*notes, analysis.floor_text()))


def analyse_spend(
    frame: pd.DataFrame,
    *,
    monthly_budget: float | None = None,
    file: str = "spend file",
    input_sha256: str | None = None,
    min_change_dollars: float = MIN_CHANGE_DOLLARS,
    min_change_share: float = MIN_CHANGE_SHARE,
) -> SpendAnalysis:
    """Analyse a monthly spend export held in memory.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``date, team, project, category, resource, cost`` and
        optionally ``gpu_utilisation`` (0..1 or 0..100) and ``predictions``.
    monthly_budget : float, optional
        Dollars per month; alerts are raised at 50, 80 and 100 % of it.
    file : str
        File name for messages.
    input_sha256 : str, optional
        Hash of the file, recorded in the provenance.
    min_change_dollars, min_change_share : float
        Materiality floor of an anomaly: a change must move at least this many dollars and
        this share (0-1) of that month's total spend ($1,000 and 1 % by default).

    Returns
    -------
    SpendAnalysis

    Raises
    ------
    InputError
        Bad file (see :func:`clean_spend`) or a budget of zero or less.
    """
    return run_spend(
        SpendSpec(monthly_budget=monthly_budget),
        TableSource(frame, file, input_sha256),
        floor=(min_change_dollars, min_change_share),
    )


def _budget_table(monthly_total: pd.Series, budget: float | None) -> pd.DataFrame:
    if budget is None:
        return pd.DataFrame(columns=["month", "spend", "budget", "share", "alert_level"])
    share = monthly_total / budget
    level = [max((lv for lv in BUDGET_LEVELS if s >= lv), default=None) for s in share]
    return pd.DataFrame(
        {
            "month": monthly_total.index,
            "spend": monthly_total.to_numpy(),
            "budget": budget,
            "share": share.to_numpy(),
            "alert_level": [None if lv is None else int(lv * 100) for lv in level],
        }
    )


def _resource_utilisation(data: pd.DataFrame) -> pd.DataFrame:
    if "gpu_utilisation" not in data.columns:
        return pd.DataFrame(columns=["team", "project", "resource", "mean_utilisation", "months", "cost"])
    gpu = data.dropna(subset=["gpu_utilisation"])
    return gpu.groupby(["team", "project", "resource"], as_index=False).agg(
        mean_utilisation=("gpu_utilisation", "mean"),
        months=("month", "nunique"),
        cost=("cost", "sum"),
    )


def _gpu_flags(data: pd.DataFrame, target: float) -> pd.DataFrame:
    usage = _resource_utilisation(data)
    flagged = usage[usage["mean_utilisation"] < target].copy()
    # Paying for GPUs that sit unused: the unused share of their cost is the waste to win back.
    flagged["unused_cost"] = flagged["cost"] * (1 - flagged["mean_utilisation"])
    return flagged.sort_values("unused_cost", ascending=False).reset_index(drop=True)


def _idle(data: pd.DataFrame, below: float) -> pd.DataFrame:
    usage = _resource_utilisation(data)
    return usage[usage["mean_utilisation"] < below].sort_values("cost", ascending=False).reset_index(drop=True)


def _anomalies(
    data: pd.DataFrame, limit: float, monthly_total: pd.Series, *, dollars: float, share: float
) -> tuple[pd.DataFrame, int]:
    """Unusual month-over-month changes that clear the materiality floor, and how many did not."""
    columns = ["month", "team", "project", "category", "cost", "previous", "change", "robust_z"]
    keys = ["team", "project", "category"]
    series = data.groupby([*keys, "month"], as_index=False)["cost"].sum().sort_values([*keys, "month"])
    grouped = series.groupby(keys, sort=False)
    series["previous"] = grouped["cost"].shift(1)
    series["change"] = series["cost"] - series["previous"]
    # too few changes in a series to know what is typical: at least 3 are needed
    series["n_changes"] = grouped["change"].transform("count")
    changes = series.dropna(subset=["change"])
    changes = changes[changes["n_changes"] >= 3].copy()
    if changes.empty:
        return pd.DataFrame(columns=columns).astype({"month": "datetime64[ns]"}), 0
    changes["robust_z"] = _grouped_robust_z(changes, keys)
    unusual = changes[changes["robust_z"].abs() > limit]
    size = unusual["change"].abs()
    material = (size >= dollars) & (size >= share * unusual["month"].map(monthly_total).to_numpy())
    flagged = unusual[material][columns]
    flagged = flagged.sort_values("robust_z", key=np.abs, ascending=False).reset_index(drop=True)
    return flagged, int((~material).sum())


def _grouped_robust_z(changes: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """:func:`robust_z` of ``change`` within each group, with grouped medians (no Python loop)."""
    change = changes["change"]
    median = change.groupby([changes[k] for k in keys], sort=False).transform("median")
    deviation = (change - median).abs()
    by_group = deviation.groupby([changes[k] for k in keys], sort=False)
    mad, mean_ad = by_group.transform("median"), by_group.transform("mean")
    centred = (change - median).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(
            mad > 0,
            0.6745 * centred / mad.to_numpy(),
            np.where(mean_ad > 0, centred / (1.253314 * mean_ad.to_numpy()), 0.0),
        )
    return z


def _split(data: pd.DataFrame) -> pd.DataFrame:
    totals = data.groupby("category")["cost"].sum()
    grand = float(totals.sum())
    rows = []
    for category in CATEGORIES:
        cost = float(totals.get(category, 0.0))
        share = cost / grand * 100 if grand > 0 else 0.0
        low, high = TYPICAL_SPLIT.get(category, (None, None))
        if low is None or high is None:
            status = "no typical range"
        else:
            status = "below typical" if share < low else "above typical" if share > high else "typical"
        rows.append(
            {
                "category": category,
                "cost": cost,
                "share_pct": share,
                "typical_low": low,
                "typical_high": high,
                "status": status,
            }
        )
    return pd.DataFrame(rows)


def _cost_per_prediction(data: pd.DataFrame) -> pd.DataFrame:
    columns = ["month", "project", "cost", "predictions", "cost_per_1000"]
    if "predictions" not in data.columns:
        return pd.DataFrame(columns=columns)
    served = data[data["predictions"] > 0]
    table = served.groupby(["month", "project"], as_index=False).agg(
        cost=("cost", "sum"), predictions=("predictions", "sum")
    )
    table["cost_per_1000"] = table["cost"] / table["predictions"] * 1000
    return table[columns]
