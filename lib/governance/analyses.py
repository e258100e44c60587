"""The governance analyses on the analysis contract: the review pack and the dataset summary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from lib.analysis import AnalysisKind, DataSource, Example, TableSource, get_kind, provenance_for, register, run
from lib.errors import InputError
from lib.governance._card import ModelCard
from lib.governance._evidence import EvidenceItem, evidence_from_result
from lib.governance._pack import judge, new_pack, sign_pack
from lib.governance._policy import BUNDLED_POLICY, load_policy
from lib.governance._report import dataset_summary_report, pack_report
from lib.governance._requirements import Waiver
from lib.governance._results import ColumnQuality, DatasetSummaryResult, ReviewPack
from lib.governance._risks import preset_risks
from lib.governance._specs import DatasetSummarySpec, PackSpec
from lib.governance._triage import TierAnswers


def _run_pack(spec: PackSpec, sources: Mapping[str, DataSource]) -> ReviewPack:
    return judge(spec, provenance=provenance_for(spec, sources))


def _dataset_of(source: TableSource) -> Any:
    from lib.data import ColumnRoles, Dataset, infer_roles, mixed_type_notes

    frame = source.frame
    roles = source.roles if isinstance(source.roles, ColumnRoles) else infer_roles(frame)
    return Dataset(
        name=source.name,
        sha256=source.sha256 or "",
        n_rows=len(frame),
        n_columns=frame.shape[1],
        columns=tuple(str(c) for c in frame.columns),
        dtypes={str(c): str(t) for c, t in frame.dtypes.items()},
        roles=roles,
        file_format=source.name.rsplit(".", 1)[-1].lower() if "." in source.name else "table",
        notes=tuple(mixed_type_notes(frame)),
    )


def _run_summary(spec: DatasetSummarySpec, sources: Mapping[str, DataSource]) -> DatasetSummaryResult:
    from lib.data import summarise

    source = sources["data"]
    if not isinstance(source, TableSource):
        raise InputError("the data input must be a table", file=source.name)
    dataset = _dataset_of(source)
    summary = summarise(source.frame, dataset, roles=dataset.roles)
    return DatasetSummaryResult(
        name=source.name,
        rows=dataset.n_rows,
        column_count=dataset.n_columns,
        duplicate_rows=summary.duplicate_rows,
        columns=tuple(
            ColumnQuality(c.name, c.dtype, c.role, c.missing, float(c.missing_pct), c.distinct) for c in summary.columns
        ),
        class_balance={b.column: dict(b.counts) for b in summary.class_balance},
        notes=tuple(dataset.notes),
        max_columns=spec.max_columns,
        provenance=provenance_for(spec, sources),
    )


def _summary_examples() -> list[Example]:
    return [
        Example(DatasetSummarySpec(), {"data": "german_credit_predictions"}, "German credit predictions"),
        Example(
            DatasetSummarySpec(max_columns=5), {"data": "adult_predictions"}, "Adult predictions, five columns listed"
        ),
    ]


# Example packs are built from real runs of other kinds' examples (cheap ones: the contract tests build
# every example when they are collected), dated and signed at fixed times so they are deterministic.


def _example_evidence(kind: str, index: int, analysis_id: int, title: str, **changes: Any) -> EvidenceItem:
    example = get_kind(kind).examples()[index]
    spec = example.spec.replace(**changes) if changes else example.spec
    result = run(spec, example.locations)
    # A fixed time, so the example pack is the same on every run.
    fixed = {**result.provenance.to_dict(), "created_at": "2026-01-10T12:00:00+00:00"}
    result = type(result).from_dict({**result.to_dict(), "provenance": fixed})
    return evidence_from_result(result, analysis_id=analysis_id, kind=kind, title=title, saved_at="2026-01-10T12:00:00")


_HIRING_CARD = ModelCard(
    name="Applicant ranking",
    version="2.3.0",
    owners="Talent analytics team",
    description="Ranks applications for a role so that recruiters read the most relevant ones first.",
    intended_use="Ordering applications for recruiters, who read and decide on every one.",
    out_of_scope_use="Rejecting anyone automatically; any use outside hiring for the roles it was trained on.",
    limitations="Trained on past hiring decisions, which may carry their bias; not validated for new job families.",
    human_oversight="Recruiters see every application whatever its rank and can reorder the list; a weekly "
    "review checks a sample of low-ranked applications.",
    monitoring="Weekly drift check of inputs and scores (alert when PSI exceeds 0.2), monthly bias audit, "
    "alert when accuracy drops by more than 2 % over 7 days; the model owner acts within a week.",
)


@cache
def _pack_examples() -> tuple[Example, ...]:
    policy = load_policy(BUNDLED_POLICY)
    day = dt.date(2026, 1, 15)
    summariser = new_pack(
        title="Internal log summariser",
        answers=TierAnswers(
            use_case="summarisation",
            affected="internal_staff",
            impact="none",
            automation="assistive",
            domain="internal_operations",
            description="Summarises overnight service logs for the on-call engineer.",
        ),
        policy=policy,
        as_of=day,
    )
    evidence = (
        _example_evidence("dataset_summary", 0, 1, "Evaluation data: quality summary"),
        _example_evidence("bias_audit", 1, 2, "Audit under the High tier's limits", max_difference=0.05, strict=True),
    )
    hiring = new_pack(
        title="Hiring screen",
        answers=TierAnswers(
            use_case="scoring_people",
            affected="public",
            impact="significant",
            automation="human_review",
            domain="employment",
            description="Ranks job applications for a recruiter, who reviews each one.",
        ),
        policy=policy,
        evidence=evidence,
        card=_HIRING_CARD,
        risks=tuple(dataclasses.replace(r, owner="Head of talent analytics") for r in preset_risks(policy)),
        as_of=day,
    )
    hiring = sign_pack(
        hiring,
        reviewer="A. Reviewer",
        role="Responsible-AI lead",
        decision="approve-with-conditions",
        conditions=("Re-run the bias audit and explain the model on the first month of live applications.",),
        waivers=(
            Waiver("logging", "The platform team reviews decision logging separately; due before launch."),
            Waiver(
                "explanations", "Explanations are reviewed with the first month of live data, as the condition says."
            ),
        ),
        now=dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC),
    )
    hiring = sign_pack(
        hiring,
        reviewer="B. Chair",
        role="Review committee chair",
        decision="approve-with-conditions",
        conditions=("Recruiters are told of the gap in accuracy for applicants under 25 before launch.",),
        now=dt.datetime(2026, 1, 16, 14, 0, tzinfo=dt.UTC),
    )
    return (
        Example(summariser, {}, "Internal log summariser: a Low tier draft"),
        Example(hiring, {}, "Hiring screen: a High tier pack signed by two reviewers"),
    )


REVIEW_PACK: Any = register(
    AnalysisKind(
        name="review_pack",
        title="review pack",
        spec_type=PackSpec,
        result_type=ReviewPack,
        run=_run_pack,
        report=pack_report,
        examples=lambda: list(_pack_examples()),
        passed=lambda pack: pack.verification.intact,
    )
)
DATASET_SUMMARY: Any = register(
    AnalysisKind(
        name="dataset_summary",
        title="dataset summary",
        spec_type=DatasetSummarySpec,
        result_type=DatasetSummaryResult,
        run=_run_summary,
        report=dataset_summary_report,
        examples=_summary_examples,
    )
)
