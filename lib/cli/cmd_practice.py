"""`practice`: list interview scenarios, score an answer against the published rubric, follow progress."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from lib.cli._common import EXIT_OK, add_export_options, add_format_option, emit, write_output
from lib.errors import InputError
from lib.practice import LEVELS, TRACKS


def _read_answer(path: str) -> tuple[str, int | None]:
    """The answer file's text, and its size in bytes when it was too large and only its start is scored."""
    from lib.practice import MAX_ANSWER_BYTES, decode_answer_prefix

    file = Path(path)
    if not file.is_file():
        raise InputError("no such file", file=path, expected="a text file holding the answer")
    size = file.stat().st_size
    with file.open("rb") as handle:  # a huge paste costs one bounded read, never the whole file
        head = handle.read(MAX_ANSWER_BYTES + 4)
    text, _ = decode_answer_prefix(head, name=file.name)
    return text, (size if size > MAX_ANSWER_BYTES else None)


def _follow_up(text: str) -> tuple[int, str]:
    number, sep, path = text.partition("=")
    if not sep or not number.strip().isdigit() or not path.strip():
        raise argparse.ArgumentTypeError(f"not N=FILE: {text!r} (e.g. --follow-up 1=followup.txt)")
    return int(number), path.strip()


def _follow_up_answers(scenario_id: str, bank: str | None, items: list[tuple[int, str]]) -> tuple:
    from lib.practice import FollowUpAnswer, get_scenario, load_bank

    if not items:
        return ()
    questions = get_scenario(load_bank(bank), scenario_id).follow_ups
    answers = []
    for number, path in items:
        if not 1 <= number <= len(questions):
            raise InputError(
                "no follow-up question with this number",
                expected=f"1 to {len(questions)} (see `practice show {scenario_id}`)",
                found=str(number),
            )
        answers.append(FollowUpAnswer(question=questions[number - 1], answer=_read_answer(path)[0]))
    return tuple(answers)


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

    answer, original_bytes = _read_answer(args.answer)
    spec = PracticeScoreSpec(
        scenario_id=args.scenario_id,
        answer=answer,
        minutes=args.minutes,
        bank="file" if args.bank else "bundled",
        follow_up_answers=_follow_up_answers(args.scenario_id, args.bank, args.follow_up or []),
        original_bytes=original_bytes,
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
        description=(
            "Score an answer against the published rubric: relevance to the scenario, its key points, craft checks "
            "and its pitfalls, every point quoted. Length is judged by words for --minutes. A file too large to "
            "score whole is cut to its start, and the result says so."
        ),
    )
    score.add_argument("scenario_id", metavar="SCENARIO_ID")
    score.add_argument("answer", metavar="ANSWER.txt")
    score.add_argument(
        "--minutes", type=float, help="the time box the answer's length is judged against, above 0 and at most 120 "
        "(default 5)",
    )  # fmt: skip
    score.add_argument(
        "--follow-up", type=_follow_up, action="append", metavar="N=FILE",
        help="the answer to the scenario's follow-up question N (1-based, as `practice show` lists them), from a "
        "UTF-8 file; repeat for another question",
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
