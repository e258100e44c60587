"""Interview Practice page driven through AppTest: pick, answer, submit, rate, stories, progress."""

from __future__ import annotations

import json
import time

import pytest
from streamlit.testing.v1 import AppTest

from lib.practice import Countdown, PracticeLog, StoryBank, get_scenario, load_bank, surprise_me
from lib.store import Workspace
from tests.app.test_roi_cost_page import opened_tab
from tests.conftest import ROOT
from ui.practice import plain, roi_prefill

ANSWER = (
    "Situation: our ranking service cost $0.42 per 1,000 predictions and finance flagged the bill. "
    "I quantised the model and shipped it behind a canary with a rollback rule. "
    "As a result, cost went from $0.42 to $0.19 per 1,000 predictions."
)
K = "interview_practice"


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not app.exception
    app.switch_page("pages/interview_practice.py").run()
    assert not app.exception
    return app


def _choose(at: AppTest, scenario_id: str) -> None:
    at.selectbox(key=f"{K}_scenario").set_value(scenario_id).run()
    assert not at.exception


def _submit(at: AppTest, answer: str) -> None:
    at.text_area(key=f"{K}_answer").set_value(answer).run()
    assert not at.exception
    at.button(key=f"{K}_submit").click().run()
    assert not at.exception


def _reopen(analysis_id: int, kind: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not app.exception
    app.session_state["dd_reopen"] = {"id": analysis_id, "kind": kind}
    app.switch_page("pages/interview_practice.py").run()
    assert not app.exception
    return app


def test_page_shows_a_scenario_and_filters(at):
    assert at.title[0].value == "Interview Practice"
    at.selectbox(key=f"{K}_track").set_value("cost").run()
    assert not at.exception
    at.selectbox(key=f"{K}_level").set_value("L7").run()
    assert not at.exception
    options = at.selectbox(key=f"{K}_scenario").options
    assert options and all("L7" in o and "Cost optimisation" in o for o in options)


def test_submit_shows_evidence_followups_framework_and_records(at):
    _choose(at, "mle-reduced-cost")
    at.radio(key=f"{K}_time_box").set_value("2 minutes").run()
    assert not at.exception
    at.button(key=f"{K}_start").click().run()
    assert not at.exception
    at.text_area(key=f"{K}_answer").set_value(ANSWER).run()
    assert not at.exception
    at.button(key=f"{K}_submit").click().run()
    assert not at.exception
    assert at.metric[0].value.endswith("/ 100")
    text = " ".join(m.value for m in at.markdown)
    assert "> " + plain("As a result, cost went from $0.42 to $0.19 per 1,000 predictions.") in text
    assert "What would earn" in text
    headers = [h.value for h in at.subheader]
    assert headers.index("Feedback") < headers.index("Follow-up questions") < headers.index("Reference framework")
    assert len(PracticeLog().attempts()) == 1
    # Self-rubric beside the automatic one.
    at.slider(key=f"{K}_self_ownership").set_value(5)  # inside a form: sent with the submit below
    at.button(key=f"{K}_self_submit").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["dimension"])[3] == "ownership" and list(table["self"])[3] == 5


def test_empty_submit_is_zero_with_a_note(at):
    at.button(key=f"{K}_submit").click().run()
    assert not at.exception
    assert at.metric[0].value == "0 / 100"
    assert any("empty" in i.value for i in at.info)


def test_star_boxes_and_upload(at):
    _choose(at, "mle-incomplete-info")
    at.radio(key=f"{K}_style").set_value("STAR boxes").run()
    assert not at.exception
    at.text_area(key=f"{K}_star_situation").set_value("We had to choose an embedding model before launch.").run()
    at.text_area(key=f"{K}_star_result").set_value("CTR rose from 3.1% to 3.4%.").run()
    assert not at.exception
    at.button(key=f"{K}_submit").click().run()
    assert not at.exception
    assert "> " + plain("Result: CTR rose from 3.1% to 3.4%.") in " ".join(m.value for m in at.markdown)
    at.file_uploader(key=f"{K}_upload").set_value(("answer.txt", b"\xff\xfe\x00bad", "text/plain")).run()
    assert not at.exception
    assert "not UTF-8" in at.error[0].value


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ("Week 1: audit spend.".encode("utf-16"), "UTF-16 text"),
        ("Café: week 1, audit spend.".encode("latin-1"), "Latin-1 (Windows-1252) text"),
        (bytes(32), "only zero (NUL) bytes"),
    ],
)
def test_upload_in_another_encoding_names_it(at, data, found):
    at.file_uploader(key=f"{K}_upload").set_value(("answer.txt", data, "text/plain")).run()
    assert not at.exception
    assert found in at.error[0].value and "binary data" not in at.error[0].value


def test_an_answer_pasted_right_after_start_is_judged_by_the_time_box(at):
    _choose(at, "mle-reduced-cost")
    at.button(key=f"{K}_start").click().run()  # the 5-minute box: 125 to 650 words
    assert not at.exception
    pasted = " ".join([ANSWER] * 8)  # 320 words, pasted a moment after Start
    _submit(at, pasted)
    length = next(e for e in at.expander if e.label.startswith("Length for the time box"))
    assert length.label == "Length for the time box: 5 of 5"
    assert at.metric[0].help.startswith(f"{len(pasted.split())} words, 5 minutes")


def test_export_bar_save_and_reopen_restores_the_answer(at):
    _choose(at, "mle-reduced-cost")
    _submit(at, ANSWER)
    downloads = {b.key for b in at.get("download_button")}
    assert {f"{K}_export_{fmt}" for fmt in ("md", "html", "json", "ipynb")} <= downloads
    at.slider(key=f"{K}_self_ownership").set_value(5)
    at.button(key=f"{K}_self_submit").click().run()
    assert not at.exception
    at.button(key=f"{K}_save_submit").click().run()
    assert not at.exception
    (saved,) = Workspace().list(kind="practice_score")
    assert saved.title == "Practice: A measurable cost you reduced"
    assert Workspace().open(saved.id).spec["self_rubric"]["ownership"] == 5
    again = _reopen(saved.id, "practice_score")
    assert again.selectbox(key=f"{K}_scenario").value == "mle-reduced-cost"
    assert again.text_area(key=f"{K}_answer").value == ANSWER
    assert again.metric[0].value.endswith("/ 100")
    assert list(again.dataframe[0].value["self"])[3] == 5


def test_saved_progress_reopens_read_only(at):
    _submit(at, ANSWER)
    at.button(key=f"{K}_progress_save_submit").click().run()
    assert not at.exception
    (saved,) = Workspace().list(kind="practice_progress")
    again = _reopen(saved.id, "practice_progress")
    assert any(h.value.startswith("Practice progress on ") for h in again.subheader)
    assert "is shown as it was saved" in again.info[0].value


def test_story_bank_and_progress(at):
    # Widgets inside a form: values are sent together with the submit.
    at.button(key=f"{K}_story_submit").click().run()
    assert not at.exception
    assert "story needs a title" in at.error[0].value
    at.text_input(key=f"{K}_story_title").set_value("Cheaper ranking")
    for part in ("situation", "task", "action", "result"):
        at.text_area(key=f"{K}_story_{part}").set_value(f"{part} text.")
    at.multiselect(key=f"{K}_story_tags").set_value(["ownership"])
    at.button(key=f"{K}_story_submit").click().run()
    assert not at.exception
    assert at.success[0].value == "Saved 'Cheaper ranking'."
    assert at.text_input(key=f"{K}_story_title").value == ""
    assert [s.title for s in StoryBank().all()] == ["Cheaper ranking"]
    gaps = next(m.value for m in at.markdown if m.value.startswith("**Competencies with no story yet:**"))
    assert "ownership" not in gaps and "cost discipline" in gaps
    _choose(at, "cost-500k-roi")
    at.text_area(key=f"{K}_answer").set_value(ANSWER).run()
    at.button(key=f"{K}_submit").click().run()
    assert not at.exception
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_surprise_and_next_buttons(at):
    bank = load_bank()
    at.selectbox(key=f"{K}_track").set_value("llm").run()
    assert not at.exception
    at.button(key=f"{K}_surprise").click().run()
    assert not at.exception
    # The first draw uses seed 0 over the whole bank and clears the filters so the pick is visible.
    assert at.selectbox(key=f"{K}_scenario").value == surprise_me(bank, seed=0).id
    assert at.selectbox(key=f"{K}_track").value == "All tracks"
    at.button(key=f"{K}_next").click().run()
    assert not at.exception
    # With no history the recommendation is the first scenario by id.
    assert at.selectbox(key=f"{K}_scenario").value == min(s.id for s in bank)


def test_money_scenario_hands_its_figures_to_roi_only_on_the_click(at):
    _choose(at, "cost-500k-roi")
    assert "roi_prefill" not in at.session_state  # reading a scenario changes nothing elsewhere
    assert any(
        c.value == "Opens the Savings plan tab with training spend per month $250,000, inference spend per month "
        "$200,000, data spend per month $50,000, monthly budget $500,000."
        for c in at.caption
    )
    at.button(key=f"{K}_to_roi").click().run()
    assert not at.exception
    assert at.title[0].value == "ROI & Cost"
    assert opened_tab(at) == "Savings plan"
    assert at.session_state["roi_cost_base_training"] == 250_000
    assert at.session_state["roi_cost_budget"] == 500_000
    assert at.info[0].value.startswith(
        "Filled in from Interview Practice: on Savings plan, training spend per month $250,000, "
        "inference spend per month $200,000, data spend per month $50,000; on Spend analyser, monthly budget $500,000."
    )
    assert "roi_prefill" not in at.session_state


def test_roi_page_reads_the_figures_a_scenario_hands_over(at):
    _choose(at, "cost-unit-economics")
    at.button(key=f"{K}_to_roi").click().run()
    assert not at.exception
    assert opened_tab(at) == "Break-even"
    assert at.session_state["roi_cost_calculator"] == "per-prediction"
    assert at.session_state["roi_cost_pp_before"] == 0.42
    assert at.session_state["roi_cost_pp_volume"] == 2_000_000_000
    assert at.info[0].value == (
        "Filled in from Interview Practice: on Break-even, predictions per month 2,000,000,000, cost before, "
        "per 1,000 predictions $0.42, cost after, per 1,000 predictions $0.19. Change any of them freely."
    )


def test_visiting_roi_without_the_click_fills_nothing_in(at):
    _choose(at, "cost-training-waste")  # hands over $2,000,000 a month of training spend
    at.switch_page("pages/roi_cost.py").run()
    assert not at.exception
    assert not any(i.value.startswith("Filled in") for i in at.info)
    assert at.session_state["roi_cost_base_training"] == 250_000  # the page's own default


def test_roi_prefill_only_for_money_scenarios_when_the_page_exists(tmp_path):
    bank = load_bank()
    page = tmp_path / "roi_cost.py"
    money, plain_scenario = get_scenario(bank, "cost-500k-roi"), get_scenario(bank, "l6-underperformer")
    assert roi_prefill(money, page) is None
    page.write_text("", encoding="utf-8")
    assert roi_prefill(money, page)["monthly_budget"] == 500_000
    assert roi_prefill(plain_scenario, page) is None


def test_clock_turns_red_then_keeps_the_answer_when_time_is_up(at):
    at.text_area(key=f"{K}_answer").set_value(ANSWER).run()
    assert not at.exception
    # The clock reads wall time; start it in the past instead of waiting.
    at.session_state[f"{K}_countdown"] = Countdown(started_at=time.time() - 100, limit_minutes=2)
    at.run()
    assert not at.exception
    assert any(m.value.startswith("### :red[0:") for m in at.markdown)
    at.session_state[f"{K}_countdown"] = Countdown(started_at=time.time() - 200, limit_minutes=2)
    at.run()
    assert not at.exception
    assert any("Time is up" in m.value for m in at.markdown)
    assert at.text_area(key=f"{K}_answer").value == ANSWER
    at.button(key=f"{K}_submit").click().run()
    assert not at.exception
    # Scored against the whole time box: 2 minutes.
    assert at.metric[0].help.startswith(f"{len(ANSWER.split())} words, 2 minutes")


def test_the_progress_legend_shows_every_name_whole(at):
    _submit(at, ANSWER)
    chart = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    spec = json.loads(chart[-1].proto.spec)
    legend = spec["encoding"]["color"]["legend"]
    assert legend["labelLimit"] == 0 and legend["orient"] == "bottom"


def test_pitfalls_and_key_points_are_shown_with_quotes(at):
    _choose(at, "rai-hiring-model")
    _submit(at, "We kept the model running while we investigated. We dropped the gender column and called it fixed.")
    warnings = " ".join(w.value for w in at.warning)
    assert "Pitfall: Dropping the gender column and calling it fixed." in warnings
    assert "Pitfall: Keeping the model running while investigating." in warnings
    assert any(e.label.startswith("Key points of this scenario: ") for e in at.expander)
    assert any(e.label.startswith("How scoring works") for e in at.expander)


def test_follow_up_questions_are_asked_timed_scored_and_in_the_report(at):
    _choose(at, "cost-500k-roi")
    _submit(at, "Week 1: I'd cut idle clusters and report the savings to finance every month.")
    assert "Follow-up questions" in [h.value for h in at.subheader]
    first = at.text_area(key=f"{K}_follow_up_0")
    at.button(key=f"{K}_follow_up_start").click().run()
    assert not at.exception
    first.set_value("I'd agree with the team lead to move one job to spot with checkpoints every 15 minutes.").run()
    assert not at.exception
    at.button(key=f"{K}_follow_up_submit").click().run()
    assert not at.exception
    scores = [m.value for m in at.markdown if m.value.startswith("Follow-up score:")]
    assert scores and "/ 100" in scores[0]
    spec = at.session_state[f"{K}_spec"]
    assert spec.follow_up_answers and spec.follow_up_answers[0].elapsed_minutes is not None
    from lib.analysis import run

    report = run(spec).report().to_markdown()
    assert "## Follow-up exchange" in report and "move one job to spot" in report


def test_a_huge_paste_is_cut_and_scored_with_a_note(at):
    _choose(at, "mle-reduced-cost")
    _submit(at, (ANSWER + " ") * 80_000)  # about 20 MB
    assert any("bytes of text" in i.value and "cut" in i.value for i in at.info)
    assert any("words were scored" in i.value for i in at.info)
    assert at.metric[0].value.endswith("/ 100")


def test_an_answer_in_another_language_is_told_the_scorer_reads_english(at):
    _submit(at, "Nous avons réduit le coût de la plateforme et nous avons mesuré la latence avec la finance.")
    assert any("reads English" in i.value for i in at.info)
