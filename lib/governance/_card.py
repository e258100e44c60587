"""The model card: the usual sections, pre-filled from the linked evidence and edited by the team."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lib.analysis import Record, coerce_sequences
from lib.errors import InputError
from lib.governance._evidence import EvidenceItem, GroupMetric
from lib.governance._policy import CARD_FIELDS

MAX_SECTION = 10_000
MAX_SHORT = 200
MAX_DATASETS = 20
SHORT_FIELDS = ("name", "version", "owners", "model_type")

SECTION_TITLES: dict[str, str] = {
    "name": "Model name",
    "version": "Version",
    "owners": "Owners",
    "model_type": "Model type",
    "description": "Description",
    "intended_use": "Intended use",
    "out_of_scope_use": "Out-of-scope use",
    "data": "Data",
    "evaluation": "Evaluation",
    "group_performance": "Performance by group",
    "explanations": "Explanations",
    "limitations": "Limitations",
    "ethical_considerations": "Ethical considerations",
    "caveats": "Caveats and recommendations",
    "human_oversight": "Human oversight",
    "monitoring": "Monitoring plan",
    "logging": "Logging and record-keeping",
    "disclosure": "Disclosure to people affected",
}
SECTION_HELP: dict[str, str] = {
    "intended_use": "What the model is for, who uses it and in which decisions.",
    "out_of_scope_use": "Uses it must not be put to, and why.",
    "data": "Where the training and evaluation data come from, what they cover and their known gaps.",
    "evaluation": "Metrics on held-out data, with intervals, and the data they were measured on.",
    "human_oversight": "Who can overrule the model, how, and when they must.",
    "monitoring": "What is watched after launch (drift, performance, fairness), thresholds, and who acts.",
    "logging": "What is logged per decision and how long it is kept.",
    "disclosure": "How people are told they deal with an AI system or machine-made content.",
}


@dataclass(frozen=True)
class DatasetRef(Record):
    """A dataset the card declares (its evidence should be made from it): name, SHA-256 and what it is for."""

    name: str
    sha256: str
    use: str = "evaluation"


@dataclass(frozen=True)
class ModelCard(Record):
    """A model card; every section is plain text the team edits (empty until written or pre-filled).

    ``datasets`` declares the data the model was evaluated on: evidence made from any
    other file is flagged stale.
    """

    name: str = ""
    version: str = ""
    owners: str = ""
    model_type: str = ""
    description: str = ""
    intended_use: str = ""
    out_of_scope_use: str = ""
    data: str = ""
    evaluation: str = ""
    group_performance: str = ""
    explanations: str = ""
    limitations: str = ""
    ethical_considerations: str = ""
    caveats: str = ""
    human_oversight: str = ""
    monitoring: str = ""
    logging: str = ""
    disclosure: str = ""
    datasets: tuple[DatasetRef, ...] = ()

    def __post_init__(self) -> None:
        """Lists become tuples."""
        coerce_sequences(self)

    def check(self) -> None:
        """Check section lengths and the declared datasets.

        Raises
        ------
        InputError
            Naming the section that is too long or the dataset that is malformed.
        """
        for name in CARD_FIELDS:
            value = getattr(self, name)
            limit = MAX_SHORT if name in SHORT_FIELDS else MAX_SECTION
            if not isinstance(value, str):
                raise InputError(f"the model card section '{name}' must be text", found=type(value).__name__)
            if len(value) > limit:
                raise InputError(
                    f"the model card section '{name}' is too long",
                    expected=f"at most {limit:,} characters",
                    found=f"{len(value):,}",
                )
        if len(self.datasets) > MAX_DATASETS:
            raise InputError("the model card declares too many datasets", expected=f"at most {MAX_DATASETS}")
        for ref in self.datasets:
            if len(ref.sha256) != 64 or any(c not in "0123456789abcdef" for c in ref.sha256):
                raise InputError(
                    f"the model card's dataset '{ref.name[:60]}' has no valid SHA-256",
                    expected="64 hexadecimal characters",
                    found=ref.sha256[:70] or "nothing",
                )

    def filled(self, name: str) -> bool:
        """Whether a section has been written."""
        return bool(str(getattr(self, name)).strip())

    def sections(self) -> dict[str, str]:
        """Section name -> text, in the card's order."""
        return {name: getattr(self, name) for name in CARD_FIELDS}


def _range_sentence(groups: Sequence[GroupMetric], metric: str, source: EvidenceItem) -> str | None:
    rows = [g for g in groups if g.metric == metric and g.value is not None and not g.small]
    if not rows:
        return None
    low, high = min(rows, key=lambda g: g.value or 0.0), max(rows, key=lambda g: g.value or 0.0)
    name = metric.replace("_", " ")
    return (
        f"{name.capitalize()} runs from {low.value:.3f} ({low.attribute} = {low.group}) to {high.value:.3f} "
        f"({high.attribute} = {high.group}) across groups with enough data, in {source.reference}."
    )


def _figures_sentence(item: EvidenceItem, *, starts: tuple[str, ...] = ()) -> str:
    chosen = [f for f in item.figures if not starts or f.label.startswith(starts)]
    return "; ".join(f"{f.label}: {f.value}" for f in chosen)


def _suggestions(evidence: Sequence[EvidenceItem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {name: [] for name in CARD_FIELDS}
    for item in evidence:
        source = item.reference
        if item.kind == "dataset_summary":
            out["data"].append(f"{source}: {_figures_sentence(item)}.")
        elif item.kind == "bias_audit":
            overall = _figures_sentence(item, starts=("Overall",))
            if overall:
                out["evaluation"].append(f"From {source}: {overall}.")
            sentences = [_range_sentence(item.groups, m, item) for m in ("accuracy", "selection_rate")]
            out["group_performance"] += [s for s in sentences if s]
            sensitive = next((f.value for f in item.figures if f.label == "Sensitive columns"), "")
            gate = next((v for v in item.verdicts if "gate" in v.title.lower() or "verdict" in v.title.lower()), None)
            if sensitive or gate:
                out["ethical_considerations"].append(
                    f"Audited for differences between groups of {sensitive or 'the sensitive columns'} in {source}"
                    + (f": {gate.title.lower()} ({gate.text.rstrip('.')})." if gate else ".")
                )
        elif item.kind == "explain":
            features = _figures_sentence(item, starts=("Feature",))
            model = next((f.value for f in item.figures if f.label == "Model"), "")
            out["explanations"].append(f"From {source}" + (f" ({model})" if model else "") + f": {features}.")
            metrics = _figures_sentence(item, starts=("Metric",))
            if metrics:
                out["evaluation"].append(f"From {source}: {metrics}.")
        elif item.kind in ("drift", "monitor"):
            found = "; ".join(f"{v.title} ({v.status})" for v in item.verdicts) or _figures_sentence(item)
            out["monitoring"].append(f"Latest monitoring run, {source}: {found}.")
        for verdict in item.verdicts:
            if verdict.status in ("fail", "insufficient", "warning"):
                out["limitations"].append(f"{source}: {verdict.title}. {verdict.text}".strip())
    if evidence:
        out["caveats"].append(
            "Figures in this card come from the linked analyses as they were saved; each one can be re-run "
            "from its notebook, which checks the input file's SHA-256 first."
        )
    return out


def declared_datasets(evidence: Sequence[EvidenceItem]) -> tuple[DatasetRef, ...]:
    """The datasets a card should declare by default: those summarised as evidence, else those audited."""
    for kinds in (("dataset_summary",), ("bias_audit",)):
        refs: dict[str, DatasetRef] = {}
        for item in evidence:
            if item.kind in kinds:
                for role, entry in (item.provenance.inputs or {}).items():
                    sha = entry.get("sha256")
                    if sha and sha not in refs:
                        refs[sha] = DatasetRef(name=str(entry.get("name") or role), sha256=sha)
        if refs:
            return tuple(refs.values())
    return ()


def prefill_card(card: ModelCard, evidence: Sequence[EvidenceItem]) -> ModelCard:
    """Fill the card's empty sections from the evidence; sections already written are kept as they are.

    Parameters
    ----------
    card : ModelCard
    evidence : sequence of EvidenceItem

    Returns
    -------
    ModelCard
    """
    changes: dict[str, Any] = {}
    for name, lines in _suggestions(evidence).items():
        if lines and not card.filled(name):
            text = "\n".join(lines)
            changes[name] = text if len(text) <= MAX_SECTION else text[: MAX_SECTION - 1] + "…"
    if not card.model_type:
        model = next(
            (f.value for item in evidence if item.kind == "explain" for f in item.figures if f.label == "Model"), ""
        )
        if model:
            changes["model_type"] = model[:MAX_SHORT]
    if not card.datasets:
        changes["datasets"] = declared_datasets(evidence)
    return dataclasses.replace(card, **changes) if changes else card
