"""Score the total-cost criterion from a saved ROI analysis.

Shapes read from the workspace: an analysis of kind ``"roi"`` whose ``results`` hold
``{"npv": {option_name: number, ...}}`` (what the ROI & Cost page saves) or
``{"options": {option_name: {"npv": number, ...}, ...}}``. Other keys are ignored;
an analysis without either shape offers nothing (no error).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lib.decision.matrix import SCORE_MAX, SCORE_MIN
from lib.store import Workspace


@dataclass(frozen=True)
class RoiScores:
    """Total-cost scores derived from NPVs."""

    analysis_id: int
    title: str
    npv: dict[str, float]
    scores: dict[str, float]


def npv_from_results(results: Mapping[str, object]) -> dict[str, float]:
    """Option -> NPV from an ROI analysis' results; empty when the shape is not there."""
    if not isinstance(results, Mapping):
        return {}
    candidates: dict[str, object] = {}
    by_option = results.get("npv")
    if isinstance(by_option, Mapping):
        candidates.update(by_option)
    options = results.get("options")
    if isinstance(options, Mapping):
        candidates.update({name: e.get("npv") for name, e in options.items() if isinstance(e, Mapping)})
    out = {}
    for name, value in candidates.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            out[str(name)] = float(value)
    return out


def scores_from_npv(npv: Mapping[str, float]) -> dict[str, float]:
    """Map NPVs linearly onto 1-5: the highest NPV scores 5, the lowest 1 (all 3 when equal)."""
    if not npv:
        return {}
    low, high = min(npv.values()), max(npv.values())
    if high - low <= 0:
        return {k: 3.0 for k in npv}
    return {k: SCORE_MIN + (SCORE_MAX - SCORE_MIN) * (v - low) / (high - low) for k, v in npv.items()}


def latest_roi_scores(options: Sequence[str], *, workspace: Workspace | None = None) -> RoiScores | None:
    """Scores for the options from the newest ROI analysis naming at least two of them.

    Only options present in both are scored; returns None when no saved ROI analysis fits.
    """
    space = workspace or Workspace()
    wanted = set(options)
    for summary in space.list(kind="roi"):
        npv = {k: v for k, v in npv_from_results(space.open(summary.id).results).items() if k in wanted}
        if len(npv) >= 2:
            return RoiScores(summary.id, summary.title, npv, scores_from_npv(npv))
    return None
