"""Launch page helpers: widgets -> specs for the five launch analyses, reopening, and the ROI hand-off."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import Spec
from lib.errors import InputError
from lib.launch import (
    DECISIONS,
    DOORS,
    OUTPUT_TYPES,
    ArmStats,
    Confusion,
    DesignSpec,
    FramingSpec,
    GuardrailPlan,
    ReadoutGuardrail,
    ReadoutSpec,
    RolloutGuardrail,
    RolloutSpec,
    ValueResult,
    ValueSpec,
    confusion_from_precision_recall,
    roi_prefill,
)
from ui.runner import table_of
from ui.state import CurrentData

KEY = "launch"
SECTIONS = {
    "Framing": "launch_framing",
    "Model value": "model_value",
    "A/B plan": "abtest_design",
    "A/B readout": "abtest_readout",
    "Rollout": "rollout_plan",
}
KINDS = tuple(SECTIONS.values())
SECTION_OF_KIND = {kind: section for section, kind in SECTIONS.items()}
ROI_PAGE = "pages/roi_cost.py"
_NONE = "(none)"


def _k(name: str) -> str:
    return f"{KEY}_{name}"


def _number(label: str, name: str, default: float, **options: Any) -> Any:
    """A number input whose default lives in session state (so a reopened analysis can set it first)."""
    st.session_state.setdefault(_k(name), default)
    return st.number_input(label, key=_k(name), **options)


def _text(label: str, name: str, default: str = "", *, area: bool = False, **options: Any) -> str:
    st.session_state.setdefault(_k(name), default)
    widget = st.text_area if area else st.text_input
    return str(widget(label, key=_k(name), **options))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _index(options: list[str], value: str | None) -> int:
    return options.index(value) if value in options else 0


def _sources(data: CurrentData | None) -> dict[str, Any]:
    return {} if data is None else {"data": table_of(data)}


def _optional(value: str) -> str | None:
    return None if value == _NONE else value


# --- framing ---------------------------------------------------------------------------------------


def framing_form(data: CurrentData | None) -> tuple[Spec, dict[str, Any]] | None:
    """The guided framing record; readiness checks on the current dataset when asked."""
    st.markdown("**Is ML the right tool?** Write the record in your own words; every field is optional but the goal.")
    left, right = st.columns(2)
    with left:
        title = _text("Title", "fr_title", "ML launch")
        goal = _text("Product goal (the real-world outcome)", "fr_goal", area=True)
        output = st.selectbox("Output type", list(OUTPUT_TYPES), index=1, key=_k("fr_output"))
        st.markdown("**Non-ML baseline** (what a rule, a heuristic or people achieve today)")
        baseline = _text("Baseline", "fr_baseline")
        cost = _text("Its cost (with units)", "fr_baseline_cost")
        quality = _text("Its quality (with units)", "fr_baseline_quality")
        speed = _text("Its speed (with units)", "fr_baseline_speed")
    with right:
        st.markdown("**Data readiness (as you know it)**")
        label_source = _text("Label source", "fr_label_source")
        label_quality = _text("Label quality", "fr_label_quality")
        proxy = _text("Proxy labels", "fr_proxy")
        features = _text("Features available at prediction time", "fr_features")
        leakage = _text("Leakage risks", "fr_leakage")
        st.markdown("**Success metrics**")
        metrics = _text("Model metrics (one per line)", "fr_metrics", area=True, height=80)
        kpis = _text("Business KPIs (one per line)", "fr_kpis", area=True, height=80)
        link = _text("How a model metric moves a KPI", "fr_link")
    door_col, decision_col = st.columns(2)
    door = door_col.radio("Reversibility", list(DOORS), horizontal=True, key=_k("fr_door"))
    decision = decision_col.radio("Decision", list(DECISIONS), index=2, horizontal=True, key=_k("fr_decision"))
    reasons = _text("Reasons for the decision (one per line)", "fr_reasons", area=True, height=80)
    readiness: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    if data is not None and st.toggle(f"Readiness checks on {data.dataset.name}", key=_k("fr_check")):
        columns = [str(c) for c in data.frame.columns]
        a, b, c = st.columns(3)
        label = a.selectbox("Outcome column", columns, _index(columns, data.roles.label), key=_k("fr_label"))
        values = [_NONE, *[str(v) for v in data.frame[label].dropna().unique()[:20]]]
        positive = a.selectbox("Positive outcome", values, key=_k("fr_positive"))
        label_time = b.selectbox("Time the outcome was known", [_NONE, *columns], key=_k("fr_label_time"))
        guess = [x for x in (data.roles.id, data.roles.score, data.roles.prediction) if x and x != label]
        st.session_state.setdefault(_k("fr_exclude"), guess)
        exclude = c.multiselect("Not features (ids, model outputs)", columns, key=_k("fr_exclude"))
        readiness = {"label": label, "positive": _optional(positive), "label_time": _optional(label_time),
                     "exclude": tuple(x for x in exclude if x != label)}  # fmt: skip
        sources = _sources(data)
    if not goal.strip():
        st.info("Write the product goal to start the record.")
        return None
    spec = FramingSpec(
        title=title.strip() or "ML launch", product_goal=goal, output_type=output, baseline_name=baseline,
        baseline_cost=cost, baseline_quality=quality, baseline_speed=speed, label_source=label_source,
        label_quality=label_quality, proxy_labels=proxy, features_at_prediction_time=features, leakage_risks=leakage,
        model_metrics=_lines(metrics), business_kpis=_lines(kpis), metric_link=link, reversibility=door,
        decision=decision, reasons=_lines(reasons), **readiness,
    )  # fmt: skip
    return spec, sources


def restore_framing(spec: FramingSpec) -> None:
    """Put a saved framing record into the widgets."""
    values = {
        "fr_title": spec.title, "fr_goal": spec.product_goal, "fr_output": spec.output_type,
        "fr_baseline": spec.baseline_name, "fr_baseline_cost": spec.baseline_cost,
        "fr_baseline_quality": spec.baseline_quality, "fr_baseline_speed": spec.baseline_speed,
        "fr_label_source": spec.label_source, "fr_label_quality": spec.label_quality, "fr_proxy": spec.proxy_labels,
        "fr_features": spec.features_at_prediction_time, "fr_leakage": spec.leakage_risks,
        "fr_metrics": "\n".join(spec.model_metrics), "fr_kpis": "\n".join(spec.business_kpis),
        "fr_link": spec.metric_link, "fr_door": spec.reversibility, "fr_decision": spec.decision,
        "fr_reasons": "\n".join(spec.reasons), "fr_check": spec.label is not None,
    }  # fmt: skip
    if spec.label is not None:
        values.update({"fr_label": spec.label, "fr_positive": spec.positive or _NONE,
                       "fr_label_time": spec.label_time or _NONE, "fr_exclude": list(spec.exclude)})  # fmt: skip
    st.session_state.update({_k(name): value for name, value in values.items()})


# --- value -----------------------------------------------------------------------------------------


def value_form(data: CurrentData | None) -> tuple[Spec, dict[str, Any]] | None:
    """Money per outcome, then labels and scores of the current dataset or a stated confusion matrix."""
    a, b, c, d, e = st.columns(5)
    with a:
        tp_value = _number("Value of a true positive ($)", "va_tp", 100.0, step=10.0)
    with b:
        fp_cost = _number("Cost of a false positive ($)", "va_fp", 10.0, step=5.0)
    with c:
        fn_cost = _number("Cost of a missed positive ($)", "va_fn", 50.0, step=10.0)
    with d:
        review = _number("Cost of a human review ($ per flagged case)", "va_review", 0.0, step=1.0)
    with e:
        volume = _number("Cases per month (0: the data's rows)", "va_volume", 0.0, min_value=0.0, step=1000.0)
    mode = st.radio(
        "The model's outputs",
        ["Labels and scores of the current dataset", "A stated confusion matrix"],
        index=0 if data is not None else 1,
        horizontal=True,
        key=_k("va_mode"),
    )
    fields: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    if mode.startswith("Labels"):
        if data is None:
            st.info("Choose a dataset with labels and scores on the Datasets page, or state a confusion matrix.")
            return None
        columns = [str(x) for x in data.frame.columns]
        left, middle, right = st.columns(3)
        label = left.selectbox("Outcome column", columns, _index(columns, data.roles.label), key=_k("va_label"))
        score = middle.selectbox("Score column", columns, _index(columns, data.roles.score), key=_k("va_score"))
        values = [_NONE, *[str(v) for v in data.frame[label].dropna().unique()[:20]]]
        positive = right.selectbox("Positive outcome", values, key=_k("va_positive"))
        fields = {"label": label, "score": score, "positive": _optional(positive)}
        sources = _sources(data)
    else:
        stated = st.radio("Stated as", ["counts", "precision and recall"], horizontal=True, key=_k("va_stated"))
        cols = st.columns(4)
        if stated == "counts":
            names = (("TP", "va_c_tp", 120), ("FP", "va_c_fp", 80), ("FN", "va_c_fn", 40), ("TN", "va_c_tn", 760))
            counts = []
            for column, (label_text, name, default) in zip(cols, names, strict=True):
                with column:
                    counts.append(int(_number(label_text, name, default, min_value=0, step=1)))
            fields = {"stated": Confusion(*counts)}
        else:
            with cols[0]:
                precision = _number("Precision", "va_p", 0.6, min_value=0.0, max_value=1.0, step=0.05)
            with cols[1]:
                recall = _number("Recall", "va_r", 0.75, min_value=0.0, max_value=1.0, step=0.05)
            with cols[2]:
                base = _number("Base rate", "va_base", 0.16, min_value=0.0, max_value=1.0, step=0.01)
            with cols[3]:
                cases = _number("Cases evaluated", "va_cases", 1000, min_value=1, step=100)
            fields = {"stated": confusion_from_precision_recall(precision=precision, recall=recall, base_rate=base,
                                                                n_cases=int(cases))}  # fmt: skip
    fields.update(_rule_fields(data if sources else None))
    with st.expander("Resampling"):
        n_boot = _number("Bootstrap resamples", "va_n_boot", 1000, min_value=100, max_value=20_000, step=100)
        seed = _number("Seed", "va_seed", 0, min_value=0, max_value=2**32 - 1)
    spec = ValueSpec(
        tp_value=float(tp_value), fp_cost=float(fp_cost), fn_cost=float(fn_cost), review_cost=float(review),
        volume=float(volume) if volume else None, n_boot=int(n_boot), seed=int(seed), **fields,
    )  # fmt: skip
    return spec, sources


def _rule_fields(data: CurrentData | None) -> dict[str, Any]:
    choices = ["no rule", "precision and recall"] + (["a 0/1 column of the data"] if data is not None else [])
    rule = st.radio("Non-ML baseline rule", choices, horizontal=True, key=_k("va_rule"))
    if rule == "no rule":
        return {}
    left, middle, right = st.columns(3)
    name = left.text_input("Rule name", key=_k("va_rule_name"), value="non-ML rule")
    if rule.startswith("a 0/1") and data is not None:
        columns = [str(c) for c in data.frame.columns]
        column = middle.selectbox("Rule decisions column", columns, key=_k("va_rule_column"))
        return {"baseline_column": column, "baseline_name": name}
    with middle:
        precision = _number("Rule precision", "va_rule_p", 0.4, min_value=0.0, max_value=1.0, step=0.05)
    with right:
        recall = _number("Rule recall", "va_rule_r", 0.5, min_value=0.0, max_value=1.0, step=0.05)
    return {"baseline_precision": float(precision), "baseline_recall": float(recall), "baseline_name": name}


def restore_value(spec: ValueSpec) -> None:
    """Put a saved value analysis into the widgets."""
    values: dict[str, Any] = {
        "va_tp": spec.tp_value, "va_fp": spec.fp_cost, "va_fn": spec.fn_cost, "va_review": spec.review_cost,
        "va_volume": spec.volume or 0.0, "va_n_boot": spec.n_boot, "va_seed": spec.seed,
    }  # fmt: skip
    if spec.stated is not None:
        values.update({"va_mode": "A stated confusion matrix", "va_stated": "counts", "va_c_tp": spec.stated.tp,
                       "va_c_fp": spec.stated.fp, "va_c_fn": spec.stated.fn, "va_c_tn": spec.stated.tn})  # fmt: skip
    else:
        values.update({"va_mode": "Labels and scores of the current dataset", "va_label": spec.label,
                       "va_score": spec.score, "va_positive": spec.positive or _NONE})  # fmt: skip
    if spec.baseline_column is not None:
        values.update({"va_rule": "a 0/1 column of the data", "va_rule_column": spec.baseline_column})
    elif spec.baseline_precision is not None:
        values.update({"va_rule": "precision and recall", "va_rule_p": spec.baseline_precision,
                       "va_rule_r": spec.baseline_recall})  # fmt: skip
    else:
        values["va_rule"] = "no rule"
    values["va_rule_name"] = spec.baseline_name
    st.session_state.update({_k(name): value for name, value in values.items()})


def roi_handoff(result: ValueResult) -> None:
    """A button that hands the value range to ROI & Cost as the benefit of an option."""
    prefill = roi_prefill(result)
    if prefill["benefit"] <= 0:
        st.caption("The model adds no value over the status quo here, so there is no benefit to hand to ROI & Cost.")
        return
    if st.button("Use as the benefit in ROI & Cost", key=_k("va_to_roi"), icon=":material/calculate:"):
        st.session_state["roi_prefill"] = prefill
        st.switch_page(ROI_PAGE)
    st.caption(
        f"Hands over {prefill['benefit']:,.0f} dollars a month as the benefit (P10 {prefill['benefit_low_pct']:g} % "
        f"and P90 {prefill['benefit_high_pct']:g} % of it for the uncertainty tab), with monthly periods."
    )


# --- A/B design --------------------------------------------------------------------------------------


def _metric_inputs(prefix: str) -> dict[str, Any]:
    kind = st.radio("Metric", ["conversion rate", "continuous (mean)"], horizontal=True, key=_k(f"{prefix}_kind"))
    if kind == "conversion rate":
        return {"baseline": float(_number("Baseline rate", f"{prefix}_baseline", 0.05, min_value=0.0001,
                                          max_value=0.9999, step=0.01, format="%.4f"))}  # fmt: skip
    left, right = st.columns(2)
    with left:
        mean = _number("Mean per unit", f"{prefix}_mean", 40.0, step=1.0)
    with right:
        sd = _number("Standard deviation per unit", f"{prefix}_sd", 30.0, min_value=0.0, step=1.0)
    return {"mean": float(mean), "sd": float(sd)}


_DESIGN_GUARDRAILS = pd.DataFrame(
    [{"name": "error rate", "baseline": 0.01, "margin": 0.002, "harm": "increase"}],
)


def design_form() -> Spec:
    """The A/B test plan's inputs."""
    left, right = st.columns(2)
    with left:
        metric = _metric_inputs("ab")
        mde = _number("Minimum detectable effect", "ab_mde", 0.1, min_value=0.0, step=0.01, format="%.4f")
        relative = st.checkbox("MDE relative to the baseline (0.1 = 10 %)", value=True, key=_k("ab_relative"))
    with right:
        alpha = _number("Significance level (alpha)", "ab_alpha", 0.05, min_value=0.001, max_value=0.49, step=0.01)
        power = _number("Power", "ab_power", 0.8, min_value=0.05, max_value=0.999, step=0.05)
        sides = st.radio("Test", ["two-sided", "one-sided"], horizontal=True, key=_k("ab_sides"))
        ratio = _number("Treatment units per control unit", "ab_ratio", 1.0, min_value=0.01, max_value=100.0, step=0.5)
        traffic = _number("Eligible units per day (0: unknown)", "ab_traffic", 10_000.0, min_value=0.0, step=1000.0)
        duration = _number("Fixed duration in days (0: none)", "ab_duration", 0.0, min_value=0.0, step=1.0)
    st.markdown("**Guardrails** (rate metrics that must not get worse by more than the margin)")
    rows = st.data_editor(
        st.session_state.get(_k("ab_guardrail_rows"), _DESIGN_GUARDRAILS),
        num_rows="dynamic",
        column_config={"harm": st.column_config.SelectboxColumn(options=["increase", "decrease"])},
        key=_k("ab_guardrails"),
        hide_index=True,
    )
    guardrails = tuple(
        GuardrailPlan(
            str(r["name"]), float(r["margin"]), harm=str(r["harm"] or "increase"), baseline=float(r["baseline"])
        )  # type: ignore[arg-type]
        for r in rows.to_dict(orient="records")
        if isinstance(r.get("name"), str) and r["name"].strip() and not _blank(r.get("baseline"), r.get("margin"))
    )
    return DesignSpec(
        mde=float(mde), relative=bool(relative), alpha=float(alpha), power=float(power), alternative=sides,
        ratio=float(ratio), daily_traffic=float(traffic) or None, duration_days=float(duration) or None,
        guardrails=guardrails, **metric,
    )  # fmt: skip


def _blank(*values: Any) -> bool:
    return any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)


def restore_design(spec: DesignSpec) -> None:
    """Put a saved plan into the widgets."""
    values: dict[str, Any] = {
        "ab_kind": "conversion rate" if spec.baseline is not None else "continuous (mean)",
        "ab_mde": spec.mde, "ab_relative": spec.relative, "ab_alpha": spec.alpha, "ab_power": spec.power,
        "ab_sides": spec.alternative, "ab_ratio": spec.ratio, "ab_traffic": spec.daily_traffic or 0.0,
        "ab_duration": spec.duration_days or 0.0,
        "ab_guardrail_rows": pd.DataFrame(
            [{"name": g.name, "baseline": g.baseline, "margin": g.margin, "harm": g.harm} for g in spec.guardrails],
            columns=["name", "baseline", "margin", "harm"],
        ),
    }  # fmt: skip
    if spec.baseline is not None:
        values["ab_baseline"] = spec.baseline
    else:
        values.update({"ab_mean": spec.mean, "ab_sd": spec.sd})
    st.session_state.pop(_k("ab_guardrails"), None)
    st.session_state.update({_k(name): value for name, value in values.items()})


# --- A/B readout -------------------------------------------------------------------------------------


def _arm_inputs(role: str, rate: bool, defaults: tuple[int, float, float]) -> ArmStats:
    st.markdown(f"**{role.capitalize()}**")
    units = int(_number(f"{role} units", f"ro_{role}_units", defaults[0], min_value=0, step=100))
    try:
        if rate:
            conversions = int(_number(f"{role} conversions", f"ro_{role}_conv", int(defaults[1]), min_value=0, step=10))
            return ArmStats(units=units, conversions=conversions)
        mean = _number(f"{role} mean", f"ro_{role}_mean", defaults[1], step=1.0)
        sd = _number(f"{role} standard deviation", f"ro_{role}_sd", defaults[2], min_value=0.0, step=1.0)
        return ArmStats(units=units, mean=float(mean), sd=float(sd))
    except InputError as error:
        raise InputError(f"the {role} arm: {error.problem}", expected=error.expected, found=error.found) from None


def readout_form(data: CurrentData | None) -> tuple[Spec, dict[str, Any]] | None:
    """Each arm's results typed in, or the rows of the current dataset; the plan's settings."""
    source = st.radio(
        "Results", ["Enter each arm's results", "Rows of the current dataset"], horizontal=True, key=_k("ro_source")
    )
    a, b, c = st.columns(3)
    with a:
        alpha = _number("Significance level (alpha)", "ro_alpha", 0.05, min_value=0.001, max_value=0.49, step=0.01)
        sides = st.radio("Test", ["two-sided", "one-sided"], horizontal=True, key=_k("ro_sides"))
    with b:
        ratio = _number("Planned treatment units per control unit", "ro_ratio", 1.0, min_value=0.01, step=0.5)
        planned = int(_number("Planned units per arm (0: not stated)", "ro_planned", 0, min_value=0, step=1000))
    with c:
        higher = st.radio("Better is", ["higher", "lower"], horizontal=True, key=_k("ro_better")) == "higher"
        sequential = st.checkbox("Sequential (always-valid) interval", key=_k("ro_sequential"))
        mde = _number("The plan's MDE (metric units)", "ro_mde", 0.005, min_value=0.0, step=0.001, format="%.4f")
    settings: dict[str, Any] = {
        "alpha": float(alpha), "alternative": sides, "expected_ratio": float(ratio), "higher_is_better": higher,
        "planned_n_per_arm": planned or None, "sequential": bool(sequential), "mde": float(mde) if mde else None,
    }  # fmt: skip
    if source.startswith("Enter"):
        rate = st.radio("Metric", ["conversion", "continuous"], horizontal=True, key=_k("ro_kind")) == "conversion"
        left, right = st.columns(2)
        with left:
            control = _arm_inputs("control", rate, (20_000, 1_000, 30.0))
        with right:
            treatment = _arm_inputs("treatment", rate, (20_000, 1_100, 30.0))
        guardrails: tuple[ReadoutGuardrail, ...] = ()
        if st.checkbox("Add a rate guardrail (same units)", key=_k("ro_guard")):
            g1, g2, g3, g4 = st.columns(4)
            name = g1.text_input("Guardrail", value="error rate", key=_k("ro_guard_name"))
            with g2:
                margin = _number(
                    "Margin (absolute)", "ro_guard_margin", 0.002, min_value=0.0, step=0.001, format="%.4f"
                )
            with g3:
                c_events = int(_number("Control events", "ro_guard_c", 200, min_value=0, step=10))
            with g4:
                t_events = int(_number("Treatment events", "ro_guard_t", 200, min_value=0, step=10))
            guardrails = (
                ReadoutGuardrail(name, float(margin), control=ArmStats(control.units, c_events),
                                 treatment=ArmStats(treatment.units, t_events)),
            )  # fmt: skip
        spec = ReadoutSpec(control_stats=control, treatment_stats=treatment, guardrails=guardrails, **settings)
        return spec, {}
    if data is None:
        st.info("Choose the results file on the Datasets page (one row per unit, with an arm column).")
        return None
    columns = [str(x) for x in data.frame.columns]
    left, middle, right = st.columns(3)
    arm = left.selectbox("Arm column", columns, key=_k("ro_arm"))
    metric = middle.selectbox("Metric column", columns, index=min(1, len(columns) - 1), key=_k("ro_metric"))
    arms = [str(v) for v in data.frame[arm].dropna().unique()[:50]]
    control_name = right.selectbox("Control arm", [_NONE, *arms], key=_k("ro_control"))
    treatment_name = right.selectbox("Treatment arm", [_NONE, *arms], key=_k("ro_treatment"))
    watched = st.multiselect("Guardrail columns", [c for c in columns if c not in (arm, metric)], key=_k("ro_watch"))
    guards = []
    for column in watched:
        left, right = st.columns(2)
        with left:
            margin = _number(
                f"Margin of {column}", f"ro_margin_{column}", 0.01, min_value=0.0, step=0.001, format="%.4f"
            )
        harm = right.radio(f"Harm of {column}", ["increase", "decrease"], horizontal=True, key=_k(f"ro_harm_{column}"))
        guards.append(ReadoutGuardrail(column, float(margin), harm=harm))  # type: ignore[arg-type]
    spec = ReadoutSpec(
        arm=arm, metric=metric, control=_optional(control_name), treatment=_optional(treatment_name),
        guardrails=tuple(guards), **settings,
    )  # fmt: skip
    return spec, _sources(data)


def restore_readout(spec: ReadoutSpec) -> None:
    """Put a saved readout into the widgets."""
    values: dict[str, Any] = {
        "ro_alpha": spec.alpha, "ro_sides": spec.alternative, "ro_ratio": spec.expected_ratio,
        "ro_planned": spec.planned_n_per_arm or 0, "ro_better": "higher" if spec.higher_is_better else "lower",
        "ro_sequential": spec.sequential, "ro_mde": spec.mde or 0.0,
    }  # fmt: skip
    if spec.control_stats is not None and spec.treatment_stats is not None:
        rate = spec.control_stats.conversions is not None
        values.update({"ro_source": "Enter each arm's results", "ro_kind": "conversion" if rate else "continuous"})
        for role, arm in (("control", spec.control_stats), ("treatment", spec.treatment_stats)):
            values[f"ro_{role}_units"] = arm.units
            if rate:
                values[f"ro_{role}_conv"] = arm.conversions
            else:
                values.update({f"ro_{role}_mean": arm.mean, f"ro_{role}_sd": arm.sd})
        if spec.guardrails and spec.guardrails[0].control is not None and spec.guardrails[0].treatment is not None:
            g = spec.guardrails[0]
            values.update({"ro_guard": True, "ro_guard_name": g.name, "ro_guard_margin": g.margin,
                           "ro_guard_c": g.control.conversions, "ro_guard_t": g.treatment.conversions})  # type: ignore[union-attr]  # fmt: skip
    else:
        values.update({"ro_source": "Rows of the current dataset", "ro_arm": spec.arm, "ro_metric": spec.metric,
                       "ro_control": spec.control or _NONE, "ro_treatment": spec.treatment or _NONE,
                       "ro_watch": [g.name for g in spec.guardrails]})  # fmt: skip
        for g in spec.guardrails:
            values.update({f"ro_margin_{g.name}": g.margin, f"ro_harm_{g.name}": g.harm})
    st.session_state.update({_k(name): value for name, value in values.items()})


# --- rollout -------------------------------------------------------------------------------------------


_ROLLOUT_GUARDRAILS = pd.DataFrame(
    [
        {"name": "error rate", "baseline": 0.002, "change": 0.001, "harm": "increase", "business": False},
        {"name": "checkout rate", "baseline": 0.05, "change": 0.005, "harm": "decrease", "business": True},
    ]
)


def _stages(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(p) for p in text.replace("%", "").replace(";", ",").split(",") if p.strip())
    except ValueError:
        raise InputError(
            "stages must be percentages separated by commas", expected="1, 5, 25, 50, 100", found=text
        ) from None


def rollout_form() -> Spec:
    """The rollout plan's inputs."""
    left, middle, right = st.columns(3)
    with left:
        daily = _number("Requests per day", "rl_daily", 1_000_000.0, min_value=1.0, step=10_000.0)
        stages = _text("Stages (% of traffic)", "rl_stages", "1, 5, 25, 50, 100")
        min_hours = _number("Minimum hours per stage", "rl_min_hours", 24.0, min_value=0.0, step=1.0)
        bake = _number("Bake hours at 100 %", "rl_bake", 168.0, min_value=0.0, step=12.0)
    with middle:
        p95 = _number("p95 latency limit (ms, 0: none)", "rl_p95", 150.0, min_value=0.0, step=10.0)
        p99 = _number("p99 latency limit (ms, 0: none)", "rl_p99", 400.0, min_value=0.0, step=10.0)
        errors = _number("Error rate that rolls back (0: none)", "rl_errors", 0.01, min_value=0.0, max_value=1.0,
                         step=0.001, format="%.4f")  # fmt: skip
    with right:
        psi_watch = _number("PSI: watch", "rl_psi_watch", 0.1, min_value=0.01, step=0.05)
        psi_act = _number("PSI: roll back", "rl_psi_act", 0.2, min_value=0.01, step=0.05)
        shadow = st.toggle("Shadow stage first", value=True, key=_k("rl_shadow"))
        shadow_hours = _number("Shadow hours", "rl_shadow_hours", 48.0, min_value=0.0, step=12.0)
        auto = st.toggle("Canary rolls back automatically", value=True, key=_k("rl_auto"))
    st.markdown("**Guardrails** (each stage lasts long enough to detect the change stated here)")
    rows = st.data_editor(
        st.session_state.get(_k("rl_guardrail_rows"), _ROLLOUT_GUARDRAILS),
        num_rows="dynamic",
        column_config={"harm": st.column_config.SelectboxColumn(options=["increase", "decrease"])},
        key=_k("rl_guardrails"),
        hide_index=True,
    )
    guardrails = tuple(
        RolloutGuardrail(
            str(r["name"]),
            float(r["change"]),
            harm=str(r["harm"] or "increase"),  # type: ignore[arg-type]
            baseline=float(r["baseline"]),
            business=bool(r.get("business") or False),
        )
        for r in rows.to_dict(orient="records")
        if isinstance(r.get("name"), str) and r["name"].strip() and not _blank(r.get("baseline"), r.get("change"))
    )
    return RolloutSpec(
        daily_requests=float(daily), stages=_stages(stages), min_stage_hours=float(min_hours), bake_hours=float(bake),
        latency_p95_ms=float(p95) or None, latency_p99_ms=float(p99) or None, error_rate_max=float(errors) or None,
        psi_watch=float(psi_watch), psi_act=float(psi_act), shadow=bool(shadow), shadow_hours=float(shadow_hours),
        canary_auto_rollback=bool(auto), guardrails=guardrails,
    )  # fmt: skip


def restore_rollout(spec: RolloutSpec) -> None:
    """Put a saved rollout plan into the widgets."""
    rows = pd.DataFrame(
        [{"name": g.name, "baseline": g.baseline, "change": g.change, "harm": g.harm, "business": g.business}
         for g in spec.guardrails if g.baseline is not None],
        columns=["name", "baseline", "change", "harm", "business"],
    )  # fmt: skip
    values: dict[str, Any] = {
        "rl_daily": spec.daily_requests, "rl_stages": ", ".join(f"{s:g}" for s in spec.stages),
        "rl_min_hours": spec.min_stage_hours, "rl_bake": spec.bake_hours, "rl_p95": spec.latency_p95_ms or 0.0,
        "rl_p99": spec.latency_p99_ms or 0.0, "rl_errors": spec.error_rate_max or 0.0, "rl_psi_watch": spec.psi_watch,
        "rl_psi_act": spec.psi_act, "rl_shadow": spec.shadow, "rl_shadow_hours": spec.shadow_hours,
        "rl_auto": spec.canary_auto_rollback, "rl_guardrail_rows": rows,
    }  # fmt: skip
    st.session_state.pop(_k("rl_guardrails"), None)
    st.session_state.update({_k(name): value for name, value in values.items()})


RESTORE = {
    "launch_framing": restore_framing,
    "model_value": restore_value,
    "abtest_design": restore_design,
    "abtest_readout": restore_readout,
    "rollout_plan": restore_rollout,
}


def restore(spec: Spec) -> None:
    """Open the section of a saved analysis with its settings."""
    st.session_state[_k("section")] = SECTION_OF_KIND[spec.kind]
    RESTORE[spec.kind](spec)
