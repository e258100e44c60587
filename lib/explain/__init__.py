"""Explain: SHAP explanations for models trained here, uploaded skops models, and bare outputs.

Every result states its explainer and output space and checks that SHAP values
add up (base value + sum of SHAP values = model output).
"""

from lib.explain._explainers import ShapValues, compute_shap, stratified_sample
from lib.explain._features import FeatureEncoder, default_features, fit_encoder, identifier_like_columns
from lib.explain._models import check_model_file, load_model, untrusted_types
from lib.explain._results import ADDITIVITY_TOLERANCE, ExplanationResult, GapDecomposition
from lib.explain._run import explain_outputs, explain_trained, explain_uploaded
from lib.explain._surrogate import fit_surrogate
from lib.explain._training import TrainedModel, prepare_target, train_model

__all__ = [
    "ADDITIVITY_TOLERANCE",
    "ExplanationResult",
    "FeatureEncoder",
    "GapDecomposition",
    "ShapValues",
    "TrainedModel",
    "check_model_file",
    "compute_shap",
    "default_features",
    "explain_outputs",
    "explain_trained",
    "explain_uploaded",
    "fit_encoder",
    "fit_surrogate",
    "identifier_like_columns",
    "load_model",
    "prepare_target",
    "stratified_sample",
    "train_model",
    "untrusted_types",
]
