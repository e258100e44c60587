"""Explain: SHAP explanations for models trained here, uploaded skops models, and bare outputs.

Every result states its explainer and output space and checks that SHAP values
add up (base value + sum of SHAP values = model output). :class:`ExplainSpec`
holds every parameter of a run; :func:`run_explain` runs it (the ``explain``
analysis kind), and :func:`explanation_report` is its report.
"""

from lib.explain._charts import (
    MAX_CHART_ROWS,
    beeswarm_chart,
    beeswarm_points,
    cohort_chart,
    dependence_chart,
    gap_chart,
    importance_chart,
    strongest_interaction,
    waterfall_chart,
)
from lib.explain._explainers import ShapValues, compute_shap, stratified_sample
from lib.explain._features import FeatureEncoder, default_features, fit_encoder, identifier_like_columns
from lib.explain._models import check_model_file, load_model, untrusted_types
from lib.explain._report import (
    additivity_sentence,
    explanation_report,
    fidelity_frame,
    gap_frame,
    gap_sentence,
    metrics_frame,
    values_csv,
)
from lib.explain._results import (
    ADDITIVITY_TOLERANCE,
    CohortGroup,
    CohortImportance,
    ExplanationResult,
    GapDecomposition,
    PerRow,
    explanation_result,
)
from lib.explain._run import (
    MAX_COHORT_GROUPS,
    explain_outputs,
    explain_trained,
    explain_uploaded,
    run_explain,
    with_groups,
)
from lib.explain._specs import MAX_ROWS, MODEL_FAMILIES, WAYS_IN, ExplainSpec, ModelFamily, Task, WayIn
from lib.explain._surrogate import fit_surrogate
from lib.explain._training import MODEL_NAMES, TrainedModel, prepare_target, train_model

__all__ = [
    "ADDITIVITY_TOLERANCE",
    "MAX_CHART_ROWS",
    "MAX_COHORT_GROUPS",
    "MAX_ROWS",
    "MODEL_FAMILIES",
    "MODEL_NAMES",
    "WAYS_IN",
    "CohortGroup",
    "CohortImportance",
    "ExplainSpec",
    "ExplanationResult",
    "FeatureEncoder",
    "GapDecomposition",
    "ModelFamily",
    "PerRow",
    "ShapValues",
    "Task",
    "TrainedModel",
    "WayIn",
    "additivity_sentence",
    "beeswarm_chart",
    "beeswarm_points",
    "check_model_file",
    "cohort_chart",
    "compute_shap",
    "default_features",
    "dependence_chart",
    "explain_outputs",
    "explain_trained",
    "explain_uploaded",
    "explanation_report",
    "explanation_result",
    "fidelity_frame",
    "fit_encoder",
    "fit_surrogate",
    "gap_chart",
    "gap_frame",
    "gap_sentence",
    "identifier_like_columns",
    "importance_chart",
    "load_model",
    "metrics_frame",
    "prepare_target",
    "run_explain",
    "stratified_sample",
    "strongest_interaction",
    "train_model",
    "untrusted_types",
    "values_csv",
    "waterfall_chart",
    "with_groups",
]
