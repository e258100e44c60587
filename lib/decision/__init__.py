"""Build vs buy vs partner: a weighted decision matrix and how robust its winner is.

Modules: :mod:`matrix` (model and validation), :mod:`specs` (the ``decision`` and
``ahp_weights`` specs, with the decision record), :mod:`presets`, :mod:`weights`
(direct and AHP), :mod:`ranking`, :mod:`robustness` (flip points, Monte Carlo rank
acceptability, weight swings), :mod:`analysis` (running a spec), :mod:`report`
(report blocks), :mod:`analyses` (the registered kinds), :mod:`io` (MATRIX.csv /
MATRIX.json and judgement files), :mod:`charts`, :mod:`roi_link` (total-cost
scores from a saved ROI analysis).
"""

from lib.decision.analysis import DecisionResult, decide, run_ahp, run_decision, with_record
from lib.decision.io import matrix_to_csv, matrix_to_json, parse_weights_option, read_judgements, read_matrix
from lib.decision.matrix import DecisionMatrix, build_matrix
from lib.decision.presets import PRESETS, get_preset
from lib.decision.specs import AhpSpec, Criterion, DecisionNote, DecisionSpec, Judgement, ScoreSheet, spec_from_matrix
from lib.decision.weights import AhpResult, AhpWeights, ahp_weights, normalise_weights

__all__ = [
    "PRESETS",
    "AhpResult",
    "AhpSpec",
    "AhpWeights",
    "Criterion",
    "DecisionMatrix",
    "DecisionNote",
    "DecisionResult",
    "DecisionSpec",
    "Judgement",
    "ScoreSheet",
    "ahp_weights",
    "build_matrix",
    "decide",
    "get_preset",
    "matrix_to_csv",
    "matrix_to_json",
    "normalise_weights",
    "parse_weights_option",
    "read_judgements",
    "read_matrix",
    "run_ahp",
    "run_decision",
    "spec_from_matrix",
    "with_record",
]
