"""Interview Practice: timed scenario drills scored by a published rubric, with stories and progress."""

from pathlib import Path

import streamlit as st

from lib.errors import InputError
from lib.practice import (
    LEVELS,
    TRACKS,
    PracticeLog,
    StoryBank,
    filter_scenarios,
    next_scenario,
    practice_report,
    surprise_me,
)
from ui.page_setup import ensure_app_navigation
from ui.practice import (
    KEY,
    cached_bank,
    cached_score,
    decode_answer_upload,
    minutes_for_scoring,
    plain,
    request_submit,
    roi_prefill,
    self_rubric_form,
    show_countdown,
    show_feedback,
    show_progress,
    show_story_bank,
    start_countdown,
    utc_now,
)
from ui.workspace import save_form, workspace

ensure_app_navigation()

ROI_PAGE = Path(__file__).resolve().parent / "roi_cost.py"
TIME_BOXES = {"2 minutes": 2, "5 minutes": 5, "10 minutes": 10, "No limit": None}

st.title("Interview Practice")
st.caption(
    "Answer ML leadership and MLE interview scenarios against the clock. The rubric is published and runs on "
    "this machine: every point quotes the sentence that earned it, and every miss says what would earn it."
)
bank = cached_bank()
space = workspace()
log = PracticeLog(space) if space else None
stories = StoryBank(space) if space else None
attempts = log.attempts() if log else []


def _pick(scenario_id: str) -> None:
    # Callbacks run before widgets are drawn, so the filters can be cleared to show the pick.
    st.session_state[f"{KEY}_track"], st.session_state[f"{KEY}_level"] = "All tracks", "All levels"
    st.session_state[f"{KEY}_scenario"] = scenario_id
    st.session_state.pop(f"{KEY}_result", None)


def _surprise() -> None:
    # Each press draws with the next seed, so a session's sequence of draws can be repeated.
    draws = st.session_state.get(f"{KEY}_draws", 0)
    st.session_state[f"{KEY}_draws"] = draws + 1
    _pick(surprise_me(bank, seed=draws).id)


practise, story_tab, progress_tab = st.tabs(["Practise", "Story bank", "Progress"])

with practise:
    track_col, level_col, surprise_col, next_col = st.columns([3, 2, 1, 1], vertical_alignment="bottom")
    track = track_col.selectbox(
        "Track", ["All tracks", *TRACKS], key=f"{KEY}_track", format_func=lambda t: TRACKS.get(t, t)
    )
    level = level_col.selectbox("Level", ["All levels", *LEVELS], key=f"{KEY}_level")
    surprise_col.button("Surprise me", key=f"{KEY}_surprise", icon=":material/shuffle:", on_click=_surprise)
    recommendation = next_scenario(bank, attempts, now=utc_now())
    next_col.button(
        "Next for me",
        key=f"{KEY}_next",
        icon=":material/trending_up:",
        on_click=_pick,
        args=(recommendation.scenario.id,),
    )
    offered = filter_scenarios(
        bank, track=None if track == "All tracks" else track, level=None if level == "All levels" else level
    )
    if not offered:
        st.info("No scenario matches this track and level. Choose another level or press Surprise me.")
        st.stop()
    titles = {s.id: f"{s.title} · {s.level} · {s.track_title}" for s in offered}
    chosen = st.selectbox("Scenario", list(titles), key=f"{KEY}_scenario", format_func=titles.get)
    scenario = next(s for s in offered if s.id == chosen)
    if recommendation.scenario.id == scenario.id:
        st.caption(plain(recommendation.reason))

    st.subheader(plain(scenario.title))
    st.markdown(f"> {plain(scenario.prompt)}")
    st.caption(f"What this tests: {plain(scenario.tests)}")
    prefill = roi_prefill(scenario, ROI_PAGE)
    if prefill:
        st.session_state["roi_prefill"] = prefill
        st.page_link(
            "pages/roi_cost.py", label="Work the numbers in ROI & Cost (figures filled in)", icon=":material/calculate:"
        )

    box_col, start_col, clock_col = st.columns([3, 1, 2], vertical_alignment="bottom")
    box = box_col.radio("Time box", list(TIME_BOXES), index=1, horizontal=True, key=f"{KEY}_time_box")
    start_col.button(
        "Start", key=f"{KEY}_start", icon=":material/timer:", on_click=start_countdown, args=(TIME_BOXES[box],)
    )
    with clock_col:
        show_countdown()

    style = st.radio("Answer as", ["Free answer", "STAR boxes"], horizontal=True, key=f"{KEY}_style")
    if style == "Free answer":
        answer = st.text_area(
            "Your answer", height=240, key=f"{KEY}_answer", placeholder="Week 1: ... or Situation: ..."
        )
    else:
        parts = [
            st.text_area(part, height=90, key=f"{KEY}_star_{part.lower()}")
            for part in ("Situation", "Task", "Action", "Result")
        ]
        answer = " ".join(
            f"{name}: {text.strip()}"
            for name, text in zip(("Situation", "Task", "Action", "Result"), parts, strict=True)
            if text.strip()
        )
    upload = st.file_uploader("Or upload an answer (.txt)", type=["txt", "md"], key=f"{KEY}_upload")
    if upload is not None:
        try:
            answer = decode_answer_upload(upload.getvalue(), upload.name)
            st.caption(f"The uploaded answer is the one scored ({len(answer.split()):,} words).")
        except InputError as error:
            st.error(str(error))

    # A callback, not the button's return value: a request survives the page's first-load rerun.
    st.button("Submit for feedback", type="primary", key=f"{KEY}_submit", on_click=request_submit)
    if st.session_state.pop(f"{KEY}_submit_requested", False):
        result = cached_score(answer, scenario.id, minutes_for_scoring(TIME_BOXES[box]))
        st.session_state[f"{KEY}_result"] = (result, answer)
        st.session_state.pop(f"{KEY}_self_rubric", None)
        if log:
            log.record(result, answer=answer, now=utc_now())
            attempts = log.attempts()

    stored = st.session_state.get(f"{KEY}_result")
    if stored and stored[0].scenario_id == scenario.id:
        result, scored_answer = stored
        feedback, self_col = st.columns([3, 2])
        with feedback:
            st.subheader("Feedback")
            show_feedback(result)
        with self_col:
            st.subheader("Your own rating")
            own = self_rubric_form(result)
        st.subheader("Follow-up questions")
        st.markdown("\n".join(f"- {plain(q)}" for q in scenario.follow_ups))
        st.subheader("Reference framework")
        st.markdown(
            "\n".join(
                f"- **{p.name}**{f' ({p.time})' if p.time else ''}: {plain(p.points)}" for p in scenario.framework
            )
        )
        st.markdown("**Common pitfalls**\n\n" + "\n".join(f"- {plain(p)}" for p in scenario.pitfalls))
        report = practice_report(scenario, result, answer=scored_answer, self_rubric=own, history=attempts[-20:])
        st.download_button(
            "Download practice report (Markdown)",
            report.to_markdown(),
            file_name=f"practice-{scenario.id}.md",
            key=f"{KEY}_report",
            icon=":material/download:",
        )
        save_form(
            kind="practice",
            default_title=f"Practice: {scenario.title}",
            parameters={"scenario_id": scenario.id, "minutes": result.minutes},
            results=result.to_dict(),
            data_hash=None,
            key=KEY,
        )

with story_tab:
    show_story_bank(stories)

with progress_tab:
    show_progress(attempts, bank)
