"""Datasets: bring data in, check its schema and quality, confirm column roles."""

import contextlib

import pandas as pd
import streamlit as st

from lib.analysis import escape_markdown
from lib.charts import class_balance_chart
from lib.data import ROLE_CHOICES, roles_from_assignments
from lib.errors import InputError
from lib.export import to_json
from ui.data_picker import pick_data
from ui.loading import summary_of, upload_limit_text
from ui.log_source import show_log
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation, stop_page
from ui.state import set_roles


def plain(text: object) -> str:
    """Text from the file (names, values) shown as written: no links, HTML or formulas ($) from data."""
    return escape_markdown(text).replace("$", "\\$")


ensure_app_navigation()

st.title("Datasets")
st.caption(
    "Choose a bundled sample, upload your own table, or open a log by path (read where it lies, never loaded). "
    "Later pages use the dataset and column roles set here."
)

data = pick_data(key="datasets")
if st.session_state.get("datasets_source") == "Upload a file":
    # Streamlit refuses files over its own ceiling in the uploader; the limit is stated here so that refusal is explained.
    with contextlib.suppress(InputError):  # the picker above has already shown an unusable setting as an error
        st.caption(upload_limit_text())
if data is None:
    st.info("Upload a file, choose a sample or open a log to see its summary.")
    stop_page()

frame, dataset = data.frame, data.dataset


def roles_editor() -> None:
    """Say what each column is for (a log's roles are guessed from its sample)."""
    st.markdown(
        "Say what each column is for. The guess comes from names and contents; correct it here. "
        "A label, prediction, score, id and date can each be one column; sensitive attributes and features can be many."
    )
    editor = st.data_editor(
        pd.DataFrame({"column": list(frame.columns), "role": [data.roles.role_of(c) for c in frame.columns]}),
        column_config={
            "column": st.column_config.TextColumn("column", disabled=True),
            "role": st.column_config.SelectboxColumn("role", options=list(ROLE_CHOICES), required=True),
        },
        hide_index=True,
        width="stretch",
        key=f"datasets_roles_{dataset.sha256[:12]}",
    )
    try:
        roles = roles_from_assignments(dict(zip(editor["column"], editor["role"], strict=True)), file=dataset.name)
    except InputError as error:
        show_error(error)
    else:
        if roles != data.roles:
            set_roles(roles)
            st.rerun()
        st.success(
            "Roles saved for this session: "
            + "; ".join(
                f"{role} = {plain(', '.join(value) if isinstance(value, list) else value)}"
                for role, value in roles.to_dict().items()
                if value and role != "features"
            )
            + f"; {len(roles.features)} feature{'s' if len(roles.features) != 1 else ''}."
        )


if data.log is not None:
    # A log is never loaded: its files, rows, schema and a stated sample, then its column roles.
    st.subheader(plain(dataset.name))
    show_log(data)
    with st.expander("Column roles", expanded=True):
        roles_editor()
    stop_page()

summary = summary_of(frame, dataset, data.roles)

st.subheader(plain(dataset.name))
rows, columns, duplicates, missing = st.columns(4)
rows.metric("Rows", f"{dataset.n_rows:,}")
columns.metric("Columns", dataset.n_columns)
duplicates.metric("Duplicate rows", f"{summary.duplicate_rows:,}")
missing.metric("Missing cells", f"{int(sum(c.missing for c in summary.columns)):,}")
st.caption(f"Format {dataset.file_format.upper()} · sha256 `{dataset.sha256}`")
for note in dataset.notes:
    st.info(plain(note))

preview, schema, balance, roles_tab = st.tabs(["Preview", "Schema and quality", "Class balance", "Column roles"])

with preview:
    st.dataframe(frame.head(200), width="stretch")
    st.caption(f"First {min(200, len(frame))} of {len(frame):,} rows.")

with schema:
    table = summary.to_frame()
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "missing_pct": st.column_config.ProgressColumn("missing %", min_value=0, max_value=100, format="%.1f%%"),
            "distinct": st.column_config.NumberColumn("distinct", format="%d"),
        },
    )
    markdown_col, json_col = st.columns(2)
    markdown_col.download_button(
        "Download summary (Markdown)",
        summary.to_markdown(),
        file_name=f"{dataset.name}.summary.md",
        key="datasets_md",
        on_click="ignore",
    )
    json_col.download_button(
        "Download summary (JSON)",
        to_json(summary.to_dict()),
        file_name=f"{dataset.name}.summary.json",
        key="datasets_json",
        on_click="ignore",
    )

with balance:
    if not summary.class_balance:
        st.caption("No column with two values was found, so there is no class balance to show.")
    for item in summary.class_balance:
        # Missing cells are a bar of their own: a column that is mostly empty must look mostly empty.
        st.altair_chart(class_balance_chart(item.with_missing_as_value()), width="stretch")
        if item.missing:
            st.caption(
                f"{item.missing:,} of {dataset.n_rows:,} rows ({item.missing / dataset.n_rows:.0%}) "
                f"have no value in {plain(item.column)}; they are the bar {plain(item.missing_label)}."
            )

with roles_tab:
    roles_editor()
