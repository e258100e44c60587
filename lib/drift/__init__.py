"""Monitoring: data and prediction drift over time and by segment, and performance before labels arrive.

Every statistic comes from binned counts (so a database could feed them), every
effect size has a bootstrap interval, verdicts weigh the interval against a
materiality threshold, and p-values are adjusted together (Benjamini-Hochberg).
See :func:`run_drift` for the entry point.

Names load on first use (the command line starts without scipy).
"""

from typing import TYPE_CHECKING

from lib.lazy import lazy_exports

if TYPE_CHECKING:
    from lib.drift._binning import (
        FINE_BINS,
        MAX_CATEGORIES,
        ColumnBinning,
        binning_from_counts,
        binning_from_sample,
        categorical_binning,
        categorical_slots,
        numeric_binning,
        numeric_slots,
    )
    from lib.drift._bootstrap import resample, shifted_interval
    from lib.drift._charts import distribution_chart, overview_chart, performance_chart, time_chart
    from lib.drift._compute import ColumnCells, Layout, cell_statistics, compare_arrays, stack_cells
    from lib.drift._fdr import benjamini_hochberg
    from lib.drift._glossary import GLOSSARY, conventions_frame, glossary_frame
    from lib.drift._inputs import MAX_CHUNKS, MAX_SEGMENTS, period_chunks, period_keys, segment_codes
    from lib.drift._performance import (
        CALIBRATION_TOLERANCE,
        METRICS,
        CalibrationCheck,
        ChunkPerformance,
        CostRange,
        GroupEstimate,
        PerformanceResult,
        binned_auc,
        calibration_check,
        confusion_metrics,
        drift_cost,
    )
    from lib.drift._report import (
        columns_table,
        drift_report,
        fairness_table,
        gate_verdict,
        interval_text,
        performance_blocks,
        segments_table,
        time_table,
    )
    from lib.drift._results import STATISTICS, Cell, ChunkResult, ColumnResult, DriftGate, DriftResult, SegmentResult
    from lib.drift._run import Tally, assemble_drift, compare_counts, run_drift
    from lib.drift._simulate import simulate_drift, simulate_scores
    from lib.drift._specs import (
        CHUNK_PERIODS,
        DEFAULT_BINS,
        DEFAULT_JS_THRESHOLD,
        DEFAULT_MIN_ROWS,
        DEFAULT_N_BOOT,
        DEFAULT_PSI_THRESHOLD,
        DEFAULT_PSI_WATCH,
        DEFAULT_WASSERSTEIN_THRESHOLD,
        MAX_BINS,
        MAX_N_BOOT,
        DriftSpec,
    )
    from lib.drift._stats import (
        PSI_FLOOR,
        chi2_homogeneity,
        js_distance,
        ks_pvalue,
        ks_statistic,
        psi,
        wasserstein_binned,
    )
    from lib.drift._verdict import DRIFT, INSUFFICIENT, NO_DRIFT, VERDICTS, judge

_EXPORTS = {
    **dict.fromkeys(
        ("FINE_BINS", "MAX_CATEGORIES", "ColumnBinning", "categorical_binning", "numeric_binning"), "lib.drift._binning"
    ),
    **dict.fromkeys(("resample", "shifted_interval"), "lib.drift._bootstrap"),
    **dict.fromkeys(("distribution_chart", "overview_chart", "performance_chart", "time_chart"), "lib.drift._charts"),
    "benjamini_hochberg": "lib.drift._fdr",
    **dict.fromkeys(("binning_from_counts", "binning_from_sample"), "lib.drift._binning"),
    "stack_cells": "lib.drift._compute",
    **dict.fromkeys(
        ("MAX_CHUNKS", "MAX_SEGMENTS", "period_chunks", "period_keys", "segment_codes"), "lib.drift._inputs"
    ),
    **dict.fromkeys(("Tally", "assemble_drift"), "lib.drift._run"),
    **dict.fromkeys(("GLOSSARY", "conventions_frame", "glossary_frame"), "lib.drift._glossary"),
    **dict.fromkeys(
        (
            "CALIBRATION_TOLERANCE",
            "METRICS",
            "CalibrationCheck",
            "ChunkPerformance",
            "CostRange",
            "GroupEstimate",
            "PerformanceResult",
            "binned_auc",
            "calibration_check",
            "confusion_metrics",
            "drift_cost",
        ),
        "lib.drift._performance",
    ),
    **dict.fromkeys(
        (
            "columns_table",
            "drift_report",
            "fairness_table",
            "gate_verdict",
            "interval_text",
            "performance_blocks",
            "segments_table",
            "time_table",
        ),
        "lib.drift._report",
    ),
    **dict.fromkeys(
        ("STATISTICS", "Cell", "ChunkResult", "ColumnResult", "DriftGate", "DriftResult", "SegmentResult"),
        "lib.drift._results",
    ),
    "run_drift": "lib.drift._run",
    **dict.fromkeys(("ColumnCells", "Layout", "cell_statistics", "compare_arrays"), "lib.drift._compute"),
    "compare_counts": "lib.drift._run",
    "numeric_slots": "lib.drift._binning",
    "categorical_slots": "lib.drift._binning",
    **dict.fromkeys(("simulate_drift", "simulate_scores"), "lib.drift._simulate"),
    **dict.fromkeys(
        (
            "CHUNK_PERIODS",
            "DEFAULT_BINS",
            "DEFAULT_JS_THRESHOLD",
            "DEFAULT_MIN_ROWS",
            "DEFAULT_N_BOOT",
            "DEFAULT_PSI_THRESHOLD",
            "DEFAULT_PSI_WATCH",
            "DEFAULT_WASSERSTEIN_THRESHOLD",
            "MAX_BINS",
            "MAX_N_BOOT",
            "DriftSpec",
        ),
        "lib.drift._specs",
    ),
    **dict.fromkeys(
        ("PSI_FLOOR", "chi2_homogeneity", "js_distance", "ks_pvalue", "ks_statistic", "psi", "wasserstein_binned"),
        "lib.drift._stats",
    ),
    **dict.fromkeys(("DRIFT", "INSUFFICIENT", "NO_DRIFT", "VERDICTS", "judge"), "lib.drift._verdict"),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = [
    "CALIBRATION_TOLERANCE",
    "CHUNK_PERIODS",
    "DEFAULT_BINS",
    "DEFAULT_JS_THRESHOLD",
    "DEFAULT_MIN_ROWS",
    "DEFAULT_N_BOOT",
    "DEFAULT_PSI_THRESHOLD",
    "DEFAULT_PSI_WATCH",
    "DEFAULT_WASSERSTEIN_THRESHOLD",
    "DRIFT",
    "FINE_BINS",
    "GLOSSARY",
    "INSUFFICIENT",
    "MAX_BINS",
    "MAX_CATEGORIES",
    "MAX_CHUNKS",
    "MAX_N_BOOT",
    "MAX_SEGMENTS",
    "METRICS",
    "NO_DRIFT",
    "PSI_FLOOR",
    "STATISTICS",
    "VERDICTS",
    "CalibrationCheck",
    "Cell",
    "ChunkPerformance",
    "ChunkResult",
    "ColumnBinning",
    "ColumnCells",
    "ColumnResult",
    "CostRange",
    "DriftGate",
    "DriftResult",
    "DriftSpec",
    "GroupEstimate",
    "Layout",
    "PerformanceResult",
    "SegmentResult",
    "Tally",
    "assemble_drift",
    "benjamini_hochberg",
    "binned_auc",
    "binning_from_counts",
    "binning_from_sample",
    "calibration_check",
    "categorical_binning",
    "categorical_slots",
    "cell_statistics",
    "chi2_homogeneity",
    "columns_table",
    "compare_arrays",
    "compare_counts",
    "confusion_metrics",
    "conventions_frame",
    "distribution_chart",
    "drift_cost",
    "drift_report",
    "fairness_table",
    "gate_verdict",
    "glossary_frame",
    "interval_text",
    "js_distance",
    "judge",
    "ks_pvalue",
    "ks_statistic",
    "numeric_binning",
    "numeric_slots",
    "overview_chart",
    "performance_blocks",
    "performance_chart",
    "period_chunks",
    "period_keys",
    "psi",
    "resample",
    "run_drift",
    "segment_codes",
    "segments_table",
    "shifted_interval",
    "simulate_drift",
    "simulate_scores",
    "stack_cells",
    "time_chart",
    "time_table",
    "wasserstein_binned",
]
