"""Interview Practice: timed scenario drills scored by a published rubric, with stories and progress."""

from pathlib import Path

import streamlit as st

from lib.errors import InputError
from lib.practice import LEVELS, TRACKS, PracticeLog, StoryBank, filter_scenarios, progress_spec, surprise_me
from ui.exports import export_bar
from ui.messages import show_error
from ui.page_setup import ensure_app_navigation, stop_page
from ui.practice import (
    KEY,
    TIME_BOXES,
    answer_input,
    cached_bank,
    handover_words,
    plain,
    reopen_saved,
    request_submit,
    roi_prefill,
    score_spec,
    self_rubric_form,
    show_countdown,
    show_feedback,
    show_follow_ups,
    show_how_scoring_works,
    show_progress,
    show_scenario_guide,
    show_story_bank,
    start_countdown,
    utc_now,
)
from ui.runner import run_cached
from ui.workspace import save_form, workspace

ensure_app_navigation()

ROI_PAGE = Path(__file__).resolve().parent / "roi_cost.py"

st.title("Interview Practice")
st.caption(
    "Answer ML leadership and MLE interview scenarios against the clock. The scorer judges substance: how much of "
    "your answer is about the scenario, which of its key points you make in your own words, and which pitfalls you "
    "fall into. It runs on this machine; every point quotes the sentence that earned it."
)
show_how_scoring_works()
bank = cached_bank()
reopen_saved(bank)
space = workspace()
log = PracticeLog(space) if space else None
stories = StoryBank(space) if space else None


def _progress():
    """Progress over every attempt so far, judged today (a cached run of the progress spec)."""
    spec = progress_spec(log.attempts() if log else [], today=utc_now().date())
    return spec, run_cached(spec)


def _pick(scenario_id: str) -> None:
    # Callbacks run before widgets are drawn, so the filters can be cleared to show the pick.
    st.session_state[f"{KEY}_track"], st.session_state[f"{KEY}_level"] = "All tracks", "All levels"
    st.session_state[f"{KEY}_scenario"] = scenario_id


def _surprise() -> None:
    # Each press draws with the next seed, so a session's sequence of draws can be repeated.
    draws = st.session_state.get(f"{KEY}_draws", 0)
    st.session_state[f"{KEY}_draws"] = draws + 1
    _pick(surprise_me(bank, seed=draws).id)


today_spec, progress = _progress()
practise, story_tab, progress_tab = st.tabs(["Practise", "Story bank", "Progress"])

with practise:
    track_col, level_col, surprise_col, next_col = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    track = track_col.selectbox(
        "Track", ["All tracks", *TRACKS], key=f"{KEY}_track", format_func=lambda t: TRACKS.get(t, t)
    )
    level = level_col.selectbox("Level", ["All levels", *LEVELS], key=f"{KEY}_level")
    surprise_col.button("Surprise me", key=f"{KEY}_surprise", icon=":material/shuffle:", on_click=_surprise)
    pick = progress.next
    next_col.button(
        "Next for me", key=f"{KEY}_next", icon=":material/trending_up:", on_click=_pick, args=(pick.scenario_id,)
    )
    offered = filter_scenarios(
        bank, track=None if track == "All tracks" else track, level=None if level == "All levels" else level
    )
    if not offered:
        st.info("No scenario matches this track and level. Choose another level or press Surprise me.")
        stop_page()
    titles = {s.id: f"{s.title} · {s.level} · {s.track_title}" for s in offered}
    chosen = st.selectbox("Scenario", list(titles), key=f"{KEY}_scenario", format_func=lambda i: titles[i])
    scenario = next(s for s in offered if s.id == chosen)
    if pick.scenario_id == scenario.id:
        st.caption(plain(pick.reason))

    st.subheader(plain(scenario.title))
    st.markdown(f"> {plain(scenario.prompt)}")
    st.caption(f"What this tests: {plain(scenario.tests)}")
    prefill = roi_prefill(scenario, ROI_PAGE)
    if prefill:
        # Handed over only on this click: merely reading a scenario must not change ROI & Cost's inputs.
        if st.button("Work the numbers in ROI & Cost", key=f"{KEY}_to_roi", icon=":material/calculate:"):
            st.session_state["roi_prefill"] = prefill
            st.session_state["roi_prefill_from"] = "Interview Practice"  # ROI & Cost names the sender
            st.switch_page("pages/roi_cost.py")
        st.caption(handover_words(prefill))

    box_col, start_col, clock_col = st.columns([3, 1, 2], vertical_alignment="bottom")
    st.session_state.setdefault(f"{KEY}_time_box", "5 minutes")
    box = box_col.radio("Time box", list(TIME_BOXES), horizontal=True, key=f"{KEY}_time_box")
    start_col.button(
        "Start", key=f"{KEY}_start", icon=":material/timer:", on_click=start_countdown, args=(TIME_BOXES[box],)
    )
    with clock_col:
        show_countdown()
    answer, star = answer_input()

    # A callback, not the button's return value: a request survives the page's first-load rerun.
    st.button("Submit for feedback", type="primary", key=f"{KEY}_submit", on_click=request_submit)
    if st.session_state.pop(f"{KEY}_submit_requested", False):
        try:
            submitted = score_spec(scenario.id, answer, star, box=box)
            result = run_cached(submitted)
        except InputError as error:
            show_error(error)
        else:
            st.session_state[f"{KEY}_spec"] = submitted
            st.session_state.pop(f"{KEY}_self_rubric", None)
            st.session_state.pop(f"{KEY}_follow_up_countdown", None)
            for i in range(3):  # a new answer gets new follow-up questions
                st.session_state.pop(f"{KEY}_follow_up_{i}", None)
            if log:
                log.record(result, answer=submitted.text, now=utc_now())
                today_spec, progress = _progress()

    spec = st.session_state.get(f"{KEY}_spec")
    if spec is not None and spec.scenario_id == scenario.id:
        feedback, self_col = st.columns([3, 2])
        with feedback:
            st.subheader("Feedback")
            show_feedback(run_cached(spec))
        with self_col:
            st.subheader("Your own rating")
            rated_spec, rated = self_rubric_form(spec)
        show_follow_ups(spec, run_cached(spec))
        show_scenario_guide(scenario)
        st.subheader("Report and save")
        export_bar(rated_spec, rated, key=KEY, stem=f"practice-{scenario.id}")
        save_form(spec=rated_spec, result=rated, default_title=f"Practice: {scenario.title}", key=KEY)

with story_tab:
    show_story_bank(stories)

with progress_tab:
    if show_progress(progress):
        export_bar(today_spec, progress, key=f"{KEY}_progress", stem="practice-progress")
        save_form(
            spec=today_spec,
            result=progress,
            default_title=f"Practice progress on {progress.today}",
            key=f"{KEY}_progress",
        )
