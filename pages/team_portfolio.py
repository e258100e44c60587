"""Team & Portfolio: the team's shape and hiring plan, an experiment portfolio that expects failure, the failure
log and quality gates."""

import streamlit as st

from lib.errors import InputError
from lib.team import FailureLog, band_text, mix_chart, plan_band_chart
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation, stop_page
from ui.report_view import render_blocks
from ui.runner import run_cached
from ui.team import (
    KINDS,
    TAB_KEY,
    TABS,
    export_and_save,
    failure_details,
    failure_exports,
    failure_form,
    failures_table,
    gate_settings,
    key,
    plan_details,
    plan_settings,
    portfolio_settings,
    reopen_requested,
    roi_link,
    role_name,
)
from ui.workspace import take_reopen_request, workspace

ensure_app_navigation()

st.title("Team & Portfolio")
st.caption(
    "Shape an ML team and its hiring plan with honest uncertainty, fund experiments knowing most will fail, "
    "keep a log of what failed and why, and gate models on their way to production."
)
reopen_requested(take_reopen_request(KINDS))
planner, portfolio, failures, gates = st.tabs(TABS, key=TAB_KEY, on_change="rerun")

if planner.open:
    with planner:
        try:
            settings = plan_settings()
            if settings is None:
                st.info("Choose or upload a roster: a table with a role column.")
                stop_page()
            spec, sources, locations = settings
            with st.spinner(f"Simulating {spec.n_sim:,} futures..."):
                result = run_cached(spec, sources)
        except InputError as error:
            show_error(error)
            stop_page()
        last = result.quarters[-1]
        a, b, c, d = st.columns(4)
        a.metric("People on day one", f"{sum(result.starting_headcount.values()):,}")
        b.metric(f"People after quarter {result.n_quarters} (P50)", f"{last.headcount['total'].p50:,.0f}")
        c.metric("Cost of the plan (P50)", f"${result.total_cost.p50:,.0f}")
        d.metric(f"Effective FTE in quarter {result.n_quarters} (P50)", f"{last.effective_fte['total'].p50:,.1f}")
        st.caption(
            f"P50 (P10 to P90) over {result.n_sim:,} simulated futures: {band_text(last.headcount['total'])} people; "
            f"{band_text(result.total_cost, '$,.0f')} for the plan; {band_text(last.effective_fte['total'], ',.1f')} FTE."
        )
        for flag in result.flags:
            (st.warning if flag.severity == "warning" else st.info)(flag.message)
        if not result.flags:
            st.success("No gaps flagged: the mix, the MLOps ratio and the team's size are within the limits set.")
        role = st.selectbox(
            "Charts for", ["total", *result.roles()], key=key("chart_role"),
            format_func=role_name,
        )  # fmt: skip
        left, right = st.columns(2)
        left.altair_chart(plan_band_chart(result, "headcount", role=role), width="stretch")
        right.altair_chart(plan_band_chart(result, "cost", role=role), width="stretch")
        left.altair_chart(plan_band_chart(result, "effective_fte", role=role), width="stretch")
        right.altair_chart(mix_chart(result), width="stretch")
        with st.expander("Tables by quarter, mix, method and sources"):
            plan_details(result.report())
        roi_link(result)
        export_and_save(
            spec, result, stem="team_plan", locations=locations,
            title=f"Team plan: {sum(result.starting_headcount.values())} people, {result.n_quarters} quarters",
        )  # fmt: skip

if portfolio.open:
    with portfolio:
        try:
            spec = portfolio_settings()
            result = run_cached(spec)
        except InputError as error:
            show_error(error)
            stop_page()
        render_blocks(result.report().blocks, key=key("portfolio_report"))
        export_and_save(
            spec, result, stem="portfolio",
            title=f"Portfolio: {result.n_experiments} experiments, {result.min_wins} wins wanted",
        )  # fmt: skip

if failures.open:
    with failures:
        space = workspace()
        if space is None:
            stop_page()
        log = FailureLog(space)
        st.caption(
            "Failures are not held against anyone once they are written down: what happened, why, how it was "
            "detected and contained, and the durable fix. Complete entries can become interview stories."
        )
        with st.expander("Log a failure", expanded=not log.all()):
            failure_form(log)
        search, tag = st.columns([3, 1])
        text = search.text_input("Search the log", key=key("search"))
        chosen_tag = tag.selectbox("Tag", ["any", *log.tags()], key=key("tag"))
        entries = log.search(text=text, tag=None if chosen_tag == "any" else chosen_tag)
        st.caption(f"{len(entries)} of {len(log.all())} failures shown.")
        if entries:
            failures_table(entries)
            titles = {e.id: f"#{e.id} {e.title}" for e in entries}
            picked = st.selectbox("Failure", list(titles), format_func=titles.get, key=key("failure"))
            failure_details(log, next(e for e in entries if e.id == picked))
            failure_exports(entries)

if gates.open:
    with gates:
        st.caption(
            "Each check is done, waived with a reason, or open; link the saved analysis that shows it. A saved "
            "checklist can be attached to a Review Pack by its workspace id."
        )
        try:
            spec = gate_settings()
            result = run_cached(spec)
        except InputError as error:
            show_error(error)
            stop_page()
        render_blocks(result.report().blocks, key=key("gates_report"))
        export_and_save(spec, result, stem="quality_gates", title=f"Quality gates: {result.name}")
