"""Review Pack page helpers: the policy, triage, evidence, card, risk register, sign-off and verify widgets.

The pack being edited lives in session state as widget values plus four plain
entries (evidence snapshots, declared datasets, risks, sign-offs), so every run
builds one :class:`PackSpec` from them; a saved or uploaded pack is put back the
same way (:func:`restore`) before any widget is drawn.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from lib.analysis import escape_markdown, read_json_text
from lib.errors import InputError
from lib.governance import (
    CARD_FIELDS,
    DECISIONS,
    LIKELIHOODS,
    RISK_STATUSES,
    SECTION_HELP,
    SECTION_TITLES,
    EvidenceItem,
    ModelCard,
    PackSpec,
    Policy,
    ReviewPack,
    Risk,
    SignOffRefusedError,
    TierAnswers,
    Waiver,
    bundled_policy_text,
    check_risks,
    evidence_from_saved,
    evidence_table,
    load_policy,
    prefill_card,
    preset_risks,
    read_policy_text,
    sign_pack,
    verify_document,
)
from lib.store import Workspace
from ui.messages import show_error

KEY = "review_pack"
QUESTIONS = ("use_case", "affected", "impact", "automation", "domain")
_SNAPSHOTS, _DATASETS, _RISKS, _SIGNOFFS = (f"{KEY}_snapshots", f"{KEY}_datasets", f"{KEY}_risks", f"{KEY}_signoffs")
_AS_OF, _PACK_POLICY, _LOAD = f"{KEY}_as_of", f"{KEY}_pack_policy", f"{KEY}_load"
_ATTACHED = f"{KEY}_attached"
_SHORT = ("name", "version", "owners", "model_type")
STATUS_MARK = {"filled": "✅ filled", "waived": "⚠️ waived", "missing": "❌ missing"}


# --- the policy and restoring a pack ---------------------------------------------------------------


def choose_policy() -> Policy | None:
    """The policy the pack is judged under: the default, an uploaded file, or the loaded pack's own copy."""
    choices = ["Default policy", "Upload a policy file"]
    if st.session_state.get(_PACK_POLICY) is not None:
        choices.insert(0, "The loaded pack's policy")
    choice = st.radio("Review policy", choices, horizontal=True, key=f"{KEY}_policy_source")
    st.download_button(
        "Download the default policy to edit (TOML)",
        bundled_policy_text(),
        file_name="review_policy.toml",
        mime="application/toml",
        key=f"{KEY}_policy_download",
        on_click="ignore",
    )
    try:
        if choice == "The loaded pack's policy":
            return st.session_state[_PACK_POLICY]
        if choice == "Upload a policy file":
            upload = st.file_uploader("Policy file (TOML)", type=["toml"], key=f"{KEY}_policy_upload")
            if upload is None:
                st.info("Upload your organisation's policy file, or use the default.")
                return None
            return read_policy_text(upload.getvalue(), file=upload.name)
        return load_policy()
    except InputError as error:
        show_error(error, lead="The policy cannot be used: ")
        return None


def request_load(spec: PackSpec) -> None:
    """Ask the next run to put this pack into the page (widgets cannot change once drawn)."""
    st.session_state[_LOAD] = spec


def take_load_request() -> PackSpec | None:
    """A pack waiting to be put into the page, if any (consumed once)."""
    return st.session_state.pop(_LOAD, None)


def restore(spec: PackSpec) -> None:
    """Put a pack's inputs into the widgets and the page's state (call before any widget is drawn)."""
    state = st.session_state
    state[f"{KEY}_title"] = spec.title
    for question in QUESTIONS:
        state[f"{KEY}_q_{question}"] = getattr(spec.answers, question)
    state[f"{KEY}_q_practices"] = list(spec.answers.practices)
    state[f"{KEY}_description"] = spec.answers.description
    for name in CARD_FIELDS:
        state[f"{KEY}_card_{name}"] = getattr(spec.card, name)
    state[_DATASETS] = spec.card.datasets
    state[_SNAPSHOTS] = {item.id: item for item in spec.evidence}
    state[_ATTACHED] = [item.id for item in spec.evidence]
    state[_RISKS] = spec.risks
    state[_SIGNOFFS] = spec.signoffs
    state[_AS_OF] = spec.as_of
    state[_PACK_POLICY] = spec.policy
    state[f"{KEY}_policy_source"] = "The loaded pack's policy"


def as_of() -> str:
    """The date the pack is judged on (today for a new pack; kept for a loaded one)."""
    if _AS_OF not in st.session_state:
        st.session_state[_AS_OF] = dt.datetime.now(dt.UTC).date().isoformat()
    return st.session_state[_AS_OF]


# --- triage ----------------------------------------------------------------------------------------


def _option_ids(policy: Policy, question: str) -> list[str]:
    return [o.id for o in policy.question(question).options]


def triage_form(policy: Policy) -> TierAnswers | None:
    """The questionnaire; returns the answers once every question is answered."""
    labels = {q.id: {o.id: o.label for o in q.options} for q in policy.questions}
    for question in (*QUESTIONS, "practices"):
        # Answers from another policy are dropped before the widgets are drawn.
        key, offered = f"{KEY}_q_{question}", _option_ids(policy, question)
        value = st.session_state.get(key)
        if question == "practices" and isinstance(value, list):
            st.session_state[key] = [v for v in value if v in offered]
        elif value is not None and value not in offered:
            del st.session_state[key]
    chosen = {}
    left, right = st.columns(2)
    for index, question in enumerate(QUESTIONS):
        column = left if index % 2 == 0 else right
        chosen[question] = column.selectbox(
            policy.question(question).text,
            _option_ids(policy, question),
            index=None,
            placeholder="Choose an answer",
            format_func=lambda option, q=question: labels[q][option],
            key=f"{KEY}_q_{question}",
        )
    practices = right.multiselect(
        policy.question("practices").text,
        _option_ids(policy, "practices"),
        format_func=lambda option: labels["practices"][option],
        key=f"{KEY}_q_practices",
    )
    description = st.text_area("The use case in your own words", key=f"{KEY}_description", max_chars=2_000, height=80)
    if any(value is None for value in chosen.values()):
        st.info("Answer the five questions to see the tier and what it asks.")
        return None
    return TierAnswers(**chosen, practices=tuple(practices), description=description or "")


def show_tier(result: ReviewPack) -> None:
    """The tier, its reasons, the EU AI Act category and what the tier asks."""
    tier, eu = result.tier, result.tier.eu_ai_act
    box = {"prohibited": st.error, "high": st.warning}.get(tier.level, st.info)
    box(f"**Tier: {tier.label}.** {result.policy.tier(tier.level).description} {tier.approval}")
    st.markdown("**Why this tier**\n\n" + "\n".join(f"- {reason}" for reason in tier.reasons))
    basis = f" Basis: {'; '.join(eu.basis)}." if eu.basis else ""
    st.markdown(f"**EU AI Act: {eu.label}.**{basis}")
    for note in eu.notes:
        st.caption(note)
    gate = tier.audit_gate
    asks = ", ".join(tier.required) or "nothing (the pack can only record a rejection)"
    st.markdown(f"**Required evidence:** {asks}.")
    if gate is not None:
        st.caption(
            f"Bias audits count at this tier when run with a max difference of at most {gate.max_difference:g}, "
            f"a min ratio of at least {gate.min_ratio:g}" + (" and --strict." if gate.strict else ".")
        )
    st.caption(
        f"Evidence older than {tier.max_evidence_age_days} days is flagged stale; sign-offs lapse after "
        f"{tier.review_days} days unless a date is given."
    )


# --- evidence --------------------------------------------------------------------------------------


def _remember_choice() -> None:
    st.session_state[_ATTACHED] = list(st.session_state[f"{KEY}_evidence_ids"])


def evidence_picker(space: Workspace | None) -> tuple[EvidenceItem, ...]:
    """Saved analyses to attach, kept as snapshots so later edits in the workspace change nothing silently."""
    snapshots: dict[int, EvidenceItem] = st.session_state.setdefault(_SNAPSHOTS, {})
    saved = [a for a in (space.list(limit=500) if space is not None else []) if a.kind != "review_pack"]
    names = {a.id: f"#{a.id} {a.title} ({a.kind.replace('_', ' ')})" for a in saved}
    names.update(
        {
            i: f"#{i} {item.title} ({item.kind.replace('_', ' ')}, as attached)"
            for i, item in snapshots.items()
            if i not in names
        }
    )
    # The choice is kept outside the widget: a multiselect starts again empty whenever its options change
    # (a newly saved analysis, a renamed one), so it is given the remembered choice on every run.
    pending = st.session_state.pop(f"{KEY}_pending_ids", [])
    attached = [i for i in st.session_state.get(_ATTACHED, []) if i in names]
    attached += [i for i in pending if i in names and i not in attached]
    st.session_state[_ATTACHED] = attached
    st.session_state[f"{KEY}_evidence_ids"] = attached
    chosen = st.multiselect(
        "Saved analyses to attach",
        list(names),
        format_func=lambda i: names.get(i, f"#{i}"),
        key=f"{KEY}_evidence_ids",
        on_change=_remember_choice,
        help="Save a bias audit, an explanation, a drift check, an ROI case or a decision on its page first.",
    )
    if not saved and not snapshots:
        st.caption("The workspace holds no saved analyses yet.")
    for analysis_id in chosen:
        if analysis_id not in snapshots and space is not None:
            try:
                snapshots[analysis_id] = evidence_from_saved(space.open(analysis_id))
            except InputError as error:
                show_error(error, lead=f"#{analysis_id} cannot be attached: ")
    for analysis_id in [i for i in snapshots if i not in chosen]:
        del snapshots[analysis_id]
    if (
        chosen
        and space is not None
        and st.button("Refresh the attached analyses from the workspace", key=f"{KEY}_refresh")
    ):
        for analysis_id in chosen:
            try:
                snapshots[analysis_id] = evidence_from_saved(space.open(analysis_id))
            except InputError as error:
                show_error(error, lead=f"#{analysis_id} cannot be refreshed: ")
    return tuple(snapshots[i] for i in chosen if i in snapshots)


def summary_button(space: Workspace | None) -> None:
    """Save a schema and quality summary of the current dataset to the workspace and attach it."""
    from lib.governance import DatasetSummarySpec
    from ui.exports import data_locations
    from ui.runner import run_cached, table_of
    from ui.state import current_data

    data = current_data()
    if data is None or space is None:
        st.caption("Choose a dataset on the Datasets page to attach a summary of it as data evidence.")
        return
    if not st.button(f"Save and attach a summary of {data.dataset.name}", key=f"{KEY}_summary"):
        return
    spec = DatasetSummarySpec()
    try:
        result = run_cached(spec, {"data": table_of(data)})
        analysis_id = space.save_analysis(
            title=f"Data summary of {data.dataset.name}", spec=spec, result=result, locations=data_locations(data)
        )
    except InputError as error:
        show_error(error)
        return
    st.session_state.setdefault(f"{KEY}_pending_ids", []).append(analysis_id)
    st.rerun()


def show_evidence(result: ReviewPack) -> None:
    """The attached evidence: a table, then each item's verdicts, figures and provenance."""
    if not result.evidence:
        return
    st.dataframe(evidence_table(result.evidence), hide_index=True, width="stretch", key=f"{KEY}_evidence_table")
    for linked in result.evidence:
        item = linked.item
        with st.expander(
            f"#{item.id} {item.title} · {item.kind.replace('_', ' ')}" + (" · stale" if linked.stale else "")
        ):
            for reason in linked.stale_reasons:
                st.warning(f"Stale: this analysis {reason}.")
            for verdict in item.verdicts:
                {"pass": st.success, "fail": st.error}.get(verdict.status, st.info)(
                    f"**{verdict.title}** {verdict.text}"
                )
            frame = pd.DataFrame([{"figure": f.label, "value": f.value} for f in item.figures])
            st.dataframe(frame, hide_index=True, width="stretch", key=f"{KEY}_figures_{item.id}")
            inputs = ", ".join(f"{v.get('name')} (sha256 {v.get('sha256')})" for v in item.provenance.inputs.values())
            st.caption(
                f"Input: {inputs or 'none'} · seed {item.provenance.seed} · made {item.provenance.created_at} · "
                f"digest {item.sha256}"
            )


# --- the model card --------------------------------------------------------------------------------


def card_form(evidence: tuple[EvidenceItem, ...]) -> ModelCard:
    """The card's sections as text boxes, with a button that fills the empty ones from the evidence."""
    current = _card_from_state()
    filled = prefill_card(current, evidence)
    fillable = [n for n in CARD_FIELDS if getattr(filled, n) != getattr(current, n)]
    offer = bool(fillable) or filled.datasets != current.datasets
    if offer and st.button(
        f"Fill {len(fillable)} empty sections from the evidence", key=f"{KEY}_prefill", type="primary"
    ):
        for name in fillable:
            st.session_state[f"{KEY}_card_{name}"] = getattr(filled, name)
        st.session_state[_DATASETS] = filled.datasets
    columns = st.columns(4)
    for column, name in zip(columns, _SHORT, strict=True):
        column.text_input(SECTION_TITLES[name], key=f"{KEY}_card_{name}", max_chars=200)
    for name in CARD_FIELDS[4:]:
        st.text_area(SECTION_TITLES[name], key=f"{KEY}_card_{name}", help=SECTION_HELP.get(name), height=90)
    datasets = st.session_state.get(_DATASETS, ())
    if datasets:
        st.markdown("**Declared datasets** (evidence made from any other file is flagged stale)")
        st.dataframe(pd.DataFrame([d.to_dict() for d in datasets]), hide_index=True, key=f"{KEY}_datasets_table")
        if st.button("Declare no datasets", key=f"{KEY}_clear_datasets"):
            st.session_state[_DATASETS] = ()
            st.rerun()
    return _card_from_state()


def _card_from_state() -> ModelCard:
    values = {name: str(st.session_state.get(f"{KEY}_card_{name}") or "") for name in CARD_FIELDS}
    return ModelCard(**values, datasets=tuple(st.session_state.get(_DATASETS, ())))


# --- the risk register -----------------------------------------------------------------------------


def risks(policy: Policy) -> tuple[Risk, ...]:
    """The register (the policy's preset to start with)."""
    if _RISKS not in st.session_state:
        st.session_state[_RISKS] = preset_risks(policy)
    return tuple(st.session_state[_RISKS])


def risk_editor(register: tuple[Risk, ...]) -> None:
    """Add, change or remove one risk at a time."""
    titles = [r.title for r in register]
    pick = st.selectbox("Risk to edit", ["New risk", *titles], key=f"{KEY}_risk_pick")
    current = register[titles.index(pick)] if pick in titles else Risk("", "medium", "medium")
    with st.form(key=f"{KEY}_risk_form_{pick}", border=True):
        title = st.text_input("Risk", value=current.title, max_chars=200)
        a, b, c = st.columns(3)
        probability = a.selectbox("Probability", LIKELIHOODS, index=LIKELIHOODS.index(current.probability))
        impact = b.selectbox("Impact", LIKELIHOODS, index=LIKELIHOODS.index(current.impact))
        status = c.selectbox("Status", RISK_STATUSES, index=RISK_STATUSES.index(current.status))
        mitigation = st.text_area("Mitigation", value=current.mitigation, height=70)
        owner = st.text_input("Owner", value=current.owner, max_chars=200)
        save = st.form_submit_button("Save the risk", type="primary", key=f"{KEY}_risk_save")
        remove = st.form_submit_button("Remove the risk", disabled=pick not in titles, key=f"{KEY}_risk_remove")
    if not (save or remove):
        return
    kept = [r for r in register if r.title != pick]
    if save:
        risk = Risk(title.strip(), probability, impact, mitigation.strip(), owner.strip(), status)  # type: ignore[arg-type]
        try:
            check_risks((*kept, risk))
        except InputError as error:
            show_error(error)
            return
        kept = [risk if r.title == pick else r for r in register] if pick in titles else [*register, risk]
    st.session_state[_RISKS] = tuple(kept)
    st.rerun()


# --- sign-off and verify ---------------------------------------------------------------------------


def signoff_form(spec: PackSpec, result: ReviewPack) -> None:
    """Reviewer, decision, conditions, next review date and waivers; signing adds a link to the chain."""
    missing = result.missing
    with st.form(key=f"{KEY}_sign_form", border=True):
        a, b = st.columns(2)
        reviewer = a.text_input("Reviewer", key=f"{KEY}_reviewer", max_chars=200)
        role = b.text_input("Role", key=f"{KEY}_role", max_chars=200)
        decision = st.radio("Decision", DECISIONS, horizontal=True, key=f"{KEY}_decision")
        conditions = st.text_area("Conditions (one per line)", key=f"{KEY}_conditions", height=70)
        default = dt.date.fromisoformat(as_of()) + dt.timedelta(days=result.tier.review_days)
        expires = st.date_input("Next review (expiry)", value=default, key=f"{KEY}_expires")
        waivers = []
        if missing:
            st.markdown("**Required evidence is missing.** Sign only with a waiver and a reason for each:")
        for status in missing:
            reason = st.text_input(f"Waive '{status.id}' ({status.note})", key=f"{KEY}_waive_{status.id}")
            if reason.strip():
                waivers.append(Waiver(status.id, reason))
        submitted = st.form_submit_button("Sign the pack", type="primary", key=f"{KEY}_sign")
    if not submitted:
        return
    try:
        signed = sign_pack(
            spec,
            reviewer=reviewer,
            role=role,
            decision=decision,
            conditions=tuple(line for line in conditions.splitlines() if line.strip()),
            expires=expires.isoformat() if isinstance(expires, dt.date) else None,
            waivers=tuple(waivers),
        )
    except SignOffRefusedError as refused:
        show_error(refused, lead="Not signed: ")
        return
    except InputError as error:
        show_error(error)
        return
    st.session_state[_SIGNOFFS] = signed.signoffs
    st.session_state[f"{KEY}_signed_note"] = f"Signed by {reviewer.strip()}: hash {signed.signoffs[-1].hash}"
    st.rerun()


def signoffs() -> tuple[Any, ...]:
    """The sign-offs made on this pack so far."""
    return tuple(st.session_state.get(_SIGNOFFS, ()))


def show_chain(result: ReviewPack) -> None:
    """The sign-offs as a table and what verification found."""
    note = st.session_state.pop(f"{KEY}_signed_note", None)
    if note:
        st.success(note)
    if result.signoffs:
        rows = [
            {
                "reviewer": s.reviewer, "role": s.role, "decision": s.decision,
                "conditions": "; ".join(s.conditions), "waivers": "; ".join(f"{w.requirement}: {w.reason}" for w in s.waivers),
                "signed at (UTC)": s.signed_at, "expires": s.expires, "hash": s.hash,
            }
            for s in result.signoffs
        ]  # fmt: skip
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key=f"{KEY}_chain")
    check = result.verification
    if check.signed and not check.intact:
        st.error(f"Changed since signing: {escape_markdown(check.first_change)}. Sign again to cover the edits.")
    for line in check.history:
        st.caption(line)


def verify_upload() -> None:
    """Verify a pack file someone sent: recompute everything and name the first thing that changed."""
    upload = st.file_uploader("Pack file to verify (JSON)", type=["json"], key=f"{KEY}_verify_upload")
    if upload is None:
        return
    try:
        data = read_json_text(upload.getvalue(), file=upload.name, what="review pack")
        check = verify_document(data, file=upload.name)
    except InputError as error:
        show_error(error, lead="Not a readable review pack: ")
        return
    (st.success if check.intact else st.error)(check.summary)
    for problem in check.problems[1:6]:
        st.markdown(f"- {problem}")
    if st.button("Open this pack on the page", key=f"{KEY}_open_uploaded"):
        from lib.governance import spec_from_document

        request_load(spec_from_document(data, file=upload.name))
        st.rerun()


def build_spec(
    title: str, policy: Policy, answers: TierAnswers, card: ModelCard, evidence: tuple[EvidenceItem, ...]
) -> PackSpec:
    """The pack as the page shows it now.

    Raises
    ------
    InputError
        When a part is invalid (a title too long, a card section too long...).
    """
    return PackSpec(
        title=title.strip() or "Review pack",
        as_of=as_of(),
        policy=policy,
        answers=answers,
        card=card,
        evidence=evidence,
        risks=tuple(st.session_state.get(_RISKS, ())),
        signoffs=signoffs(),
    )


def requirements_frame(result: ReviewPack) -> pd.DataFrame:
    """The tier's requirements with a status mark, what fills them and what is lacking."""
    return pd.DataFrame(
        [
            {
                "requirement": r.id,
                "status": STATUS_MARK[r.status],
                "what it asks": r.text,
                "by": "; ".join(r.by),
                "note": r.note,
            }
            for r in result.requirements
        ]
    )


def crosswalk_frame(result: ReviewPack) -> pd.DataFrame:
    """The crosswalk rows for display."""
    return pd.DataFrame(
        [
            {
                "framework": c.framework, "reference": c.ref, "asks": c.asks, "applies": c.applies,
                "status": STATUS_MARK[c.status], "filled by": "; ".join(c.by), "missing": "; ".join(c.missing),
            }
            for c in result.crosswalk
        ]
    )  # fmt: skip


def replace_as_of_today() -> None:
    """Judge the pack as of today (staleness is counted to this date)."""
    st.session_state[_AS_OF] = dt.datetime.now(dt.UTC).date().isoformat()
