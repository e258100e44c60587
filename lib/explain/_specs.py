"""The spec of an explanation: the way in, the model, the rows, and the groups to compare."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from lib.analysis import DATA_TABLE, Spec, check_count, check_seed, check_text
from lib.errors import InputError

WayIn = Literal["train", "upload", "outputs"]
ModelFamily = Literal["hgb", "rf", "linear"]
Task = Literal["classification", "regression"]
WAYS_IN = ("train", "upload", "outputs")
MODEL_FAMILIES = ("hgb", "rf", "linear")
# Documented maxima of what a user controls (checked before any work starts).
MAX_ROWS = 100_000
# Groups of a cohort column compared side by side (more would not read as a chart).
MAX_COHORT_GROUPS = 50
MAX_FEATURES = 2_000
MAX_TRUSTED_TYPES = 200
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _only_with(value: object, *, field: str, way_in: str, allowed: tuple[str, ...]) -> None:
    # A field another way in ignores is refused, so a spec never says more than its run does.
    if value not in (None, ()) and way_in not in allowed:
        raise InputError(
            f"'{field}' does not apply when the way in is '{way_in}'",
            expected=f"'{field}' only with way_in " + " or ".join(repr(w) for w in allowed),
            found=repr(value)[:60],
        )


def _check_names(names: tuple[str, ...], *, field: str, high: int) -> None:
    if not names:
        raise InputError(f"'{field}' is empty", expected="at least one name, or null for automatic")
    if len(names) > high:
        raise InputError(f"'{field}' is too long", expected=f"at most {high:,} names", found=f"{len(names):,}")
    for name in names:
        check_text(name, field=field)
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(f"'{field}' lists a name twice", found=", ".join(repeated[:5]))


@dataclass(frozen=True)
class ExplainSpec(Spec):
    """Everything an explanation needs besides its data (and, for uploads, the model file).

    Attributes
    ----------
    way_in : {"train", "upload", "outputs"}
        Train a model here on ``target``; explain an uploaded skops model (the ``model`` input);
        or fit a surrogate to the column of model ``outputs`` and explain the surrogate.
    target : str or None
        The outcome column: required to train, optional for an upload (then metrics are measured).
    model : {"hgb", "rf", "linear"}
        The model family trained here (gradient boosting, random forest, logistic or least squares).
    outputs : str or None
        The column of model outputs (scores or labels); way in ``outputs`` only.
    fidelity_by : str or None
        With ``outputs``: report the surrogate's fidelity per group of this column.
    features : tuple of str or None
        Feature columns (at most 2,000); None picks every usable column, leaving out the label,
        prediction, score, id, date and identifier-like columns. An upload reads the columns the
        model recorded and uses ``features`` only when it recorded none.
    task : {"classification", "regression"} or None
        Override the task inferred from the target (training only).
    positive : str or None
        The target value that counts as the positive class.
    max_rows : int
        Explain at most this many rows, a stratified sample (1 to 100,000).
    seed : int
        Seeds the holdout split, the model, the row sample and the explainer's background.
    trusted : tuple of str
        Upload only: the types of the skops file the user approved (at most 200).
    model_sha256 : str or None
        Upload only: SHA-256 of the model file the approvals were given for; required with
        ``trusted``. Another file is refused, so an approval never carries over to it.
    id_column : str or None
        The column that identifies rows (for finding one row); None uses the data's id column if it has one.
    cohort : str or None
        Compare feature importance across the groups of this column (at most 50 groups among the explained rows).
    gap_a, gap_b : str or None
        Two groups of ``cohort``: split the gap in their mean model output into per-feature contributions.
    """

    kind = "explain"
    inputs = DATA_TABLE

    way_in: WayIn = "train"
    target: str | None = None
    model: ModelFamily = "hgb"
    outputs: str | None = None
    fidelity_by: str | None = None
    features: tuple[str, ...] | None = None
    task: Task | None = None
    positive: str | None = None
    max_rows: int = MAX_ROWS
    seed: int = 0
    trusted: tuple[str, ...] = ()
    model_sha256: str | None = None
    id_column: str | None = None
    cohort: str | None = None
    gap_a: str | None = None
    gap_b: str | None = None

    def required_inputs(self) -> dict[str, str]:
        """The data table, and the model file for an upload."""
        needed = dict(self.inputs)
        if self.way_in == "upload":
            needed["model"] = "file"
        return needed

    def validate(self) -> None:
        """Check the way in and the fields it uses, the counts, the seed and the groups."""
        if self.way_in not in WAYS_IN:
            raise InputError("unknown way in", expected="one of " + ", ".join(WAYS_IN), found=repr(self.way_in))
        if self.model not in MODEL_FAMILIES:
            raise InputError(
                "unknown model family", expected="one of " + ", ".join(MODEL_FAMILIES), found=repr(self.model)
            )
        self._check_way_in()
        for field in ("target", "outputs", "fidelity_by", "positive", "id_column", "cohort"):
            check_text(getattr(self, field), field=field, allow_none=True)
        if self.features is not None:
            _check_names(self.features, field="features", high=MAX_FEATURES)
        check_count(self.max_rows, field="max_rows", low=1, high=MAX_ROWS, what="rows")
        check_seed(self.seed)
        self._check_trust()
        self._check_groups()

    def _check_way_in(self) -> None:
        way = self.way_in
        if way == "train" and self.target is None:
            raise InputError("training a model needs a target", expected="'target': the outcome column")
        if way == "outputs" and self.outputs is None:
            raise InputError("explaining outputs needs their column", expected="'outputs': a column of model outputs")
        if way == "outputs" and self.target is not None:
            raise InputError(
                "choose one way in", expected="'outputs' alone, or 'target' to train or score a model", found="both"
            )
        _only_with(self.outputs, field="outputs", way_in=way, allowed=("outputs",))
        _only_with(self.fidelity_by, field="fidelity_by", way_in=way, allowed=("outputs",))
        _only_with(self.task, field="task", way_in=way, allowed=("train",))
        _only_with(self.positive, field="positive", way_in=way, allowed=("train", "upload"))
        _only_with(self.trusted, field="trusted", way_in=way, allowed=("upload",))
        _only_with(self.model_sha256, field="model_sha256", way_in=way, allowed=("upload",))

    def _check_trust(self) -> None:
        if len(self.trusted) > MAX_TRUSTED_TYPES:
            raise InputError(
                "'trusted' is too long", expected=f"at most {MAX_TRUSTED_TYPES} types", found=f"{len(self.trusted):,}"
            )
        for name in self.trusted:
            check_text(name, field="trusted")
        if self.model_sha256 is not None and not _SHA256.fullmatch(self.model_sha256):
            raise InputError(
                "'model_sha256' is not a SHA-256", expected="64 lowercase hexadecimal digits", found=self.model_sha256
            )
        if self.trusted and self.model_sha256 is None:
            raise InputError(
                "approved types must name the model file they were approved for",
                expected="'model_sha256': the SHA-256 of the skops file",
            )

    def _check_groups(self) -> None:
        for field in ("gap_a", "gap_b"):
            value = getattr(self, field)
            if value is not None and self.cohort is None:
                raise InputError(f"'{field}' is a group of the cohort column", expected="'cohort' with the gap groups")
            if value is not None and not isinstance(value, str):
                raise InputError(f"'{field}' must be text", found=repr(value)[:40])
        if (self.gap_a is None) != (self.gap_b is None):
            raise InputError("the gap needs two groups", expected="both 'gap_a' and 'gap_b', or neither")
        if self.gap_a is not None and self.gap_a == self.gap_b:
            raise InputError("the gap compares two different groups", found=f"'{self.gap_a}' twice")

    def without_groups(self) -> ExplainSpec:
        """The same explanation without the cohort and gap (what the SHAP values depend on)."""
        return self.replace(cohort=None, gap_a=None, gap_b=None)
