"""`practice`: list interview scenarios and score an answer against the published rubric."""

from __future__ import annotations

import argparse
from pathlib import Path

from lib.cli._common import add_format_option, write_output
from lib.errors import InputError
from lib.export import markdown_table, to_json
from lib.practice import LEVELS, TRACKS, filter_scenarios, get_scenario, load_bank, score_answer


def _read_answer(path: str) -> str:
    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", file=path, expected="a text file holding the answer")
    try:
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            "the answer is not UTF-8 text", file=file.name, expected="a plain UTF-8 text file", found="binary data"
        ) from error


def _list(args: argparse.Namespace) -> int:
    scenarios = filter_scenarios(load_bank(args.bank), track=args.track, level=args.level)
    rows = [s.summary() for s in scenarios]
    if args.format == "json":
        write_output(to_json(rows))
    else:
        write_output(markdown_table(["id", "title", "track", "level"], [list(r.values()) for r in rows]))
    return 0


def _show(args: argparse.Namespace) -> int:
    scenario = get_scenario(load_bank(args.bank), args.scenario_id)
    write_output(to_json(scenario.to_dict()))
    return 0


def _score(args: argparse.Namespace) -> int:
    scenario = get_scenario(load_bank(args.bank), args.scenario_id)
    answer = _read_answer(args.answer)
    result = score_answer(answer, scenario, minutes=args.minutes)
    if args.format == "json":
        write_output(to_json(result.to_dict()))
    else:
        table = markdown_table(
            ["dimension", "points", "of", "evidence or what would earn it"],
            [
                [d.label, f"{d.score:g}", d.max_score, ('"' + d.evidence[0] + '"') if d.evidence else d.missing]
                for d in result.dimensions
            ],
        )
        notes = "".join(f"\n- {n}" for n in result.notes)
        write_output(f"Total: {result.total:g} / 100{notes}\n\n{table}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `practice` sub-command with `list`, `show` and `score`."""
    practice = subparsers.add_parser("practice", help="interview practice: list scenarios, score an answer")
    actions = practice.add_subparsers(dest="practice_command", metavar="ACTION", parser_class=type(practice))

    listing = actions.add_parser("list", help="the scenarios (id, title, track, level)")
    listing.add_argument("--track", choices=list(TRACKS), help="only this track")
    listing.add_argument("--level", choices=list(LEVELS), help="only this level")
    add_format_option(listing, ("json", "md"))
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help="one scenario in full (prompt, framework, rubric, follow-ups)")
    show.add_argument("scenario_id", metavar="SCENARIO_ID")
    add_format_option(show, ("json",))
    show.set_defaults(handler=_show)

    score = actions.add_parser("score", help="score an answer (a UTF-8 text file) against the rubric")
    score.add_argument("scenario_id", metavar="SCENARIO_ID")
    score.add_argument("answer", metavar="ANSWER.txt")
    score.add_argument("--minutes", type=float, help="minutes the answer took (default 5)")
    add_format_option(score, ("json", "md"))
    score.set_defaults(handler=_score)

    for parser in (listing, show, score):
        parser.add_argument("--bank", metavar="FILE", help=argparse.SUPPRESS)
    practice.set_defaults(handler=lambda _args: (practice.print_help(), 0)[1])
