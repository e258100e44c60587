"""Governance: review packs with a risk tier, a model card, linked evidence, gaps, risks and a sign-off chain.

A pack's inputs are a :class:`PackSpec` (title, date, policy, triage answers, model
card, evidence from the workspace, risks, sign-offs); :func:`judge` computes the tier,
the required evidence and its gaps, the crosswalk and the verification (the
``review_pack`` analysis kind). :func:`new_pack`, :func:`sign_pack` and
:func:`verify_document` are what ``python -m lib pack new|sign|verify`` run.

Names load on first use, so commands that need none of them start fast.
"""

from typing import TYPE_CHECKING

from lib.lazy import lazy_exports

if TYPE_CHECKING:
    from lib.governance._card import (
        SECTION_HELP,
        SECTION_TITLES,
        DatasetRef,
        ModelCard,
        declared_datasets,
        prefill_card,
    )
    from lib.governance._charts import risk_matrix_chart, risk_matrix_frame
    from lib.governance._evidence import (
        EvidenceItem,
        Figure,
        Finding,
        GroupMetric,
        canonical_json,
        digest,
        evidence_digest,
        evidence_from_result,
        evidence_from_saved,
        load_evidence,
        parse_ids,
    )
    from lib.governance._io import (
        answers_from_dict,
        parse_waivers,
        read_answers,
        read_card,
        read_pack,
        read_risks,
    )
    from lib.governance._pack import (
        PackCheck,
        SignOffRefusedError,
        check_result,
        judge,
        new_pack,
        pack_document,
        sign_pack,
        spec_from_document,
        verify_document,
    )
    from lib.governance._policy import (
        BUNDLED_POLICY,
        CARD_FIELDS,
        LEVELS,
        Policy,
        bundled_policy_text,
        default_policy_path,
        load_policy,
        policy_from_dict,
        read_policy_text,
    )
    from lib.governance._report import evidence_table, group_performance_table, pack_report, status_verdict
    from lib.governance._requirements import CrosswalkStatus, RequirementStatus, Waiver, gate_problem
    from lib.governance._results import DatasetSummaryResult, LinkedEvidence, RatedRisk, ReviewPack
    from lib.governance._risks import (
        LIKELIHOODS,
        RISK_STATUSES,
        Risk,
        check_risks,
        preset_risks,
        register_gaps,
        risk_rating,
        risk_score,
    )
    from lib.governance._signoff import DECISIONS, SignOff, Verification, manifest, parse_date, signoff_hash
    from lib.governance._specs import DatasetSummarySpec, PackSpec
    from lib.governance._triage import TierAnswers, TierResult, eu_assessment, triage

_EXPORTS = {
    **dict.fromkeys(
        ("SECTION_HELP", "SECTION_TITLES", "DatasetRef", "ModelCard", "declared_datasets", "prefill_card"),
        "lib.governance._card",
    ),
    **dict.fromkeys(("risk_matrix_chart", "risk_matrix_frame"), "lib.governance._charts"),
    **dict.fromkeys(
        (
            "EvidenceItem",
            "Figure",
            "Finding",
            "GroupMetric",
            "canonical_json",
            "digest",
            "evidence_digest",
            "evidence_from_result",
            "evidence_from_saved",
            "load_evidence",
            "parse_ids",
        ),
        "lib.governance._evidence",
    ),
    **dict.fromkeys(
        ("answers_from_dict", "parse_waivers", "read_answers", "read_card", "read_pack", "read_risks"),
        "lib.governance._io",
    ),
    **dict.fromkeys(
        (
            "PackCheck",
            "SignOffRefusedError",
            "check_result",
            "judge",
            "new_pack",
            "pack_document",
            "sign_pack",
            "spec_from_document",
            "verify_document",
        ),
        "lib.governance._pack",
    ),
    **dict.fromkeys(
        (
            "BUNDLED_POLICY",
            "CARD_FIELDS",
            "LEVELS",
            "Policy",
            "bundled_policy_text",
            "default_policy_path",
            "load_policy",
            "policy_from_dict",
            "read_policy_text",
        ),
        "lib.governance._policy",
    ),
    **dict.fromkeys(
        ("evidence_table", "group_performance_table", "pack_report", "status_verdict"), "lib.governance._report"
    ),
    **dict.fromkeys(("CrosswalkStatus", "RequirementStatus", "Waiver", "gate_problem"), "lib.governance._requirements"),
    **dict.fromkeys(("DatasetSummaryResult", "LinkedEvidence", "RatedRisk", "ReviewPack"), "lib.governance._results"),
    **dict.fromkeys(
        (
            "LIKELIHOODS",
            "RISK_STATUSES",
            "Risk",
            "check_risks",
            "preset_risks",
            "register_gaps",
            "risk_rating",
            "risk_score",
        ),
        "lib.governance._risks",
    ),
    **dict.fromkeys(
        ("DECISIONS", "SignOff", "Verification", "manifest", "parse_date", "signoff_hash"), "lib.governance._signoff"
    ),
    **dict.fromkeys(("DatasetSummarySpec", "PackSpec"), "lib.governance._specs"),
    **dict.fromkeys(("TierAnswers", "TierResult", "eu_assessment", "triage"), "lib.governance._triage"),
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
__all__ = [
    "BUNDLED_POLICY",
    "CARD_FIELDS",
    "DECISIONS",
    "LEVELS",
    "LIKELIHOODS",
    "RISK_STATUSES",
    "SECTION_HELP",
    "SECTION_TITLES",
    "CrosswalkStatus",
    "DatasetRef",
    "DatasetSummaryResult",
    "DatasetSummarySpec",
    "EvidenceItem",
    "Figure",
    "Finding",
    "GroupMetric",
    "LinkedEvidence",
    "ModelCard",
    "PackCheck",
    "PackSpec",
    "Policy",
    "RatedRisk",
    "RequirementStatus",
    "ReviewPack",
    "Risk",
    "SignOff",
    "SignOffRefusedError",
    "TierAnswers",
    "TierResult",
    "Verification",
    "Waiver",
    "answers_from_dict",
    "bundled_policy_text",
    "canonical_json",
    "check_result",
    "check_risks",
    "declared_datasets",
    "default_policy_path",
    "digest",
    "eu_assessment",
    "evidence_digest",
    "evidence_from_result",
    "evidence_from_saved",
    "evidence_table",
    "gate_problem",
    "group_performance_table",
    "judge",
    "load_evidence",
    "load_policy",
    "manifest",
    "new_pack",
    "pack_document",
    "pack_report",
    "parse_date",
    "parse_ids",
    "parse_waivers",
    "policy_from_dict",
    "prefill_card",
    "preset_risks",
    "read_answers",
    "read_card",
    "read_pack",
    "read_policy_text",
    "read_risks",
    "register_gaps",
    "risk_matrix_chart",
    "risk_matrix_frame",
    "risk_rating",
    "risk_score",
    "sign_pack",
    "signoff_hash",
    "spec_from_document",
    "status_verdict",
    "triage",
    "verify_document",
]
