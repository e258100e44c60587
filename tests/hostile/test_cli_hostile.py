"""Every sub-command against the hostile corpus: exit 0, 1 or 2, never 3, never a traceback.

Commands are found from ``lib.cli.build_parser()``, so a command added later is attacked
too (with an argument set made from its parser when it has no recipe here). Each command
gets its hostile inputs in the place its input goes (a table, a JSON spec, an answer, an
id), and then every option it takes gets hostile values one at a time.
"""

from __future__ import annotations

import json

import pytest

from tests.hostile import corpus
from tests.hostile.harness import (
    _OUTPUT_OPTIONS,
    RECIPES,
    fill,
    leaf_commands,
    option_cases,
    recipes_for,
    run_in_process,
    run_in_subprocess,
    valid_input,
    value_options,
    with_option,
    write_input,
)

COMMANDS = leaf_commands()
_INPUTS = {"table": corpus.HOSTILE_TABLES, "json": corpus.HOSTILE_JSON, "text": corpus.HOSTILE_TEXTS}
_FILE_OPTIONS = {"--bank", "--model-file", "--spec"}


# Failures whose fix belongs to another module, each with the change it needs; strict, so a fix shows up.
KNOWN: dict[tuple[tuple[str, ...], int, str], str] = {}


def _input_cases():
    for command, parser in COMMANDS.items():
        for index, recipe in enumerate(recipes_for(command, parser)):
            if recipe.kind == "value":
                for value in corpus.HOSTILE_VALUES:
                    yield pytest.param(command, index, value, id=f"{' '.join(command)}[{index}]-{value[:20]!r}")
            for case in _INPUTS.get(recipe.kind, {}):
                known = KNOWN.get((command, index, case))
                marks = [pytest.mark.xfail(strict=True, reason=known)] if known else []
                yield pytest.param(command, index, case, id=f"{' '.join(command)}[{index}]-{case}", marks=marks)


def _option_cases():
    for command, parser in COMMANDS.items():
        for index in range(len(recipes_for(command, parser))):
            # One hostile value of each sort per option and argument set; the whole list still runs wherever a
            # command takes a value as its input (above), and spec fields get theirs in test_run_kinds_hostile.
            values = corpus.HOSTILE_VALUE_SORTS
            for action in value_options(parser):
                flag = action.option_strings[-1]
                if flag in _OUTPUT_OPTIONS or flag in _FILE_OPTIONS:
                    yield pytest.param(command, index, flag, None, id=f"{' '.join(command)}[{index}] {flag}")
                    continue
                for value in values:
                    yield pytest.param(
                        command, index, flag, value, id=f"{' '.join(command)}[{index}] {flag}={value[:20]!r}"
                    )


def test_every_command_is_found_and_has_a_working_argument_set(tmp_path, monkeypatch):
    """The recipes are right: each one, with its valid input, succeeds (or fails a gate)."""
    monkeypatch.chdir(tmp_path)
    assert {("audit",), ("inspect",), ("breakeven", "llm"), ("practice", "show")} <= set(COMMANDS)
    for command, parser in COMMANDS.items():
        if command not in RECIPES:
            continue  # a command without a recipe gets one made from its parser, which may not be enough to run
        for recipe in recipes_for(command, parser):
            name, data = valid_input(recipe)
            path = write_input(recipe, tmp_path, name, data) if name else None
            value = "mle-reduced-cost" if command == ("practice", "show") else None
            if command[0] == "workspace" and recipe.kind == "value":
                continue  # an empty workspace has no analysis to show; the hostile ids below cover these
            outcome = run_in_process([*command, *fill(recipe, input_path=path, value=value)])
            assert outcome.code in (0, 1), (command, outcome.err)


@pytest.mark.parametrize(("command", "index", "case"), list(_input_cases()))
def test_hostile_input(command, index, case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    recipe = recipes_for(command, COMMANDS[command])[index]
    if recipe.kind == "value":
        argv = fill(recipe, value=case)
    else:
        base = recipe.base()
        maker = _INPUTS[recipe.kind][case]
        if recipe.kind == "table":
            name, data = maker(base)
        elif recipe.kind == "json":
            name, data = "spec.json", maker(base)
        else:
            name, data = "answer.txt", maker
        argv = fill(recipe, input_path=write_input(recipe, tmp_path, name, data))
    run_in_process([*command, *argv]).check()


@pytest.mark.parametrize(("command", "index", "flag", "value"), list(_option_cases()))
def test_hostile_option(command, index, flag, value, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    parser = COMMANDS[command]
    recipe = recipes_for(command, parser)[index]
    action = next(a for a in parser._actions if flag in a.option_strings)
    name, data = valid_input(recipe)
    path = write_input(recipe, tmp_path, name, data) if name else None
    argv = fill(recipe, input_path=path, value="mle-reduced-cost" if recipe.kind == "value" else None)
    if value is not None:
        run_in_process([*command, *with_option(argv, action, value)]).check()
        return
    if flag in _OUTPUT_OPTIONS:
        values = list(option_cases(tmp_path))
    else:  # a file the option reads: hostile files of every sort
        values = []
        for case, maker in corpus.HOSTILE_JSON.items():
            target = tmp_path / f"{case.replace(' ', '_')}.json"
            target.write_bytes(maker({}))
            values.append(str(target))
        values.append(str(tmp_path / "no_such_file.json"))
    for hostile in values:
        run_in_process([*command, *with_option(argv, action, hostile)]).check()


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_a_real_process_prints_one_line_and_no_traceback(command, tmp_path):
    """In-process runs prove the handlers; a real interpreter proves nothing else reaches stderr."""
    recipe = recipes_for(command, COMMANDS[command])[0]
    if recipe.kind == "table":
        name, data = corpus.HOSTILE_TABLES["HTML in cells"](recipe.base())
    elif recipe.kind == "json":
        name, data = "spec.json", corpus.HOSTILE_JSON["deeply nested lists"](recipe.base())
    elif recipe.kind == "text":
        name, data = "answer.txt", corpus.HOSTILE_TEXTS["random bytes"]
    else:
        name, data = "", b""
    path = write_input(recipe, tmp_path, name, data) if name else None
    argv = fill(recipe, input_path=path, value=corpus.HTML)
    options = value_options(COMMANDS[command])
    if recipe.kind == "none" and options:
        argv = with_option(argv, options[0], "nan")
    run_in_subprocess([*command, *argv], cwd=tmp_path).check()


def test_the_corpus_is_what_the_issue_lists():
    """Names of the kinds of hostile input, so a later edit cannot quietly drop one."""
    tables = set(corpus.HOSTILE_TABLES)
    assert {"empty", "NUL byte in a cell", "huge numbers", "inf and nan", "ragged row", "formula cells"} <= tables
    assert {"HTML in cells", "HTML in a column name", "truncated parquet", "damaged xlsx"} <= tables
    assert {"deeply nested lists", "huge integer", "duplicate keys"} <= set(corpus.HOSTILE_JSON)
    spec = corpus.HOSTILE_JSON["huge integer"]({"a": 1})
    assert len(json.loads(spec.decode(), parse_int=str)["a"]) == 5000
