"""Reports of the governance analyses: the review pack and the dataset summary, as blocks."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pandas as pd

from lib.analysis import (
    Block,
    Bullets,
    Chart,
    Heading,
    KeyFigures,
    Paragraph,
    ProvenanceBlock,
    Report,
    Verdict,
    report,
    table,
)
from lib.governance._card import SECTION_TITLES
from lib.governance._charts import risk_matrix_chart
from lib.governance._evidence import digest
from lib.governance._policy import CARD_FIELDS
from lib.governance._results import DatasetSummaryResult, LinkedEvidence, ReviewPack
from lib.governance._signoff import DECISION_WORDS
from lib.provenance import Provenance

# The statuses a report's verdict block can show; any other status an analysis used reads as a note.
_STATUSES = {"pass", "fail", "insufficient", "info", "warning", "error", "success"}


def _interval(value: float | None, low: float | None, high: float | None) -> str:
    if value is None:
        return "—"
    if low is None or high is None:
        return f"{value:.3f} (no interval)"
    return f"{value:.3f} ({low:.3f} to {high:.3f})"


def status_verdict(pack: ReviewPack) -> Verdict:
    """Where the pack stands, as one verdict block."""
    check, status = pack.verification, pack.status
    missing = pack.missing
    if not check.signed:
        gaps = f"{len(missing)} of {len(pack.requirements)} required items are missing" + (
            ": " + ", ".join(r.id for r in missing) + "." if missing else "; it is ready to sign."
        )
        return Verdict("info", "Draft: not signed yet", gaps)
    last = pack.signoffs[-1]
    if not check.intact:
        return Verdict("fail", "Changed since signing", str(check.first_change))
    conditions = f" Conditions: {'; '.join(last.conditions)}." if last.conditions else ""
    text = f"Last sign-off by {last.reviewer} ({last.role}) on {last.signed_at[:10]}, until {last.expires}.{conditions}"
    if status == "rejected":
        return Verdict("fail", "Rejected", text)
    if status.startswith("awaiting"):
        return Verdict(
            "warning", status.capitalize(), text + f" The {pack.tier.label} tier needs {pack.tier.approvals}."
        )
    return Verdict("pass", status.capitalize(), text)


def _figures(pack: ReviewPack) -> KeyFigures:
    filled = sum(1 for r in pack.requirements if r.status == "filled")
    waived = sum(1 for r in pack.requirements if r.status == "waived")
    stale = sum(1 for e in pack.evidence if e.stale)
    high = sum(1 for r in pack.risks if r.rating == "high" and r.risk.status != "closed")
    return KeyFigures(
        (
            ("Risk tier", pack.tier.label),
            ("EU AI Act", pack.tier.eu_ai_act.label),
            (
                "Required evidence",
                f"{filled} of {len(pack.requirements)} filled" + (f", {waived} waived" if waived else ""),
            ),
            ("Evidence", f"{len(pack.evidence)} analyses" + (f", {stale} stale" if stale else "")),
            ("Risks", f"{len(pack.risks)} ({high} open and rated high)"),
            ("Status", pack.status),
        )
    )


def _tier_blocks(pack: ReviewPack) -> list[Block | None]:
    tier, eu = pack.tier, pack.tier.eu_ai_act
    policy_tier = pack.policy.tier(tier.level)
    answers = [
        f"{pack.policy.question(q).text} {pack.policy.question(q).option(getattr(pack.answers, q)).label}"
        for q in ("use_case", "affected", "impact", "automation", "domain")
    ]
    practices = [pack.policy.question("practices").option(p).label for p in pack.answers.practices]
    answers.append("Practices that apply: " + ("; ".join(practices) if practices else "none"))
    return [
        Heading("Risk tier"),
        Paragraph(f"Tier {tier.label}: {policy_tier.description} {tier.approval}"),
        Paragraph(f"Use case, in the team's words: {pack.answers.description}") if pack.answers.description else None,
        Bullets(tuple(answers)),
        Heading("Why this tier", 3),
        Bullets(tier.reasons),
        Heading("EU AI Act category", 3),
        Paragraph(f"{eu.label}." + (f" Basis: {'; '.join(eu.basis)}." if eu.basis else "")),
        Bullets(eu.notes) if eu.notes else None,
    ]


def group_performance_table(pack: ReviewPack) -> pd.DataFrame:
    """Per audit and group: rows and each card metric with its 95% interval."""
    rows: dict[tuple[int, str, str], dict[str, Any]] = {}
    for item, g in pack.group_performance():
        row = rows.setdefault(
            (item.id, g.attribute, g.group),
            {"audit": f"#{item.id}", "groups of": g.attribute, "group": g.group, "rows": g.rows, "small": g.small},
        )
        row[f"{g.metric.replace('_', ' ')} (95% interval)"] = _interval(g.value, g.low, g.high)
    return pd.DataFrame(list(rows.values()))


def _card_blocks(pack: ReviewPack) -> list[Block | None]:
    card = pack.card
    blocks: list[Block | None] = [Heading("Model card")]
    details = [
        f"{SECTION_TITLES[n]}: {getattr(card, n) or 'not written yet'}"
        for n in ("name", "version", "owners", "model_type")
    ]
    blocks.append(Bullets(tuple(details)))
    for name in CARD_FIELDS[4:]:
        blocks.append(Heading(SECTION_TITLES[name], 3))
        blocks.append(Paragraph(getattr(card, name) or "Not written yet."))
        if name == "data" and card.datasets:
            frame = pd.DataFrame([{"dataset": d.name, "use": d.use, "sha256": d.sha256} for d in card.datasets])
            blocks.append(table("card_datasets", frame, caption="Evidence made from any other file is flagged stale."))
        if name == "group_performance":
            frame = group_performance_table(pack)
            if not frame.empty:
                blocks.append(
                    table(
                        "group_performance",
                        frame,
                        title="Rates by group, with 95% bootstrap intervals",
                        caption="From the linked bias audits; 'small' groups have too few rows to read on their own.",
                    )
                )
    return blocks


def evidence_table(evidence: tuple[LinkedEvidence, ...]) -> pd.DataFrame:
    """One row per evidence item: what it is, when and from what it was made, its verdicts and staleness."""
    rows = []
    for linked in evidence:
        item = linked.item
        inputs = ", ".join(
            f"{v.get('name')} ({str(v.get('sha256'))[:12]}…)" for v in (item.provenance.inputs or {}).values()
        )
        rows.append(
            {
                "id": item.id,
                "kind": item.kind,
                "title": item.title,
                "made": item.provenance.created_at[:10],
                "input": inputs or "none",
                "verdicts": "; ".join(f"{v.status}: {v.title}" for v in item.verdicts) or "none",
                "stale": "; ".join(linked.stale_reasons) if linked.stale else "no",
                "sha256": item.sha256,
            }
        )
    return pd.DataFrame(rows, columns=["id", "kind", "title", "made", "input", "verdicts", "stale", "sha256"])


def _evidence_blocks(pack: ReviewPack) -> list[Block | None]:
    blocks: list[Block | None] = [Heading("Linked evidence")]
    if not pack.evidence:
        return [*blocks, Paragraph("No analyses are attached.")]
    blocks.append(table("evidence", evidence_table(pack.evidence), caption="sha256: the item's digest of itself."))
    for linked in pack.evidence:
        item, p = linked.item, linked.item.provenance
        blocks.append(Heading(f"#{item.id} {item.title} ({item.kind.replace('_', ' ')})", 3))
        if linked.stale:
            blocks.append(Verdict("warning", "Stale", "; ".join(linked.stale_reasons)))
        for v in item.verdicts:
            status: Any = v.status if v.status in _STATUSES else "info"
            blocks.append(Verdict(status, v.title, v.text))
        if item.figures:
            frame = pd.DataFrame([{"figure": f.label, "value": f.value} for f in item.figures])
            blocks.append(table(f"evidence_{item.id}_figures", frame, title="Key figures"))
        inputs = [f"input ({role}): {v.get('name')}, sha256 {v.get('sha256')}" for role, v in (p.inputs or {}).items()]
        blocks.append(
            Bullets(
                (
                    *inputs,
                    f"seed: {p.seed if p.seed is not None else 'none'}",
                    f"made: {p.created_at}",
                    "parameters: " + json.dumps(p.parameters, ensure_ascii=False, sort_keys=True)[:2_000],
                    "software: " + ", ".join(f"{k} {v}" for k, v in p.library_versions.items()),
                )
            )
        )
    return blocks


def _gap_blocks(pack: ReviewPack) -> list[Block | None]:
    requirements = pd.DataFrame(
        [
            {"id": r.id, "requirement": r.text, "status": r.status, "by": "; ".join(r.by), "note": r.note}
            for r in pack.requirements
        ],
        columns=["id", "requirement", "status", "by", "note"],
    )
    cross = pd.DataFrame(
        [
            {
                "framework": c.framework,
                "reference": c.ref,
                "title": c.title,
                "asks": c.asks,
                "applies": c.applies,
                "status": c.status,
                "filled by": "; ".join(c.by),
                "missing": "; ".join(c.missing),
            }
            for c in pack.crosswalk
        ]
    )
    dates = pd.DataFrame(
        [{"from": o.date, "what applies": o.what, "source": o.source} for o in pack.policy.obligations]
    )
    return [
        Heading("Required evidence"),
        Paragraph(f"What the {pack.tier.label} tier asks before anyone signs, and what answers it."),
        table("requirements", requirements),
        Heading("Crosswalk: EU AI Act and NIST AI RMF"),
        Verdict("info", "An aid, not legal advice", pack.policy.disclaimer),
        table("crosswalk", cross) if not cross.empty else None,
        table(
            "obligations",
            dates,
            title="When obligations apply",
            caption=f"From the policy '{pack.policy.name}' (version {pack.policy.version}); check the current legal text.",
        )
        if not dates.empty
        else None,
    ]


def _risk_blocks(pack: ReviewPack) -> list[Block | None]:
    frame = pd.DataFrame(
        [
            {
                "risk": r.title,
                "probability": r.probability,
                "impact": r.impact,
                "score": r.score,
                "rating": r.rating,
                "mitigation": r.mitigation,
                "owner": r.owner or "—",
                "status": r.status,
            }
            for r in (rated.risk for rated in pack.risks)
        ],
        columns=["risk", "probability", "impact", "score", "rating", "mitigation", "owner", "status"],
    )
    return [
        Heading("Risk register"),
        table("risks", frame, caption="Score: probability × impact, each low 1, medium 2, high 3; rated high from 6."),
        Chart(
            "risk_matrix",
            risk_matrix_chart([r.risk for r in pack.risks]),
            "Risk matrix",
            "How many open risks sit in each cell of probability by impact.",
        )
        if pack.risks
        else None,
    ]


def _signoff_blocks(pack: ReviewPack) -> list[Block | None]:
    frame = pd.DataFrame(
        [
            {
                "reviewer": s.reviewer,
                "role": s.role,
                "decision": DECISION_WORDS.get(s.decision, s.decision),
                "conditions": "; ".join(s.conditions) or "none",
                "waivers": "; ".join(f"{w.requirement}: {w.reason}" for w in s.waivers) or "none",
                "signed at": s.signed_at,
                "expires": s.expires,
                "hash": s.hash,
                "previous hash": s.previous_hash or "none (first)",
            }
            for s in pack.signoffs
        ]
    )
    check = pack.verification
    verdict = (
        Verdict("pass", "Verified: nothing changed since the last sign-off", f"Last hash {check.latest_hash}.")
        if check.signed and check.intact
        else Verdict("fail", "Verification failed", "; ".join(check.problems[:5]))
        if not check.intact
        else None
    )
    return [
        Heading("Sign-off"),
        table("signoffs", frame) if not frame.empty else Paragraph("Nobody has signed this pack yet."),
        verdict,
        Bullets(check.history) if check.history else None,
        Paragraph(
            "Each sign-off's SHA-256 covers every part of the pack and the previous sign-off's hash, so later edits "
            "and re-signings show. The hashes reveal changes; they are not a signature with a secret key, so keep "
            "the last hash somewhere else as well and check it with 'pack verify --expect-hash'."
        ),
    ]


def pack_report(pack: ReviewPack) -> Report:
    """The review pack as a report: status, tier, card, evidence, gaps, crosswalk, risks and sign-offs.

    Parameters
    ----------
    pack : ReviewPack

    Returns
    -------
    Report
    """
    blocks: list[Block | None] = [
        status_verdict(pack),
        _figures(pack),
        *_tier_blocks(pack),
        *_card_blocks(pack),
        *_evidence_blocks(pack),
        *_gap_blocks(pack),
        *_risk_blocks(pack),
        *_signoff_blocks(pack),
        ProvenanceBlock(condensed_provenance(pack)),
    ]
    return report(f"Review pack: {pack.title}", blocks, result=pack, kind="review_pack")


def condensed_provenance(pack: ReviewPack) -> Provenance:
    """The pack's provenance with its parameters summarised (the whole pack is already the report above)."""
    p = pack.provenance
    parameters = {
        "title": pack.title,
        "as_of": pack.as_of,
        "policy": f"{pack.policy.name} {pack.policy.version} (sha256 {pack.policy.sha256})",
        "evidence": [e.item.id for e in pack.evidence],
        "signoffs": len(pack.signoffs),
        "spec_sha256": digest(p.parameters),
    }
    return dataclasses.replace(p, parameters=parameters)


def dataset_summary_report(result: DatasetSummaryResult) -> Report:
    """The dataset summary's report: size, duplicates, missing values and class balance.

    Parameters
    ----------
    result : DatasetSummaryResult

    Returns
    -------
    Report
    """
    columns = pd.DataFrame([c.to_dict() for c in result.columns[: result.max_columns]])
    missing = result.columns_with_missing
    verdict = (
        Verdict(
            "warning",
            "Data quality needs a look",
            f"{result.duplicate_rows:,} duplicate rows; {missing} of {result.column_count} columns have missing values.",
        )
        if result.duplicate_rows or missing
        else Verdict("pass", "No duplicates or missing values", f"{result.rows:,} rows, {result.column_count} columns.")
    )
    balance = [
        {"column": column, "value": value, "rows": rows, "share": rows / max(sum(counts.values()), 1)}
        for column, counts in result.class_balance.items()
        for value, rows in counts.items()
    ]
    blocks: list[Block | None] = [
        verdict,
        KeyFigures(
            (
                ("Rows", f"{result.rows:,}"),
                ("Columns", f"{result.column_count:,}"),
                ("Duplicate rows", f"{result.duplicate_rows:,}"),
                ("Columns with missing values", f"{missing:,}"),
            )
        ),
        table(
            "columns",
            columns,
            title="Columns",
            formats={"missing_pct": ".2f"},
            caption=f"Missing values per column (missing_pct in %); first {result.max_columns:,} columns listed."
            if result.column_count > result.max_columns
            else "Missing values per column (missing_pct in %).",
        ),
        table("class_balance", balance, title="Class balance of likely label columns", formats={"share": ".1%"})
        if balance
        else None,
        Bullets(result.notes) if result.notes else None,
    ]
    return report(f"Dataset summary: {result.name}", blocks, result=result, kind="dataset_summary")
