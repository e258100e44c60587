"""Running a decision spec: rank the options and measure how robust the leader is."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from lib.analysis import DataSource, Record, Result, json_meta, provenance_for
from lib.decision.matrix import DecisionMatrix
from lib.decision.ranking import METHOD, margin_of, rank, tied_first
from lib.decision.robustness import (
    DEFAULT_CONCENTRATION,
    DEFAULT_N_SIM,
    DEFAULT_SWING,
    FlipPoint,
    Swing,
    flip_points,
    rank_acceptability,
    weight_swings,
)
from lib.decision.specs import AhpSpec, DecisionNote, DecisionSpec, Judgement, spec_from_matrix
from lib.decision.weights import AhpResult, AhpWeights, ahp_weights, pairwise_from_judgements
from lib.provenance import Provenance


@dataclass(frozen=True)
class RankedOption(Record):
    """An option and its weighted score on the 1-5 scale."""

    option: str
    score: float


@dataclass(frozen=True)
class Simulation(Record):
    """How the rank acceptability was simulated."""

    n_sim: int
    concentration: float
    seed: int
    scores_varied: bool


@dataclass(frozen=True)
class Disagreement(Record):
    """A cell where the scorers' lowest and highest scores are 2 points or more apart."""

    option: str
    criterion: str
    low: float
    high: float


@dataclass(frozen=True)
class DecisionResult(Result):
    """Ranking, margin and robustness of a decision matrix, with the decision record when written.

    ``to_dict()`` is the command line's JSON: ``method``, ``ranking`` (``{option, score}`` best
    first), ``winner`` (null on a tie), ``runner_up``, ``margin``, ``tie`` and ``tied``,
    ``p_rank`` (option -> probabilities of ranks 1..k), ``flip`` (criterion -> signed change of its
    weight share that hands the lead to another option, or null), ``flip_detail``, ``weights``
    (normalised, as used), ``ahp`` (when the weights came from pairwise judgements),
    ``disagreements``, ``swings``, ``simulation``, ``matrix`` (the MATRIX.json layout, with the
    weights used), ``record`` and ``provenance``.
    """

    json_extras = ("winner", "runner_up", "tie", ("flip", "flip_by_criterion"))

    method: str
    ranking: tuple[RankedOption, ...]
    margin: float
    tied: tuple[str, ...]
    p_rank: dict[str, tuple[float, ...]]
    flips: tuple[FlipPoint, ...] = dataclasses.field(metadata=json_meta(name="flip_detail"))
    weights: dict[str, float]
    disagreements: tuple[Disagreement, ...]
    swings: tuple[Swing, ...]
    simulation: Simulation
    matrix: dict[str, Any]
    ahp: AhpWeights | None
    record: DecisionNote | None
    provenance: Provenance

    @property
    def tie(self) -> bool:
        """True when two or more options share the best score: there is no winner."""
        return len(self.tied) > 1

    @property
    def winner(self) -> str | None:
        """The option ranked first, or None on a tie."""
        return None if self.tie else self.ranking[0].option

    @property
    def runner_up(self) -> str | None:
        """The option ranked second, or None on a tie."""
        return None if self.tie else self.ranking[1].option

    @property
    def leader(self) -> str:
        """The option listed first among the best (the winner, or the first of the tied options)."""
        return self.ranking[0].option

    @property
    def chosen(self) -> str | None:
        """The option the record chose, else the winner (None on a tie nobody settled)."""
        if self.record is not None and self.record.chosen:
            return self.record.chosen
        return self.winner

    def flip_by_criterion(self) -> dict[str, float | None]:
        """Criterion -> the signed change of its weight share that hands the lead to another option."""
        return {f.criterion: f.change for f in self.flips}

    def p_first(self, option: str) -> float:
        """Share of simulations in which ``option`` ranked first."""
        return self.p_rank[option][0]

    @property
    def options(self) -> tuple[str, ...]:
        """The options in the matrix's order."""
        return tuple(self.matrix["options"])

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria in the matrix's order."""
        return tuple(c["name"] for c in self.matrix["criteria"])

    def scores(self) -> np.ndarray:
        """Mean scores, shape ``(n_options, n_criteria)``."""
        table = self.matrix["scores"]
        return np.array([[table[o][c] for c in self.criteria] for o in self.options], dtype=float)


def _ahp(spec: DecisionSpec | AhpSpec, criteria: tuple[str, ...], judgements: tuple[Judgement, ...]) -> AhpWeights:
    pairs = [(j.first, j.second, j.times) for j in judgements]
    return ahp_weights(pairwise_from_judgements(criteria, pairs), criteria, source=f"the {spec.kind} spec")


def _matrix_with_weights(spec: DecisionSpec) -> tuple[DecisionMatrix, AhpWeights | None]:
    matrix = spec.matrix()
    if spec.weighting != "ahp":
        return matrix, None
    weights = _ahp(spec, matrix.criteria, spec.judgements)
    # Criteria the AHP weights at exactly 0 cannot occur (the eigenvector is positive).
    return matrix.with_weights(list(weights.weight_vector)), weights


def matrix_as_ranked(spec: DecisionSpec) -> DecisionMatrix:
    """The spec's matrix with the weights the run uses (derived from the judgements under AHP).

    Parameters
    ----------
    spec : DecisionSpec

    Returns
    -------
    DecisionMatrix
    """
    return _matrix_with_weights(spec)[0]


def run_decision(spec: DecisionSpec, sources: Mapping[str, DataSource] | None = None) -> DecisionResult:
    """Rank the options of a decision spec by weighted sum and measure how robust the leader is.

    An exact tie at the top (e.g. every score equal) declares no winner: ``winner`` is None,
    ``tied`` names the options, flip points are null, and the simulations order tied
    options at random.

    Parameters
    ----------
    spec : DecisionSpec
    sources : mapping, optional
        Unused: the matrix is in the spec.

    Returns
    -------
    DecisionResult
    """
    matrix, ahp = _matrix_with_weights(spec)
    total, best_first = rank(matrix)
    tied = tuple(matrix.options[i] for i in tied_first(total))
    tie = len(tied) > 1
    if tie:
        flips = tuple(
            FlipPoint(c, float(w), None, None, None)
            for c, w in zip(matrix.criteria, matrix.normalised_weights, strict=True)
        )
    else:
        flips = flip_points(matrix)
    acceptability = rank_acceptability(
        matrix, n_sim=spec.n_sim, concentration=spec.concentration, seed=spec.seed, vary_scores=spec.vary_scores
    )
    return DecisionResult(
        method=METHOD if ahp is None else f"{METHOD} (weights from AHP pairwise judgements)",
        ranking=tuple(RankedOption(matrix.options[int(i)], float(total[int(i)])) for i in best_first),
        margin=0.0 if tie else margin_of(total, int(best_first[0])),
        tied=tied if tie else (),
        p_rank=acceptability.p_rank(),
        flips=flips,
        weights={c: float(w) for c, w in zip(matrix.criteria, matrix.normalised_weights, strict=True)},
        disagreements=tuple(Disagreement(**d) for d in matrix.disagreements()),
        swings=weight_swings(matrix, swing=spec.swing),
        simulation=Simulation(
            n_sim=acceptability.n_sim,
            concentration=acceptability.concentration,
            seed=acceptability.seed,
            scores_varied=acceptability.scores_varied,
        ),
        matrix=matrix.to_dict(),
        ahp=ahp,
        record=spec.record,
        provenance=provenance_for(spec, sources),
    )


def run_ahp(spec: AhpSpec, sources: Mapping[str, DataSource] | None = None) -> AhpResult:
    """Weights, consistency ratio and the judgement to revisit, from an AHP spec.

    Parameters
    ----------
    spec : AhpSpec
    sources : mapping, optional
        Unused.

    Returns
    -------
    AhpResult
    """
    weights = _ahp(spec, spec.criteria, spec.judgements)
    fields = {f.name: getattr(weights, f.name) for f in dataclasses.fields(AhpWeights)}
    return AhpResult(**fields, provenance=provenance_for(spec, sources))


def with_record(
    spec: DecisionSpec, result: DecisionResult, record: DecisionNote | None
) -> tuple[DecisionSpec, DecisionResult]:
    """Attach a decision record to a spec and its result without re-running the simulation.

    The record does not change any figure, so the page runs the matrix once and adds what
    the user writes; the provenance then lists the spec with its record, as a re-run would.

    Parameters
    ----------
    spec : DecisionSpec
        The spec that made ``result``.
    result : DecisionResult
    record : DecisionNote or None

    Returns
    -------
    (DecisionSpec, DecisionResult)
    """
    noted = spec.replace(record=record)
    provenance = dataclasses.replace(result.provenance, parameters=noted.to_dict())
    return noted, dataclasses.replace(result, record=record, provenance=provenance)


def decide(
    matrix: DecisionMatrix,
    *,
    n_sim: int = DEFAULT_N_SIM,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
    swing: float = DEFAULT_SWING,
    vary_scores: bool = True,
) -> DecisionResult:
    """Rank a matrix's options by weighted sum and measure the winner's robustness.

    A thin wrapper: builds the :class:`DecisionSpec` of ``matrix`` and runs it.

    Parameters
    ----------
    matrix : DecisionMatrix
    n_sim : int
        Monte Carlo simulations for rank acceptability (1 to 50,000).
    concentration : float
        Dirichlet concentration around the chosen weights.
    seed : int
        Random seed.
    swing : float
        Relative weight swing for the tornado chart (0.5 = ±50 % of each weight).
    vary_scores : bool
        Draw scores within the scorers' spread in the simulation.

    Returns
    -------
    DecisionResult

    Examples
    --------
    >>> from lib.decision import build_matrix
    >>> m = build_matrix(["Build", "Buy"], ["edge", "cost"], [3, 1], [[5, 2], [2, 5]])
    >>> result = decide(m, n_sim=100)
    >>> result.winner, round(result.margin, 2)
    ('Build', 1.5)
    """
    spec = spec_from_matrix(
        matrix, n_sim=n_sim, concentration=concentration, seed=seed, swing=swing, vary_scores=vary_scores
    )
    return run_decision(spec)
