"""`practice`: list interview scenarios, score an answer against the published rubric, follow progress."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, add_format_option, emit, file_bytes, write_output
from lib.errors import InputError
from lib.practice import LEVELS, TRACKS


def _read_answer(path: str) -> str:
    from lib.practice import MAX_ANSWER_BYTES, decode_answer

    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", file=path, expected="a text file holding the answer")
    size = file.stat().st_size
    if size > MAX_ANSWER_BYTES:  # refused before reading, so a huge file costs nothing
        raise InputError(
            "the answer file is too large", file=file.name, expected=f"at most {MAX_ANSWER_BYTES:,} bytes of text",
            found=f"{size:,} bytes",
        )  # fmt: skip
    return decode_answer(file_bytes(file), name=file.name)


def _list(args: argparse.Namespace) -> int:
    from lib.export import markdown_table, to_json
    from lib.practice import filter_scenarios, load_bank

    scenarios = filter_scenarios(load_bank(args.bank), track=args.track, level=args.level)
    rows = [s.summary() for s in scenarios]
    if args.format == "json":
        write_output(to_json(rows))
    else:
        write_output(markdown_table(["id", "title", "track", "level"], [list(r.values()) for r in rows]))
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from lib.export import to_json
    from lib.practice import get_scenario, load_bank

    scenario = get_scenario(load_bank(args.bank), args.scenario_id)
    write_output(to_json(scenario.to_dict()))
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from lib.analysis import raw_file_source, run
    from lib.practice import PracticeScoreSpec

    answer = _read_answer(args.answer)
    spec = PracticeScoreSpec(
        scenario_id=args.scenario_id, answer=answer, minutes=args.minutes, bank="file" if args.bank else "bundled"
    )
    sources = {"bank": raw_file_source(args.bank)} if args.bank else {}
    emit(spec, run(spec, sources), args, locations={"bank": args.bank} if args.bank else {})
    return EXIT_OK


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def _progress(args: argparse.Namespace) -> int:
    from lib.analysis import run
    from lib.practice import PracticeLog, progress_spec
    from lib.store import Workspace

    today = args.today or dt.datetime.now(dt.UTC).date()
    spec = progress_spec(PracticeLog(Workspace()).attempts(), today=today)
    emit(spec, run(spec), args)
    return EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `practice` sub-command with `list`, `show`, `score` and `progress`."""
    practice = subparsers.add_parser("practice", help="interview practice: list scenarios, score an answer, progress")
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

    score = actions.add_parser(
        "score",
        help="score an answer (a UTF-8 text file) against the rubric",
        description="Score an answer against the published rubric. Length is judged by words for --minutes.",
    )
    score.add_argument("scenario_id", metavar="SCENARIO_ID")
    score.add_argument("answer", metavar="ANSWER.txt")
    score.add_argument(
        "--minutes", type=float, help="the time box the answer's length is judged against, above 0 and at most 120 "
        "(default 5)",
    )  # fmt: skip
    add_export_options(score)
    score.set_defaults(handler=_score)

    progress = actions.add_parser(
        "progress",
        help="scores over time, the weakest dimension, spaced reviews and what to practise next",
        description="Progress over the attempts in the workspace ($DECISION_DESK_HOME decides which workspace).",
    )
    progress.add_argument(
        "--today", type=_day, metavar="YYYY-MM-DD", help="the day reviews are judged on (default: today, UTC)"
    )
    add_export_options(progress)
    progress.set_defaults(handler=_progress)

    for parser in (listing, show, score):
        parser.add_argument("--bank", metavar="FILE", help=argparse.SUPPRESS)
    practice.set_defaults(handler=lambda _args: (practice.print_help(), EXIT_OK)[1])
