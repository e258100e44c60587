"""Reading a drift analysis's inputs: reference and current tables, segments, chunks, column kinds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lib.analysis import DataSource, TableSource
from lib.drift._specs import MAX_COLUMNS, DriftSpec, parse_split_date
from lib.errors import InputError

MAX_SEGMENTS = 100
MAX_CHUNKS = 400
MISSING_SEGMENT = "(missing)"
_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True, eq=False)
class Chunking:
    """Chunk codes of rows (-1: no chunk) and each chunk's label, first and last day."""

    codes: np.ndarray
    labels: tuple[str, ...]
    starts: tuple[str | None, ...]
    ends: tuple[str | None, ...]


@dataclass(frozen=True, eq=False)
class Prepared:
    """Everything the computation needs, read and checked once."""

    reference: pd.DataFrame
    current: pd.DataFrame
    reference_name: str
    current_name: str
    columns: tuple[str, ...]
    roles: dict[str, str]
    segment_names: tuple[str | None, ...]
    reference_segments: np.ndarray
    current_segments: np.ndarray
    current_chunks: Chunking | None
    reference_chunks: Chunking | None
    notes: tuple[str, ...] = field(default=())


def _table(sources: Mapping[str, DataSource], role: str) -> TableSource:
    source = sources[role]
    if not isinstance(source, TableSource):
        raise InputError(f"the {role} input must be a table", file=source.name)
    return source


def parse_dates(series: pd.Series, *, file: str, column: str) -> np.ndarray:
    """A date column as ``datetime64[ns]`` (missing stays NaT); values that do not parse are named.

    Raises
    ------
    InputError
        When some non-empty values are not dates (the first few are shown).
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed = series
    else:
        text = series.astype("string")
        parsed = pd.to_datetime(text, errors="coerce", format="mixed")
        bad = parsed.isna() & text.notna() & (text.str.strip() != "")
        if bool(bad.any()):
            shown = ", ".join(repr(v) for v in pd.unique(text[bad])[:5])
            raise InputError(
                "the date column has values that are not dates",
                file=file,
                column=column,
                expected="dates such as 2025-01-31",
                found=f"{int(bad.sum()):,} values, e.g. {shown}",
            )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _period_keys(dates: np.ndarray, period: str) -> np.ndarray:
    """Integer period of each date (days, Monday-first weeks or months since 1970; NaT rows are masked later)."""
    if period == "month":
        return dates.astype("datetime64[M]").astype(np.int64)
    days = dates.astype("datetime64[D]").astype(np.int64)
    # 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
    return (days + 3) // 7 if period == "week" else days


def period_keys(dates: np.ndarray, period: str) -> np.ndarray:
    """Integer period of each date: days, Monday-first weeks or months since 1970 (NaT rows are left to the caller)."""
    return _period_keys(dates, period)


def segment_codes(
    reference: pd.DataFrame, current: pd.DataFrame, columns: tuple[str, ...]
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Segment names (combinations of the columns' values, sorted) and each row's segment on both sides."""
    return _segment_codes(reference, current, columns)


def _label(start: np.datetime64, period: str) -> str:
    text = str(start)
    if period == "month":
        return text[:7]
    if period == "week":
        return f"week of {text}"
    return text


def period_chunks(dates: np.ndarray, period: str) -> Chunking:
    """Chunks by day, week (Monday first) or month, in time order; rows without a date get no chunk (-1)."""
    valid = ~np.isnat(dates)
    keys = _period_keys(dates, period)
    present = np.unique(keys[valid])
    if len(present) > MAX_CHUNKS:
        raise InputError(
            f"too many chunks by {period}",
            expected=f"at most {MAX_CHUNKS} (choose a longer period)",
            found=f"{len(present):,}",
        )
    codes = np.where(valid, np.searchsorted(present, keys), -1).astype(np.int64)
    starts = [_start_of(int(key), period) for key in present]
    return Chunking(
        codes,
        tuple(_label(start, period) for start in starts),
        tuple(str(start) for start in starts),
        tuple(str(_end_of(start, period)) for start in starts),
    )


def _start_of(key: int, period: str) -> np.datetime64:
    if period == "day":
        return np.datetime64(key, "D")
    if period == "week":
        return np.datetime64(key * 7 - 3, "D")
    return np.datetime64(key, "M").astype("datetime64[D]")


def _end_of(start: np.datetime64, period: str) -> np.datetime64:
    if period == "day":
        return start
    if period == "week":
        return start + 6 * _DAY
    return (start.astype("datetime64[M]") + 1).astype("datetime64[D]") - _DAY


def row_chunks(n_rows: int, size: int, *, order: np.ndarray | None = None) -> Chunking:
    """Chunks of ``size`` rows, in ``order`` (row positions) when given, else in file order."""
    count = max(1, int(np.ceil(n_rows / size)))
    if count > MAX_CHUNKS:
        raise InputError(
            "too many chunks of rows",
            expected=f"at most {MAX_CHUNKS} (choose more rows per chunk)",
            found=f"{count:,}",
        )
    rank = np.arange(n_rows) if order is None else np.argsort(order, kind="stable").argsort(kind="stable")
    codes = (rank // size).astype(np.int64)
    labels = tuple(f"rows {i * size + 1:,}–{min((i + 1) * size, n_rows):,}" for i in range(count))
    return Chunking(codes, labels, (None,) * count, (None,) * count)


def _segment_codes(
    reference: pd.DataFrame, current: pd.DataFrame, columns: tuple[str, ...]
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Segment names (combinations of the columns' values, sorted) and each row's segment on both sides."""
    ref_keys = np.zeros(len(reference), dtype=np.int64)
    cur_keys = np.zeros(len(current), dtype=np.int64)
    parts: list[list[str]] = []
    for column in columns:
        ref_codes, ref_uniques = pd.factorize(reference[column], use_na_sentinel=True)
        cur_codes, cur_uniques = pd.factorize(current[column], use_na_sentinel=True)
        names = sorted({str(v) for v in ref_uniques} | {str(v) for v in cur_uniques} | {MISSING_SEGMENT})
        index = {name: i for i, name in enumerate(names)}
        missing = index[MISSING_SEGMENT]
        ref_map = np.array([index[str(v)] for v in ref_uniques] + [missing], dtype=np.int64)
        cur_map = np.array([index[str(v)] for v in cur_uniques] + [missing], dtype=np.int64)
        ref_keys = ref_keys * len(names) + ref_map[ref_codes]
        cur_keys = cur_keys * len(names) + cur_map[cur_codes]
        parts.append(names)
    present, inverse = np.unique(np.concatenate([ref_keys, cur_keys]), return_inverse=True)
    labels = []
    for key in present:
        values = []
        for names in reversed(parts):
            key, position = divmod(int(key), len(names))
            values.append(names[position])
        labels.append(" × ".join(reversed(values)))
    order = np.argsort(labels, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[inverse]
    return tuple(labels[i] for i in order), codes[: len(reference)], codes[len(reference) :]


def _require(frame: pd.DataFrame, columns: list[str], *, file: str) -> None:
    for column in columns:
        if column not in frame.columns:
            shown = ", ".join(map(str, list(frame.columns)[:12])) + (" ..." if len(frame.columns) > 12 else "")
            raise InputError("the column is not in the table", file=file, column=column, expected=f"one of {shown}")


def _default_columns(
    spec: DriftSpec, reference: pd.DataFrame, current: pd.DataFrame, names: tuple[str, str], skip_roles: set[str]
) -> tuple[str, ...]:
    # Dates and row ids say when and which, not what: they are never compared by default.
    skip = {spec.date, *spec.segment, *skip_roles}
    skip |= {str(c) for c in reference.columns if pd.api.types.is_datetime64_any_dtype(reference[c])}
    # A label may be missing from the current data (labels arrive late): it is not a difference of schema.
    ref_cols = [str(c) for c in reference.columns if c not in skip and c != spec.label]
    cur_cols = [str(c) for c in current.columns if c not in skip and c != spec.label]
    only_ref = [c for c in ref_cols if c not in cur_cols]
    only_cur = [c for c in cur_cols if c not in ref_cols]
    if only_ref or only_cur:
        parts = []
        if only_ref:
            parts.append(f"only in {names[0]}: " + ", ".join(only_ref[:10]))
        if only_cur:
            parts.append(f"only in {names[1]}: " + ", ".join(only_cur[:10]))
        raise InputError(
            "the reference and current tables have different columns",
            file=f"{names[0]} and {names[1]}",
            expected="the same columns, or the columns to compare named (--columns a,b)",
            found="; ".join(parts),
        )
    columns = [c for c in ref_cols if not _looks_like_id(reference[c])]
    if spec.label and spec.label in current.columns and spec.label in reference.columns:
        columns.append(spec.label)
    return tuple(columns[:MAX_COLUMNS])


def _looks_like_id(series: pd.Series) -> bool:
    # Row identifiers (every value different, not measurements) say nothing about drift.
    if pd.api.types.is_float_dtype(series) or len(series) < 20:
        return False
    name = str(series.name).lower()
    return name in {"id", "row_id", "uuid", "key", "index"} or bool(
        series.is_unique and not pd.api.types.is_numeric_dtype(series)
    )


def _roles(spec: DriftSpec, columns: tuple[str, ...]) -> dict[str, str]:
    roles = dict.fromkeys(columns, "feature")
    for role in ("prediction", "score", "label"):
        name = getattr(spec, role)
        if name in roles:
            roles[name] = role
    return roles


def _split(spec: DriftSpec, source: TableSource) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    assert spec.date is not None and spec.split_date is not None
    _require(source.frame, [spec.date], file=source.name)
    dates = parse_dates(source.frame[spec.date], file=source.name, column=spec.date)
    cut = np.datetime64(parse_split_date(spec.split_date), "ns")
    valid = ~np.isnat(dates)
    notes = []
    if not valid.all():
        notes.append(
            f"{int((~valid).sum()):,} rows of {source.name} have no date, so they are neither reference nor current "
            "and were left out."
        )
    before, after = valid & (dates < cut), valid & (dates >= cut)
    for part, where in ((before, "before"), (after, "on or after")):
        if not part.any():
            span = f"{str(dates[valid].min())[:10]} to {str(dates[valid].max())[:10]}" if valid.any() else "no dates"
            raise InputError(
                f"no rows fall {where} the split date {spec.split_date}",
                file=source.name,
                column=spec.date,
                expected="a split date inside the dates of the file",
                found=span,
            )
    frame = source.frame
    return frame.loc[before].reset_index(drop=True), frame.loc[after].reset_index(drop=True), notes


def _date_and_id_columns(sources: Mapping[str, DataSource]) -> set[str]:
    """Columns the inputs' confirmed roles call a date or an id."""
    out: set[str] = set()
    for source in sources.values():
        roles = getattr(source, "roles", None)
        for role in ("date", "id"):
            name = getattr(roles, role, None)
            if isinstance(name, str):
                out.add(name)
    return out


def prepare(spec: DriftSpec, sources: Mapping[str, DataSource]) -> Prepared:
    """Read and check the inputs of a drift analysis.

    Raises
    ------
    InputError
        Missing or different columns, a date column that does not parse, an empty side, too many
        segments or chunks.
    """
    notes: list[str] = []
    if spec.split_date:
        source = _table(sources, "data")
        reference, current, split_notes = _split(spec, source)
        notes += split_notes
        names = (f"{source.name} before {spec.split_date}", f"{source.name} from {spec.split_date}")
    else:
        ref_source, cur_source = _table(sources, "reference"), _table(sources, "current")
        reference, current = ref_source.frame, cur_source.frame
        names = (ref_source.name, cur_source.name)
    for frame, name in ((reference, names[0]), (current, names[1])):
        if len(frame) == 0:
            raise InputError("the table has no rows", file=name, expected="at least one row")
    needed = [*spec.segment, *([spec.date] if spec.date else [])]
    _require(reference, needed, file=names[0])
    _require(current, needed, file=names[1])
    columns = spec.columns or _default_columns(spec, reference, current, names, _date_and_id_columns(sources))
    if not columns:
        raise InputError(
            "no columns to monitor", file=names[0], expected="at least one column besides date and segments"
        )
    _require(reference, list(columns), file=names[0])
    _require(current, list(columns), file=names[1])
    # Prediction drift: the model's outputs (and the label, once known) are monitored whenever both sides have them.
    for role_column in (spec.prediction, spec.score, spec.label):
        if (
            role_column
            and role_column not in columns
            and role_column in reference.columns
            and role_column in current.columns
        ):
            columns = (*columns, role_column)
    for output in (spec.score, spec.prediction, *spec.sensitive):
        if output:
            _require(current, [output], file=names[1])
    segment_names: tuple[str | None, ...] = (None,)
    ref_seg = np.zeros(len(reference), dtype=np.int64)
    cur_seg = np.zeros(len(current), dtype=np.int64)
    if spec.segment:
        segment_names, ref_seg, cur_seg = _segment_codes(reference, current, spec.segment)
        if len(segment_names) > MAX_SEGMENTS:
            raise InputError(
                "too many segments", column=" × ".join(spec.segment), expected=f"at most {MAX_SEGMENTS}",
                found=f"{len(segment_names):,}",
            )  # fmt: skip
    current_chunks = reference_chunks = None
    if spec.chunked:
        current_chunks, reference_chunks = _chunks(spec, reference, current, names)
    return Prepared(
        reference=reference,
        current=current,
        reference_name=names[0],
        current_name=names[1],
        columns=tuple(columns),
        roles=_roles(spec, tuple(columns)),
        segment_names=segment_names,
        reference_segments=ref_seg,
        current_segments=cur_seg,
        current_chunks=current_chunks,
        reference_chunks=reference_chunks,
        notes=tuple(notes),
    )


def _chunks(
    spec: DriftSpec, reference: pd.DataFrame, current: pd.DataFrame, names: tuple[str, str]
) -> tuple[Chunking, Chunking]:
    ref_dates = cur_dates = None
    if spec.date:
        ref_dates = parse_dates(reference[spec.date], file=names[0], column=spec.date)
        cur_dates = parse_dates(current[spec.date], file=names[1], column=spec.date)
    if spec.chunk == "rows":
        return (
            row_chunks(len(current), spec.chunk_rows, order=cur_dates),
            row_chunks(len(reference), spec.chunk_rows, order=ref_dates),
        )
    assert ref_dates is not None and cur_dates is not None
    for dates, name in ((ref_dates, names[0]), (cur_dates, names[1])):
        if np.isnat(dates).all():
            raise InputError("the date column is empty", file=name, column=spec.date, expected="dates to chunk by")
    return period_chunks(cur_dates, spec.chunk), period_chunks(ref_dates, spec.chunk)
