"""Review Pack: risk tier, model card, linked evidence, gaps, risks and a tamper-evident sign-off."""

import datetime as dt

import streamlit as st

from lib.analysis import saved_parts
from lib.errors import InputError
from lib.export import to_json
from lib.governance import judge, pack_document, risk_matrix_chart, status_verdict
from ui.exports import export_bar
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation, stop_page
from ui.report_view import render_blocks
from ui.review_pack import (
    KEY,
    as_of,
    build_spec,
    card_form,
    choose_policy,
    crosswalk_frame,
    evidence_picker,
    replace_as_of_today,
    request_load,
    requirements_frame,
    restore,
    risk_editor,
    risks,
    show_chain,
    show_evidence,
    show_tier,
    signoff_form,
    summary_button,
    take_load_request,
    triage_form,
    verify_upload,
)
from ui.workspace import save_form, take_reopen_request, workspace

ensure_app_navigation()

st.title("Review Pack")
st.caption(
    "Leave the review with a decision you can defend: the risk tier and why, what evidence the tier needs, what "
    "the evidence says, what is missing, who signed, on which conditions and until when."
)

space = workspace()
reopened = take_reopen_request(("review_pack", "dataset_summary"))
if reopened is not None and space is not None:
    try:
        saved = space.open(reopened)
        saved_spec, _ = saved_parts(saved)
    except InputError as error:
        show_error(error)
    else:
        if saved.kind == "review_pack":
            request_load(saved_spec)
        else:
            st.session_state.setdefault(f"{KEY}_pending_ids", []).append(saved.id)
        st.info(f"Opened #{saved.id} '{saved.title}'.")
loading = take_load_request()
if loading is not None:
    restore(loading)

with st.expander("Review policy", expanded=False):
    policy = choose_policy()
if policy is None:
    stop_page()

title = st.text_input("Pack title", value="Review pack", key=f"{KEY}_title", max_chars=200)
status_slot = st.container()  # filled once the pack is judged, so the status sits above the steps
triage, card_tab, evidence_tab, gaps_tab, risks_tab, sign_tab, export_tab = st.tabs(
    ["1 · Triage", "2 · Model card", "3 · Evidence", "4 · Gaps", "5 · Risk register", "6 · Sign-off",
     "Export and verify"]
)  # fmt: skip
with triage:
    answers = triage_form(policy)
with evidence_tab:
    evidence = evidence_picker(space)
    summary_button(space)
with card_tab:
    card = card_form(evidence)
register = risks(policy)

if answers is None:
    for tab in (evidence_tab, gaps_tab, risks_tab, sign_tab):
        tab.info("Answer the triage questions first: the tier decides what the pack needs.")
    with export_tab:
        verify_upload()
    stop_page()
try:
    spec = build_spec(title, policy, answers, card, evidence)
    result = judge(spec)
except InputError as error:
    show_error(error)
    stop_page()

with status_slot:
    render_blocks([status_verdict(result)], key=f"{KEY}_status")
    figures = st.columns(4)
    figures[0].metric("Risk tier", result.tier.label)
    figures[1].metric("EU AI Act", result.tier.eu_ai_act.label.split(" (")[0])
    filled = sum(1 for r in result.requirements if r.status != "missing")
    figures[2].metric("Required evidence in place", f"{filled} of {len(result.requirements)}")
    figures[3].metric("Status", result.status)

with triage:
    show_tier(result)
with evidence_tab:
    show_evidence(result)
    st.caption(f"Judged as of {as_of()}: evidence age and staleness count to this date.")
    if as_of() != dt.datetime.now(dt.UTC).date().isoformat() and st.button("Judge as of today", key=f"{KEY}_today"):
        replace_as_of_today()
        st.rerun()
with gaps_tab:
    st.markdown(f"**What the {result.tier.label} tier asks before anyone signs**")
    st.dataframe(requirements_frame(result), hide_index=True, width="stretch", key=f"{KEY}_requirements")
    st.markdown("**Crosswalk: EU AI Act and NIST AI RMF**")
    st.info(result.policy.disclaimer)
    st.dataframe(crosswalk_frame(result), hide_index=True, width="stretch", key=f"{KEY}_crosswalk")
    st.markdown("**When obligations apply**")
    st.dataframe(
        [{"from": o.date, "what applies": o.what, "source": o.source} for o in result.policy.obligations],
        hide_index=True,
        width="stretch",
        key=f"{KEY}_obligations",
    )
with risks_tab:
    rows = [{**r.risk.to_dict(), "score": r.score, "rating": r.rating} for r in result.risks]
    st.dataframe(rows, hide_index=True, width="stretch", key=f"{KEY}_risk_table")
    st.caption("Score: probability × impact, each low 1, medium 2, high 3; rated high from 6.")
    st.altair_chart(risk_matrix_chart(register), key=f"{KEY}_risk_matrix")
    risk_editor(register)
with sign_tab:
    show_chain(result)
    if result.tier.approvals:
        st.caption(
            f"{result.tier.approval} Approvals so far on the pack as it stands: {result.verification.approvals}."
        )
    signoff_form(spec, result)
with export_tab:
    export_bar(
        spec,
        result,
        key=KEY,
        stem="review_pack",
        extra={
            "Pack file (JSON)": (
                lambda: to_json(pack_document(result)),
                "review_pack.pack.json",
                "application/json",
            )
        },
    )
    st.caption(
        "The pack file is what `python -m lib pack sign` and `pack verify` read; the HTML report is one self-contained page to print."
    )
    save_form(spec=spec, result=result, default_title=f"Review pack: {spec.title}", key=KEY)
    st.markdown("**Verify a pack file**")
    verify_upload()
