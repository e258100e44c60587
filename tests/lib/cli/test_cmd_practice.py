"""`python -m lib practice list|score`: the interface written in the spec."""

from __future__ import annotations

import json

import pytest

from lib.cli import main
from lib.practice import LEVELS, TRACKS, load_bank

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


def test_score_markdown(capsys, tmp_path):
    path = tmp_path / "answer.txt"
    path.write_text(ANSWER, encoding="utf-8")
    code, out, _ = _run(capsys, ["practice", "score", "mle-reduced-cost", str(path), "--format", "md"])
    assert code == 0 and out.startswith("Total: ")


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
    }
    files["{answer}"].write_text(ANSWER, encoding="utf-8")
    files["{binary}"].write_bytes(b"\xff\xfe\x00\x81binary")
    files["{corrupt}"].write_text("{oops", encoding="utf-8")
    argv = [str(files.get(a, a)) for a in argv]
    code, _, err = _run(capsys, argv)
    assert code == 2
    assert message in err
    assert err.startswith("error: ") and err.count("\n") == 1
