"""Interview Practice widgets: cached scoring, the countdown, feedback and the self-rubric."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.errors import InputError
from lib.practice import (
    COMPETENCIES,
    PASS_MARK,
    REVIEW_DAYS,
    SELF_DIMENSIONS,
    Attempt,
    Countdown,
    Scenario,
    ScoreResult,
    StoryBank,
    compare,
    competencies_without_story,
    load_bank,
    make_self_rubric,
    make_story,
    progress_chart,
    review_schedule,
    score_answer,
)
from lib.practice import SelfRubric as SelfRubricResult

KEY = "interview_practice"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:])")


def plain(text: str) -> str:
    """Text shown literally in Markdown: '$0.42 to $0.19' must not turn into a formula, nor '*' into italics."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@st.cache_data(show_spinner=False)
def cached_bank() -> tuple[Scenario, ...]:
    """The bundled scenario bank, read once per server."""
    return load_bank()


@st.cache_data(show_spinner=False, max_entries=64)
def cached_score(answer: str, scenario_id: str, minutes: float) -> ScoreResult:
    """Score an answer (same text and minutes, same result)."""
    scenario = next(s for s in cached_bank() if s.id == scenario_id)
    return score_answer(answer, scenario, minutes=minutes)


def utc_now() -> dt.datetime:
    """The wall clock in UTC (the one clock the page reads for stored times)."""
    return dt.datetime.now(dt.UTC)


def decode_answer_upload(data: bytes, name: str) -> str:
    """Text of an uploaded answer file, or an InputError naming the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            "the answer is not UTF-8 text", file=name, expected="a plain UTF-8 text file", found="binary data"
        ) from error


def roi_inputs_from_numbers(numbers: dict[str, float]) -> dict[str, float | str]:
    """Translate a scenario's figures into the input names ROI & Cost accepts in ``roi_prefill``."""
    inputs: dict[str, float | str] = {}
    if "monthly_spend" in numbers:
        spend = float(numbers["monthly_spend"])
        shares = {c: numbers.get(f"{c}_share") for c in ("training", "inference", "data")}
        if any(v is not None for v in shares.values()):
            for category, share in shares.items():
                inputs[f"baseline_{category}"] = spend * float(share or 0.0)
        else:  # a spend with no split is training spend in the bank's scenarios
            inputs["baseline_training"] = spend
        inputs["monthly_budget"] = spend
    renames = {
        "predictions_per_month": "predictions_per_month",
        "cost_per_1000_before": "cost_before",
        "cost_per_1000_after": "cost_after",
        "requests_per_hour": "requests_per_hour",
        "capex": "build_cost",
    }
    for name, target in renames.items():
        if name in numbers:
            inputs[target] = numbers[name]
    if "hourly_rate" in numbers:
        inputs["gpu_hourly"] = inputs["on_demand_hourly"] = numbers["hourly_rate"]
    return inputs


def roi_prefill(scenario: Scenario, roi_page: Path) -> dict[str, float | str] | None:
    """The figures to hand to ROI & Cost, when the scenario has some and that page exists."""
    if not (scenario.is_money and roi_page.exists()):
        return None
    return roi_inputs_from_numbers(dict(scenario.numbers)) or None


def request_submit() -> None:
    """Button callback: ask the page to score the answer on this run."""
    st.session_state[f"{KEY}_submit_requested"] = True


def countdown() -> Countdown | None:
    """The running countdown for this session, if the candidate started one."""
    return st.session_state.get(f"{KEY}_countdown")


def start_countdown(limit_minutes: float | None) -> None:
    """Start (or restart) the countdown now."""
    st.session_state[f"{KEY}_countdown"] = Countdown(started_at=time.time(), limit_minutes=limit_minutes)


@st.fragment(run_every=1)
def show_countdown() -> None:
    """The clock, redrawn every second; red in the last 30 seconds. The answer boxes live outside it."""
    timer = countdown()
    if timer is None:
        st.caption("The clock starts when you press Start.")
        return
    state = timer.state(time.time())
    if state.expired:
        st.markdown(":red[**Time is up.**] Your answer is kept: finish the sentence and submit.")
    elif state.warning:
        st.markdown(f"### :red[{state.label}]")
    elif state.remaining_seconds is None:
        st.markdown(f"### {state.label} elapsed")
    else:
        st.markdown(f"### {state.label} left")


def minutes_for_scoring(limit_minutes: float | None) -> float:
    """Time used when a clock ran; otherwise the chosen time box (or the rubric's default of 5)."""
    timer = countdown()
    if timer is not None:
        return timer.minutes_used(time.time())
    return float(limit_minutes) if limit_minutes else 5.0


def show_feedback(result: ScoreResult) -> None:
    """Total, notes, then each dimension with its quoted evidence or what would earn it."""
    st.metric("Rubric score", f"{result.total:g} / 100", help=f"{result.words} words, {result.minutes:g} minutes")
    for note in result.notes:
        st.info(plain(note))
    for dimension in result.dimensions:
        full = dimension.score >= dimension.max_score
        icon = (
            ":material/check_circle:"
            if full
            else ":material/radio_button_partial:"
            if dimension.score
            else ":material/cancel:"
        )
        with st.expander(
            f"{dimension.label}: {dimension.score:g} of {dimension.max_score}", icon=icon, expanded=not full
        ):
            if dimension.detail:
                st.caption(dimension.detail)
            for quote in dimension.evidence[:3]:
                st.markdown(f"> {plain(quote)}")
            if dimension.missing:
                st.markdown(f"**What would earn {'more' if dimension.score else 'it'}:** {plain(dimension.missing)}")


def _slider_key(name: str) -> str:
    return f"{KEY}_self_{name.replace(' ', '_').replace('-', '_')}"


def _keep_ratings() -> None:
    st.session_state[f"{KEY}_self_rubric"] = {name: st.session_state[_slider_key(name)] for name in SELF_DIMENSIONS}


def self_rubric_form(result: ScoreResult) -> SelfRubricResult | None:
    """Sliders for the six self-rated dimensions; shows them beside the rubric once rated."""
    with st.form(f"{KEY}_self_form", border=False):
        columns = st.columns(3)
        for i, name in enumerate(SELF_DIMENSIONS):
            columns[i % 3].slider(name.capitalize(), 1, 5, 3, key=_slider_key(name))
        st.form_submit_button("Compare with the rubric", on_click=_keep_ratings)
    saved = st.session_state.get(f"{KEY}_self_rubric")
    if not saved:
        return None
    rubric = make_self_rubric(saved)
    st.dataframe(
        pd.DataFrame(compare(rubric, result)),
        hide_index=True,
        column_config={
            "self": st.column_config.NumberColumn("you (1-5)"),
            "automatic": st.column_config.NumberColumn("rubric (1-5)", format="%.1f"),
            "gap": st.column_config.NumberColumn("gap", help="your rating minus the rubric's", format="%+.1f"),
        },
    )
    return rubric


STAR_PARTS = ("situation", "task", "action", "result")


def _save_story(stories: StoryBank | None) -> None:
    state = st.session_state
    try:
        story = make_story(
            title=state[f"{KEY}_story_title"],
            tags=state[f"{KEY}_story_tags"],
            **{part: state[f"{KEY}_story_{part}"] for part in STAR_PARTS},
        )
    except InputError as error:
        state[f"{KEY}_story_message"] = ("error", str(error))
        return
    if stories is None:
        state[f"{KEY}_story_message"] = ("error", "The workspace cannot be opened, so the story was not saved.")
        return
    stories.add(story, now=utc_now())
    state[f"{KEY}_story_message"] = ("ok", f"Saved '{story.title}'.")
    # Empty the form for the next story.
    for part in ("title", *STAR_PARTS):
        state[f"{KEY}_story_{part}"] = ""
    state[f"{KEY}_story_tags"] = []


def show_story_bank(stories: StoryBank | None) -> None:
    """The story form, the saved stories and the competencies no story covers yet."""
    st.markdown("Keep STAR stories you can reuse, tagged with the competencies they show.")
    with st.form(f"{KEY}_story_form", border=True):
        st.text_input("Title", key=f"{KEY}_story_title")
        for part in STAR_PARTS:
            st.text_area(part.capitalize(), height=70, key=f"{KEY}_story_{part}")
        st.multiselect("Competencies", list(COMPETENCIES), key=f"{KEY}_story_tags", accept_new_options=True)
        st.form_submit_button("Save story", on_click=_save_story, args=(stories,))
    message = st.session_state.pop(f"{KEY}_story_message", None)
    if message:
        (st.success if message[0] == "ok" else st.error)(plain(message[1]))
    saved = stories.all() if stories is not None else []
    gaps = competencies_without_story(saved)
    st.markdown("**Competencies with no story yet:** " + (", ".join(gaps) if gaps else "none; every one is covered."))
    if saved:
        st.dataframe(
            pd.DataFrame([{"title": s.title, "tags": ", ".join(s.tags), "result": s.result} for s in saved]),
            hide_index=True,
        )


def show_progress(attempts: Sequence[Attempt], bank: Sequence[Scenario]) -> None:
    """The progress chart and the spaced-review schedule."""
    if not attempts:
        st.info("Submit an answer to start your progress chart.")
        return
    st.altair_chart(progress_chart(attempts), width="stretch")
    titles = {s.id: s.title for s in bank}
    now = utc_now()
    schedule = pd.DataFrame(
        [
            {
                "scenario": titles.get(item.scenario_id, item.scenario_id),
                "last score": item.last_total,
                "passes in a row": item.passes_in_a_row,
                "review on": item.due_at.strftime("%Y-%m-%d"),
                "due now": item.is_due(now),
            }
            for item in review_schedule(attempts)
        ]
    )
    st.markdown(
        f"**Spaced review.** A pass is {PASS_MARK:g} or more; passes in a row push the next review out to "
        + ", ".join(str(d) for d in REVIEW_DAYS)
        + " days, and a fail brings the scenario back the next day."
    )
    st.dataframe(schedule, hide_index=True)
