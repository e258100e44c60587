"""Glossary of group metrics and a guide to which ones to gate on.

Names and sign conventions of other tools are given so that a number from
Aequitas, AIF360 or SageMaker Clarify can be matched with ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd


@dataclass(frozen=True)
class GlossaryEntry:
    """One metric: formula, meaning, and what other tools call it."""

    name: str
    formula: str
    meaning: str
    fairlearn: str
    aif360: str
    clarify: str
    aequitas: str


GLOSSARY: tuple[GlossaryEntry, ...] = (
    GlossaryEntry(
        "selection rate",
        "(TP + FP) / n",
        "Share of the group the model says yes to, whatever the truth.",
        "selection_rate; gap demographic_parity_difference = max − min, demographic_parity_ratio = min / max",
        "statistical_parity_difference = unprivileged − privileged; disparate_impact = unprivileged / privileged",
        "DPPL = q̂a − q̂d; DI = q̂d / q̂a",
        "pprev; Impact Parity divides by the reference group",
    ),
    GlossaryEntry(
        "true positive rate (recall)",
        "TP / (TP + FN)",
        "Of the people who really are positive, the share the model catches.",
        "true_positive_rate; equal_opportunity_difference / equal_opportunity_ratio",
        "equal_opportunity_difference (unprivileged − privileged)",
        "RD = TPRa − TPRd",
        "TPR Parity",
    ),
    GlossaryEntry(
        "false positive rate",
        "FP / (FP + TN)",
        "Of the people who really are negative, the share wrongly flagged.",
        "false_positive_rate; false_positive_rate_difference",
        "false_positive_rate_difference (unprivileged − privileged)",
        "SD = TNRd − TNRa (stated on specificity, d − a)",
        "FPR Parity",
    ),
    GlossaryEntry(
        "equalized odds",
        "max(gap in TPR, gap in FPR); ratio min(TPR ratio, FPR ratio)",
        "Both kinds of error are spread evenly: catch rates and false-alarm rates match across groups.",
        "equalized_odds_difference / equalized_odds_ratio (agg worst_case by default)",
        "average_odds_difference = ½ (ΔFPR + ΔTPR), a mean rather than the worst case",
        "no single measure",
        "TPR Parity and FPR Parity together",
    ),
    GlossaryEntry(
        "precision (positive predictive value)",
        "TP / (TP + FP)",
        "When the model says yes, how often it is right in this group.",
        "precision_score through MetricFrame",
        "positive_predictive_value",
        "DAR = PPVa − PPVd",
        "Precision Parity",
    ),
    GlossaryEntry(
        "negative predictive value",
        "TN / (TN + FN)",
        "When the model says no, how often it is right in this group.",
        "none built in",
        "negative_predictive_value",
        "DRR = NPVd − NPVa",
        "NPV Parity",
    ),
    GlossaryEntry(
        "false discovery rate",
        "FP / (TP + FP)",
        "Share of the model's yes decisions that are wrong.",
        "none built in",
        "false_discovery_rate",
        "none",
        "FDR Parity",
    ),
    GlossaryEntry(
        "false omission rate",
        "FN / (TN + FN)",
        "Share of the model's no decisions that are wrong.",
        "none built in",
        "false_omission_rate",
        "none",
        "FOR Parity",
    ),
    GlossaryEntry(
        "accuracy",
        "(TP + TN) / n",
        "Share of all decisions in the group that match the truth.",
        "accuracy_score through MetricFrame; accuracy_score_difference",
        "error_rate_difference, stated on 1 − accuracy",
        "AD = Acca − Accd",
        "none",
    ),
    GlossaryEntry(
        "base rate",
        "(TP + FN) / n",
        "How common the positive outcome truly is in the group; differences here are in the data, not the model.",
        "mean of y_true through MetricFrame",
        "base_rate",
        "DPL on the true labels",
        "prev",
    ),
    GlossaryEntry(
        "four-fifths rule",
        "each group's selection rate / the highest group's ≥ 0.8",
        "The classic adverse-impact screen from US employment guidance: no group selected at under 80% of the best-treated group's rate.",
        "demographic_parity_ratio ≥ 0.8",
        "disparate_impact ≥ 0.8",
        "DI ≥ 0.8",
        "Impact Parity inside the band 0.8–1.25",
    ),
)


def glossary_frame() -> pd.DataFrame:
    """The glossary as a table for the page and the exports."""
    return pd.DataFrame(
        [
            {
                "metric": e.name,
                "formula": e.formula,
                "in plain words": e.meaning,
                "Fairlearn": e.fairlearn,
                "AIF360": e.aif360,
                "SageMaker Clarify": e.clarify,
                "Aequitas": e.aequitas,
            }
            for e in GLOSSARY
        ]
    )


@dataclass(frozen=True)
class MetricAdvice:
    """The disparities to gate on, and why."""

    gate_on: tuple[str, ...]
    reasons: tuple[str, ...]


def recommend_metrics(
    *,
    decision: Literal["punitive", "assistive"],
    costly_error: Literal["false_positive", "false_negative", "both"],
    labels_trusted: bool = True,
) -> MetricAdvice:
    """Suggest which disparities matter for a decision.

    Parameters
    ----------
    decision : {"punitive", "assistive"}
        Punitive decisions take something away (a fraud flag, a denied claim);
        assistive ones give something (a loan, an interview, extra care).
    costly_error : {"false_positive", "false_negative", "both"}
        Whose mistake hurts most: being wrongly flagged or wrongly passed over.
    labels_trusted : bool
        Whether past outcomes are a fair record. When they carry past bias,
        error-rate parity inherits it, so selection rates matter more.
    """
    gate: list[str] = []
    reasons: list[str] = []
    if costly_error in ("false_positive", "both") or decision == "punitive":
        gate += ["false_positive_rate_difference", "equalized_odds_difference"]
        reasons.append(
            "A wrong yes hurts here (someone is flagged or penalised by mistake), so false positive rates must match "
            "across groups."
        )
    if costly_error in ("false_negative", "both") or decision == "assistive":
        gate += ["equal_opportunity_difference", "equal_opportunity_ratio"]
        reasons.append(
            "A wrong no hurts here (someone qualified misses out), so the share of true positives caught must match."
        )
    if not labels_trusted:
        gate += ["demographic_parity_difference", "four_fifths_rule"]
        reasons.append(
            "The recorded outcomes may carry past bias; error-rate metrics trust them, so also require similar "
            "selection rates and the four-fifths rule."
        )
    elif decision == "assistive":
        gate.append("four_fifths_rule")
        reasons.append("Access to a benefit is commonly screened with the four-fifths rule on selection rates.")
    return MetricAdvice(gate_on=tuple(dict.fromkeys(gate)), reasons=tuple(reasons))
