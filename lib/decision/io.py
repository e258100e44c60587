"""Read and write MATRIX.csv and MATRIX.json.

MATRIX.csv: a ``criterion`` column, a ``weight`` column (non-negative, normalised later),
then one column per option holding its 1-5 scores.

MATRIX.json: ``{"options": [...], "criteria": [{"name": ..., "weight": ...}, ...],
"scores": {option: {criterion: score}}}``, optionally with ``"scorers": {scorer: {option:
{criterion: score}}}`` for several scorers' sheets (then ``scores`` is their mean and is
not read back).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from lib.decision.matrix import DecisionMatrix, build_matrix
from lib.errors import InputError
from lib.export import to_csv_bytes, to_json

CSV_COLUMNS = ("criterion", "weight")


def read_matrix(data: bytes, *, name: str) -> DecisionMatrix:
    """Parse MATRIX.csv or MATRIX.json bytes (JSON when the name ends in .json or the text starts with '{')."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError("the file is not UTF-8 text", file=name, expected="a CSV or JSON text file") from error
    if not text.strip():
        raise InputError("the file is empty", file=name, expected="a decision matrix")
    if name.lower().endswith(".json") or text.lstrip().startswith("{"):
        return matrix_from_json(text, name=name)
    return matrix_from_csv(text, name=name)


def matrix_from_csv(text: str, *, name: str) -> DecisionMatrix:
    """Parse the MATRIX.csv layout."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, csv.Error) as error:
        raise InputError("the CSV cannot be read", file=name, found=str(error).splitlines()[0]) from error
    # pandas renames repeated headers ("Build.1"), so read the header row as written.
    header = [c.strip() for c in next(csv.reader(io.StringIO(text)), [])]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise InputError(
            "option and column names must be unique",
            file=name,
            expected="each option once",
            found="repeated " + ", ".join(repr(c) for c in repeated),
        )
    columns = [str(c).strip() for c in frame.columns]
    frame.columns = columns
    lower = {c.lower(): c for c in columns}
    missing = [c for c in CSV_COLUMNS if c not in lower]
    if missing:
        raise InputError(
            "the matrix needs a criterion column and a weight column",
            file=name,
            column=missing[0],
            expected="columns criterion, weight, then one column per option",
            found="columns " + ", ".join(columns[:10]),
        )
    criterion_col, weight_col = lower["criterion"], lower["weight"]
    options = [c for c in columns if c not in (criterion_col, weight_col)]
    weights = [_cell(v) for v in frame[weight_col]]
    scores = np.array([[_cell(v) for v in frame[o]] for o in options], dtype=object).reshape(len(options), len(frame))
    return build_matrix(options, list(frame[criterion_col]), weights, scores, source=name)


def _cell(value: object) -> object:
    text = str(value).strip()
    return None if text == "" else text


def matrix_from_json(text: str, *, name: str) -> DecisionMatrix:
    """Parse the MATRIX.json layout."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("the JSON cannot be read", file=name, found=f"{error.msg} at line {error.lineno}") from error
    if not isinstance(payload, dict):
        raise InputError("the JSON must be an object", file=name, expected='{"options", "criteria", "scores"}')
    for key in ("options", "criteria"):
        if not isinstance(payload.get(key), list):
            raise InputError(
                f'the JSON needs a "{key}" list',
                file=name,
                expected='{"options": [...], "criteria": [{"name", "weight"}], "scores": {...}}',
                found=f"keys {', '.join(map(str, payload)) or 'none'}",
            )
    options = [str(o) for o in payload["options"]]
    names, weights = [], []
    for entry in payload["criteria"]:
        if not isinstance(entry, dict) or "name" not in entry:
            raise InputError(
                "every criterion needs a name and a weight",
                file=name,
                expected='{"name": ..., "weight": ...}',
                found=repr(entry)[:80],
            )
        names.append(entry["name"])
        weights.append(entry.get("weight"))
    scorers = payload.get("scorers")
    if isinstance(scorers, dict) and scorers:
        sheets = {str(s): _sheet(sheet, options, names, name) for s, sheet in scorers.items()}
        return build_matrix(options, names, weights, sheets=sheets, source=name)
    if not isinstance(payload.get("scores"), dict):
        raise InputError('the JSON needs a "scores" object', file=name, expected="{option: {criterion: score}}")
    return build_matrix(options, names, weights, _sheet(payload["scores"], options, names, name), source=name)


def _sheet(scores: Any, options: Sequence[str], criteria: Sequence[object], name: str) -> np.ndarray:
    if not isinstance(scores, dict):
        raise InputError("scores must be an object", file=name, expected="{option: {criterion: score}}")
    sheet = np.empty((len(options), len(criteria)), dtype=object)
    for i, option in enumerate(options):
        row = scores.get(option)
        if not isinstance(row, dict):
            row = {}
        for j, criterion in enumerate(criteria):
            sheet[i, j] = row.get(str(criterion))
    return sheet


def matrix_to_frame(matrix: DecisionMatrix) -> pd.DataFrame:
    """The MATRIX.csv table: criterion, weight, one column of mean scores per option."""
    frame = pd.DataFrame({"criterion": list(matrix.criteria), "weight": matrix.weights})
    for i, option in enumerate(matrix.options):
        frame[option] = matrix.scores[i]
    return frame


def matrix_to_csv(matrix: DecisionMatrix) -> bytes:
    """MATRIX.csv bytes (formula-like text neutralised)."""
    return to_csv_bytes(matrix_to_frame(matrix))


def matrix_to_json(matrix: DecisionMatrix) -> str:
    """MATRIX.json text."""
    return to_json(matrix.to_dict())


def parse_weights_option(text: str, criteria: Sequence[str]) -> list[float]:
    """Parse ``c1=0.3,c2=0.2``; criteria not named keep weight 0.

    Raises
    ------
    InputError
        On an unknown criterion, a malformed pair or a bad number.
    """
    known = {c: k for k, c in enumerate(criteria)}
    weights = [0.0] * len(criteria)
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.rpartition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(
                "--weights is malformed", expected="criterion=number pairs, e.g. cost=0.3,speed=0.2", found=repr(part)
            )
        if key not in known:
            raise InputError(
                f"--weights names an unknown criterion '{key}'",
                expected="one of " + ", ".join(criteria),
                found=repr(key),
            )
        try:
            weights[known[key]] = float(value)
        except ValueError as error:
            raise InputError(f"--weights: the weight of '{key}' is not a number", found=repr(value)) from error
    return weights
