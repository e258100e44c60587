"""Schema and quality summary of a table: what the Datasets page and `inspect` show."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.data._parse import Dataset
from lib.data._roles import ColumnRoles
from lib.export import markdown_table


@dataclass(frozen=True)
class ColumnSummary:
    """One column's schema and quality figures."""

    name: str
    dtype: str
    role: str
    missing: int
    missing_pct: float
    distinct: int
    example: str

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping."""
        return {
            "name": self.name,
            "dtype": self.dtype,
            "role": self.role,
            "missing": self.missing,
            "missing_pct": self.missing_pct,
            "distinct": self.distinct,
            "example": self.example,
        }


MISSING_VALUE = "(missing)"


@dataclass(frozen=True)
class ClassBalance:
    """Value counts of a likely label column, and its missing cells.

    Attributes
    ----------
    column : str
    counts : dict
        Value (as text) -> rows holding it; missing cells are not among them.
    missing : int
        Rows where the column is empty.
    """

    column: str
    counts: dict[str, int]
    missing: int = 0

    @property
    def shares(self) -> dict[str, float]:
        """Value -> share of non-missing rows."""
        total = sum(self.counts.values())
        return {k: (v / total if total else 0.0) for k, v in self.counts.items()}

    @property
    def missing_label(self) -> str:
        """The name missing cells go by, never one of the column's own values."""
        label = MISSING_VALUE
        while label in self.counts:
            label = f"({label})"
        return label

    def with_missing_as_value(self) -> ClassBalance:
        """The same counts with missing cells as one more value, so shares are of every row (for charts).

        Examples
        --------
        >>> ClassBalance("alley", {"Grvl": 5, "Pave": 2}, missing=93).with_missing_as_value().shares["(missing)"]
        0.93
        """
        if not self.missing:
            return self
        return ClassBalance(self.column, {**self.counts, self.missing_label: self.missing}, missing=0)


@dataclass(frozen=True)
class DatasetSummary:
    """Schema and quality of a table."""

    dataset: Dataset
    columns: tuple[ColumnSummary, ...]
    class_balance: tuple[ClassBalance, ...]
    duplicate_rows: int

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping (the `inspect --format json` output)."""
        return {
            "dataset": self.dataset.to_dict(),
            "rows": self.dataset.n_rows,
            "n_columns": self.dataset.n_columns,
            "duplicate_rows": self.duplicate_rows,
            "columns": [c.to_dict() for c in self.columns],
            "class_balance": {b.column: b.counts for b in self.class_balance},
            "class_balance_missing": {b.column: b.missing for b in self.class_balance},
            "notes": list(self.dataset.notes),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per column, for display."""
        return pd.DataFrame([c.to_dict() for c in self.columns])

    def to_markdown(self) -> str:
        """Render as Markdown (the `inspect --format md` output)."""
        d = self.dataset
        lines = [
            f"# {d.name}",
            "",
            f"{d.n_rows:,} rows, {d.n_columns} columns, {d.file_format.upper()}, sha256 `{d.sha256[:16]}`.",
            f"Duplicate rows: {self.duplicate_rows:,}.",
            "",
            markdown_table(
                ["column", "dtype", "role", "missing %", "distinct", "example"],
                [[c.name, c.dtype, c.role, f"{c.missing_pct:.1f}", f"{c.distinct:,}", c.example] for c in self.columns],
            ),
        ]
        for balance in self.class_balance:
            lines += ["", f"Class balance of `{balance.column}`:", ""]
            lines.append(
                markdown_table(
                    ["value", "rows", "share %"],
                    [[k, f"{v:,}", f"{balance.shares[k] * 100:.1f}"] for k, v in balance.counts.items()],
                )
            )
            if balance.missing:
                share = balance.missing / d.n_rows * 100 if d.n_rows else 0.0
                lines += [
                    "",
                    f"Missing: {balance.missing:,} rows ({share:.1f} % of all rows), not in the shares above.",
                ]
        if d.notes:
            lines += ["", "Notes:", ""] + [f"- {n}" for n in d.notes]
        return "\n".join(lines) + "\n"


def _example(series: pd.Series) -> str:
    values = series.dropna()
    if values.empty:
        return ""
    text = str(values.iloc[0])
    return text if len(text) <= 40 else text[:37] + "..."


def likely_label_columns(frame: pd.DataFrame, dataset: Dataset, *, roles: ColumnRoles | None = None) -> list[str]:
    """The label and prediction columns, plus other two-valued columns (at most six in all).

    Parameters
    ----------
    frame : pandas.DataFrame
    dataset : Dataset
    roles : ColumnRoles, optional
        The confirmed roles; defaults to the inferred ones.
    """
    roles = roles or dataset.roles
    chosen = [c for c in (roles.label, roles.prediction) if c and c in frame.columns]
    for column in frame.columns:
        if len(chosen) >= 6:
            break
        if column not in chosen and _distinct(frame[column]) == 2:
            chosen.append(column)
    return chosen


def _distinct(series: pd.Series) -> int:
    try:
        return int(series.nunique(dropna=True))
    except TypeError:  # unhashable cells (lists) are counted by their text
        return int(series.dropna().map(repr).nunique())


def summarise(frame: pd.DataFrame, dataset: Dataset, *, roles: ColumnRoles | None = None) -> DatasetSummary:
    """Compute the schema and quality summary of a loaded table.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table from :func:`lib.data.load_table`.
    dataset : Dataset
        Its record.
    roles : ColumnRoles, optional
        Roles to show, and whose label and prediction lead the class balance; defaults to the inferred ones.

    Returns
    -------
    DatasetSummary
    """
    roles = roles or dataset.roles
    n = len(frame)
    missing = frame.isna().sum()
    columns = tuple(
        ColumnSummary(
            name=str(c),
            dtype=str(frame[c].dtype),
            role=roles.role_of(c),
            missing=int(missing.iloc[position]),
            missing_pct=round(100.0 * missing.iloc[position] / n, 2) if n else 0.0,
            distinct=_distinct(frame[c]),
            example=_example(frame[c]),
        )
        for position, c in enumerate(frame.columns)
    )
    balance = tuple(_balance(frame[c], c) for c in likely_label_columns(frame, dataset, roles=roles))
    try:
        duplicates = int(frame.duplicated().sum())
    except TypeError:  # unhashable cells (lists from Parquet) cannot be compared
        duplicates = 0
    return DatasetSummary(dataset=dataset, columns=columns, class_balance=balance, duplicate_rows=duplicates)


def _balance(series: pd.Series, column: str) -> ClassBalance:
    try:
        counts = series.value_counts(dropna=True)
    except TypeError:
        counts = series.astype(str).value_counts(dropna=True)
    return ClassBalance(
        column=str(column),
        counts={str(k): int(v) for k, v in counts.items()},
        missing=int(series.isna().sum()),
    )
