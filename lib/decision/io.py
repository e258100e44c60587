"""Read and write MATRIX.csv and MATRIX.json, and read AHP judgement files.

MATRIX.csv: a ``criterion`` column, a ``weight`` column (non-negative, normalised later),
then one column per option holding its 1-5 scores. Any table the Datasets page reads
works too (TSV, semicolons, Latin-1 text, .xlsx, Parquet).

MATRIX.json: ``{"options": [...], "criteria": [{"name": ..., "weight": ...}, ...],
"scores": {option: {criterion: score}}}``, optionally with ``"scorers": {scorer: {option:
{criterion: score}}}`` for several scorers' sheets (then ``scores`` is their mean and is
not read back).

Judgements (for AHP): a table with columns ``first``, ``second`` and ``times`` (one row per
pair: ``first`` is ``times`` as important as ``second``; ``1/3`` and ``0.333`` both mean a
third), or the ``ahp_weights`` spec as JSON: ``{"criteria": [...], "judgements": [{"first",
"second", "times"}, ...]}``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from lib.decision.matrix import DecisionMatrix, build_matrix
from lib.decision.specs import AhpSpec, Judgement
from lib.errors import InputError
from lib.export import to_csv_bytes, to_json

CSV_COLUMNS = ("criterion", "weight")
JUDGEMENT_COLUMNS = ("first", "second", "times")
_JSON_SUFFIX = ".json"


def _text(data: bytes) -> str:
    # The Datasets page reads text that is not UTF-8 as Latin-1; so do we.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _is_json(text: str, name: str) -> bool:
    return name.lower().endswith(_JSON_SUFFIX) or text.lstrip().startswith("{")


def _binary(data: bytes) -> bool:
    # Parquet and .xlsx files start with these bytes; they are tables, never JSON.
    return data[:4] in (b"PAR1", b"PK\x03\x04")


def _only_header(data: bytes) -> bool:
    return not _binary(data) and len([line for line in _text(data).splitlines() if line.strip()]) == 1


def read_matrix(data: bytes, *, name: str) -> DecisionMatrix:
    """Parse MATRIX.csv (or any table) or MATRIX.json bytes.

    JSON when the name ends in .json or the text starts with '{'; otherwise a table read
    by :func:`lib.data.load_table`.

    Parameters
    ----------
    data : bytes
    name : str
        The file's name, for the format and for messages.

    Returns
    -------
    DecisionMatrix

    Raises
    ------
    InputError
        For a file that is not a valid matrix, naming the file and what is wrong.
    """
    if not data.strip():
        raise InputError("the file is empty", file=name, expected="a decision matrix")
    text = "" if _binary(data) else _text(data)
    if text and _is_json(text, name):
        return matrix_from_json(text, name=name)
    return matrix_from_table(data, name=name)


def matrix_from_table(data: bytes, *, name: str) -> DecisionMatrix:
    """Parse the MATRIX.csv layout from any table file the Datasets page reads."""
    from lib.data import load_table

    if _only_header(data):
        raise InputError("there are no criteria", file=name, expected="one row per criterion under the header")
    frame, _ = load_table(data, name=name)
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
    criteria = [_cell(v) for v in frame[criterion_col]]
    return build_matrix(options, criteria, weights, scores, source=name)


def _cell(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return None if text == "" else text


def matrix_from_json(text: str, *, name: str) -> DecisionMatrix:
    """Parse the MATRIX.json layout."""
    from lib.analysis import read_json_text

    # One reader for every JSON file: bad UTF-8, deep nesting and huge integers get one clear line.
    payload = read_json_text(text, file=name, what="matrix")
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
        On an unknown criterion, a criterion named twice, a malformed pair or a bad number.

    Examples
    --------
    >>> parse_weights_option("edge=0.3, cost=0.2", ["edge", "speed", "cost"])
    [0.3, 0.0, 0.2]
    """
    known = {c: k for k, c in enumerate(criteria)}
    weights = [0.0] * len(criteria)
    named: set[str] = set()
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
        if key in named:
            raise InputError(
                f"--weights names criterion '{key}' twice",
                expected="each criterion at most once",
                found=repr(text)[:80],
            )
        named.add(key)
        try:
            weights[known[key]] = float(value)
        except ValueError as error:
            raise InputError(f"--weights: the weight of '{key}' is not a number", found=repr(value)) from error
    return weights


def _judgement_value(value: object, *, row: int, name: str) -> float:
    cell = _cell(value)
    try:
        number = float(Fraction(str(cell))) if cell is not None else math.nan
    except (ValueError, ZeroDivisionError, OverflowError):
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise InputError(
            f"the judgement on row {row} is not a positive number",
            file=name,
            column="times",
            expected="a value from 1/9 to 9, such as 3, 0.333 or 1/3",
            found="an empty cell" if cell is None else repr(cell)[:40],
        )
    return number


def judgements_from_table(data: bytes, *, name: str) -> AhpSpec:
    """Read a ``first, second, times`` table of AHP judgements (criteria in order of appearance)."""
    from lib.data import load_table

    frame, _ = load_table(data, name=name)
    lower = {str(c).strip().lower(): c for c in frame.columns}
    missing = [c for c in JUDGEMENT_COLUMNS if c not in lower]
    if missing:
        raise InputError(
            "the judgements need the columns first, second and times",
            file=name,
            column=missing[0],
            expected="one row per pair: first, second, times (first is 'times' as important as second)",
            found="columns " + ", ".join(map(str, frame.columns[:10])),
        )
    judgements = []
    for k, row in enumerate(frame.itertuples(index=False), start=2):
        values = dict(zip(frame.columns, row, strict=True))
        first, second = (_cell(values[lower[c]]) for c in ("first", "second"))
        if first is None or second is None:
            raise InputError(
                f"row {k} does not name two criteria", file=name, expected="a criterion in first and second"
            )
        judgements.append(
            Judgement(str(first), str(second), _judgement_value(values[lower["times"]], row=k, name=name))
        )
    criteria = list(dict.fromkeys(name for j in judgements for name in (j.first, j.second)))
    try:
        return AhpSpec(criteria=tuple(criteria), judgements=tuple(judgements))
    except InputError as error:
        raise error.with_file(name) from None


def read_judgements(data: bytes, *, name: str) -> AhpSpec:
    """Parse AHP judgements: a ``first, second, times`` table, or the ``ahp_weights`` spec as JSON.

    Parameters
    ----------
    data : bytes
    name : str
        The file's name, for the format and for messages.

    Returns
    -------
    AhpSpec

    Raises
    ------
    InputError
        For a file that does not hold usable judgements.
    """
    from lib.analysis import read_json_text

    if not data.strip():
        raise InputError("the file is empty", file=name, expected="AHP judgements")
    text = "" if _binary(data) else _text(data)
    if text and _is_json(text, name):
        return AhpSpec.from_dict(read_json_text(data, file=name, what="judgements file"), file=name)
    return judgements_from_table(data, name=name)
