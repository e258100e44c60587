"""Linked evidence: a saved analysis embedded in a pack with its verdicts, key figures and provenance.

Any registered kind can be evidence. Verdicts and key figures come from the
analysis's own report (its ``Verdict`` and ``KeyFigures`` blocks); a few kinds
add figures read from their documented JSON (a bias audit's per-group rates with
intervals, an explanation's strongest features). Each item carries a SHA-256 of
its own content, so an edited figure shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lib.analysis import KeyFigures, Record, Verdict, coerce_sequences, get_kind, saved_parts
from lib.errors import InputError
from lib.provenance import Provenance

# Per-group figures kept for the model card: the rates a reader of a card asks about first.
GROUP_METRICS: tuple[str, ...] = ("accuracy", "selection_rate", "true_positive_rate", "false_positive_rate")
TOP_FEATURES = 5
MAX_GROUP_ROWS = 400


class _Part(Record):
    """A record inside a pack: lists become tuples, so a pack read back from JSON compares equal."""

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)


@dataclass(frozen=True)
class Finding(_Part):
    """A verdict an analysis reached: status (pass, fail, insufficient, warning, info...), title and reason."""

    status: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Figure(_Part):
    """A key figure as the analysis's report shows it (label and value as text, units included)."""

    label: str
    value: str


@dataclass(frozen=True)
class GroupMetric(_Part):
    """One group's rate with its 95% interval, from a bias audit.

    Attributes
    ----------
    attribute : str
        The column (or columns) the groups come from.
    group : str
    rows : int
    metric : str
    value, low, high : float or None
    small : bool
        Too few rows for the rate to be read on its own.
    """

    attribute: str
    group: str
    rows: int
    metric: str
    value: float | None
    low: float | None
    high: float | None
    small: bool = False


@dataclass(frozen=True)
class EvidenceItem(_Part):
    """A saved analysis as the pack embeds it.

    Attributes
    ----------
    id : int
        The analysis's id in the workspace.
    kind : str
        Its analysis kind (``bias_audit``, ``explain``, ...).
    title : str
    sha256 : str
        SHA-256 of this item's canonical JSON without this field (see :func:`evidence_digest`).
    verdicts : tuple of Finding
    figures : tuple of Figure
    provenance : Provenance
        The analysis's own provenance: input hashes, parameters, seed, library versions, time.
    groups : tuple of GroupMetric
        Per-group rates with intervals (bias audits only).
    saved_at : str
        When it was last saved in the workspace (UTC, ISO 8601).
    """

    id: int
    kind: str
    title: str
    sha256: str
    verdicts: tuple[Finding, ...]
    figures: tuple[Figure, ...]
    provenance: Provenance
    groups: tuple[GroupMetric, ...] = ()
    saved_at: str = ""

    @property
    def reference(self) -> str:
        """How the pack names this item in words: ``#12 bias audit 'Audit of the credit model'``."""
        return f"#{self.id} {self.kind.replace('_', ' ')} '{self.title}'"

    @property
    def input_hashes(self) -> dict[str, str]:
        """Role -> SHA-256 of each input file the analysis read."""
        inputs = self.provenance.inputs or {}
        return {role: str(item["sha256"]) for role, item in inputs.items() if item.get("sha256")}

    @property
    def made_on(self) -> dt.date | None:
        """The date the analysis was computed (from its provenance), when it can be read."""
        try:
            return dt.datetime.fromisoformat(self.provenance.created_at).date()
        except (TypeError, ValueError):
            return None


def canonical_json(value: Any) -> bytes:
    """The canonical JSON bytes every digest in a pack is taken over: sorted keys, no spaces, UTF-8.

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [1.5, None]})
    b'{"a":[1.5,null],"b":1}'
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def digest(value: Any) -> str:
    """SHA-256 (hex) of a JSON value's canonical form."""
    return hashlib.sha256(canonical_json(value)).hexdigest()


def evidence_digest(item: EvidenceItem | Mapping[str, Any]) -> str:
    """The digest an evidence item records of itself: over its JSON without the ``sha256`` key.

    Parameters
    ----------
    item : EvidenceItem or mapping

    Returns
    -------
    str
    """
    data = item.to_dict() if isinstance(item, EvidenceItem) else dict(item)
    return digest({k: v for k, v in data.items() if k != "sha256"})


def _number(value: Any, spec: str = ".3f") -> str:
    return "—" if value is None else format(float(value), spec)


def _interval(ci: Any) -> str:
    if not isinstance(ci, (list, tuple)) or len(ci) != 2 or None in ci:
        return "no interval"
    return f"95% interval {_number(ci[0])} to {_number(ci[1])}"


def _audit_figures(data: Mapping[str, Any]) -> tuple[list[Figure], list[GroupMetric]]:
    overall, overall_ci = data.get("overall") or {}, data.get("overall_ci") or {}
    figures = [
        Figure(
            f"Overall {metric.replace('_', ' ')}", f"{_number(overall[metric])} ({_interval(overall_ci.get(metric))})"
        )
        for metric in GROUP_METRICS
        if overall.get(metric) is not None
    ]
    for name, item in (data.get("disparities") or {}).items():
        value = item.get("value_large_groups", item.get("value"))
        figures.append(
            Figure(
                name.replace("_", " "),
                f"{_number(value)} ({_interval(item.get('ci_large_groups', item.get('ci')))}; "
                f"limit {item.get('limit')}; {item.get('verdict')}; groups of {item.get('attribute')})",
            )
        )
    groups = [
        GroupMetric(
            attribute=str(g.get("attribute")),
            group=str(g.get("name")),
            rows=int(g.get("count") or 0),
            metric=metric,
            value=g.get(metric),
            low=(g.get("ci") or {}).get(metric, [None, None])[0],
            high=(g.get("ci") or {}).get(metric, [None, None])[1],
            small=bool(g.get("small")),
        )
        for g in (data.get("groups") or [])
        for metric in GROUP_METRICS
    ][:MAX_GROUP_ROWS]
    return figures, groups


def _explain_figures(data: Mapping[str, Any]) -> tuple[list[Figure], list[GroupMetric]]:
    figures = [Figure("Model", str(data.get("model"))), Figure("Task", str(data.get("task")))]
    for metric, value in (data.get("metrics") or {}).items():
        if isinstance(value, (int, float)):
            figures.append(Figure(f"Metric: {metric.replace('_', ' ')}", _number(value, ".4g")))
    fidelity = data.get("fidelity") or {}
    for metric, value in (fidelity.get("overall") or {}).items():
        figures.append(Figure(f"Surrogate fidelity ({metric})", _number(value)))
    ranked = list((data.get("global_importance") or {}).items())[:TOP_FEATURES]
    for rank, (feature, value) in enumerate(ranked, start=1):
        figures.append(Figure(f"Feature {rank} by mean |SHAP|", f"{feature} ({_number(value, '.4g')})"))
    return figures, []


# Kinds whose documented JSON gives figures beyond their report's key figures.
_EXTRA: dict[str, Callable[[Mapping[str, Any]], tuple[list[Figure], list[GroupMetric]]]] = {
    "bias_audit": _audit_figures,
    "explain": _explain_figures,
}


def _unique_labels(figures: list[Figure]) -> tuple[Figure, ...]:
    # Labels name figures in the sign-off's manifest, so each must be unique within an item.
    seen: dict[str, int] = {}
    out = []
    for figure in figures:
        seen[figure.label] = seen.get(figure.label, 0) + 1
        label = figure.label if seen[figure.label] == 1 else f"{figure.label} ({seen[figure.label]})"
        out.append(Figure(label, figure.value))
    return tuple(out)


def evidence_from_result(result: Any, *, analysis_id: int, kind: str, title: str, saved_at: str = "") -> EvidenceItem:
    """Embed a result: verdicts and key figures from its report, extra figures for some kinds, provenance.

    Parameters
    ----------
    result : Result
        A result of a registered kind, with a ``provenance``.
    analysis_id : int
        Its id in the workspace.
    kind, title : str
    saved_at : str
        When it was saved (UTC, ISO 8601).

    Returns
    -------
    EvidenceItem
    """
    # The kind's own report function: asking the result would make the registry import every feature.
    report = get_kind(kind).report(result)
    verdicts = tuple(Finding(b.status, b.title, b.text) for b in report.blocks if isinstance(b, Verdict))
    figures = [Figure(label, value) for b in report.blocks if isinstance(b, KeyFigures) for label, value in b.items]
    groups: list[GroupMetric] = []
    if kind in _EXTRA:
        more, groups = _EXTRA[kind](result.to_dict())
        figures += more
    item = EvidenceItem(
        id=int(analysis_id),
        kind=kind,
        title=title,
        sha256="",
        verdicts=verdicts,
        figures=_unique_labels(figures),
        provenance=Provenance.from_dict(result.provenance.to_dict()),
        groups=tuple(groups),
        saved_at=saved_at,
    )
    return dataclasses.replace(item, sha256=evidence_digest(item))


def evidence_from_saved(analysis: Any) -> EvidenceItem:
    """Embed a saved analysis (a :class:`lib.store.Analysis`) as evidence.

    Raises
    ------
    InputError
        When the analysis was saved before analyses kept their spec, or by a newer release.
    """
    _, result = saved_parts(analysis)
    return evidence_from_result(
        result, analysis_id=analysis.id, kind=analysis.kind, title=analysis.title, saved_at=analysis.updated_at
    )


def parse_ids(text: str) -> tuple[int, ...]:
    """Workspace ids from ``"3,7, 12"`` (the command line's ``--evidence``).

    Examples
    --------
    >>> parse_ids("3, 7,12")
    (3, 7, 12)

    Raises
    ------
    InputError
        For anything that is not a whole number of at least 1, or an id given twice.
    """
    ids: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise InputError(
                "an evidence id is not a workspace id", expected="whole numbers such as 3,7,12", found=part[:40]
            )
        if int(part) in ids:
            raise InputError("an evidence id is given twice", found=part)
        ids.append(int(part))
    return tuple(ids)


def load_evidence(ids: tuple[int, ...], workspace: Any) -> tuple[EvidenceItem, ...]:
    """Open each saved analysis by id and embed it.

    Parameters
    ----------
    ids : tuple of int
    workspace : lib.store.Workspace

    Returns
    -------
    tuple of EvidenceItem

    Raises
    ------
    InputError
        For an id the workspace does not hold, or an analysis that cannot be read.
    """
    return tuple(evidence_from_saved(workspace.open(analysis_id)) for analysis_id in ids)
