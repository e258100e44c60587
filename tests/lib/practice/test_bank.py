"""The scenario bank: contents promised by the spec, and a clear error for a broken file."""

from __future__ import annotations

import json

import pytest

from lib.errors import InputError
from lib.practice import BANK_FILE, LEVELS, TRACKS, filter_scenarios, get_scenario, load_bank, parse_bank

BANK = load_bank()


def test_bank_has_thirty_scenarios_across_every_track_and_level():
    assert len(BANK) >= 30
    assert {s.track for s in BANK} == set(TRACKS)
    assert {s.level for s in BANK} == set(LEVELS)


@pytest.mark.parametrize("scenario", BANK, ids=[s.id for s in BANK])
def test_every_scenario_is_complete(scenario):
    assert scenario.prompt and scenario.tests
    assert len(scenario.framework) >= 2
    assert scenario.rubric and scenario.pitfalls and scenario.follow_ups and scenario.key_terms


def test_money_scenarios_carry_numbers():
    assert get_scenario(BANK, "cost-500k-roi").numbers["monthly_spend"] == 500_000
    assert sum(s.is_money for s in BANK) >= 4


def test_filter_by_track_and_level():
    l7_cost = filter_scenarios(BANK, track="cost", level="L7")
    assert l7_cost and all(s.track == "cost" and s.level == "L7" for s in l7_cost)
    with pytest.raises(InputError, match="unknown track"):
        filter_scenarios(BANK, track="nope")


def test_unknown_id_lists_valid_ones():
    with pytest.raises(InputError, match=r"no scenario with this id.*cost-500k-roi"):
        get_scenario(BANK, "missing")


def _document() -> dict:
    return json.loads(BANK_FILE.read_text(encoding="utf-8"))


def _break(mutate) -> bytes:
    document = _document()
    mutate(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (b"[]", "no scenario list"),
        (b'{"scenarios": []}', "empty"),
        (_break(lambda d: d["scenarios"][0].pop("prompt")), "field 'prompt' is missing"),
        (_break(lambda d: d["scenarios"][0].update(track="astrology")), "unknown track"),
        (_break(lambda d: d["scenarios"][0].update(level="L9")), "unknown level"),
        (_break(lambda d: d["scenarios"][0].update(framework=[])), "at least two phases"),
        (_break(lambda d: d["scenarios"][0].update(follow_ups="one string")), "follow_ups"),
        (_break(lambda d: d["scenarios"][0]["rubric"][0].update(dimension="charisma")), "unknown rubric dimension"),
        (_break(lambda d: d["scenarios"][0].update(numbers={"monthly_spend": "lots"})), "numbers"),
        (_break(lambda d: d["scenarios"].append(d["scenarios"][0])), "share an id"),
    ],
)
def test_corrupt_bank_is_one_clear_input_error(data, message):
    with pytest.raises(InputError, match=message) as caught:
        parse_bank(data, name="broken.json")
    assert "broken.json" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_corrupt_file_on_disk_fails_at_load(tmp_path):
    path = tmp_path / "scenarios.json"
    path.write_text('{"scenarios": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"scenarios\.json.*'title'"):
        load_bank(path)
    with pytest.raises(InputError, match="cannot be read"):
        load_bank(tmp_path / "absent.json")
