"""Launch planner: is ML the right tool, what the model is worth, how to test it, how to roll it out.

Five analysis kinds (see :mod:`lib.launch.analyses`): ``launch_framing`` (the framing record with
readiness checks), ``model_value`` (confusion-matrix economics by threshold), ``abtest_design``
(sample size, duration, MDE), ``abtest_readout`` (effect, interval, sample-ratio check, decision)
and ``rollout_plan`` (staged rollout with checks and rollback criteria).

Names load on first use.
"""

from typing import TYPE_CHECKING

from lib.lazy import lazy_exports

if TYPE_CHECKING:
    from lib.launch._charts import readout_chart, sample_size_chart, signal_chart, timeline_chart, value_chart
    from lib.launch._design import DesignResult, DesignSpec, GuardrailDesign, GuardrailPlan, run_design
    from lib.launch._framing import (
        DECISIONS,
        DOORS,
        OUTPUT_TYPES,
        FeatureSignal,
        FramingResult,
        FramingSpec,
        ReadinessCheck,
        rank_auc,
        run_framing,
    )
    from lib.launch._handoff import roi_case_spec, roi_prefill
    from lib.launch._readout import (
        SRM_THRESHOLD,
        ArmStats,
        GuardrailReadout,
        ReadoutGuardrail,
        ReadoutResult,
        ReadoutSpec,
        run_readout,
        srm_p_value,
    )
    from lib.launch._report import (
        design_report,
        framing_report,
        money,
        readout_report,
        rollout_report,
        value_report,
    )
    from lib.launch._rollout import DEFAULT_STAGES, RolloutGuardrail, RolloutResult, RolloutSpec, StagePlan, run_rollout
    from lib.launch._stats import (
        closed_form_n,
        mde_for_means,
        mde_for_proportions,
        msprt_half_width,
        msprt_p_value,
        n_for_means,
        n_for_proportions,
    )
    from lib.launch._value import (
        MAX_N_BOOT,
        BaselineValue,
        Confusion,
        ValueResult,
        ValueSpec,
        confusion_from_precision_recall,
        run_value,
        value_of_counts,
    )

_MODULES = {
    "lib.launch._charts": ("readout_chart", "sample_size_chart", "signal_chart", "timeline_chart", "value_chart"),
    "lib.launch._design": ("DesignResult", "DesignSpec", "GuardrailDesign", "GuardrailPlan", "run_design"),
    "lib.launch._framing": (
        "DECISIONS", "DOORS", "OUTPUT_TYPES", "FeatureSignal", "FramingResult", "FramingSpec", "ReadinessCheck",
        "rank_auc", "run_framing",
    ),
    "lib.launch._handoff": ("roi_case_spec", "roi_prefill"),
    "lib.launch._readout": (
        "SRM_THRESHOLD", "ArmStats", "GuardrailReadout", "ReadoutGuardrail", "ReadoutResult", "ReadoutSpec",
        "run_readout", "srm_p_value",
    ),
    "lib.launch._report": (
        "design_report", "framing_report", "money", "readout_report", "rollout_report", "value_report",
    ),
    "lib.launch._rollout": (
        "DEFAULT_STAGES", "RolloutGuardrail", "RolloutResult", "RolloutSpec", "StagePlan", "run_rollout",
    ),
    "lib.launch._stats": (
        "closed_form_n", "mde_for_means", "mde_for_proportions", "msprt_half_width", "msprt_p_value",
        "n_for_means", "n_for_proportions",
    ),
    "lib.launch._value": (
        "MAX_N_BOOT", "BaselineValue", "Confusion", "ValueResult", "ValueSpec", "confusion_from_precision_recall",
        "run_value", "value_of_counts",
    ),
}  # fmt: skip
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DECISIONS",
    "DEFAULT_STAGES",
    "DOORS",
    "MAX_N_BOOT",
    "OUTPUT_TYPES",
    "SRM_THRESHOLD",
    "ArmStats",
    "BaselineValue",
    "Confusion",
    "DesignResult",
    "DesignSpec",
    "FeatureSignal",
    "FramingResult",
    "FramingSpec",
    "GuardrailDesign",
    "GuardrailPlan",
    "GuardrailReadout",
    "ReadinessCheck",
    "ReadoutGuardrail",
    "ReadoutResult",
    "ReadoutSpec",
    "RolloutGuardrail",
    "RolloutResult",
    "RolloutSpec",
    "StagePlan",
    "ValueResult",
    "ValueSpec",
    "closed_form_n",
    "confusion_from_precision_recall",
    "design_report",
    "framing_report",
    "mde_for_means",
    "mde_for_proportions",
    "money",
    "msprt_half_width",
    "msprt_p_value",
    "n_for_means",
    "n_for_proportions",
    "rank_auc",
    "readout_chart",
    "readout_report",
    "roi_case_spec",
    "roi_prefill",
    "rollout_report",
    "run_design",
    "run_framing",
    "run_readout",
    "run_rollout",
    "run_value",
    "sample_size_chart",
    "signal_chart",
    "srm_p_value",
    "timeline_chart",
    "value_chart",
    "value_of_counts",
    "value_report",
]
