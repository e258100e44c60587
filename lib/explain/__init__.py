"""Explain: SHAP explanations for models trained here, uploaded skops models, and bare outputs.

Every result states its explainer and output space and checks that SHAP values
add up (base value + sum of SHAP values = model output). :class:`ExplainSpec`
holds every parameter of a run; :func:`run_explain` runs it (the ``explain``
analysis kind), and :func:`explanation_report` is its report.

Names load on first use, so commands that need none of them start fast.
"""

from typing import TYPE_CHECKING

from lib.lazy import lazy_exports

if TYPE_CHECKING:
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
        explain_outputs,
        explain_trained,
        explain_uploaded,
        run_explain,
        with_groups,
    )
    from lib.explain._specs import (
        MAX_COHORT_GROUPS,
        MAX_ROWS,
        MODEL_FAMILIES,
        WAYS_IN,
        ExplainSpec,
        ModelFamily,
        Task,
        WayIn,
    )
    from lib.explain._surrogate import fit_surrogate
    from lib.explain._training import MODEL_NAMES, TrainedModel, prepare_target, train_model

_EXPORTS = {
    "ADDITIVITY_TOLERANCE": "lib.explain._results",
    "CohortGroup": "lib.explain._results",
    "CohortImportance": "lib.explain._results",
    "ExplainSpec": "lib.explain._specs",
    "ExplanationResult": "lib.explain._results",
    "FeatureEncoder": "lib.explain._features",
    "GapDecomposition": "lib.explain._results",
    "MAX_CHART_ROWS": "lib.explain._charts",
    "MAX_COHORT_GROUPS": "lib.explain._specs",
    "MAX_ROWS": "lib.explain._specs",
    "MODEL_FAMILIES": "lib.explain._specs",
    "MODEL_NAMES": "lib.explain._training",
    "ModelFamily": "lib.explain._specs",
    "PerRow": "lib.explain._results",
    "ShapValues": "lib.explain._explainers",
    "Task": "lib.explain._specs",
    "TrainedModel": "lib.explain._training",
    "WAYS_IN": "lib.explain._specs",
    "WayIn": "lib.explain._specs",
    "additivity_sentence": "lib.explain._report",
    "beeswarm_chart": "lib.explain._charts",
    "beeswarm_points": "lib.explain._charts",
    "check_model_file": "lib.explain._models",
    "cohort_chart": "lib.explain._charts",
    "compute_shap": "lib.explain._explainers",
    "default_features": "lib.explain._features",
    "dependence_chart": "lib.explain._charts",
    "explain_outputs": "lib.explain._run",
    "explain_trained": "lib.explain._run",
    "explain_uploaded": "lib.explain._run",
    "explanation_report": "lib.explain._report",
    "explanation_result": "lib.explain._results",
    "fidelity_frame": "lib.explain._report",
    "fit_encoder": "lib.explain._features",
    "fit_surrogate": "lib.explain._surrogate",
    "gap_chart": "lib.explain._charts",
    "gap_frame": "lib.explain._report",
    "gap_sentence": "lib.explain._report",
    "identifier_like_columns": "lib.explain._features",
    "importance_chart": "lib.explain._charts",
    "load_model": "lib.explain._models",
    "metrics_frame": "lib.explain._report",
    "prepare_target": "lib.explain._training",
    "run_explain": "lib.explain._run",
    "stratified_sample": "lib.explain._explainers",
    "strongest_interaction": "lib.explain._charts",
    "train_model": "lib.explain._training",
    "untrusted_types": "lib.explain._models",
    "values_csv": "lib.explain._report",
    "waterfall_chart": "lib.explain._charts",
    "with_groups": "lib.explain._run",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

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
