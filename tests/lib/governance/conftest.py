"""Fixtures for the review pack tests: the bundled policy, real analyses to attach, and packs built from them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lib.analysis import run
from lib.explain import ExplainSpec
from lib.fairness import AuditSpec
from lib.governance import (
    BUNDLED_POLICY,
    DatasetSummarySpec,
    ModelCard,
    Policy,
    TierAnswers,
    load_policy,
    new_pack,
    preset_risks,
)
from lib.store import Workspace

HIRING = TierAnswers(
    use_case="scoring_people",
    affected="public",
    impact="significant",
    automation="human_review",
    domain="employment",
    description="Ranks job applications for recruiters.",
)
LOG_SUMMARISER = TierAnswers(
    use_case="summarisation",
    affected="internal_staff",
    impact="none",
    automation="assistive",
    domain="internal_operations",
    description="Summarises overnight service logs for the on-call engineer.",
)
WRITTEN_CARD = ModelCard(
    name="Applicant ranking",
    version="1.0",
    owners="Talent analytics",
    intended_use="Ordering applications for recruiters.",
    out_of_scope_use="Rejecting anyone automatically.",
    limitations="Learned from past decisions.",
    human_oversight="Recruiters read every application.",
    monitoring="Weekly drift check; alert above PSI 0.2.",
    logging="Every score is logged with its inputs for two years.",
)
STRICT_AUDIT = AuditSpec(
    label="label", score="score", threshold=0.5, sensitive=("age_group",), n_boot=200, max_difference=0.05, strict=True
)
LOOSE_AUDIT = AuditSpec(label="label", score="score", threshold=0.5, sensitive=("age_group",), n_boot=200)
EXPLAIN = ExplainSpec(way_in="outputs", outputs="score", model="hgb", max_rows=200, seed=0)
DAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The bundled default policy."""
    return load_policy(BUNDLED_POLICY)


@pytest.fixture(scope="session")
def results() -> dict:
    """Real results on the German credit sample: a strict and a loose audit, a data summary, an explanation."""
    data = {"data": "german_credit_predictions"}
    return {
        "strict_audit": (STRICT_AUDIT, run(STRICT_AUDIT, data)),
        "loose_audit": (LOOSE_AUDIT, run(LOOSE_AUDIT, data)),
        "summary": (DatasetSummarySpec(), run(DatasetSummarySpec(), data)),
        "explain": (EXPLAIN, run(EXPLAIN, data)),
    }


@pytest.fixture
def saved(results) -> dict[str, int]:
    """The results saved in this test's own workspace: name -> workspace id."""
    space = Workspace()
    titles = {
        "strict_audit": "Audit under the High limits",
        "loose_audit": "Audit under the default limits",
        "summary": "Evaluation data summary",
        "explain": "What drives the scores",
    }
    return {
        name: space.save_analysis(
            title=titles[name], spec=spec, result=result, locations={"data": "german_credit_predictions"}
        )
        for name, (spec, result) in results.items()
    }


@pytest.fixture
def evidence(saved):
    """Strict audit, data summary and explanation, embedded from the workspace."""
    from lib.governance import load_evidence

    return load_evidence((saved["strict_audit"], saved["summary"], saved["explain"]), Workspace())


@pytest.fixture
def complete_pack(policy, evidence):
    """A High tier pack with everything it requires (risks owned), unsigned."""
    risks = tuple(dataclasses.replace(r, owner="Head of analytics") for r in preset_risks(policy))
    return new_pack(
        title="Hiring screen",
        answers=HIRING,
        policy=policy,
        evidence=evidence,
        card=WRITTEN_CARD,
        risks=risks,
        as_of=DAY,
    )
