"""The fairness analyses on the analysis contract: bias audit, threshold sweep, mitigation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, TableSource, provenance_for, register
from lib.errors import InputError
from lib.fairness._audit import run_audit
from lib.fairness._explorer import ThresholdSweep, run_sweep
from lib.fairness._mitigation import MitigationResult, run_mitigation
from lib.fairness._report import audit_report, mitigation_report, sweep_report
from lib.fairness._results import AuditResult
from lib.fairness._specs import AuditSpec, MitigationSpec, SweepSpec


def _table(sources: Mapping[str, DataSource]) -> TableSource:
    source = sources["data"]
    if not isinstance(source, TableSource):
        raise InputError("the data input must be a table", file=source.name)
    return source


def _log(sources: Mapping[str, DataSource]) -> Any:
    """The data input when it is a log on disk (counted by DuckDB or Spark), else None."""
    from lib.logs import LogSource

    source = sources.get("data")
    return source if isinstance(source, LogSource) else None


def _run_audit(spec: AuditSpec, sources: Mapping[str, DataSource]) -> AuditResult:
    log = _log(sources)
    if log is not None:
        from lib.logs import audit_log, log_provenance

        return audit_log(spec, log, provenance=log_provenance(spec, sources))
    return run_audit(spec, _table(sources), provenance=provenance_for(spec, sources))


def _run_sweep(spec: SweepSpec, sources: Mapping[str, DataSource]) -> ThresholdSweep:
    log = _log(sources)
    if log is not None:
        from lib.logs import log_provenance, sweep_log

        return sweep_log(spec, log, provenance=log_provenance(spec, sources))
    return run_sweep(spec, _table(sources), provenance=provenance_for(spec, sources))


def _run_mitigation(spec: MitigationSpec, sources: Mapping[str, DataSource]) -> MitigationResult:
    return run_mitigation(spec, _table(sources), provenance=provenance_for(spec, sources))


def _audit_examples() -> list[Example]:
    return [
        Example(
            AuditSpec(label="label", prediction="prediction", sensitive=("sex", "race"), n_boot=200),
            {"data": "adult_predictions"},
            "Adult predictions by sex and by race",
        ),
        Example(
            AuditSpec(label="label", score="score", threshold=0.5, sensitive=("age_group",), n_boot=200),
            {"data": "german_credit_predictions"},
            "German credit scores by age group",
        ),
    ]


def _sweep_examples() -> list[Example]:
    return [
        Example(
            SweepSpec(label="label", score="score", sensitive=("age_group",)),
            {"data": "german_credit_predictions"},
            "German credit thresholds by age group",
        )
    ]


def _mitigation_examples() -> list[Example]:
    return [
        Example(
            MitigationSpec(label="label", score="score", sensitive=("age_group",), n_boot=100),
            {"data": "german_credit_predictions"},
            "German credit: demographic parity thresholds",
        )
    ]


BIAS_AUDIT: Any = register(
    AnalysisKind(
        name="bias_audit",
        title="bias audit",
        spec_type=AuditSpec,
        result_type=AuditResult,
        run=_run_audit,
        report=audit_report,
        examples=_audit_examples,
        passed=lambda result: result.gate.passed,
    )
)
THRESHOLD_SWEEP: Any = register(
    AnalysisKind(
        name="threshold_sweep",
        title="threshold sweep",
        spec_type=SweepSpec,
        result_type=ThresholdSweep,
        run=_run_sweep,
        report=sweep_report,
        examples=_sweep_examples,
    )
)
MITIGATION: Any = register(
    AnalysisKind(
        name="mitigation",
        title="mitigation",
        spec_type=MitigationSpec,
        result_type=MitigationResult,
        run=_run_mitigation,
        report=mitigation_report,
        examples=_mitigation_examples,
    )
)
