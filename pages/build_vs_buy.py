"""Build vs Buy: a weighted decision matrix, how robust its winner is, and the decision record."""

import datetime as dt

import streamlit as st

from lib.decision import DecisionRecord, get_preset, matrix_to_csv, matrix_to_json
from lib.decision.presets import PRESETS, TOTAL_COST_CRITERION
from lib.decision.robustness import DEFAULT_CONCENTRATION
from lib.decision.roi_link import latest_roi_scores
from lib.errors import InputError
from ui.decision_editor import edit_matrix, has_matrix, load_matrix, set_scores
from ui.decision_views import ahp_editor, cached_import, run_decide, show_ahp, show_result
from ui.page_setup import ensure_app_navigation
from ui.workspace import save_form

ensure_app_navigation()

K = "build_vs_buy"
st.title("Build vs Buy")
st.caption(
    "Compare building, buying or partnering on weighted criteria, then see how fragile the winner is: "
    "which weight changes would flip it, and how often it still wins when weights and scores are uncertain."
)

# 1. Starting point: a preset or an imported MATRIX file.
start, upload = st.columns(2)
with start:
    preset_key = st.selectbox(
        "Start from",
        [p.key for p in PRESETS],
        format_func=lambda k: get_preset(k).title,
        key=f"{K}_preset",
    )
    preset = get_preset(preset_key)
    st.caption(preset.summary + " Typical judgements; edit them to fit your case.")
with upload:
    imported = st.file_uploader(
        "Or import a MATRIX.csv / MATRIX.json",
        type=["csv", "json"],
        key=f"{K}_import",
        help="criterion, weight, then one column of 1-5 scores per option. Remove the file to go back to presets.",
    )
try:
    if imported is not None and st.session_state.get(f"{K}_loaded") != ("file", imported.file_id):
        load_matrix(cached_import(imported.getvalue(), imported.name))
        st.session_state[f"{K}_loaded"] = ("file", imported.file_id)
        st.session_state[f"{K}_title"] = f"{imported.name}: decision"
    elif imported is None and st.session_state.get(f"{K}_loaded") != ("preset", preset_key):
        load_matrix(preset.matrix())
        st.session_state[f"{K}_loaded"] = ("preset", preset_key)
        st.session_state[f"{K}_title"] = f"{preset.title}: decision"
except InputError as error:
    st.error(str(error))
    if not has_matrix():
        st.stop()

# 2. Edit options, criteria, weights and every scorer's sheet.
st.subheader("Options, criteria and scores")
try:
    matrix, criteria, options = edit_matrix()
except InputError as error:
    st.error(str(error))
    st.stop()

roi = latest_roi_scores(options)
cost_row = next((c for c in criteria if c.lower() == TOTAL_COST_CRITERION.lower()), None)
if roi is not None and cost_row is not None:
    listing = ", ".join(f"{o}: NPV {v:,.0f} -> {roi.scores[o]:.1f}" for o, v in roi.npv.items())
    st.info(f"The saved ROI analysis '{roi.title}' has NPVs for these options ({listing}).")
    if st.button(f"Score '{cost_row}' from these NPVs", key=f"{K}_use_roi"):
        set_scores(cost_row, roi.scores)
        st.rerun()

# 3. Weights: as entered, or from pairwise comparisons.
st.subheader("Weights")
mode = st.radio("Weighting", ["Direct", "AHP pairwise comparison"], horizontal=True, key=f"{K}_weight_mode")
try:
    if mode == "AHP pairwise comparison":
        ahp = ahp_editor(criteria, key=f"{K}_ahp")
        show_ahp(ahp)
        matrix = matrix.with_weights(list(ahp.weights))
except InputError as error:
    st.error(str(error))
    st.stop()
st.caption(
    "Weights in use: "
    + " · ".join(f"{c} {w:.0%}" for c, w in zip(matrix.criteria, matrix.normalised_weights, strict=True))
)

# 4. Result and robustness.
st.subheader("Result")
with st.expander("Simulation settings"):
    a, b, c, d = st.columns(4)
    n_sim = a.select_slider("Simulations", [500, 1000, 2000, 5000, 10000], value=2000, key=f"{K}_n_sim")
    concentration = b.number_input(
        "Weight concentration",
        min_value=1.0,
        max_value=1000.0,
        value=DEFAULT_CONCENTRATION,
        key=f"{K}_conc",
        help="Larger keeps simulated weights closer to yours; 5-20 means you are unsure of them.",
    )
    seed = c.number_input("Seed", min_value=0, value=0, step=1, key=f"{K}_seed")
    vary = d.toggle("Vary scores within scorers' range", value=True, key=f"{K}_vary")
with st.status("Ranking and simulating...", expanded=False) as status:
    result = run_decide(matrix, n_sim=int(n_sim), concentration=float(concentration), seed=int(seed), vary_scores=vary)
    status.update(label=f"Ranked {len(options)} options; {int(n_sim):,} simulations done.", state="complete")
show_result(result)

# 5. Decision record, exports and saving.
st.subheader("Decision record")
title = st.text_input("Title", key=f"{K}_title")  # filled in when a preset or file is loaded
context = st.text_area("Context", key=f"{K}_context", placeholder="What problem, for whom, under which constraints?")
decision = st.text_area("Decision", key=f"{K}_decision", placeholder=f"Leave empty to record '{result.winner}'.")
rationale = st.text_area("Rationale", key=f"{K}_rationale", placeholder="Why this option, and what was traded off.")
metrics = st.text_area(
    "Success metrics", key=f"{K}_metrics", placeholder="e.g. CTR +15%, in production in under 3 months"
)
review = st.date_input("Review date", value=dt.date.today() + dt.timedelta(days=90), key=f"{K}_review")
record = DecisionRecord(
    title=title,
    context=context,
    decision=decision,
    rationale=rationale,
    success_metrics=metrics,
    review_date=review.isoformat() if review else "",
    result=result,
)
md, html, csv_col, json_col = st.columns(4)
md.download_button("Record (Markdown)", record.to_markdown(), "decision_record.md", "text/markdown", key=f"{K}_dl_md")
html.download_button("Record (HTML)", record.to_html(), "decision_record.html", "text/html", key=f"{K}_dl_html")
csv_col.download_button("MATRIX.csv", matrix_to_csv(matrix), "MATRIX.csv", "text/csv", key=f"{K}_dl_csv")
json_col.download_button("MATRIX.json", matrix_to_json(matrix), "MATRIX.json", "application/json", key=f"{K}_dl_json")
save_form(
    kind="decision",
    default_title=title or "Decision",
    parameters={"weighting": mode, "n_sim": int(n_sim), "concentration": float(concentration), "seed": int(seed)},
    results=record.to_dict(),
    data_hash=result.provenance.input_sha256,
    key=K,
)
