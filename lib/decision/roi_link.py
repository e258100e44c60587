"""Score the total-cost criterion from saved ROI analyses.

Shapes read from the workspace (through :meth:`lib.store.Workspace.open`):

- kind ``roi_options``: ``results["npv_by_option"]`` maps option name -> NPV;
- kind ``roi_case``: ``results["name"]`` and ``results["npv"]``, one option per analysis, so
  the newest case saved for each option is combined with the others;
- kind ``roi`` (workspaces saved before ROI analyses had specs): ``{"npv": {option: number}}``
  or ``{"options": {option: {"npv": number, ...}}}``.

Other keys are ignored; an analysis without a usable shape offers nothing (no error).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lib.decision.matrix import SCORE_MAX, SCORE_MIN
from lib.store import Workspace

ROI_KINDS = ("roi_options", "roi_case", "roi")


@dataclass(frozen=True)
class RoiScores:
    """Total-cost scores derived from NPVs.

    Attributes
    ----------
    analysis_id : int
        The newest saved analysis the NPVs come from.
    title : str
        Its title (the titles joined, when cases saved one by one are combined).
    npv : dict
        Option -> NPV.
    scores : dict
        Option -> score on 1-5 (highest NPV 5, lowest 1).
    analysis_ids : tuple of int
        Every saved analysis the NPVs come from.
    """

    analysis_id: int
    title: str
    npv: dict[str, float]
    scores: dict[str, float]
    analysis_ids: tuple[int, ...] = ()


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def npv_from_results(results: Mapping[str, object], *, kind: str = "roi") -> dict[str, float]:
    """Option -> NPV from an ROI analysis' results; empty when the shape is not there.

    Parameters
    ----------
    results : mapping
        The saved result's JSON.
    kind : str
        The saved analysis's kind: ``roi_options``, ``roi_case`` or the older ``roi``.

    Returns
    -------
    dict

    Examples
    --------
    >>> npv_from_results({"npv_by_option": {"Build": 1e6, "Buy": "n/a"}}, kind="roi_options")
    {'Build': 1000000.0}
    >>> npv_from_results({"name": "Buy", "npv": 2.5e5}, kind="roi_case")
    {'Buy': 250000.0}
    """
    if not isinstance(results, Mapping):
        return {}
    candidates: dict[str, object] = {}
    if kind == "roi_options":
        by_option = results.get("npv_by_option")
        if isinstance(by_option, Mapping):
            candidates.update(by_option)
    elif kind == "roi_case":
        name = results.get("name")
        if isinstance(name, str) and name.strip():
            candidates[name.strip()] = results.get("npv")
    else:
        by_option = results.get("npv")
        if isinstance(by_option, Mapping):
            candidates.update(by_option)
        options = results.get("options")
        if isinstance(options, Mapping):
            candidates.update({name: e.get("npv") for name, e in options.items() if isinstance(e, Mapping)})
    out = {}
    for name, value in candidates.items():
        number = _number(value)
        if number is not None:
            out[str(name)] = number
    return out


def scores_from_npv(npv: Mapping[str, float]) -> dict[str, float]:
    """Map NPVs linearly onto 1-5: the highest NPV scores 5, the lowest 1 (all 3 when equal).

    Examples
    --------
    >>> scores_from_npv({"Build": -100.0, "Buy": 100.0, "Partner": 0.0})
    {'Build': 1.0, 'Buy': 5.0, 'Partner': 3.0}
    """
    if not npv:
        return {}
    low, high = min(npv.values()), max(npv.values())
    if not high > low:
        return dict.fromkeys(npv, 3.0)
    # Halving first keeps the span finite for NPVs near the largest float.
    span = high / 2 - low / 2
    return {k: SCORE_MIN + (SCORE_MAX - SCORE_MIN) * (v / 2 - low / 2) / span for k, v in npv.items()}


def latest_roi_scores(options: Sequence[str], *, workspace: Workspace | None = None) -> RoiScores | None:
    """Scores for the options from the newest saved ROI evidence naming at least two of them.

    Analyses are read newest first. One that compares options (``roi_options``, or the
    older ``roi``) and names two or more of ``options`` is used on its own; single cases
    (``roi_case``) are gathered, the newest per option, until two or more options are covered.
    Only options present in both are scored.

    Parameters
    ----------
    options : sequence of str
        The matrix's options.
    workspace : Workspace, optional

    Returns
    -------
    RoiScores or None
        None when no saved ROI analysis fits.
    """
    space = workspace or Workspace()
    wanted = set(options)
    summaries = sorted(
        (s for kind in ROI_KINDS for s in space.list(kind=kind)),
        key=lambda s: (s.updated_at, s.id),
        reverse=True,
    )
    cases: dict[str, tuple[float, int, str]] = {}
    for summary in summaries:
        found = npv_from_results(space.open(summary.id).results, kind=summary.kind)
        npv = {k: v for k, v in found.items() if k in wanted}
        if summary.kind == "roi_case":
            for option, value in npv.items():
                cases.setdefault(option, (value, summary.id, summary.title))
            if len(cases) >= 2:
                return _combined(cases)
        elif len(npv) >= 2:
            return RoiScores(summary.id, summary.title, npv, scores_from_npv(npv), (summary.id,))
    return None


def _combined(cases: Mapping[str, tuple[float, int, str]]) -> RoiScores:
    npv = {option: value for option, (value, _, _) in cases.items()}
    ids = tuple(dict.fromkeys(analysis_id for _, analysis_id, _ in cases.values()))
    titles = " + ".join(dict.fromkeys(title for _, _, title in cases.values()))
    return RoiScores(ids[0], titles, npv, scores_from_npv(npv), ids)
