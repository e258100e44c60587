"""Bias audits: group metrics, Fairlearn-named disparities with bootstrap intervals, verdicts.

Everything is derived from per-group confusion counts, counted once; see
:func:`audit` for the entry point.
"""

from lib.fairness._audit import audit, audit_arrays, audit_counts, run_audit
from lib.fairness._bootstrap import percentile_interval, resample_counts
from lib.fairness._calibration import CalibrationResult
from lib.fairness._charts import (
    calibration_chart,
    disparity_chart,
    metric_by_group_chart,
    mitigation_chart,
    threshold_chart,
    tradeoff_chart,
)
from lib.fairness._counts import (
    MAX_AUDIT_GROUPS,
    MAX_DEFAULT_GROUPS,
    confusion_counts,
    count_groups,
    default_sensitive,
    encode_groups,
)
from lib.fairness._criteria import CriteriaSummary, criteria_summary
from lib.fairness._disparity import DISPARITIES, difference, disparity, ratio
from lib.fairness._explorer import ThresholdSweep, explore_thresholds, run_sweep
from lib.fairness._gate import GateCheck, GateResult, release_gate
from lib.fairness._glossary import GLOSSARY, MetricAdvice, glossary_frame, recommend_metrics
from lib.fairness._metrics import METRIC_NAMES, metrics_from_counts
from lib.fairness._mitigation import SENSITIVE_USE_WARNING, MitigationResult, mitigate, run_mitigation
from lib.fairness._report import (
    audit_report,
    calibration_blocks,
    calibration_table,
    criteria_blocks,
    fair_band_text,
    gate_verdict,
    groups_report_table,
    interval_text,
    mitigation_report,
    sweep_report,
)
from lib.fairness._results import AuditResult, DisparityResult, GroupResult, ReferenceRatio
from lib.fairness._specs import (
    CONSTRAINTS,
    DEFAULT_MAX_DIFFERENCE,
    DEFAULT_MIN_GROUP_SIZE,
    DEFAULT_MIN_RATIO,
    DEFAULT_N_BOOT,
    MAX_N_BOOT,
    AuditSpec,
    MitigationSpec,
    SweepSpec,
)
from lib.fairness._verdict import FAIL, INSUFFICIENT, PASS, judge

__all__ = [
    "CONSTRAINTS",
    "DEFAULT_MAX_DIFFERENCE",
    "DEFAULT_MIN_GROUP_SIZE",
    "DEFAULT_MIN_RATIO",
    "DEFAULT_N_BOOT",
    "DISPARITIES",
    "FAIL",
    "GLOSSARY",
    "INSUFFICIENT",
    "MAX_AUDIT_GROUPS",
    "MAX_DEFAULT_GROUPS",
    "MAX_N_BOOT",
    "METRIC_NAMES",
    "PASS",
    "SENSITIVE_USE_WARNING",
    "AuditResult",
    "AuditSpec",
    "CalibrationResult",
    "CriteriaSummary",
    "DisparityResult",
    "GateCheck",
    "GateResult",
    "GroupResult",
    "MetricAdvice",
    "MitigationResult",
    "MitigationSpec",
    "ReferenceRatio",
    "SweepSpec",
    "ThresholdSweep",
    "audit",
    "audit_arrays",
    "audit_counts",
    "audit_report",
    "calibration_blocks",
    "calibration_chart",
    "calibration_table",
    "confusion_counts",
    "count_groups",
    "criteria_blocks",
    "criteria_summary",
    "default_sensitive",
    "difference",
    "disparity",
    "disparity_chart",
    "encode_groups",
    "explore_thresholds",
    "fair_band_text",
    "gate_verdict",
    "glossary_frame",
    "groups_report_table",
    "interval_text",
    "judge",
    "metric_by_group_chart",
    "metrics_from_counts",
    "mitigate",
    "mitigation_chart",
    "mitigation_report",
    "percentile_interval",
    "ratio",
    "recommend_metrics",
    "release_gate",
    "resample_counts",
    "run_audit",
    "run_mitigation",
    "run_sweep",
    "sweep_report",
    "threshold_chart",
    "tradeoff_chart",
]
