"""Starting matrices managers meet often. Every number is a typical judgement, meant to be edited."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lib.decision.matrix import DecisionMatrix, build_matrix

DEFAULT_OPTIONS = ("Build", "Buy / License", "Partner")
DEFAULT_CRITERIA = (
    "Competitive advantage / IP protection",
    "Time to market",
    "3-year total cost",
    "Maintenance burden",
    "Lock-in risk",
    "Proprietary data advantage",
    "In-house expertise",
    "Compliance and governance fit",
    "Talent availability",
)
TOTAL_COST_CRITERION = "3-year total cost"

# Judgement words mapped to 1-5 scores: how well the option does on the capability.
_JUDGEMENT = {"good": 5.0, "mixed": 3.0, "bad": 1.0}


@dataclass(frozen=True)
class Preset:
    """A named starting point: options, weighted criteria, scores and why."""

    key: str
    title: str
    summary: str
    options: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    scores: tuple[tuple[float, ...], ...]  # per option, per criterion
    notes: tuple[str, ...] = ()

    def matrix(self) -> DecisionMatrix:
        """The preset as a validated matrix."""
        return build_matrix(self.options, self.criteria, self.weights, np.array(self.scores, dtype=float))


def _capability(
    key: str, title: str, summary: str, scores: dict[str, tuple[float, ...]], notes: tuple[str, ...]
) -> Preset:
    # Weights reflect what usually matters most for this kind of capability; all editable.
    weights = {
        "core_logic": (25, 10, 10, 10, 10, 15, 10, 5, 5),
        "foundation_models": (5, 20, 25, 15, 10, 5, 10, 5, 5),
        "specialised_models": (15, 10, 10, 10, 5, 25, 10, 10, 5),
        "ml_infrastructure": (5, 15, 20, 25, 15, 0, 10, 5, 5),
    }[key]
    return Preset(
        key=key,
        title=title,
        summary=summary,
        options=DEFAULT_OPTIONS,
        criteria=DEFAULT_CRITERIA,
        weights=tuple(float(w) for w in weights),
        scores=tuple(scores[o] for o in DEFAULT_OPTIONS),
        notes=notes,
    )


PRESETS: tuple[Preset, ...] = (
    Preset(
        key="blank",
        title="Blank: three options, standard criteria",
        summary="Equal weights and neutral scores of 3, ready for your own judgements.",
        options=DEFAULT_OPTIONS,
        criteria=DEFAULT_CRITERIA,
        weights=tuple(1.0 for _ in DEFAULT_CRITERIA),
        scores=tuple(tuple(3.0 for _ in DEFAULT_CRITERIA) for _ in DEFAULT_OPTIONS),
    ),
    _capability(
        "core_logic",
        "Core business logic",
        "What sets the company apart. Building usually wins: it keeps the advantage and the IP in house; "
        "buying turns it into a commodity anyone can license.",
        {
            "Build": (5, 2, 2, 2, 5, 5, 4, 4, 3),
            "Buy / License": (1, 5, 4, 4, 2, 2, 3, 3, 4),
            "Partner": (3, 4, 3, 3, 3, 3, 3, 3, 4),
        },
        ("Typical judgement: build for advantage; buying commoditises the IP; partnering shares the value.",),
    ),
    _capability(
        "foundation_models",
        "Foundation models",
        "Training a frontier model from scratch typically costs $100M or more. Buying access or partnering "
        "with a model lab lets the team spend its effort on the application.",
        {
            "Build": (4, 1, 1, 1, 5, 3, 2, 4, 1),
            "Buy / License": (2, 5, 4, 5, 2, 2, 4, 3, 5),
            "Partner": (3, 4, 4, 4, 3, 3, 4, 3, 4),
        },
        ("Typical judgement: building is a $100M+ commitment; buying and partnering with labs both fit well.",),
    ),
    _capability(
        "specialised_models",
        "Specialised models",
        "Models for a narrow domain where the company owns unique data. Building exploits that data; "
        "generic products often miss the domain; a partner can bring domain expertise.",
        {
            "Build": (5, 2, 3, 2, 5, 5, 4, 4, 3),
            "Buy / License": (2, 5, 4, 4, 2, 1, 3, 3, 4),
            "Partner": (4, 4, 3, 3, 3, 4, 4, 3, 4),
        },
        (
            "Typical judgement: build when unique data gives an edge; bought products are generic; partners add domain depth.",
        ),
    ),
    _capability(
        "ml_infrastructure",
        "ML infrastructure",
        "Training, serving and monitoring platforms. Managed cloud services usually win: building means "
        "running and maintaining it for years; a bespoke partner platform risks lock-in.",
        {
            "Build": (3, 2, 2, 1, 5, 3, 3, 4, 2),
            "Buy / License": (2, 5, 4, 5, 3, 3, 4, 4, 5),
            "Partner": (2, 3, 3, 3, 1, 3, 3, 3, 3),
        },
        ("Typical judgement: building carries a heavy maintenance load; managed services fit; partners risk lock-in.",),
    ),
    Preset(
        key="llm_sourcing",
        title="LLM sourcing: internal model, API or hybrid",
        summary="How well each way of sourcing a large language model suits four common uses, "
        "one use per criterion. Weight the uses by how much of your workload they are.",
        options=("Internal model", "API", "Hybrid"),
        criteria=("Code generation", "Customer service", "Content creation", "Domain-specific tasks"),
        weights=(1.0, 1.0, 1.0, 1.0),
        scores=(
            # good / mixed / bad judgements per use, as 5 / 3 / 1
            (_JUDGEMENT["good"], _JUDGEMENT["mixed"], _JUDGEMENT["bad"], _JUDGEMENT["good"]),
            (_JUDGEMENT["mixed"], _JUDGEMENT["good"], _JUDGEMENT["good"], _JUDGEMENT["bad"]),
            (_JUDGEMENT["good"], _JUDGEMENT["good"], _JUDGEMENT["mixed"], _JUDGEMENT["good"]),
        ),
        notes=(
            "Internal: strong with code-specific or domain training; weak at generic content; costly to maintain for support.",
            "API: quick to deploy and strong at content; generic on specialised domains.",
            "Hybrid: combines both and allows a gradual move; adds complexity for content work.",
        ),
    ),
)


def get_preset(key: str) -> Preset:
    """The preset with this key."""
    for preset in PRESETS:
        if preset.key == key:
            return preset
    from lib.errors import InputError

    raise InputError(f"unknown preset '{key}'", expected="one of " + ", ".join(p.key for p in PRESETS), found=key)
