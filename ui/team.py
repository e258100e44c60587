"""Team & Portfolio widgets: plan settings -> a spec, the portfolio table -> a spec, the failure log, quality gates.

Tables the user edits (role figures, requisitions, experiments, checklists) are drawn from rows kept
in session state; a reopened analysis replaces those rows and bumps the editor's version, so the
editor starts again from them instead of replaying earlier edits.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import Chart, Heading, KeyFigures, Report, Spec, TableSource, Verdict, escape_markdown, saved_parts
from lib.data import load_table
from lib.errors import InputError
from lib.roi import Range
from lib.team import (
    DEFAULT_CHECKLISTS,
    GATE_TITLES,
    GATES,
    MAX_QUARTERS,
    PART_TITLES,
    PRESETS,
    ROLE_TITLES,
    ROLES,
    STORY_PARTS,
    FailureEntry,
    FailureLog,
    GateItem,
    Hire,
    PortfolioSpec,
    QualityGateSpec,
    RolePlan,
    TeamPlanSpec,
    check_title,
    default_items,
    default_role_plans,
    export_failures,
    failures_frame,
    hypotheses_from_frame,
    hypotheses_from_rows,
    make_failure,
    star_parts,
)
from lib.team.analyses import EXAMPLE_ROSTER
from ui.data_picker import pick_data
from ui.exports import data_locations, export_bar
from ui.messages import show_error
from ui.page_setup import stop_page
from ui.report_view import render_blocks, render_report
from ui.roi_inputs import PREFILL_KEY
from ui.runner import table_of
from ui.state import current_data
from ui.workspace import reopened_data, save_form, workspace

PREFIX = "team_portfolio"
KINDS = ("team_plan", "portfolio", "quality_gate")
TABS = ("Team planner", "Experiment portfolio", "Failure log", "Quality gates")
TAB_KEY = f"{PREFIX}_tab"
STARTS = {
    "l6_team": "L6 team preset",
    "l7_org": "L7 organisation preset",
    "blank": "Start from nobody",
    "roster": "Our roster",
}
SIMULATIONS = (1_000, 5_000, 10_000, 50_000, 100_000)
TITLE_TO_ROLE = {title: role for role, title in ROLE_TITLES.items()}
EXAMPLE_EXPERIMENTS = [
    {"name": "Two-tower retrieval", "compute_cost": 40_000.0, "people_weeks": 12.0, "p_success": 0.25, "value": 900_000.0, "weeks_to_result": 10.0},
    {"name": "Re-ranker distillation", "compute_cost": 15_000.0, "people_weeks": 6.0, "p_success": None, "value": 300_000.0, "weeks_to_result": 6.0},
    {"name": "Fresher features", "compute_cost": 5_000.0, "people_weeks": 4.0, "p_success": 0.45, "value": 250_000.0, "weeks_to_result": 3.0},
    {"name": "LLM query rewriting", "compute_cost": 60_000.0, "people_weeks": 10.0, "p_success": None, "value": 1_200_000.0, "weeks_to_result": 12.0},
    {"name": "Calibrated scores", "compute_cost": 2_000.0, "people_weeks": 3.0, "p_success": 0.6, "value": 80_000.0, "weeks_to_result": 2.0},
]  # fmt: skip
DEFAULT_HIRES = [
    {"role": "MLOps engineer", "quarter": 1, "count": 2},
    {"role": "ML engineer", "quarter": 2, "count": 2},
]


def key(name: str) -> str:
    """A widget key of this page."""
    return f"{PREFIX}_{name}"


def _version(name: str) -> int:
    return int(st.session_state.get(key(f"{name}_version"), 0))


def _replace_rows(name: str, rows: list[dict[str, Any]]) -> None:
    """New starting rows for an editor: stored, and the editor's version bumped so it starts from them."""
    st.session_state[key(f"{name}_rows")] = rows
    st.session_state[key(f"{name}_version")] = _version(name) + 1


def _rows(name: str, default: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(r) for r in st.session_state.get(key(f"{name}_rows"), default)]


def _number(value: Any) -> float | None:
    if (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    ):
        return None
    return float(value)


def _number_or_text(value: Any) -> Any:
    """A cell's value, or None for an empty cell (None, NaN or blank text)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    return value


def _blank(row: Mapping[str, Any]) -> bool:
    return all(v is None or (isinstance(v, float) and math.isnan(v)) or str(v).strip() == "" for v in row.values())


def _dollars(label: str) -> Any:
    return st.column_config.NumberColumn(label, min_value=0, format="dollar")


# --- team planner ----------------------------------------------------------------------------------------


def _range(low: Any, likely: Any, high: Any, *, what: str) -> float | Range:
    points = [_number(v) for v in (low, likely, high)]
    if points[1] is None:
        raise InputError(f"{what}: the likely value is empty", expected="a number")
    low_value = points[1] if points[0] is None else points[0]
    high_value = points[1] if points[2] is None else points[2]
    if low_value == points[1] == high_value:
        return float(points[1])
    return Range(low_value, points[1], high_value)


def _role_row(plan: RolePlan) -> dict[str, Any]:
    cost = plan.cost.points() if isinstance(plan.cost, Range) else (plan.cost,) * 3
    hire = plan.time_to_hire.points() if isinstance(plan.time_to_hire, Range) else (plan.time_to_hire,) * 3
    return {
        "role": ROLE_TITLES[plan.role],
        "cost_low": cost[0], "cost_likely": cost[1], "cost_high": cost[2],
        "hire_low": hire[0], "hire_likely": hire[1], "hire_high": hire[2],
        "ramp_months": plan.ramp_months, "ramp_start": plan.ramp_start * 100, "attrition": plan.attrition * 100,
    }  # fmt: skip


def _role_plans(rows: list[dict[str, Any]]) -> tuple[RolePlan, ...]:
    plans = []
    for row in rows:
        role = TITLE_TO_ROLE.get(str(row["role"]), str(row["role"]))
        title = ROLE_TITLES.get(role, role)
        plans.append(
            RolePlan(
                role,
                cost=_range(row["cost_low"], row["cost_likely"], row["cost_high"], what=f"{title}, yearly cost"),
                time_to_hire=_range(
                    row["hire_low"], row["hire_likely"], row["hire_high"], what=f"{title}, time to hire"
                ),
                ramp_months=_number(row["ramp_months"]) or 0.0,
                ramp_start=(_number(row["ramp_start"]) or 0.0) / 100,
                attrition=(_number(row["attrition"]) or 0.0) / 100,
            )
        )
    return tuple(plans)


def _role_editor() -> tuple[RolePlan, ...]:
    band = st.radio("Default cost of each role", ["L6", "L7"], horizontal=True, key=key("band"))
    st.caption(
        "Defaults: the L6 band ($400K–$530K a year) or the L7 band ($600K–$825K), total compensation in 2025 "
        "industry pay reporting; add benefits and overhead for a fully loaded cost. Time to hire, ramp-up and "
        "attrition are Decision Desk placeholders with no published source: use your own figures."
    )
    if st.session_state.get(key("band_shown")) != band:
        st.session_state[key("band_shown")] = band
        _replace_rows("roles", [_role_row(p) for p in default_role_plans(band)])
    table = st.data_editor(
        pd.DataFrame(_rows("roles", [_role_row(p) for p in default_role_plans(band)])),
        hide_index=True, width="stretch", key=key(f"roles_{_version('roles')}"), disabled=["role"],
        column_config={
            "role": st.column_config.TextColumn("role"),
            "cost_low": _dollars("cost low ($/yr)"), "cost_likely": _dollars("likely ($/yr)"),
            "cost_high": _dollars("high ($/yr)"),
            "hire_low": st.column_config.NumberColumn("time to hire, low (months)", min_value=0),
            "hire_likely": st.column_config.NumberColumn("likely (months)", min_value=0),
            "hire_high": st.column_config.NumberColumn("high (months)", min_value=0),
            "ramp_months": st.column_config.NumberColumn("ramp-up (months)", min_value=0),
            "ramp_start": st.column_config.NumberColumn("speed on day one (%)", min_value=0, max_value=100),
            "attrition": st.column_config.NumberColumn("attrition (%/yr)", min_value=0, max_value=95),
        },
    )  # fmt: skip
    return _role_plans(table.to_dict(orient="records"))


def _hire_editor(quarters: int) -> tuple[Hire, ...]:
    table = st.data_editor(
        pd.DataFrame(_rows("hires", DEFAULT_HIRES), columns=["role", "quarter", "count"]),
        num_rows="dynamic", hide_index=True, width="stretch", key=key(f"hires_{_version('hires')}"),
        column_config={
            "role": st.column_config.SelectboxColumn("role", options=[ROLE_TITLES[r] for r in ROLES], required=True),
            "quarter": st.column_config.NumberColumn("opens in quarter", min_value=1, max_value=quarters, step=1),
            "count": st.column_config.NumberColumn("people", min_value=1, step=1),
        },
    )  # fmt: skip
    hires = []
    for row in table.to_dict(orient="records"):
        if _blank(row):
            continue
        if _number_or_text(row.get("role")) is None:
            raise InputError("a requisition in the hiring plan has no role", expected="a role for every row")
        role = TITLE_TO_ROLE.get(str(row["role"]), str(row["role"]))
        quarter, count = _number(row["quarter"]), _number(row["count"])
        if quarter is None or count is None:
            raise InputError(f"a requisition for {row['role'] or 'a role'} has no quarter or no count", expected="both")
        hires.append(Hire(role, int(quarter), int(count)))
    return tuple(hires)


@st.cache_data(show_spinner=False)
def _example_roster() -> tuple[pd.DataFrame, str, str]:
    frame, dataset = load_table(EXAMPLE_ROSTER.read_bytes(), name=EXAMPLE_ROSTER.name)
    return frame, dataset.name, dataset.sha256


def roster_source() -> tuple[TableSource | None, dict[str, str]]:
    """The roster: the current dataset when it has a role column, the person's pick, or the example roster.

    Opening the page never replaces the current dataset: the picker appears only when asked for.
    """
    current = current_data()
    has_role = current is not None and any(str(c).strip().lower() == "role" for c in current.frame.columns)
    if st.toggle("Choose or upload a roster", value=False, key=key("roster_pick")):
        picked = pick_data(key=key("roster"), confirm=True)
        return (None, {}) if picked is None else (table_of(picked), data_locations(picked))
    if has_role and current is not None:
        st.caption(f"Using the current dataset, {current.dataset.name}, as the roster.")
        return table_of(current), data_locations(current)
    st.caption(
        "Showing a made-up example roster of 12 people until you choose or upload yours: one row per person "
        "with role, level, location and cost ($ a year; empty cells take the role's figure)."
    )
    frame, name, sha256 = _example_roster()
    # Like an upload, the notebook looks for the file by its name beside it.
    return TableSource(frame, name, sha256, location=name), {"data": name}


def plan_settings() -> tuple[TeamPlanSpec, dict[str, TableSource], dict[str, str]] | None:
    """The planner's widgets -> a team plan spec, its inputs and where a notebook finds them (None: no roster yet)."""
    left, middle, right = st.columns(3)
    start = left.radio("Start from", list(STARTS), format_func=STARTS.get, key=key("start"))
    sources: dict[str, TableSource] = {}
    locations: dict[str, str] = {}
    if start in PRESETS:
        preset = start
        st.session_state.setdefault(key("team_size"), 15)
        size = middle.number_input("People on day one", min_value=1, max_value=5_000, step=1, key=key("team_size"))
        middle.caption(f"The {PRESETS[preset].title} mix is meant for {PRESETS[preset].size_text()}.")
    else:
        preset = middle.selectbox(
            "Compare with", list(PRESETS), format_func=lambda p: PRESETS[p].title, key=key("preset")
        )
        size = 15
    st.session_state.setdefault(key("quarters"), 4)
    quarters = right.number_input("Quarters to plan", min_value=1, max_value=MAX_QUARTERS, step=1, key=key("quarters"))
    if start == "roster":
        source, locations = roster_source()
        if source is None:
            return None
        sources = {"data": source}
    with st.expander("Cost, time to hire, ramp-up and attrition by role", expanded=False):
        roles = _role_editor()
    st.markdown("**Hiring plan**: requisitions open at the start of their quarter.")
    hires = _hire_editor(int(quarters))
    with st.expander("Checks and simulation"):
        a, b, c = st.columns(3)
        st.session_state.setdefault(key("mlops_ratio"), 2.0)
        ratio = a.number_input("MLOps-capable engineers per scientist", 0.0, 20.0, step=0.5, key=key("mlops_ratio"))
        a.caption("About 2 is suggested where ML systems are still immature (typical guide figure); 0 turns it off.")
        st.session_state.setdefault(key("tolerance"), 10.0)
        tolerance = b.number_input("Mix gap flagged above (points)", 0.0, 100.0, step=1.0, key=key("tolerance"))
        data_heavy = b.checkbox("The roadmap is data-heavy", key=key("data_heavy"))
        st.session_state.setdefault(key("backfill"), True)
        backfill = c.checkbox("Replace people who leave", key=key("backfill"))
        st.session_state.setdefault(key("n_sim"), 10_000)
        # A reopened plan may have used another number of futures: offer it too.
        offered = sorted({*SIMULATIONS, int(st.session_state[key("n_sim")])})
        n_sim = c.selectbox("Simulated futures", offered, format_func="{:,}".format, key=key("n_sim"))
        st.session_state.setdefault(key("seed"), 0)
        seed = c.number_input("Seed", 0, 2**32 - 1, step=1, key=key("seed"))
    spec = TeamPlanSpec(
        start="preset" if start in PRESETS else start, preset=preset, team_size=int(size), quarters=int(quarters),
        roles=roles, hires=hires, mlops_ratio=float(ratio), data_heavy=bool(data_heavy),
        mix_tolerance=float(tolerance) / 100, backfill=bool(backfill), n_sim=int(n_sim), seed=int(seed),
    )  # fmt: skip
    return spec, sources, locations


def plan_details(report: Report) -> None:
    """The report's tables, mix, method and sources (the figures, gaps and charts are drawn above them)."""
    shown = [b for b in report.blocks if not isinstance(b, (Chart, Verdict, KeyFigures))]
    render_blocks([b for b in shown if not (isinstance(b, Heading) and b.text == "Gaps to look at")], key=key("plan"))


def role_name(role: str) -> str:
    """A role's title for a chart picker (``total`` is the whole team)."""
    return "The whole team" if role == "total" else ROLE_TITLES.get(role, role)


def roi_link(result: Any) -> None:
    """Send the plan's monthly people cost (P50) to ROI & Cost as an option's running cost."""
    st.caption(
        f"The plan costs ${result.people_cost_per_month.p50:,.0f} a month (P50; P10 ${result.people_cost_per_month.p10:,.0f}, "
        f"P90 ${result.people_cost_per_month.p90:,.0f}). Use it as the people cost of an ROI case:"
    )
    if st.button("Open ROI & Cost with this people cost", key=key("to_roi")):
        st.session_state[PREFILL_KEY] = result.roi_prefill()
        st.switch_page("pages/roi_cost.py")


# --- experiment portfolio --------------------------------------------------------------------------------


def _load_list() -> None:
    if not st.toggle("Load an experiment list from a file", value=False, key=key("experiments_pick")):
        return
    st.caption("One row per experiment: name, value, compute_cost and/or people_weeks, p_success, weeks_to_result.")
    picked = pick_data(key=key("experiments"), confirm=True)
    if picked is not None and st.button(f"Use the rows of {picked.dataset.name}", key=key("experiments_use")):
        hypotheses = hypotheses_from_frame(picked.frame, file=picked.dataset.name)
        _replace_rows("experiments", [h.to_dict() for h in hypotheses])
        st.rerun()


def portfolio_settings() -> PortfolioSpec:
    """The experiment table and settings -> a portfolio spec (raises InputError for bad rows)."""
    _load_list()
    table = st.data_editor(
        pd.DataFrame(_rows("experiments", EXAMPLE_EXPERIMENTS), columns=list(EXAMPLE_EXPERIMENTS[0])),
        num_rows="dynamic", hide_index=True, width="stretch", key=key(f"experiments_{_version('experiments')}"),
        column_config={
            "name": st.column_config.TextColumn("experiment", required=True),
            "compute_cost": _dollars("compute ($)"),
            "people_weeks": st.column_config.NumberColumn("person-weeks", min_value=0),
            "p_success": st.column_config.NumberColumn("chance of success (0-1; empty: team rate)", min_value=0, max_value=1),
            "value": _dollars("value if it succeeds ($)"),
            "weeks_to_result": st.column_config.NumberColumn("weeks to result", min_value=0),
        },
    )  # fmt: skip
    a, b, c, d = st.columns(4)
    st.session_state.setdefault(key("min_wins"), 2)
    wins = a.number_input("Wins wanted (k)", 1, 10_000, step=1, key=key("min_wins"))
    st.session_state.setdefault(key("confidence"), 80)
    confidence = a.slider("Confidence wanted (%)", 50, 99, key=key("confidence"))
    st.session_state.setdefault(key("per_week"), 9_000.0)
    per_week = b.number_input("Cost per person-week ($)", 0.0, 1e9, step=500.0, key=key("per_week"))
    b.caption("Default: the L6 band's midpoint ($465K a year, 2025 pay reporting) over 52 weeks, rounded.")
    st.session_state.setdefault(key("prior"), 30.0)
    prior = c.number_input("Success rate before history (%)", 1.0, 99.0, step=5.0, key=key("prior"))
    c.caption("About 70 % of experiments fail (typical guide figure), so 30 %.")
    st.session_state.setdefault(key("strength"), 10.0)
    strength = c.number_input("Prior worth (experiments)", 0.5, 10_000.0, step=1.0, key=key("strength"))
    st.session_state.setdefault(key("history_trials"), 0)
    trials = d.number_input("Team's past experiments", 0, 1_000_000, step=1, key=key("history_trials"))
    st.session_state.setdefault(key("history_wins"), 0)
    won = d.number_input("of which succeeded", 0, 1_000_000, step=1, key=key("history_wins"))
    return PortfolioSpec(
        hypotheses=hypotheses_from_rows(table.to_dict(orient="records")), cost_per_person_week=float(per_week),
        prior_mean=float(prior) / 100, prior_strength=float(strength), history_wins=int(won),
        history_trials=int(trials), min_wins=int(wins), confidence=float(confidence) / 100,
    )  # fmt: skip


# --- failure log -----------------------------------------------------------------------------------------


def _analysis_choices() -> dict[int | None, str]:
    space = workspace()
    choices: dict[int | None, str] = {None: "none"}
    if space is not None:
        choices.update({a.id: f"#{a.id} {a.title} ({a.kind})" for a in space.list(limit=200)})
    return choices


def _failure_fields(log: FailureLog, *, name: str, entry: FailureEntry | None, button: str) -> int | None:
    """A failure's form (empty, or filled from ``entry``); saves it and returns its id when submitted and valid."""
    choices = _analysis_choices()
    old = entry or FailureEntry(title="", what_happened="", why="")
    # The keys carry a version: after a save the form starts again from empty (or from the saved entry).
    tag = f"{name}_{_version(name)}"
    with st.form(key(f"{tag}_form"), clear_on_submit=False):
        title = st.text_input("Title", value=old.title, key=key(f"{tag}_title"))
        left, right = st.columns(2)
        what = left.text_area("What happened", value=old.what_happened, key=key(f"{tag}_what"))
        why = right.text_area("Why it happened", value=old.why, key=key(f"{tag}_why"))
        detection = left.text_area("How it was detected", value=old.detection, key=key(f"{tag}_detection"))
        mitigation = right.text_area("How the harm was contained", value=old.mitigation, key=key(f"{tag}_mitigation"))
        fix = st.text_area("Durable fix: how it will be avoided", value=old.durable_fix, key=key(f"{tag}_fix"))
        a, b, c = st.columns(3)
        tags = a.text_input("Tags (commas between)", value=", ".join(old.tags), key=key(f"{tag}_tags"))
        day = dt.date.fromisoformat(old.occurred_on) if old.occurred_on else None
        when = b.date_input("When", value=day, key=key(f"{tag}_date"))
        ids = list(choices) if old.analysis_id in choices else [*choices, old.analysis_id]
        linked = c.selectbox("Linked analysis", ids, index=ids.index(old.analysis_id), key=key(f"{tag}_analysis"),
                             format_func=lambda i: choices.get(i, f"#{i} (not in the workspace)"))  # fmt: skip
        submitted = st.form_submit_button(button, key=key(f"{tag}_submit"))
    if not submitted:
        return None
    try:
        fields = make_failure(
            title=title, what_happened=what, why=why, detection=detection, mitigation=mitigation,
            durable_fix=fix, tags=tags, analysis_id=linked, occurred_on=when,
        )  # fmt: skip
    except InputError as error:
        show_error(error)  # the form keeps what was typed
        return None
    if entry is None:
        saved = log.add(fields)
    else:
        saved = int(entry.id or 0)
        log.update(saved, fields)
    st.session_state[key(f"{name}_version")] = _version(name) + 1
    return saved


def failure_form(log: FailureLog) -> None:
    """The form that logs a new failure."""
    done = st.session_state.pop(key("logged"), None)
    if done:
        st.success(f"Logged as failure #{done}.")
    saved = _failure_fields(log, name="new_failure", entry=None, button="Log the failure")
    if saved is not None:
        st.session_state[key("logged")] = saved
        st.rerun()


def failure_details(log: FailureLog, entry: FailureEntry) -> None:
    """One failure's story, with buttons to turn it into a STAR story or delete it."""
    for part in STORY_PARTS:
        text = getattr(entry, part).strip()
        st.markdown(f"**{PART_TITLES[part]}:** " + (escape_markdown(text) if text else "_not written yet_"))
    if not entry.complete:
        st.info("Missing for a full story: " + ", ".join(entry.missing_parts()) + ".")
    elif st.button("Add to the interview story bank", key=key(f"star_{entry.id}")):
        from lib.practice import StoryBank, make_story

        story_id = StoryBank(log.workspace).add(make_story(**star_parts(entry)), now=dt.datetime.now(dt.UTC))
        st.success(f"Added as STAR story #{story_id}; find it on Interview Practice.")
    with st.expander("Complete or edit this failure"):
        if _failure_fields(log, name=f"edit_{entry.id}", entry=entry, button="Save the changes") is not None:
            st.rerun()
    confirm = st.checkbox("Confirm delete", key=key(f"confirm_delete_{entry.id}"))
    if st.button("Delete this failure", key=key(f"delete_{entry.id}"), disabled=not confirm):
        log.delete(int(entry.id or 0))
        st.rerun()


def failure_exports(entries: list[FailureEntry]) -> None:
    """Download the shown failures as CSV, Markdown, HTML or JSON."""
    formats = {"csv": ("CSV", "text/csv"), "md": ("Markdown", "text/markdown"), "html": ("HTML", "text/html"),
               "json": ("JSON", "application/json")}  # fmt: skip
    for column, (fmt, (label, mime)) in zip(st.columns(len(formats)), formats.items(), strict=True):
        column.download_button(
            f"Failure log ({label})", lambda fmt=fmt: export_failures(entries, fmt), file_name=f"failure_log.{fmt}",
            mime=mime, key=key(f"failures_{fmt}"), on_click="ignore",
        )  # fmt: skip


def failures_table(entries: list[FailureEntry]) -> None:
    """The shown failures as a table."""
    st.dataframe(failures_frame(entries).drop(columns=list(STORY_PARTS[2:])), hide_index=True, width="stretch")


# --- quality gates ---------------------------------------------------------------------------------------


def _gate_rows(items: tuple[GateItem, ...], gate: str, labels: dict[int | None, str]) -> list[dict[str, Any]]:
    return [
        {"check": check_title(i.gate, i.check), "status": i.status, "evidence": labels.get(i.analysis_id, i.evidence or ""), "note": i.note}
        for i in items
        if i.gate == gate
    ]  # fmt: skip


def _check_key(gate: str, title: str) -> str:
    template = next((t for t in DEFAULT_CHECKLISTS[gate] if t.title.lower() == title.strip().lower()), None)
    return template.check if template else title.strip()


def gate_settings() -> QualityGateSpec:
    """The checklists -> a quality-gate spec (raises InputError for bad rows)."""
    st.session_state.setdefault(key("model"), "Our model")
    name = st.text_input("Model or project", key=key("model"))
    labels = _analysis_choices()
    label_to_id = {label: analysis_id for analysis_id, label in labels.items()}
    items: list[GateItem] = []
    for gate in GATES:
        st.markdown(f"**{GATE_TITLES[gate]}**")
        rows = _rows(f"gate_{gate}", _gate_rows(default_items(), gate, labels))
        table = st.data_editor(
            pd.DataFrame(rows, columns=["check", "status", "evidence", "note"]),
            num_rows="dynamic", hide_index=True, width="stretch", key=key(f"gate_{gate}_{_version(f'gate_{gate}')}"),
            column_config={
                "check": st.column_config.TextColumn("check", required=True),
                "status": st.column_config.SelectboxColumn("status", options=["open", "done", "waived"], required=True),
                "evidence": st.column_config.SelectboxColumn("linked analysis", options=list(label_to_id)),
                "note": st.column_config.TextColumn("note (why waived, or anything a reviewer should know)"),
            },
        )  # fmt: skip
        st.caption(" ".join(f"{t.title}: {t.asks}" for t in DEFAULT_CHECKLISTS[gate]))
        for row in table.to_dict(orient="records"):
            if _blank(row):
                continue
            evidence = row.get("evidence") or None
            analysis_id = label_to_id.get(evidence) if evidence else None
            items.append(
                GateItem(gate=gate, check=_check_key(gate, str(row["check"] or "")), status=row["status"] or "open",  # type: ignore[arg-type]
                         analysis_id=analysis_id, evidence=evidence if analysis_id else None, note=str(row["note"] or ""))
            )  # fmt: skip
    return QualityGateSpec(name=name, items=tuple(items))


# --- exports, saving, reopening --------------------------------------------------------------------------


def export_and_save(
    spec: Spec, result: Any, *, stem: str, title: str, locations: Mapping[str, str] | None = None
) -> None:
    """The export bar and the save form of one analysis."""
    export_bar(spec, result, key=key(stem), stem=stem, locations=locations)
    save_form(spec=spec, result=result, default_title=title, key=key(stem), locations=dict(locations or {}))


def _restore_plan(spec: TeamPlanSpec) -> None:
    start = spec.preset if spec.start == "preset" else spec.start
    values = {"start": start, "preset": spec.preset, "team_size": spec.team_size, "quarters": spec.quarters,
              "mlops_ratio": spec.mlops_ratio, "tolerance": spec.mix_tolerance * 100, "data_heavy": spec.data_heavy,
              "backfill": spec.backfill, "n_sim": spec.n_sim, "seed": spec.seed}  # fmt: skip
    st.session_state.update({key(k): v for k, v in values.items()})
    st.session_state[key("band_shown")] = st.session_state.get(key("band"), "L6")
    _replace_rows("roles", [_role_row(p) for p in spec.roles])
    _replace_rows("hires", [{"role": ROLE_TITLES[h.role], "quarter": h.quarter, "count": h.count} for h in spec.hires])


def _restore_portfolio(spec: PortfolioSpec) -> None:
    values = {"min_wins": spec.min_wins, "confidence": round(spec.confidence * 100), "per_week": spec.cost_per_person_week,
              "prior": spec.prior_mean * 100, "strength": spec.prior_strength, "history_wins": spec.history_wins,
              "history_trials": spec.history_trials}  # fmt: skip
    st.session_state.update({key(k): v for k, v in values.items()})
    _replace_rows("experiments", [h.to_dict() for h in spec.hypotheses])


def _restore_gates(spec: QualityGateSpec) -> None:
    st.session_state[key("model")] = spec.name
    labels = _analysis_choices()
    for gate in GATES:
        _replace_rows(f"gate_{gate}", _gate_rows(spec.items, gate, labels))


def reopen_requested(analysis_id: int | None) -> None:
    """Restore a saved analysis into the tab that made it (or show its report read-only and stop)."""
    if analysis_id is None or (space := workspace()) is None:
        return
    saved = space.open(analysis_id)
    try:
        spec, result = saved_parts(saved)
    except InputError as error:
        show_error(error)
        return
    example = saved.data_hash == _example_roster()[2]
    if isinstance(spec, TeamPlanSpec) and spec.start == "roster" and not example and reopened_data(saved) is None:
        st.warning(
            f"#{saved.id} '{saved.title}' was made from the roster {result.provenance.input_name}, which is not "
            "loaded: its saved result is shown read-only. Load that roster on the Datasets page to re-run it."
        )
        render_report(result.report(), key=key("saved"))
        stop_page()
    restore = {TeamPlanSpec: _restore_plan, PortfolioSpec: _restore_portfolio, QualityGateSpec: _restore_gates}
    restore[type(spec)](spec)  # type: ignore[operator]
    st.session_state[TAB_KEY] = TABS[KINDS.index(spec.kind)]
    st.info(f"Reopened #{saved.id} '{saved.title}': its settings are in the tab below.")
