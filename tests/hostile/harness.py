"""Running the command line against hostile inputs: every sub-command, found from the parser itself."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lib.cli import build_parser, main
from tests.hostile import corpus

ROOT = Path(__file__).resolve().parents[2]
INPUT = "{input}"
VALUE = "{value}"


@dataclass(frozen=True)
class Outcome:
    """What one command line did."""

    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def check(self) -> None:
        """Exit 0, 1 or 2, never 3; never a traceback; bad input explained on exactly one line."""
        shown = f"{' '.join(self.argv)[:300]} -> exit {self.code}: {self.err[:600]!r}"
        assert self.code in (0, 1, 2), shown
        assert "Traceback" not in self.err and "Traceback" not in self.out, shown
        if self.code == 2:
            assert len(self.err.strip().splitlines()) == 1, shown
            assert self.err.startswith("error: "), shown


def run_in_process(argv: list[str]) -> Outcome:
    """Run ``python -m lib ARGV`` inside this interpreter (fast), capturing what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse: --help, usage errors
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    return Outcome(tuple(argv), code, out.getvalue(), err.getvalue())


def run_in_subprocess(argv: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> Outcome:
    """Run ``python -m lib ARGV`` as a pipeline would, in its own interpreter."""
    result = subprocess.run(
        [sys.executable, "-m", "lib", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    return Outcome(tuple(argv), result.returncode, result.stdout, result.stderr)


# ---- every sub-command, from the parser ----


def leaf_commands(parser: argparse.ArgumentParser | None = None) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """``("breakeven", "llm") -> parser`` for every command that runs something (has a handler)."""
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def walk(current: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        subcommands = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)]
        for action in subcommands:
            for name, sub in action.choices.items():
                walk(sub, (*path, name))
        if current.get_default("handler") is not None and not subcommands:
            found[path] = current

    walk(parser or build_parser(), ())
    return found


# ---- a minimal valid argument set per command and input kind ----


@dataclass(frozen=True)
class Recipe:
    """A command line that works, with one placeholder where the hostile input goes.

    ``kind`` says what the placeholder takes: ``table`` (a file made from ``base()``),
    ``json`` (a JSON file made from ``base()``), ``text`` (an answer file), ``value``
    (a typed value) or ``none`` (no placeholder; only the options are attacked).
    """

    argv: tuple[str, ...]
    kind: str
    base: Callable[[], object] = field(default=lambda: None)


def _roi_spec() -> dict[str, object]:
    return {"discount_rate": 0.08, "cash_flows": [-100.0, 40.0, 50.0, 60.0]}


def _savings_spec() -> dict[str, object]:
    return {
        "baseline": {"training": 250000, "inference": 175000, "data": 60000, "other": 15000},
        "levers": [{"name": "Spot", "category": "training", "applies_to": 0.6, "low": 0.6, "likely": 0.7, "high": 0.8}],
    }


def _ahp_spec() -> dict[str, object]:
    return {
        "criteria": ["cost", "speed", "edge"],
        "judgements": [
            {"first": "cost", "second": "speed", "times": 3},
            {"first": "cost", "second": "edge", "times": 5},
        ],
    }


def _matrix_spec() -> dict[str, object]:
    return {
        "options": ["Build", "Buy"],
        "criteria": [{"name": "edge", "weight": 5}, {"name": "cost", "weight": 2}],
        "scores": {"Build": {"edge": 5, "cost": 3}, "Buy": {"edge": 2, "cost": 4}},
    }


_AUDIT = ("--label", "label", "--sensitive", "group")
RECIPES: dict[tuple[str, ...], tuple[Recipe, ...]] = {
    ("ahp",): (Recipe((INPUT,), "table", corpus.judgements_table), Recipe((INPUT,), "json", _ahp_spec)),
    ("audit",): (Recipe((INPUT, *_AUDIT, "--pred", "pred", "--n-boot", "50"), "table", corpus.predictions_table),),
    ("thresholds",): (Recipe((INPUT, *_AUDIT, "--score", "score"), "table", corpus.predictions_table),),
    ("mitigate",): (Recipe((INPUT, *_AUDIT, "--score", "score", "--n-boot", "50"), "table", corpus.predictions_table),),
    ("datasets",): (Recipe((), "none"),),
    ("inspect",): (Recipe((INPUT,), "table", corpus.predictions_table),),
    ("decide",): (
        Recipe((INPUT, "--n-sim", "50"), "table", corpus.matrix_table),
        Recipe((INPUT, "--n-sim", "50"), "json", _matrix_spec),
    ),
    ("explain",): (
        Recipe(
            (INPUT, "--target", "label", "--model", "linear", "--max-rows", "200"), "table", corpus.predictions_table
        ),
        Recipe((INPUT, "--outputs", "score", "--max-rows", "200"), "table", corpus.predictions_table),
    ),
    ("practice", "list"): (Recipe((), "none"),),
    ("practice", "show"): (Recipe((VALUE,), "value"),),
    ("practice", "score"): (Recipe(("mle-reduced-cost", INPUT), "text"),),
    ("practice", "progress"): (Recipe((), "none"),),
    ("roi",): (Recipe((INPUT,), "json", _roi_spec),),
    ("breakeven", "llm"): (
        Recipe(
            (
                *("--tokens-per-month", "2e9", "--input-share", "0.75", "--price-input", "2", "--price-output", "10"),
                *("--gpu-hourly", "2", "--gpus", "2", "--tokens-per-second", "1000", "--utilisation", "0.5"),
            ),
            "none",
        ),
    ),
    ("breakeven", "endpoint"): (
        Recipe(
            (
                *("--requests-per-hour", "100", "--duration-s", "0.5", "--memory-gb", "4"),
                *(
                    "--price-per-gb-second",
                    "0.00002",
                    "--price-per-million-requests",
                    "0.2",
                    "--instance-hourly",
                    "0.5",
                ),
            ),
            "none",
        ),
    ),
    ("breakeven", "spot"): (
        Recipe(
            (
                *("--job-hours", "100", "--on-demand-hourly", "32", "--spot-discount", "0.7"),
                *("--interruptions-per-hour", "0.1", "--checkpoint-interval-hours", "0.25"),
                *("--restart-overhead-hours", "0.125"),
            ),
            "none",
        ),
    ),
    ("breakeven", "per-prediction"): (
        Recipe(("--cost-before", "0.42", "--cost-after", "0.19", "--predictions-per-month", "2e9"), "none"),
    ),
    ("run",): (Recipe(("--list",), "none"),),
    ("savings",): (Recipe((INPUT,), "json", _savings_spec),),
    ("spend",): (Recipe((INPUT,), "table", corpus.spend_table),),
    ("workspace", "list"): (Recipe((), "none"),),
    ("workspace", "show"): (Recipe((VALUE,), "value"),),
    ("workspace", "export"): (Recipe((VALUE,), "value"),),
}


def recipes_for(command: tuple[str, ...], parser: argparse.ArgumentParser) -> tuple[Recipe, ...]:
    """The command's recipes; a command added later gets one made from its parser, so it is covered too."""
    if command in RECIPES:
        return RECIPES[command]
    argv: list[str] = []
    for action in parser._actions:
        if not action.option_strings and action.nargs not in (0, argparse.SUPPRESS):
            argv.append(INPUT)
        elif action.required:
            argv += [action.option_strings[0], _plausible(action)]
    return (Recipe(tuple(argv), "table" if INPUT in argv else "none", corpus.predictions_table),)


def _plausible(action: argparse.Action) -> str:
    """A value the option may well accept: its first choice, a number for a number, else a column name."""
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type in (int, float) or "int" in getattr(action.type, "__name__", ""):
        return "1"
    return "label"


def write_input(recipe: Recipe, folder: Path, name: str, data: bytes) -> Path:
    """Write one input file into ``folder`` under a safe name (the hostile name is kept when it is a file name)."""
    safe = name if "/" not in name and len(name) < 120 else "input" + Path(name).suffix
    path = folder / safe
    path.write_bytes(data)
    return path


def valid_input(recipe: Recipe) -> tuple[str, bytes]:
    """The recipe's working input, as a file name and bytes."""
    base = recipe.base()
    if recipe.kind == "table":
        assert isinstance(base, pd.DataFrame)
        return "valid.csv", corpus.csv_bytes(base)
    if recipe.kind == "json":
        return "valid.json", json.dumps(base).encode()
    if recipe.kind == "text":
        return "answer.txt", b"Situation: cost went from $0.42 to $0.19 per 1,000 predictions; a 0.5% NDCG trade-off."
    return "", b""


def fill(recipe: Recipe, *, input_path: Path | None = None, value: str | None = None) -> list[str]:
    """The recipe's argv with its placeholder filled."""
    argv = []
    for part in recipe.argv:
        if part == INPUT:
            argv.append(str(input_path))
        elif part == VALUE:
            argv.append(value if value is not None else "1")
        else:
            argv.append(part)
    return argv


# ---- options attacked one at a time ----

_NOT_ATTACKED = {"-h", "--help", "--version"}
_OUTPUT_OPTIONS = {"--out", "--values-out"}


def value_options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Options that take a value (not flags, not help)."""
    return [
        action
        for action in parser._actions
        if action.option_strings
        and not set(action.option_strings) & _NOT_ATTACKED
        and action.nargs != 0
        and not isinstance(action, argparse._SubParsersAction)
    ]


def with_option(argv: list[str], action: argparse.Action, value: str) -> list[str]:
    """``argv`` with the option set to ``value`` (replacing a value it already had)."""
    count = action.nargs if isinstance(action.nargs, int) else 1
    flag = action.option_strings[-1]
    for position, part in enumerate(argv):
        if part in action.option_strings:
            return [*argv[: position + 1], *([value] * count), *argv[position + 1 + count :]]
    return [*argv, flag, *([value] * count)]


def option_cases(folder: Path) -> Iterator[str]:
    """Hostile values for output options: a folder, a path in no folder."""
    yield str(folder)
    yield str(folder / "no" / "such" / "out.json")
