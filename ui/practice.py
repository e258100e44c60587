"""Interview Practice widgets: the answer -> a score spec, the countdown, feedback, self-rubric, stories, progress."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.analysis import saved_parts
from lib.errors import InputError
from lib.practice import (
    COMPETENCIES,
    MAX_ELAPSED_MINUTES,
    SELF_DIMENSIONS,
    STAR_PARTS,
    Countdown,
    FollowUpAnswer,
    PracticeScoreSpec,
    ProgressResult,
    Scenario,
    ScoreResult,
    StarAnswer,
    StoryBank,
    competencies_without_story,
    cut_answer,
    decode_answer_prefix,
    how_scoring_works,
    load_bank,
    make_story,
    progress_chart,
    review_rule,
    roi_handoff,
    what_it_cannot_judge,
)
from ui.messages import show_error
from ui.page_setup import stop_page
from ui.report_view import render_report
from ui.roi_inputs import PREFILL_WORDS, landing_tab, reads
from ui.runner import run_cached
from ui.workspace import take_reopen_request, workspace

KEY = "interview_practice"
KINDS = ("practice_score", "practice_progress")
TIME_BOXES: dict[str, float | None] = {"2 minutes": 2, "5 minutes": 5, "10 minutes": 10, "No limit": None}
FOLLOW_UP_MINUTES = 2.0  # the time box of each follow-up answer
STYLES = ("Free answer", "STAR boxes")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$:])")


def plain(text: str) -> str:
    """Text shown literally in Markdown: '$0.42 to $0.19' must not turn into a formula, nor '*' into italics."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@st.cache_data(show_spinner=False)
def cached_bank() -> tuple[Scenario, ...]:
    """The bundled scenario bank, read once per server."""
    return load_bank()


def utc_now() -> dt.datetime:
    """The wall clock in UTC (the one clock the page reads for stored times)."""
    return dt.datetime.now(dt.UTC)


def roi_prefill(scenario: Scenario, roi_page: Path) -> dict[str, float | str] | None:
    """The figures to hand to ROI & Cost (see :func:`lib.practice.roi_handoff`), when that page exists."""
    return roi_handoff(scenario) if roi_page.exists() else None


def handover_words(prefill: dict[str, float | str]) -> str:
    """The figures a scenario hands to ROI & Cost, in words, and the tab they land on."""
    names = list(prefill)
    items = []
    for name, value in prefill.items():
        words, _, style = PREFILL_WORDS.get(name, (name.replace("_", " "), "", "count"))
        items.append(f"{words} {reads(value, style)}")
    return f"Opens the {landing_tab(names)} tab with " + ", ".join(items) + "."


# --- the clock -----------------------------------------------------------------------------------


def countdown(name: str = "countdown") -> Countdown | None:
    """The running countdown for this session (the answer's, or ``follow_up_countdown``), if one was started."""
    return st.session_state.get(f"{KEY}_{name}")


def start_countdown(limit_minutes: float | None, name: str = "countdown") -> None:
    """Start (or restart) a countdown now."""
    st.session_state[f"{KEY}_{name}"] = Countdown(started_at=time.time(), limit_minutes=limit_minutes)


@st.fragment(run_every=1)
def show_countdown(name: str = "countdown") -> None:
    """The clock, redrawn every second; red in the last 30 seconds. The answer boxes live outside it."""
    timer = countdown(name)
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


# --- the answer -> a spec ------------------------------------------------------------------------


def answer_input() -> tuple[str, StarAnswer | None]:
    """The answer boxes (free text or STAR) and the .txt upload; returns the free text and the STAR boxes."""
    style = st.radio("Answer as", STYLES, horizontal=True, key=f"{KEY}_style")
    answer, star = "", None
    if style == STYLES[0]:
        answer = st.text_area(
            "Your answer", height=240, key=f"{KEY}_answer", placeholder="Week 1: ... or Situation: ..."
        )
    else:
        star = StarAnswer(
            **{part: st.text_area(part.capitalize(), height=90, key=f"{KEY}_star_{part}") for part in STAR_PARTS}
        )
    upload = st.file_uploader("Or upload an answer (.txt)", type=["txt", "md"], key=f"{KEY}_upload")
    if upload is not None:
        try:
            answer, star = decode_answer_prefix(upload.getvalue(), name=upload.name)[0], None
            st.caption(f"The uploaded answer is the one scored ({len(answer.split()):,} words).")
        except InputError as error:
            show_error(error)
    return answer, star


def request_submit() -> None:
    """Button callback: ask the page to score the answer on this run."""
    st.session_state[f"{KEY}_submit_requested"] = True


def score_spec(scenario_id: str, answer: str, star: StarAnswer | None, *, box: str) -> PracticeScoreSpec:
    """The spec of this submission: the answer, and the time box its length is judged against.

    The time box is the running clock's limit, or the chosen box when no clock ran; the
    minutes on the clock are recorded beside the score, never scored.
    """
    timer = countdown()
    minutes = timer.limit_minutes if timer is not None else TIME_BOXES[box]
    elapsed = None if timer is None else min(timer.elapsed_minutes(time.time()), MAX_ELAPSED_MINUTES)
    # A paste too long to score whole (say 20 MB) is cut to its start here; the result's notes say so.
    size = len(answer.encode("utf-8", "replace"))
    kept = cut_answer(answer)
    return PracticeScoreSpec(
        scenario_id=scenario_id,
        answer=kept,
        star=star,
        minutes=minutes,
        elapsed_minutes=elapsed,
        original_bytes=size if kept != answer else None,
    )


# --- feedback ------------------------------------------------------------------------------------


def show_how_scoring_works() -> None:
    """The scoring rules and what the scorer cannot judge, in an expander."""
    with st.expander("How scoring works, and what it cannot judge", icon=":material/info:"):
        st.markdown("\n".join(f"- {plain(line)}" for line in how_scoring_works()))
        st.markdown(f"**What it cannot judge.** {plain(what_it_cannot_judge())}")


def show_substance(result: ScoreResult) -> None:
    """Relevance, the pitfalls committed (quoted, with why) and the key points made or missed."""
    relevance = result.relevance
    if relevance is not None:
        st.caption(
            f"About this scenario: {relevance.score:.0%} of the answer"
            + (f" (total capped at {relevance.cap:g})" if relevance.cap < 100 else "")
        )
        if relevance.off_topic:
            with st.expander(f"Judged off-topic: {len(relevance.off_topic)} sentence(s), no points"):
                st.markdown("\n".join(f"> {plain(s)}\n" for s in relevance.off_topic))
    for pitfall in result.pitfalls:
        st.warning(f"**Pitfall: {plain(pitfall.pitfall)}** You said: “{plain(pitfall.quote)}”. {plain(pitfall.why)}")
    if result.key_points:
        made = sum(k.found for k in result.key_points)
        with st.expander(f"Key points of this scenario: {made} of {len(result.key_points)} made"):
            for k in result.key_points:
                mark = ":material/check:" if k.found else ":material/close:"
                quote = f" — “{plain(k.quote)}”" if k.found else ""
                st.markdown(f"{mark} {plain(k.point)}{quote}")


def show_feedback(result: ScoreResult) -> None:
    """Total, notes, substance, then each dimension with its quoted evidence or what would earn it."""
    st.metric("Rubric score", f"{result.total:g} / 100", help=f"{result.words} words, {result.minutes:g} minutes")
    for note in result.notes:
        st.info(plain(note))
    show_substance(result)
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


def _submit_follow_ups(spec: PracticeScoreSpec, questions: tuple[str, ...]) -> None:
    timer = countdown("follow_up_countdown")
    elapsed = None if timer is None else min(timer.elapsed_minutes(time.time()), MAX_ELAPSED_MINUTES)
    answers = tuple(
        FollowUpAnswer(
            question=q, answer=cut_answer(st.session_state.get(f"{KEY}_follow_up_{i}", "")), elapsed_minutes=elapsed
        )
        for i, q in enumerate(questions)
    )
    st.session_state[f"{KEY}_spec"] = spec.replace(follow_up_answers=answers)


def show_follow_ups(spec: PracticeScoreSpec, result: ScoreResult) -> None:
    """The follow-up questions chosen from what the answer missed: a clock, an answer box each, their scores."""
    st.subheader("Follow-up questions")
    asked = tuple(f.question for f in result.follow_ups)
    st.caption(f"Chosen from what your answer missed. Take {FOLLOW_UP_MINUTES:g} minutes for each answer.")
    start, clock = st.columns([1, 2], vertical_alignment="bottom")
    start.button(
        "Start follow-up clock",
        key=f"{KEY}_follow_up_start",
        icon=":material/timer:",
        on_click=start_countdown,
        args=(FOLLOW_UP_MINUTES * len(asked), "follow_up_countdown"),
    )
    with clock:
        show_countdown("follow_up_countdown")
    for i, follow_up in enumerate(result.follow_ups):
        st.markdown(f"**{i + 1}. {plain(follow_up.question)}**")
        if follow_up.reason:
            st.caption(plain(follow_up.reason))
        st.text_area("Your answer", height=110, key=f"{KEY}_follow_up_{i}", label_visibility="collapsed")
        if follow_up.score is not None:
            parts = ", ".join(f"{name} {points:g}" for name, points in follow_up.parts.items())
            st.markdown(f"Follow-up score: **{follow_up.score:g} / {follow_up.max_score}** ({plain(parts)})")
            for pitfall in follow_up.pitfalls:
                st.warning(f"Pitfall: {plain(pitfall.pitfall)} “{plain(pitfall.quote)}”")
            if follow_up.missing:
                st.caption(plain(follow_up.missing))
    st.button(
        "Submit follow-up answers",
        key=f"{KEY}_follow_up_submit",
        on_click=_submit_follow_ups,
        args=(spec.replace(follow_up_answers=()), asked),
    )


def show_scenario_guide(scenario: Scenario) -> None:
    """The reference framework, the scenario's other follow-ups and common pitfalls."""
    st.subheader("Reference framework")
    st.markdown(
        "\n".join(f"- **{p.name}**{f' ({p.time})' if p.time else ''}: {plain(p.points)}" for p in scenario.framework)
    )
    st.markdown("**Common pitfalls**\n\n" + "\n".join(f"- {plain(p)}" for p in scenario.pitfalls))
    st.markdown("**Follow-ups to practise**\n\n" + "\n".join(f"- {plain(q)}" for q in scenario.follow_ups))


def _slider_key(name: str) -> str:
    return f"{KEY}_self_{name.replace(' ', '_').replace('-', '_')}"


def _keep_ratings() -> None:
    st.session_state[f"{KEY}_self_rubric"] = {name: st.session_state[_slider_key(name)] for name in SELF_DIMENSIONS}


def self_rubric_form(spec: PracticeScoreSpec) -> tuple[PracticeScoreSpec, ScoreResult]:
    """Sliders for the six self-rated dimensions; once rated, the spec with the ratings and its result.

    Returns
    -------
    (PracticeScoreSpec, ScoreResult)
        What the export bar and the save form offer: the rated spec when the candidate compared.
    """
    with st.form(f"{KEY}_self_form", border=False):
        columns = st.columns(3)
        for i, name in enumerate(SELF_DIMENSIONS):
            # A default in session state, not value=: a reopened analysis sets these keys itself.
            st.session_state.setdefault(_slider_key(name), 3)
            columns[i % 3].slider(name.capitalize(), 1, 5, key=_slider_key(name))
        st.form_submit_button("Compare with the rubric", on_click=_keep_ratings, key=f"{KEY}_self_submit")
    saved = st.session_state.get(f"{KEY}_self_rubric")
    rated = spec.replace(self_rubric=dict(saved)) if saved else spec
    result = run_cached(rated)
    if result.self_rating:
        st.dataframe(
            pd.DataFrame([row.to_dict() for row in result.self_rating]),
            hide_index=True,
            column_config={
                "self": st.column_config.NumberColumn("you (1-5)"),
                "automatic": st.column_config.NumberColumn("rubric (1-5)", format="%.1f"),
                "gap": st.column_config.NumberColumn("gap", help="your rating minus the rubric's", format="%+.1f"),
            },
        )
    return rated, result


# --- stories and progress ------------------------------------------------------------------------


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
        st.form_submit_button("Save story", on_click=_save_story, args=(stories,), key=f"{KEY}_story_submit")
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


def show_progress(result: ProgressResult) -> bool:
    """The progress chart and the spaced-review schedule; False (with a prompt) while there are no attempts."""
    if not result.scores:
        st.info("Submit an answer to start your progress chart.")
        return False
    st.altair_chart(progress_chart(result.scores), width="stretch")
    st.markdown(f"**Spaced review.** {plain(review_rule())}")
    st.dataframe(result.reviews_frame(), hide_index=True)
    return True


# --- reopening a saved analysis ------------------------------------------------------------------


def _restorable(spec: PracticeScoreSpec, bank: tuple[Scenario, ...]) -> bool:
    return (
        spec.bank == "bundled" and any(s.id == spec.scenario_id for s in bank) and spec.minutes in TIME_BOXES.values()
    )


def _restore(spec: PracticeScoreSpec) -> None:
    # Widgets read these keys when drawn below; the feedback shows the saved spec's run.
    state = st.session_state
    state[f"{KEY}_track"], state[f"{KEY}_level"] = "All tracks", "All levels"
    state[f"{KEY}_scenario"] = spec.scenario_id
    state[f"{KEY}_time_box"] = next(label for label, box in TIME_BOXES.items() if box == spec.minutes)
    state[f"{KEY}_style"] = STYLES[1] if spec.star is not None else STYLES[0]
    state[f"{KEY}_answer"] = spec.answer
    for part in STAR_PARTS:
        state[f"{KEY}_star_{part}"] = getattr(spec.star, part) if spec.star is not None else ""
    state.pop(f"{KEY}_countdown", None)
    state[f"{KEY}_self_rubric"] = dict(spec.self_rubric) if spec.self_rubric else None
    for name, rating in (spec.self_rubric or {}).items():
        state[_slider_key(name)] = rating
    for i, item in enumerate(spec.follow_up_answers):
        state[f"{KEY}_follow_up_{i}"] = item.answer
    state[f"{KEY}_spec"] = spec.replace(self_rubric=None)


def reopen_saved(bank: tuple[Scenario, ...]) -> None:
    """Restore a saved practice analysis the page was asked to reopen, or show it read-only and stop.

    A saved score whose scenario and time box this page offers goes back into the widgets with its
    feedback; a saved progress (a snapshot of past attempts), or any other score, is shown as saved.
    """
    reopened = take_reopen_request(KINDS)
    space = workspace() if reopened is not None else None
    if reopened is None or space is None:
        return
    try:
        saved = space.open(reopened)
        spec, result = saved_parts(saved)
    except InputError as error:
        show_error(error)
        return
    if isinstance(spec, PracticeScoreSpec) and _restorable(spec, bank):
        _restore(spec)
        st.info(f"Reopened #{saved.id} '{saved.title}'.")
        return
    st.info(
        f"#{saved.id} '{saved.title}' is shown as it was saved. Open Interview Practice again from the menu to practise."
    )
    render_report(result.report(), key=f"{KEY}_saved")
    stop_page()
