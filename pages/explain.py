"""Explain: why a model decides, from a model trained here, an uploaded skops model, or its outputs alone."""

import json

import streamlit as st

from lib.errors import InputError
from lib.explain import default_features, untrusted_types
from ui.data_picker import pick_data
from ui.explain import cached_explanation, render_charts_tabs, render_downloads, render_header, roles_key
from ui.page_setup import ensure_app_navigation
from ui.workspace import save_form

ensure_app_navigation()

st.title("Explain")
st.caption(
    "See which features drive a model's outputs, for the whole data, one row, or the gap between two groups. "
    "SHAP values are checked to add up to the model's output."
)

with st.expander("Data", expanded=True):
    data = pick_data(key="explain")
if data is None:
    st.info("Choose a sample or upload a table to explain.")
    st.stop()

frame, dataset, roles = data.frame, data.dataset, data.roles
columns = list(frame.columns)
WAYS = {
    "train": "Train a model here",
    "upload": "Upload a model (skops)",
    "outputs": "Explain outputs (no model)",
}
way = st.radio("Way in", list(WAYS), format_func=WAYS.get, horizontal=True, key="explain_way")

params: dict = {}
model_bytes = None
if way == "train":
    left, middle, right = st.columns(3)
    default_target = columns.index(roles.label) if roles.label in columns else 0
    params["target"] = left.selectbox("Target column", columns, index=default_target, key="explain_target")
    params["model"] = middle.selectbox(
        "Model",
        ["hgb", "rf", "linear"],
        format_func={"hgb": "Gradient boosting", "rf": "Random forest", "linear": "Logistic / linear"}.get,
        key="explain_model",
    )
    exclude = [params["target"]]
elif way == "outputs":
    left, right = st.columns(2)
    output_default = next((roles_col for roles_col in (roles.score, roles.prediction) if roles_col in columns), None)
    params["outputs"] = left.selectbox(
        "Column of model outputs (scores or labels)",
        columns,
        index=columns.index(output_default) if output_default else 0,
        key="explain_outputs",
    )
    few = [c for c in columns if 1 < frame[c].nunique() <= 20 and c != params["outputs"]]
    first = next((c for c in roles.sensitive if c in few), None)
    params["fidelity_by"] = right.selectbox(
        "Fidelity by group of", [None, *few], index=(few.index(first) + 1) if first else 0, key="explain_fidelity_by"
    )
    exclude = [params["outputs"]]
else:
    upload = st.file_uploader(
        "Model file saved with skops (.skops); pickle and joblib files are refused",
        type=["skops", "pkl", "pickle", "joblib"],
        key="explain_model_file",
    )
    if upload is None:
        st.info("Upload a scikit-learn model or pipeline saved with `skops.io.dump`.")
        st.stop()
    model_bytes = upload.getvalue()
    try:
        needed = untrusted_types(model_bytes, upload.name)
    except InputError as error:
        st.error(str(error))
        st.stop()
    if needed:
        st.warning(
            "Loading this file creates types that skops does not trust by default. Approve only those you expect."
        )
    params["trusted"] = st.multiselect("Approved types", needed, default=[], key="explain_trust") if needed else []
    params["model_name"] = upload.name
    target = st.selectbox("Target column (optional, for metrics)", [None, *columns], key="explain_upload_target")
    params["target"] = target
    exclude = [target]

auto_features, feature_notes = default_features(frame, exclude=exclude, roles=roles)
if way != "upload":
    params["features"] = st.multiselect(
        "Features", [c for c in columns if c not in exclude], default=auto_features, key="explain_features"
    )
    for note in feature_notes:
        st.caption(note)
left, right = st.columns(2)
params["max_rows"] = int(
    left.number_input("Explain at most this many rows", 100, 100_000, 20_000, step=1000, key="explain_max_rows")
)
params["seed"] = int(right.number_input("Seed", 0, 2**31 - 1, 0, key="explain_seed"))

if st.button("Explain", type="primary", key="explain_run"):
    st.session_state["explain_request"] = (way, json.dumps(params, sort_keys=True, default=str))
request = st.session_state.get("explain_request")
if not request or request[0] != way:
    st.stop()

failure = None
with st.status("Fitting and explaining...", expanded=False) as status:
    try:
        result = cached_explanation(
            dataset.sha256, request[0], request[1], roles_key(roles), model_bytes, frame, roles, dataset.name
        )
    except InputError as error:
        failure = error
        status.update(label="Could not explain", state="error")
    else:
        status.update(label=f"Explained {result.n_explained:,} rows ({result.explainer} explainer)", state="complete")
if failure is not None:  # shown outside the collapsed status box so it cannot be missed
    st.error(str(failure))
    st.stop()

render_header(result)
group_columns = [c for c in columns if 1 < frame[c].nunique() <= 20]
group_columns.sort(key=lambda c: c not in roles.sensitive)
render_charts_tabs(result, frame, group_columns, key="explain")

st.subheader("Downloads and workspace")
render_downloads(result, name=dataset.name, key="explain")
save_form(
    kind="explain",
    default_title=f"Explain {dataset.name}: {result.model}",
    parameters={"way_in": way, **json.loads(request[1])},
    results=result.to_dict(),
    data_hash=dataset.sha256,
    key="explain",
)
