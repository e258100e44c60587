"""Staged rollout plan: minimum exposure per stage from traffic, automated checks, rollback criteria, timeline."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from lib.analysis import NO_INPUTS, Record, Result, Spec, check_number, check_text, coerce_sequences
from lib.errors import InputError
from lib.launch._checks import MAX_TRAFFIC, check_choice, check_metric, check_test_settings
from lib.launch._stats import n_for_means, n_for_proportions, predictions_for_psi
from lib.provenance import Provenance

DEFAULT_STAGES = (1.0, 5.0, 25.0, 50.0, 100.0)
MAX_HOURS = 24.0 * 365
# A stage whose guardrails need longer than this cannot detect their change in practice: said in a warning.
LONG_STAGE_HOURS = 24.0 * 14
PSI_BINS = 10

ROLLOUT_METHOD = (
    "Per stage, the canary's requests are compared with the rest of traffic: each guardrail needs enough canary "
    "requests for a one-sided test at alpha to detect its stated change with the plan's power (arcsine normal "
    "approximation for rates, t-test for means; unequal arms). A stage lasts the longest of that time, the minimum "
    "stage time, and the time to collect enough predictions for PSI to rise above its chance level "
    "(99th percentile of chi-square with 9 degrees of freedom over n, 10 reference-quantile bins as on Monitor). "
    "The last stage has no control: it bakes for the stated time against the pre-rollout baseline."
)


@dataclass(frozen=True)
class RolloutGuardrail(Record):
    """A metric watched during the rollout, with the change each stage must be able to detect.

    Attributes
    ----------
    name : str
    change : float
        The harmful change to detect (absolute, in the metric's units; above 0).
    harm : {"increase", "decrease"}
    baseline : float, optional
        The current rate, for a rate metric (error rate, conversion).
    mean, sd : float, optional
        The current mean and standard deviation per request, for a continuous metric.
    business : bool
        A business guardrail (revenue, complaints) rather than a system one.
    """

    name: str
    change: float
    harm: Literal["increase", "decrease"] = "increase"
    baseline: float | None = None
    mean: float | None = None
    sd: float | None = None
    business: bool = False

    def __post_init__(self) -> None:
        """Check the metric and the change."""
        coerce_sequences(self)
        check_text(self.name, field="guardrails.name", max_length=120)
        check_metric(baseline=self.baseline, mean=self.mean, sd=self.sd, where=f"guardrail '{self.name}'")
        check_number(self.change, field=f"change of guardrail '{self.name}'", low=0.0, low_open=True)
        check_choice(self.harm, field="harm", choices=("increase", "decrease"))
        if self.baseline is not None:
            moved = self.baseline + self.change if self.harm == "increase" else self.baseline - self.change
            if not 0.0 < moved < 1.0:
                raise InputError(
                    f"guardrail '{self.name}': the baseline moved by the change is not a rate",
                    expected="baseline ± change between 0 and 1",
                    found=f"{moved:g}",
                )

    def canary_requests(self, *, share: float, alpha: float, power: float) -> float:
        """Canary requests needed to detect the change against the rest of traffic (share of traffic in the canary)."""
        ratio = (1.0 - share) / share  # control requests per canary request
        settings: dict[str, Any] = {"ratio": ratio, "alpha": alpha, "power": power, "alternative": "one-sided"}
        if self.baseline is not None:
            moved = self.baseline + self.change if self.harm == "increase" else self.baseline - self.change
            return n_for_proportions(self.baseline, moved, **settings)
        assert self.sd is not None
        return n_for_means(self.change, self.sd, **settings)


@dataclass(frozen=True)
class RolloutSpec(Spec):
    """A staged rollout: stages, traffic, guardrails, automated checks and options.

    Attributes
    ----------
    daily_requests : float
        Requests a day across all traffic (above 0).
    stages : tuple of float
        Percent of traffic per stage, rising, ending at 100 (default 1, 5, 25, 50, 100).
    min_stage_hours : float
        Every stage lasts at least this long (24 covers a daily cycle).
    bake_hours : float
        Time at 100 % before the rollout is called done (168 covers a weekly cycle).
    alpha, power : float
        Error rates of each guardrail's test.
    guardrails : tuple of RolloutGuardrail
    latency_p95_ms, latency_p99_ms : float, optional
        Latency limits in milliseconds.
    error_rate_max : float, optional
        The error rate that rolls back at once (0 to 1).
    psi_watch, psi_act : float
        Prediction-distribution shift (PSI) levels: watch, and roll back.
    shadow : bool
        Start with a shadow stage: the model scores mirrored traffic, users see nothing.
    shadow_hours : float
    canary_auto_rollback : bool
        The first stage rolls back automatically when a check trips.
    name : str
    """

    kind = "rollout_plan"
    inputs = NO_INPUTS

    daily_requests: float
    stages: tuple[float, ...] = DEFAULT_STAGES
    min_stage_hours: float = 24.0
    bake_hours: float = 168.0
    alpha: float = 0.05
    power: float = 0.8
    guardrails: tuple[RolloutGuardrail, ...] = ()
    latency_p95_ms: float | None = None
    latency_p99_ms: float | None = None
    error_rate_max: float | None = None
    psi_watch: float = 0.1
    psi_act: float = 0.2
    shadow: bool = False
    shadow_hours: float = 48.0
    canary_auto_rollback: bool = True
    name: str = "model rollout"

    def validate(self) -> None:
        """Check traffic, stages, times, test settings, limits and guardrail names."""
        check_number(self.daily_requests, field="daily_requests", low=0.0, high=MAX_TRAFFIC, low_open=True)
        if not 1 <= len(self.stages) <= 20:
            raise InputError("'stages' must list 1 to 20 percentages", found=f"{len(self.stages)}")
        for value in self.stages:
            check_number(value, field="stages", low=0.0, high=100.0, low_open=True)
        if any(b <= a for a, b in zip(self.stages, self.stages[1:], strict=False)) or self.stages[-1] != 100:
            raise InputError(
                "'stages' must rise and end at 100 %",
                expected="percentages such as 1, 5, 25, 50, 100",
                found=", ".join(f"{s:g}" for s in self.stages),
            )
        for name in ("min_stage_hours", "bake_hours", "shadow_hours"):
            check_number(getattr(self, name), field=name, low=0.0, high=MAX_HOURS)
        check_test_settings(alpha=self.alpha, power=self.power, alternative="one-sided")
        check_number(self.latency_p95_ms, field="latency_p95_ms", low=0.0, low_open=True, allow_none=True)
        check_number(self.latency_p99_ms, field="latency_p99_ms", low=0.0, low_open=True, allow_none=True)
        if (
            self.latency_p95_ms is not None
            and self.latency_p99_ms is not None
            and self.latency_p99_ms < self.latency_p95_ms
        ):
            raise InputError(
                "the p99 latency limit is below the p95 limit",
                found=f"{self.latency_p99_ms:g} < {self.latency_p95_ms:g} ms",
            )
        check_number(self.error_rate_max, field="error_rate_max", low=0.0, high=1.0, low_open=True, allow_none=True)
        check_number(self.psi_watch, field="psi_watch", low=0.0, high=10.0, low_open=True)
        check_number(self.psi_act, field="psi_act", low=0.0, high=10.0, low_open=True)
        if self.psi_act < self.psi_watch:
            raise InputError("'psi_act' is below 'psi_watch'", expected="the act level at or above the watch level")
        check_text(self.name, field="name", max_length=200)
        names = [g.name for g in self.guardrails]
        if len(set(names)) != len(names):
            raise InputError("two guardrails have the same name", found=", ".join(names))


@dataclass(frozen=True)
class StagePlan(Record):
    """One stage of the rollout.

    Attributes
    ----------
    name : str
    percent : float
        Share of users' traffic served by the new model (0 for shadow).
    hours, start_hour, end_hour : float
    requests : int
        Requests the new model serves (or scores, in shadow) during the stage.
    driver : str
        What sets the stage's length.
    guardrail_hours : dict
        Guardrail -> hours needed to detect its change at this stage.
    checks, rollback : tuple of str
    """

    name: str
    percent: float
    hours: float
    start_hour: float
    end_hour: float
    requests: int
    driver: str
    guardrail_hours: dict[str, float | None]
    checks: tuple[str, ...]
    rollback: tuple[str, ...]


@dataclass(frozen=True)
class RolloutResult(Result):
    """The rollout plan: stages with durations, checks and rollback criteria; the total time; a checklist."""

    json_extras = ("method",)
    method = ROLLOUT_METHOD

    name: str
    stages: tuple[StagePlan, ...]
    total_hours: float
    total_days: float
    psi_predictions: int
    warnings: tuple[str, ...]
    checklist: tuple[str, ...]
    provenance: Provenance


def _checks(spec: RolloutSpec, psi_n: int, *, shadow: bool) -> tuple[list[str], list[str]]:
    checks, rollback = [], []
    window = "over 5 minutes"
    if spec.latency_p95_ms is not None:
        checks.append(f"p95 latency ≤ {spec.latency_p95_ms:g} ms")
        rollback.append(f"p95 latency above {spec.latency_p95_ms:g} ms {window}")
    if spec.latency_p99_ms is not None:
        checks.append(f"p99 latency ≤ {spec.latency_p99_ms:g} ms")
        rollback.append(f"p99 latency above {spec.latency_p99_ms:g} ms {window}")
    if spec.error_rate_max is not None:
        checks.append(f"error rate ≤ {spec.error_rate_max:.3%}")
        rollback.append(f"error rate above {spec.error_rate_max:.3%} {window}")
    checks.append(
        f"prediction shift: PSI < {spec.psi_watch:g} (watch) and < {spec.psi_act:g} (act), against the training "
        f"scores, read once {psi_n:,} predictions are in (Monitor's PSI, 10 reference-quantile bins)"
    )
    rollback.append(f"PSI of the predictions at or above {spec.psi_act:g}")
    if shadow:
        checks.append("offline/online agreement: shadow scores match offline scores on the same inputs")
        return checks, rollback
    for g in spec.guardrails:
        word = "rise" if g.harm == "increase" else "fall"
        checks.append(f"{'business' if g.business else 'system'} guardrail {g.name}: no {word} of {g.change:g} or more")
        rollback.append(f"{g.name}: a {word} shown beyond chance (one-sided p < {spec.alpha:g})")
    return checks, rollback


def run_rollout(spec: RolloutSpec, *, provenance: Provenance) -> RolloutResult:
    """Plan the stages of a rollout (see :class:`RolloutSpec` and the method note).

    Parameters
    ----------
    spec : RolloutSpec
    provenance : Provenance

    Returns
    -------
    RolloutResult
    """
    per_hour = spec.daily_requests / 24.0
    psi_n = predictions_for_psi(spec.psi_watch, bins=PSI_BINS)
    stages: list[StagePlan] = []
    warnings: list[str] = []
    clock = 0.0
    if spec.shadow:
        psi_hours = psi_n / per_hour
        hours = max(spec.shadow_hours, psi_hours)
        checks, rollback = _checks(spec, psi_n, shadow=True)
        stages.append(
            StagePlan("shadow", 0.0, hours, clock, clock + hours, math.ceil(hours * per_hour),
                      "shadow time" if hours == spec.shadow_hours else "predictions for PSI", {}, tuple(checks),
                      tuple(f"Stop before any user sees it if {r}" for r in rollback))
        )  # fmt: skip
        clock += hours
    for index, percent in enumerate(spec.stages):
        share = percent / 100.0
        rate = per_hour * share
        final = percent >= 100
        needs: dict[str, float | None] = {}
        candidates = {"minimum stage time": spec.min_stage_hours, "predictions for PSI": psi_n / rate}
        if final:
            candidates["bake time at 100 %"] = spec.bake_hours
        else:
            for g in spec.guardrails:
                requests = g.canary_requests(share=share, alpha=spec.alpha, power=spec.power)
                hours_needed = requests / rate
                needs[g.name] = hours_needed if math.isfinite(hours_needed) else None
                if hours_needed > LONG_STAGE_HOURS:
                    warnings.append(
                        f"At {percent:g} %, detecting a {g.change:g} change in {g.name} takes "
                        f"{hours_needed / 24:,.0f} days: accept a larger change or move on with this stage's "
                        "checks only, and detect it at a later stage."
                    )
                else:
                    candidates[f"guardrail {g.name}"] = hours_needed
        driver = max(candidates, key=lambda k: candidates[k])
        hours = min(candidates[driver], MAX_HOURS)
        checks, rollback = _checks(spec, psi_n, shadow=False)
        canary = index == 0 and not final
        prefix = "Roll back automatically if " if canary and spec.canary_auto_rollback else "Roll back if "
        name = f"{'canary ' if canary else ''}{percent:g} %"
        if final:
            rollback = [r for r in rollback if "beyond chance" not in r] + [
                "a business KPI moves past its guardrail against the pre-rollout baseline"
            ]
        stages.append(
            StagePlan(name, percent, hours, clock, clock + hours, math.ceil(hours * rate), driver, needs,
                      tuple(checks), tuple(prefix + r for r in rollback))
        )  # fmt: skip
        clock += hours
    checklist = _checklist(spec, stages)
    return RolloutResult(
        name=spec.name,
        stages=tuple(stages),
        total_hours=clock,
        total_days=clock / 24.0,
        psi_predictions=psi_n,
        warnings=tuple(warnings),
        checklist=tuple(checklist),
        provenance=provenance,
    )


def _checklist(spec: RolloutSpec, stages: list[StagePlan]) -> list[str]:
    items = [
        "☐ Rollback path tested: one command or flag returns all traffic to the current model",
        "☐ Dashboards and alerts exist for every check below",
        "☐ Owner on call named for each stage",
    ]
    for stage in stages:
        items.append(
            f"☐ {stage.name}: at least {stage.hours:,.0f} hours and {stage.requests:,} requests ({stage.driver})"
        )
    items.append("☐ Post-launch review booked: offline metrics against online KPIs")
    return items
