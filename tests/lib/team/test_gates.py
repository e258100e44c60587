"""Quality gates: default checklists, pass and stage rules, waivers, evidence links, bad input."""

from __future__ import annotations

import json

import pytest

from lib.analysis import make_provenance, run
from lib.errors import InputError
from lib.team import (
    DEFAULT_CHECKLISTS,
    GateItem,
    QualityGateResult,
    QualityGateSpec,
    default_items,
    gates_report,
    run_gates,
)

PROVENANCE = make_provenance(parameters={})


def _result(items) -> QualityGateResult:
    return run_gates(QualityGateSpec(name="Ranker", items=tuple(items)), provenance=PROVENANCE)


def _all(status="done", **extra):
    return [GateItem(i.gate, i.check, status=status, **extra) for i in default_items()]


def test_default_checklists_cover_the_six_checks_before_production():
    production = {t.check for t in DEFAULT_CHECKLISTS["validation_to_production"]}
    assert production == {
        "performance_benchmarks", "documentation", "security_review", "scalability_test", "fairness_audit", "monitoring_plan",
    }  # fmt: skip
    assert {t.check for t in DEFAULT_CHECKLISTS["experiment_to_validation"]} <= production
    assert all(i.status == "open" and i.analysis_id is None for i in default_items())


def test_nothing_done_stays_in_experiment():
    result = _result(default_items())
    assert not result.passed and result.stage == "experiment"
    assert all(not g.passed for g in result.gates) and len(result.gates[1].open) == 6


def test_first_gate_done_reaches_validation_and_everything_done_reaches_production():
    items = [
        i if i.gate == "validation_to_production" else GateItem(i.gate, i.check, status="done") for i in default_items()
    ]
    result = _result(items)
    assert result.stage == "validation" and not result.passed
    everything = _result(_all())
    assert everything.passed and everything.stage == "production"
    assert json.loads(everything.to_json())["passed"] is True and everything.to_dict()["stage"] == "production"


def test_a_later_gate_cannot_be_passed_without_the_earlier_one():
    items = [
        GateItem(i.gate, i.check, status="done" if i.gate == "validation_to_production" else "open")
        for i in default_items()
    ]
    assert _result(items).stage == "experiment"


def test_waivers_need_a_reason_and_count_as_passed():
    with pytest.raises(InputError, match="waived without a reason"):
        GateItem("validation_to_production", "security_review", status="waived")
    items = _all()
    items[-1] = GateItem(
        items[-1].gate, items[-1].check, status="waived", note="Internal tool behind SSO; reviewed in Q1."
    )
    result = _result(items)
    assert result.passed and result.gates[1].waived == ("Monitoring plan",)


def test_done_checks_without_evidence_are_listed_and_links_are_kept():
    items = _all()
    items[2] = GateItem(items[2].gate, items[2].check, status="done", analysis_id=12, evidence="#12 bias audit")
    result = _result(items)
    assert result.gates[0].evidence == {"Fairness audit": 12}
    assert (
        "Fairness audit" not in result.gates[0].without_evidence and "Documentation" in result.gates[0].without_evidence
    )
    text = gates_report(result).to_markdown()
    assert "#12 bias audit" in text and "Done without linked evidence" in text


def test_custom_checks_are_allowed_and_titled_from_their_words():
    result = _result([GateItem("experiment_to_validation", "Red-team prompts", status="done")])
    assert result.gates[0].done == ("Red-team prompts",) and result.stage == "validation"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: GateItem("to_the_moon", "x"), "unknown quality gate"),
        (lambda: GateItem("experiment_to_validation", "x", status="maybe"), "unknown status"),
        (lambda: GateItem("experiment_to_validation", " "), "'items.check' must be non-empty text"),
        (lambda: GateItem("experiment_to_validation", "x", analysis_id=0), "'items.analysis_id' is out of range"),
        (lambda: QualityGateSpec(name="m", items=()), "'items' has the wrong length"),
        (
            lambda: QualityGateSpec(
                name="m",
                items=(GateItem("experiment_to_validation", "Docs"), GateItem("experiment_to_validation", "docs")),
            ),
            "a check is listed twice",
        ),
        (lambda: QualityGateSpec(name=" ", items=default_items()), "'name' must be non-empty text"),
    ],
)
def test_bad_checklists_are_refused(make, message):
    with pytest.raises(InputError, match=message):
        make()


def test_spec_from_json_names_a_nested_field():
    from lib.analysis import spec_from_dict

    data = {
        "kind": "quality_gate",
        "name": "m",
        "items": [{"gate": "experiment_to_validation", "check": "x", "status": "nope"}],
    }
    with pytest.raises(InputError, match=r"items\[0\]\.status"):
        spec_from_dict(data)


def test_gate_kind_gates_the_command_line(tmp_path):
    from lib.cli import main

    spec = QualityGateSpec(name="m", items=default_items())
    path = tmp_path / "gates.json"
    path.write_text(spec.to_json())
    assert main(["run", "quality_gate", "--spec", str(path)]) == 1
    path.write_text(QualityGateSpec(name="m", items=tuple(_all())).to_json())
    assert main(["run", "quality_gate", "--spec", str(path)]) == 0
    assert run(spec).stage == "experiment"
