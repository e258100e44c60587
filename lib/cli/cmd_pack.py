"""`pack`: review packs from saved analyses; sign them into a hash chain; verify and render them."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lib.cli._common import EXIT_GATE_FAILED, EXIT_OK, write_output

if TYPE_CHECKING:
    from lib.governance import PackSpec, ReviewPack

RENDER_FORMATS = ("md", "html", "ipynb", "py")


def _pack_json(spec: PackSpec) -> tuple[str, ReviewPack]:
    from lib.export import to_json
    from lib.governance import judge, pack_document

    result = judge(spec)
    return to_json(pack_document(result)), result


def _summary(result: ReviewPack) -> str:
    missing = [r.id for r in result.missing]
    gaps = f"{len(missing)} of {len(result.requirements)} required items missing" + (
        f" ({', '.join(missing)})" if missing else ""
    )
    stale = sum(1 for e in result.evidence if e.stale)
    return (
        f"review pack '{result.title}': tier {result.tier.label} ({result.tier.eu_ai_act.label}); {gaps}; "
        f"{len(result.evidence)} evidence items" + (f", {stale} stale" if stale else "") + f"; status {result.status}"
    )


def _write(spec: PackSpec, out: str | None) -> None:
    text, result = _pack_json(spec)
    write_output(text, out)
    if out:
        print(f"wrote {out}: {_summary(result)}")


def _as_of(text: str | None) -> dt.date | None:
    from lib.governance import parse_date

    return parse_date(text, field="--as-of") if text else None


def _new(args: argparse.Namespace) -> int:
    from lib.governance import (
        EvidenceItem,
        load_evidence,
        load_policy,
        new_pack,
        parse_ids,
        read_answers,
        read_card,
        read_risks,
    )

    policy = load_policy(args.policy)
    answers = read_answers(args.tier_answers, policy=policy)
    evidence: tuple[EvidenceItem, ...] = ()
    if args.evidence:
        ids = parse_ids(args.evidence)
        if ids:
            from lib.store import Workspace

            evidence = load_evidence(ids, Workspace())
    spec = new_pack(
        title=args.title,
        answers=answers,
        policy=policy,
        evidence=evidence,
        card=read_card(args.card) if args.card else None,
        risks=read_risks(args.risks) if args.risks else None,
        as_of=_as_of(args.as_of),
    )
    _write(spec, args.out)
    return EXIT_OK


def _sign(args: argparse.Namespace) -> int:
    from lib.governance import SignOffRefusedError, parse_waivers, read_pack, sign_pack

    _, spec = read_pack(args.pack)
    try:
        signed = sign_pack(
            spec,
            reviewer=args.reviewer,
            role=args.role,
            decision=args.decision,
            conditions=tuple(args.condition or ()),
            expires=args.expires,
            waivers=parse_waivers(args.waive or ()),
        )
    except SignOffRefusedError as refused:
        print(f"error: {refused}", file=sys.stderr)
        return EXIT_GATE_FAILED
    _write(signed, args.out)
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from lib.export import to_json
    from lib.governance import read_pack, verify_document

    data, _ = read_pack(args.pack)
    check = verify_document(data, file=Path(args.pack).name, expect_hash=args.expect_hash)
    write_output(to_json(check.to_dict()) if args.format == "json" else check.summary)
    return EXIT_OK if check.intact else EXIT_GATE_FAILED


def _render(args: argparse.Namespace) -> int:
    from lib.analysis import export_analysis
    from lib.governance import judge, read_pack

    _, spec = read_pack(args.pack)
    write_output(export_analysis(spec, judge(spec), args.format), args.out)
    return EXIT_OK


def _policy(args: argparse.Namespace) -> int:
    from lib.governance import bundled_policy_text, load_policy

    if args.check:
        policy = load_policy(args.check)
        write_output(f"{args.check}: a valid review policy ('{policy.name}', version {policy.version})")
        return EXIT_OK
    write_output(bundled_policy_text(), args.out)
    return EXIT_OK


def _add_out(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--out", metavar="FILE", help=f"write {what} to a file instead of stdout")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `pack` sub-command with `new`, `sign`, `verify`, `render` and `policy`."""
    pack = subparsers.add_parser(
        "pack",
        help="review packs: risk tier, model card, evidence, gaps, risks and a sign-off hash chain",
        description="Build a review pack from analyses saved in the workspace, sign it, verify it, render it.",
    )
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", parser_class=type(pack))

    new = actions.add_parser(
        "new",
        help="a new pack: triage, card pre-filled from the evidence, the risk preset",
        description="Exit 0 with the pack written (required evidence may still be missing); 2 on bad input.",
    )
    new.add_argument("--title", required=True, metavar="T", help="the pack's title")
    new.add_argument(
        "--tier-answers", required=True, metavar="ANSWERS.json",
        help="triage answers: use_case, affected, impact, automation, domain, practices, description",
    )  # fmt: skip
    new.add_argument("--evidence", metavar="ID[,ID...]", help="workspace ids of the saved analyses to attach")
    new.add_argument("--policy", metavar="POLICY.toml", help="the review policy (default: the bundled one)")
    new.add_argument("--card", metavar="CARD.json", help="model card sections already written (the rest pre-filled)")
    new.add_argument("--risks", metavar="RISKS.json", help="the risk register (default: the policy's preset)")
    new.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date the pack is judged on (default today)")
    _add_out(new, "the pack")
    new.set_defaults(handler=_new)

    sign = actions.add_parser(
        "sign",
        help="add a sign-off chained to the last one",
        description="Exit 0 when signed; 1 when the pack cannot be signed as it stands (required evidence "
        "missing without a waiver, a prohibited use approved...); 2 on bad input.",
    )
    sign.add_argument("pack", metavar="PACK.json")
    sign.add_argument("--reviewer", required=True, metavar="NAME")
    sign.add_argument("--role", required=True, metavar="R")
    sign.add_argument("--decision", required=True, choices=("approve", "approve-with-conditions", "reject"))
    sign.add_argument("--condition", action="append", metavar="TEXT", help="a condition (repeat for more)")
    sign.add_argument("--expires", metavar="YYYY-MM-DD", help="next review date (default: the tier's interval)")
    sign.add_argument(
        "--waive", action="append", metavar="REQUIREMENT=REASON", help="sign without a required item (repeat)"
    )
    _add_out(sign, "the signed pack")
    sign.set_defaults(handler=_sign)

    verify = actions.add_parser(
        "verify",
        help="recompute everything; exit 1 naming the first thing that changed since signing",
        description="Exit 0 when intact, 1 when anything changed since signing (one line naming it), "
        "2 on a malformed file.",
    )
    verify.add_argument("pack", metavar="PACK.json")
    verify.add_argument("--expect-hash", metavar="SHA256", help="the last sign-off's hash as recorded elsewhere")
    verify.add_argument("--format", choices=("text", "json"), default="text", help="one line (default) or JSON")
    verify.set_defaults(handler=_verify)

    render = actions.add_parser("render", help="the pack as Markdown, HTML (print-friendly) or a notebook")
    render.add_argument("pack", metavar="PACK.json")
    render.add_argument("--format", required=True, choices=RENDER_FORMATS)
    _add_out(render, "the rendering")
    render.set_defaults(handler=_render)

    policy = actions.add_parser("policy", help="print the bundled review policy to edit, or check a policy file")
    policy.add_argument("--check", metavar="POLICY.toml", help="check a policy file instead")
    _add_out(policy, "the policy")
    policy.set_defaults(handler=_policy)

    pack.set_defaults(handler=lambda _args: (pack.print_help(), 0)[1])
