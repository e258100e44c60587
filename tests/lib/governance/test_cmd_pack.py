"""`python -m lib pack new|sign|verify|render|policy`: options, exit codes, JSON keys, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lib.cli import main
from tests.conftest import ROOT

from .conftest import HIRING, LOG_SUMMARISER, WRITTEN_CARD


def write(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def owned_risks(policy) -> list[dict]:
    return [{**r.to_dict(), "owner": "Head of analytics"} for r in policy.risk_preset]


@pytest.fixture
def files(tmp_path, policy, saved):
    return {
        "answers": write(tmp_path, "answers.json", HIRING.to_dict()),
        "card": write(tmp_path, "card.json", {k: v for k, v in WRITTEN_CARD.to_dict().items() if v}),
        "risks": write(tmp_path, "risks.json", owned_risks(policy)),
        "evidence": f"{saved['strict_audit']},{saved['summary']},{saved['explain']}",
        "pack": str(tmp_path / "pack.json"),
    }


def new_pack_file(files, *extra: str) -> int:
    return main(
        ["pack", "new", "--title", "Hiring screen", "--tier-answers", files["answers"], "--evidence", files["evidence"],
         "--card", files["card"], "--risks", files["risks"], "--out", files["pack"], *extra]
    )  # fmt: skip


def sign(files, *options: str) -> int:
    return main(["pack", "sign", files["pack"], "--out", files["pack"], *options])


def test_new_sign_verify_render_end_to_end(files, capsys, tmp_path):
    assert new_pack_file(files) == 0
    assert "tier High" in capsys.readouterr().out
    pack = json.loads(Path(files["pack"]).read_text())
    assert {"schema_version", "tier", "card", "evidence", "requirements", "risks", "signoffs"} <= set(pack)
    assert pack["tier"]["level"] == "high" and pack["tier"]["eu_ai_act"]["category"] == "high_risk"
    assert [e["kind"] for e in pack["evidence"]] == ["bias_audit", "dataset_summary", "explain"]
    assert {"id", "kind", "title", "sha256", "verdicts", "figures", "provenance"} <= set(pack["evidence"][0])
    assert {r["status"] for r in pack["requirements"]} == {"filled"}
    assert sign(files, "--reviewer", "Ana Ruiz", "--role", "RAI lead", "--decision", "approve-with-conditions",
                "--condition", "Re-audit in a month", "--expires", "2030-01-01") == 0  # fmt: skip
    assert sign(files, "--reviewer", "Bo Chen", "--role", "Chair", "--decision", "approve-with-conditions",
                "--condition", "Brief recruiters") == 0  # fmt: skip
    signed = json.loads(Path(files["pack"]).read_text())
    assert set(signed["signoffs"][0]) >= {
        "reviewer", "role", "decision", "conditions", "expires", "signed_at", "hash", "previous_hash"
    }  # fmt: skip
    assert signed["signoffs"][1]["previous_hash"] == signed["signoffs"][0]["hash"]
    assert signed["status"] == "approved with conditions"
    capsys.readouterr()
    assert main(["pack", "verify", files["pack"]]) == 0
    line = capsys.readouterr().out
    assert line.startswith("intact: approved with conditions") and line.count("\n") == 1
    assert main(["pack", "verify", files["pack"], "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["intact"] is True
    for fmt in ("md", "html", "ipynb"):
        out = tmp_path / f"pack.{fmt}"
        assert main(["pack", "render", files["pack"], "--format", fmt, "--out", str(out)]) == 0
    assert (tmp_path / "pack.md").read_text().startswith("# Review pack: Hiring screen")
    assert "<script" not in (tmp_path / "pack.html").read_text().lower()
    notebook = nbformat.read(tmp_path / "pack.ipynb", as_version=4)
    assert notebook.metadata["decision_desk"]["kind"] == "review_pack"


def test_verify_exits_1_with_one_line_naming_the_change(files, capsys):
    assert new_pack_file(files) == 0
    assert sign(files, "--reviewer", "Ana", "--role", "lead", "--decision", "reject") == 0
    pack = json.loads(Path(files["pack"]).read_text())
    figure = pack["evidence"][0]["figures"][0]
    figure["value"] = figure["value"].replace("1", "2", 1)
    write_to = files["pack"].replace("pack.json", "tampered.json")
    Path(write_to).write_text(json.dumps(pack))
    capsys.readouterr()
    assert main(["pack", "verify", write_to]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"changed: evidence #{pack['evidence'][0]['id']} figure '{figure['label']}' changed since")
    assert out.count("\n") == 1


def run_module(*args: str, home) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "DECISION_DESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env
    )


def test_exit_codes_and_one_line_errors_in_a_real_process(files, tmp_path, isolated_workspace):
    assert new_pack_file(files) == 0
    bad = write(tmp_path, "bad.json", '{"schema_version": 1, "tier": ')
    done = run_module("pack", "verify", bad, home=isolated_workspace)
    assert done.returncode == 2 and done.stderr.startswith("error: file 'bad.json'") and done.stderr.count("\n") == 1
    # Missing required evidence (the risks have no owner without --risks): exit 1, one line naming it.
    no_risks = str(tmp_path / "draft.json")
    assert main(["pack", "new", "--title", "T", "--tier-answers", files["answers"], "--out", no_risks]) == 0
    done = run_module(
        "pack", "sign", no_risks, "--reviewer", "A", "--role", "r", "--decision", "reject", home=isolated_workspace
    )
    assert done.returncode == 1 and "required evidence is missing" in done.stderr and done.stderr.count("\n") == 1
    done = run_module("pack", "sign", files["pack"], "--reviewer", "A", "--role", "r", "--decision", "approve",
                      home=isolated_workspace)  # fmt: skip
    assert done.returncode == 1 and "fail verdict" in done.stderr
    done = run_module("pack", "sign", files["pack"], "--reviewer", "A", "--role", "r", "--decision", "reject",
                      "--waive", "logging", home=isolated_workspace)  # fmt: skip
    assert done.returncode == 2 and "REQUIREMENT=REASON" in done.stderr
    done = run_module("pack", "verify", files["pack"], home=isolated_workspace)
    assert done.returncode == 0 and done.stdout.startswith("intact, not signed yet")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tier-answers", "missing.json"], "no such file"),
        (["--tier-answers", "{answers}", "--evidence", "999"], "no saved analysis with this id"),
        (["--tier-answers", "{answers}", "--evidence", "1,x"], "not a workspace id"),
        (["--tier-answers", "{wrong}"], "'domain' has no answer 'hiring'"),
        (["--tier-answers", "{answers}", "--policy", "{policy}"], "unknown requirement"),
        (["--tier-answers", "{answers}", "--as-of", "tomorrow"], "'--as-of' is not a date"),
    ],
)
def test_new_refuses_bad_input_with_exit_2(tmp_path, files, capsys, args, message):
    wrong = write(tmp_path, "wrong.json", {**LOG_SUMMARISER.to_dict(), "domain": "hiring"})
    bundled = (ROOT / "lib" / "governance" / "policy.toml").read_text()
    policy = write(
        tmp_path, "policy.toml", bundled.replace('required = ["model_card", "risk_register"]', 'required = ["x"]')
    )
    filled = [a.format(answers=files["answers"], wrong=wrong, policy=policy) for a in args]
    assert main(["pack", "new", "--title", "T", *filled]) == 2
    assert message in capsys.readouterr().err


def test_policy_prints_the_bundled_file_and_checks_one(tmp_path, capsys):
    out = tmp_path / "ours.toml"
    assert main(["pack", "policy", "--out", str(out)]) == 0
    assert main(["pack", "policy", "--check", str(out)]) == 0
    assert "a valid review policy" in capsys.readouterr().out
    out.write_text(out.read_text().replace("approvals = 2", "approvals = -1"))
    assert main(["pack", "policy", "--check", str(out)]) == 2
