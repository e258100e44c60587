"""The pack's report: every section, user text escaped in HTML and Markdown, the risk matrix chart."""

from __future__ import annotations

import dataclasses

from lib.analysis import export_analysis, render_html, render_markdown
from lib.governance import (
    ModelCard,
    Risk,
    Waiver,
    judge,
    new_pack,
    pack_report,
    risk_matrix_chart,
    risk_matrix_frame,
    sign_pack,
)

from .conftest import DAY, HIRING

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> [link](javascript:alert(1))'


def test_the_html_export_escapes_every_piece_of_user_text(policy, evidence):
    card = ModelCard(**{name: HOSTILE for name in ("name", "owners", "intended_use", "limitations", "monitoring")})
    risks = (Risk(HOSTILE, "high", "high", mitigation=HOSTILE, owner=HOSTILE),)
    pack = new_pack(
        title=HOSTILE,
        answers=dataclasses.replace(HIRING, description=HOSTILE),
        policy=policy,
        evidence=evidence,
        card=card,
        risks=risks,
        as_of=DAY,
    )
    pack = sign_pack(
        pack, reviewer=HOSTILE, role=HOSTILE, decision="reject", conditions=(HOSTILE,),
        waivers=tuple(Waiver(r.id, HOSTILE) for r in judge(pack).missing),
    )  # fmt: skip
    result = judge(pack)
    html = render_html(pack_report(result))
    lowered = html.lower()
    assert "<script" not in lowered and "<img src=x" not in lowered and "onerror=alert(1)>" not in lowered
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 10
    markdown = render_markdown(pack_report(result))
    assert "<script>" not in markdown and "](javascript" not in markdown
    assert export_analysis(pack, result, "html") == html


def test_the_report_has_every_section_in_order(complete_pack):
    text = render_markdown(pack_report(judge(complete_pack)))
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Risk tier",
        "## Model card",
        "## Linked evidence",
        "## Required evidence",
        "## Crosswalk: EU AI Act and NIST AI RMF",
        "## Risk register",
        "## Sign-off",
        "## Provenance",
    ]
    assert "**Note: An aid, not legal advice**" in text and "Regulation (EU) 2024/1689, Art. 113" in text
    assert "Rates by group, with 95% bootstrap intervals" in text
    assert "Draft: not signed yet" in text


def test_the_risk_matrix_counts_open_risks_per_cell(policy):
    risks = (
        Risk("a", "high", "high"),
        Risk("b", "high", "high"),
        Risk("c", "low", "medium", status="closed"),
        Risk("d", "medium", "low"),
    )
    frame = risk_matrix_frame(risks).set_index(["probability", "impact"])
    assert len(frame) == 9 and frame["risks"].sum() == 3
    assert frame.loc[("high", "high"), "risks"] == 2 and frame.loc[("high", "high"), "titles"] == "a, b"
    assert frame.loc[("low", "medium"), "risks"] == 0  # closed risks are left out
    chart = risk_matrix_chart(risks).to_dict()
    assert len(chart["datasets"][next(iter(chart["datasets"]))]) == 9
