"""Score the total-cost criterion from saved ROI analyses: the present value of costs, never NPV.

NPV counts benefits, which Build vs Buy scores under other criteria; scoring cost from it would
count them twice. So the cost criterion reads the **present value of costs only** (running,
one-time and capital costs discounted at the case's rate; see :data:`lib.roi.PV_COST`) and maps
it onto 1-5 with a stated value function over a stated range, the same for every option:

    score = 5 - 4 × PV of costs / ceiling, kept within 1..5

so no cost scores 5 and a cost at or above the ceiling scores 1; two options $10K apart on a
$1M ceiling score 0.04 apart, not 1 and 5. The ceiling is the most the decision would consider
spending; it defaults to 1.5 times the dearest option, rounded up to 1, 2 or 5 times a power of ten.

Where the costs come from: ``pv_cost_by_option`` (kind ``roi_options``) or ``pv_cost`` (kind
``roi_case``) in the saved result, or, for results saved before those keys, the saved spec run
again. Older ``roi`` analyses hold NPVs only and cannot score cost.

The NPV readers below (:func:`npv_from_results`, :func:`latest_roi_scores`) remain for pages that
show NPVs; they are not used for the cost criterion.

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
from dataclasses import dataclass, field

from lib.decision.matrix import SCORE_MAX, SCORE_MIN
from lib.errors import InputError
from lib.store import Workspace

ROI_KINDS = ("roi_options", "roi_case", "roi")
COST_KINDS = ("roi_options", "roi_case")


def value_function_text(ceiling: float) -> str:
    """The mapping from present value of costs to a 1-5 score, in words."""
    return (
        f"score = 5 - 4 × PV of costs / ${ceiling:,.0f}, kept within 1 to 5: no cost scores 5, "
        f"${ceiling / 2:,.0f} scores 3, ${ceiling:,.0f} or more scores 1"
    )


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

    Not for the cost criterion (see the module's notes): use :func:`score_costs`.

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


@dataclass(frozen=True)
class CostScores:
    """Total-cost scores from the present value of costs, through a stated value function.

    Attributes
    ----------
    analysis_id : int
        The newest saved analysis the costs come from.
    title : str
        Its title (the titles joined, when cases saved one by one are combined).
    pv_cost : dict
        Option -> present value of its costs, dollars.
    scores : dict
        Option -> score on 1-5 (see :func:`score_costs`).
    ceiling : float
        The cost that scores 1 (the top of the stated range; the bottom is $0).
    mapping : str
        The value function in words.
    analysis_ids : tuple of int
        Every saved analysis the costs come from.
    npv : dict
        Option -> NPV, shown for information only.
    """

    analysis_id: int
    title: str
    pv_cost: dict[str, float]
    scores: dict[str, float]
    ceiling: float
    mapping: str
    analysis_ids: tuple[int, ...] = ()
    npv: dict[str, float] = field(default_factory=dict)


def default_ceiling(costs: Mapping[str, float]) -> float:
    """1.5 times the dearest option, rounded up to 1, 2 or 5 times a power of ten ($1 at least).

    Examples
    --------
    >>> default_ceiling({"Build": 1.2e6, "Buy": 4e5})
    2000000.0
    >>> default_ceiling({"Build": 3e5})
    500000.0
    """
    top = max([*costs.values(), 0.0]) * 1.5
    if top <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 5, 10):
        if step * power >= top:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def score_costs(costs: Mapping[str, float], *, ceiling: float) -> dict[str, float]:
    """Map present values of costs onto 1-5: ``5 - 4 × cost / ceiling``, kept within 1..5.

    Parameters
    ----------
    costs : mapping
        Option -> PV of costs, dollars (zero or more).
    ceiling : float
        The cost that scores 1 (above zero).

    Returns
    -------
    dict

    Examples
    --------
    >>> score_costs({"Build": 1_000_000.0, "Buy": 990_000.0, "Free": 0.0}, ceiling=2_000_000.0)
    {'Build': 3.0, 'Buy': 3.02, 'Free': 5.0}
    """
    if not (isinstance(ceiling, (int, float)) and math.isfinite(ceiling) and ceiling > 0):
        raise InputError("the cost ceiling must be above zero", expected="dollars above 0", found=repr(ceiling)[:40])
    return {
        k: round(min(SCORE_MAX, max(SCORE_MIN, SCORE_MAX - (SCORE_MAX - SCORE_MIN) * v / ceiling)), 4)
        for k, v in costs.items()
    }


def _saved_costs(results: Mapping[str, object], parameters: Mapping[str, object] | None, kind: str) -> dict[str, float]:
    """Option -> PV of costs from a saved ROI result, or from its spec run again when the result predates the key."""
    found: dict[str, object] = {}
    by_option = results.get("pv_cost_by_option")
    if kind == "roi_options" and isinstance(by_option, Mapping):
        found.update({str(k): v for k, v in by_option.items()})
    elif kind == "roi_case" and "pv_cost" in results and isinstance(results.get("name"), str):
        found[str(results["name"]).strip()] = results.get("pv_cost")
    elif parameters and parameters.get("kind") == kind:
        from lib.analysis import spec_from_dict
        from lib.roi import CaseSpec, OptionsSpec, pv_cost_of

        try:
            spec = spec_from_dict(parameters)
            cases = spec.cases() if isinstance(spec, OptionsSpec) else (spec,) if isinstance(spec, CaseSpec) else ()
            found.update({case.name: pv_cost_of(case) for case in cases})
        except (InputError, TypeError, ValueError):
            return {}
    return {str(k): n for k, v in found.items() if (n := _number(v)) is not None and n >= 0}


def latest_cost_scores(
    options: Sequence[str], *, workspace: Workspace | None = None, ceiling: float | None = None
) -> CostScores | None:
    """Cost scores for the options from the newest saved ROI analysis with costs for at least two of them.

    Analyses are read newest first: one comparing options (``roi_options``) that covers two or more
    of ``options`` is used on its own; single cases (``roi_case``) are gathered, the newest per
    option, until two or more options are covered.

    Parameters
    ----------
    options : sequence of str
        The matrix's options.
    workspace : Workspace, optional
    ceiling : float, optional
        The cost that scores 1; defaults to :func:`default_ceiling` of the costs found.

    Returns
    -------
    CostScores or None
        None when no saved ROI analysis has costs for two of the options.
    """
    space = workspace or Workspace()
    wanted = set(options)
    summaries = sorted(
        (s for kind in COST_KINDS for s in space.list(kind=kind)), key=lambda s: (s.updated_at, s.id), reverse=True
    )
    cases: dict[str, tuple[float, float | None, int, str]] = {}
    for summary in summaries:
        saved = space.open(summary.id)
        results = saved.results if isinstance(saved.results, Mapping) else {}
        parameters = saved.spec if isinstance(getattr(saved, "spec", None), Mapping) else saved.parameters
        costs = {k: v for k, v in _saved_costs(results, parameters, summary.kind).items() if k in wanted}
        npv = npv_from_results(results, kind=summary.kind)
        if summary.kind == "roi_case":
            for option, value in costs.items():
                cases.setdefault(option, (value, npv.get(option), summary.id, summary.title))
            if len(cases) >= 2:
                ids = tuple(dict.fromkeys(i for _, _, i, _ in cases.values()))
                titles = " + ".join(dict.fromkeys(t for _, _, _, t in cases.values()))
                found = {o: c for o, (c, _, _, _) in cases.items()}
                values = {o: n for o, (_, n, _, _) in cases.items() if n is not None}
                return _cost_scores(ids, titles, found, values, ceiling)
        elif len(costs) >= 2:
            return _cost_scores(
                (summary.id,), summary.title, costs, {k: v for k, v in npv.items() if k in costs}, ceiling
            )
    return None


def _cost_scores(
    ids: tuple[int, ...], title: str, costs: dict[str, float], npv: dict[str, float], ceiling: float | None
) -> CostScores:
    top = default_ceiling(costs) if ceiling is None else float(ceiling)
    return CostScores(ids[0], title, costs, score_costs(costs, ceiling=top), top, value_function_text(top), ids, npv)
