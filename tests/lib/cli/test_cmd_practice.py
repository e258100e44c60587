"""`python -m lib practice list|show|score|progress`: the documented interface."""

from __future__ import annotations

import datetime as dt
import json

import nbformat
import pytest

from lib.analysis import spec_from_dict
from lib.cli import main
from lib.practice import BANK_FILE, LEVELS, TRACKS, PracticeLog, get_scenario, load_bank, score_answer
from lib.store import Workspace

ANSWER = (
    "Situation: our ranking service cost $0.42 per 1,000 predictions. "
    "I quantised the model and shipped it behind a canary with a rollback rule. "
    "As a result, cost went from $0.42 to $0.19 per 1,000 predictions."
)


def _run(capsys, argv):
    try:
        code = main(argv)
    except SystemExit as stop:  # usage mistakes leave through argparse with exit code 2
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def test_list_all_as_json(capsys):
    code, out, err = _run(capsys, ["practice", "list", "--format", "json"])
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert len(rows) == len(load_bank()) >= 30
    assert all(set(row) == {"id", "title", "track", "level"} for row in rows)


@pytest.mark.parametrize(("option", "value", "field"), [("--track", "cost", "track"), ("--level", "L7", "level")])
def test_list_filters(capsys, option, value, field):
    code, out, _ = _run(capsys, ["practice", "list", option, value, "--format", "json"])
    rows = json.loads(out)
    assert code == 0 and rows and all(row[field] == value for row in rows)
    assert value in (TRACKS if field == "track" else LEVELS)


def test_list_markdown(capsys):
    code, out, _ = _run(capsys, ["practice", "list", "--format", "md"])
    assert code == 0 and out.startswith("| id | title | track | level |")


def test_score_json_contract_and_same_output(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER, encoding="utf-8")
    argv = ["practice", "score", "mle-reduced-cost", str(path), "--minutes", "2", "--format", "json"]
    code, out, err = _run(capsys, argv)
    assert (code, err) == (0, "")
    first = json.loads(out)
    assert 0 <= first["total"] <= 100
    for item in first["dimensions"].values():
        assert {"score", "evidence", "missing"} <= set(item)
        assert all(quote in ANSWER for quote in item["evidence"])
    assert first["dimensions"]["baseline"]["evidence"] == [
        "As a result, cost went from $0.42 to $0.19 per 1,000 predictions."
    ]
    assert first["dimensions"]["trade_off"]["score"] == 0 and first["dimensions"]["trade_off"]["missing"]
    _, again, _ = _run(capsys, argv)
    second = json.loads(again)
    for payload in (first, second):
        payload["provenance"].pop("created_at")
    assert first == second


def test_score_json_keeps_its_keys_and_adds_the_scenario(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER, encoding="utf-8")
    _, out, _ = _run(capsys, ["practice", "score", "mle-reduced-cost", str(path)])
    payload = json.loads(out)
    old_keys = {"scenario_id", "total", "dimensions", "notes", "words", "minutes", "rubric_version", "provenance"}
    assert old_keys <= set(payload)
    assert payload["scenario"] == get_scenario(load_bank(), "mle-reduced-cost").to_dict()
    assert payload["answer"] == ANSWER and payload["minutes"] == 5.0
    assert {"score", "max", "evidence", "missing", "detail"} <= set(payload["dimensions"]["length"])
    # The same scores as the library function, through the spec the provenance records.
    direct = score_answer(ANSWER, get_scenario(load_bank(), "mle-reduced-cost"))
    assert payload["total"] == direct.total
    assert spec_from_dict(payload["provenance"]["parameters"]).answer == ANSWER


def test_score_markdown_is_the_practice_report(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER, encoding="utf-8")
    code, out, _ = _run(capsys, ["practice", "score", "mle-reduced-cost", str(path), "--format", "md"])
    assert code == 0 and out.startswith("# Practice report: A measurable cost you reduced")
    assert "- **Score**: " in out and "## Rubric" in out and "## Provenance" in out


@pytest.mark.parametrize(("fmt", "start"), [("html", "<!doctype html>"), ("py", "# ---"), ("ipynb", "{")])
def test_score_other_formats_to_a_file(capsys, tmp_path, fmt, start):
    path, out_file = tmp_path / "answer.txt", tmp_path / f"report.{fmt}"
    path.write_text(ANSWER, encoding="utf-8")
    argv = ["practice", "score", "mle-reduced-cost", str(path), "--format", fmt, "--out", str(out_file)]
    code, out, err = _run(capsys, argv)
    assert (code, out, err) == (0, "", "")
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith(start)
    if fmt == "ipynb":
        notebook = nbformat.reads(text, as_version=4)
        assert notebook.metadata["decision_desk"]["kind"] == "practice_score"
        assert notebook.cells[-1].outputs[0].data["application/json"]["answer"] == ANSWER


def test_score_against_a_bank_file_records_it_as_an_input(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER, encoding="utf-8")
    argv = ["practice", "score", "mle-reduced-cost", str(path), "--bank", str(BANK_FILE)]
    code, out, _ = _run(capsys, argv)
    payload = json.loads(out)
    assert code == 0 and payload["provenance"]["parameters"]["bank"] == "file"
    assert payload["provenance"]["inputs"]["bank"]["name"] == "scenarios.json"
    _, bundled, _ = _run(capsys, ["practice", "score", "mle-reduced-cost", str(path)])
    assert payload["total"] == json.loads(bundled)["total"]


def test_score_judges_length_against_the_minutes_not_the_typing_time(capsys, tmp_path):
    # About 300 words: full length points in a 5-minute box (125-650 words), none in a 1-minute box (25-130).
    path = tmp_path / "answer.txt"
    path.write_text((ANSWER + " ") * 8, encoding="utf-8")
    scores = {}
    for minutes in ("1", "5"):
        _, out, _ = _run(capsys, ["practice", "score", "mle-reduced-cost", str(path), "--minutes", minutes])
        scores[minutes] = json.loads(out)["dimensions"]["length"]["score"]
    assert scores == {"1": 0.0, "5": 5.0}


def test_run_reaches_the_kind_from_a_spec_file(capsys, tmp_path):
    path, spec = tmp_path / "answer.txt", tmp_path / "spec.json"
    path.write_text(ANSWER, encoding="utf-8")
    _, scored, _ = _run(capsys, ["practice", "score", "mle-reduced-cost", str(path), "--minutes", "2"])
    spec.write_text(json.dumps(json.loads(scored)["provenance"]["parameters"]), encoding="utf-8")
    code, out, err = _run(capsys, ["run", "practice_score", "--spec", str(spec)])
    assert (code, err) == (0, "")
    first, again = json.loads(scored), json.loads(out)
    for payload in (first, again):
        payload["provenance"].pop("created_at")
    assert again == first


T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def test_progress_reads_the_workspace_in_decision_desk_home(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DECISION_DESK_HOME", str(tmp_path))
    scenario = get_scenario(load_bank(), "mle-reduced-cost")
    log = PracticeLog(Workspace())
    log.record(score_answer(ANSWER, scenario), answer=ANSWER, now=T0)
    log.record(score_answer("", scenario), answer="", now=T0 + dt.timedelta(days=1))
    code, out, err = _run(capsys, ["practice", "progress", "--today", "2026-01-07"])
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert payload["attempts"] == 2 and payload["today"] == "2026-01-07"
    assert [p["total"] for p in payload["scores"]] == [score_answer(ANSWER, scenario).total, 0.0]
    (review,) = payload["reviews"]
    # The last attempt failed, so the scenario came back the next day: 2026-01-07, due on the 7th.
    assert (review["interval_days"], review["due_on"], review["due"]) == (1, "2026-01-07", True)
    assert payload["next"]["kind"] == "review" and payload["next"]["scenario_id"] == "mle-reduced-cost"
    assert payload["due_today"] == ["mle-reduced-cost"]
    code, out, _ = _run(capsys, ["practice", "progress", "--today", "2026-01-07", "--format", "md"])
    assert code == 0 and out.startswith("# Practice progress on 2026-01-07") and "Spaced review" in out


def test_progress_with_no_attempts_suggests_a_first_scenario(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("DECISION_DESK_HOME", str(tmp_path))
    code, out, _ = _run(capsys, ["practice", "progress"])
    payload = json.loads(out)
    assert code == 0 and payload["attempts"] == 0 and payload["next"]["kind"] == "start"
    assert payload["today"] == dt.datetime.now(dt.UTC).date().isoformat()


def test_score_empty_answer_is_zero_not_an_error(capsys, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    code, out, err = _run(capsys, ["practice", "score", "cost-500k-roi", str(path), "--format", "json"])
    result = json.loads(out)
    assert (code, err, result["total"]) == (0, "", 0)
    assert any("empty" in note for note in result["notes"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["practice", "score", "no-such-id", "{answer}"], "no scenario with this id"),
        (["practice", "score", "cost-500k-roi", "{missing}"], "no such file"),
        (["practice", "score", "cost-500k-roi", "{binary}"], "not UTF-8"),
        (["practice", "score", "cost-500k-roi", "{answer}", "--minutes", "-1"], "minutes"),
        (["practice", "score", "cost-500k-roi", "{answer}", "--minutes", "soon"], "invalid float"),
        (["practice", "score", "cost-500k-roi", "{answer}", "--minutes", "121"], "'minutes' is out of range"),
        (["practice", "score", "cost-500k-roi", "{utf16}"], "UTF-16 text (little-endian)"),
        (["practice", "score", "cost-500k-roi", "{latin1}"], "Latin-1 (Windows-1252) text"),
        (["practice", "score", "cost-500k-roi", "{zeros}"], "only zero (NUL) bytes"),
        (["practice", "score", "cost-500k-roi", "{answer}", "--format", "pdf"], "invalid choice"),
        (["practice", "progress", "--today", "2026-13-01"], "not a date"),
        (["practice", "list", "--track", "astrology"], "invalid choice"),
        (["practice", "list", "--bank", "{corrupt}"], "not valid JSON"),
    ],
)
def test_bad_input_is_exit_2_with_one_line(capsys, tmp_path, argv, message):
    files = {
        "{answer}": tmp_path / "answer.txt",
        "{missing}": tmp_path / "absent.txt",
        "{binary}": tmp_path / "binary.txt",
        "{corrupt}": tmp_path / "scenarios.json",
        "{utf16}": tmp_path / "utf16.txt",
        "{latin1}": tmp_path / "latin1.txt",
        "{zeros}": tmp_path / "zeros.txt",
    }
    files["{answer}"].write_text(ANSWER, encoding="utf-8")
    files["{utf16}"].write_text(ANSWER, encoding="utf-16")
    files["{latin1}"].write_bytes("Café costs fell from €0.42 to €0.19.".encode("cp1252"))
    files["{zeros}"].write_bytes(bytes(64))
    files["{binary}"].write_bytes(b"\xff\xfe\x00\x81binary")
    files["{corrupt}"].write_text("{oops", encoding="utf-8")
    argv = [str(files.get(a, a)) for a in argv]
    code, _, err = _run(capsys, argv)
    assert code == 2
    assert message in err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_score_json_adds_relevance_key_points_and_pitfalls(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text("We kept the model running while we investigated and dropped the gender column.", "utf-8")
    code, out, err = _run(capsys, ["practice", "score", "rai-hiring-model", str(path), "--format", "json"])
    result = json.loads(out)
    assert (code, err) == (0, "")
    assert set(result["relevance"]) >= {"score", "off_topic"} and 0 <= result["relevance"]["score"] <= 1
    assert [p["pitfall"] for p in result["pitfalls"]] == list(get_scenario(load_bank(), "rai-hiring-model").pitfalls)
    assert all(p["quote"] in path.read_text("utf-8") for p in result["pitfalls"])
    assert {k["point"] for k in result["key_points"]} and all("found" in k for k in result["key_points"])
    for dimension in result["dimensions"].values():
        assert dimension["points"] == dimension["score"] and "max" in dimension and "missing" in dimension


def test_score_with_follow_up_answers(capsys, tmp_path):
    answer, follow = tmp_path / "answer.txt", tmp_path / "follow.txt"
    answer.write_text(ANSWER, "utf-8")
    follow.write_text("I'd show NDCG@10 before and after, because product owns ranking quality; it fell 0.5%.", "utf-8")
    argv = ["practice", "score", "mle-reduced-cost", str(answer), "--follow-up", f"1={follow}", "--format", "json"]
    code, out, err = _run(capsys, argv)
    result = json.loads(out)
    question = get_scenario(load_bank(), "mle-reduced-cost").follow_ups[0]
    answered = next(f for f in result["follow_ups"] if f["question"] == question)
    assert (code, err) == (0, "") and answered["answer"] == follow.read_text("utf-8")
    assert 0 < answered["score"] <= answered["max"] == 100
    code, _, err = _run(capsys, [*argv[:4], "--follow-up", f"9={follow}"])
    assert code == 2 and "no follow-up question with this number" in err and err.count("\n") == 1
    code, _, err = _run(capsys, [*argv[:4], "--follow-up", "one"])
    assert code == 2 and "N=FILE" in err


def test_a_huge_answer_file_is_cut_to_its_start_with_a_note(capsys, tmp_path):
    path = tmp_path / "paste.txt"
    path.write_bytes((ANSWER + " ").encode() * 120_000)  # about 20 MB
    code, out, err = _run(capsys, ["practice", "score", "cost-500k-roi", str(path), "--format", "json"])
    result = json.loads(out)
    assert (code, err) == (0, "")
    assert any(f"{path.stat().st_size:,} bytes" in note for note in result["notes"])
    assert any("words were scored" in note for note in result["notes"])
    assert result["words"] <= 3_000


def test_an_answer_in_another_language_says_the_scorer_reads_english(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(
        "Nous avons réduit le coût de la plateforme et nous avons mesuré la latence avec la finance.", "utf-8"
    )
    code, out, _ = _run(capsys, ["practice", "score", "cost-500k-roi", str(path), "--format", "json"])
    assert code == 0 and any("reads English" in note for note in json.loads(out)["notes"])
