"""Build vs buy vs partner: a weighted decision matrix and how robust its winner is.

Modules: :mod:`matrix` (model and validation), :mod:`presets`, :mod:`weights`
(direct and AHP), :mod:`ranking`, :mod:`robustness` (flip points, Monte Carlo rank
acceptability, weight swings), :mod:`analysis` (one call for all), :mod:`io`
(MATRIX.csv / MATRIX.json), :mod:`record` (decision record), :mod:`charts`,
:mod:`roi_link` (total-cost scores from a saved ROI analysis).
"""

from lib.decision.analysis import DecisionResult, decide
from lib.decision.io import matrix_to_csv, matrix_to_json, parse_weights_option, read_matrix
from lib.decision.matrix import DecisionMatrix, build_matrix
from lib.decision.presets import PRESETS, get_preset
from lib.decision.record import DecisionRecord
from lib.decision.weights import AhpResult, ahp_weights, normalise_weights

__all__ = [
    "PRESETS",
    "AhpResult",
    "DecisionMatrix",
    "DecisionRecord",
    "DecisionResult",
    "ahp_weights",
    "build_matrix",
    "decide",
    "get_preset",
    "matrix_to_csv",
    "matrix_to_json",
    "normalise_weights",
    "parse_weights_option",
    "read_matrix",
]
