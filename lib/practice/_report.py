"""Reports of the practice analyses, as blocks every renderer understands."""

from __future__ import annotations

import pandas as pd

from lib.analysis import Block, Bullets, Chart, Heading, KeyFigures, Paragraph, Report, Verdict, report, table
from lib.practice._about import how_scoring_works, what_it_cannot_judge
from lib.practice._charts import progress_chart
from lib.practice._results import PASS_MARK, REVIEW_DAYS, ProgressResult, ScoreResult
from lib.practice._rules import DIMENSIONS, LABELS

ANSWER_SHOWN_CHARS = 4_000  # the report quotes the start of a long answer; the JSON keeps all of it
EVIDENCE_SHOWN = 3  # quotes per dimension in the report


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _evidence_blocks(result: ScoreResult) -> list[Block]:
    blocks: list[Block] = []
    for d in result.dimensions:
        if d.evidence:
            blocks.append(Paragraph(d.label + (f" ({d.detail})" if d.detail else "")))
            blocks.append(Bullets(tuple(f"“{_one_line(e)}”" for e in d.evidence[:EVIDENCE_SHOWN])))
    return blocks


def _notes_blocks(result: ScoreResult) -> list[Block]:
    return [Heading("Notes"), Bullets(result.notes)] if result.notes else []


def _self_rating_blocks(result: ScoreResult) -> list[Block]:
    if not result.self_rating:
        return []
    frame = pd.DataFrame(
        [{"dimension": r.dimension, "you": r.own, "rubric": r.automatic, "gap": r.gap} for r in result.self_rating]
    )
    return [
        Heading("Your rating beside the rubric (1-5)"),
        table(
            "self_rating",
            frame,
            formats={"rubric": ".1f", "gap": "+.1f"},
            caption="The rubric's score on the same 1-5 scale is 1 + 4 × its share of points; gap = yours minus it.",
        ),
    ]


def _substance_blocks(result: ScoreResult) -> list[Block]:
    blocks: list[Block] = []
    relevance = result.relevance
    if relevance is not None:
        blocks.append(Heading("Relevance"))
        blocks.append(
            Paragraph(
                f"{relevance.score:.0%} of the answer is about this scenario"
                + (f", so the total is capped at {relevance.cap:g}." if relevance.cap < 100 else ".")
            )
        )
        if relevance.off_topic:
            blocks.append(Paragraph("Judged off-topic (no points):"))
            blocks.append(Bullets(tuple(f"“{_one_line(s)}”" for s in relevance.off_topic[: EVIDENCE_SHOWN * 2])))
    if result.key_points:
        made = sum(k.found for k in result.key_points)
        blocks.append(Heading(f"Key points made: {made} of {len(result.key_points)}"))
        frame = pd.DataFrame(
            [
                {
                    "phase": k.phase,
                    "key point": k.point,
                    "made": ("yes" if k.strength >= 1 else "listed only") if k.found else "no",
                    "your words": _one_line(k.quote) or "—",
                }
                for k in result.key_points
            ]
        )
        blocks.append(
            table("key_points", frame, caption="Matched by meaning: paraphrases and US or UK spellings count.")
        )
    blocks.append(Heading("Pitfalls"))
    if result.pitfalls:
        blocks.append(
            Bullets(
                tuple(f"{p.pitfall} You said: “{_one_line(p.quote)}”. Why it matters: {p.why}" for p in result.pitfalls)
            )
        )
        blocks.append(Paragraph(f"{result.penalty:g} points were taken off the total for these."))
    else:
        blocks.append(Paragraph("None of the scenario's listed pitfalls was found in the answer."))
    return blocks


def _exchange_blocks(result: ScoreResult) -> list[Block]:
    if not result.follow_ups:
        return []
    blocks: list[Block] = [Heading("Follow-up exchange")]
    for i, f in enumerate(result.follow_ups, start=1):
        blocks.append(Heading(f"Follow-up {i}: {_one_line(f.question)}", level=3))
        if f.reason:
            blocks.append(Paragraph(f.reason))
        if f.score is None:
            blocks.append(Paragraph("Not answered yet."))
            continue
        clock = f" ({f.elapsed_minutes:.1f} minutes on the clock)" if f.elapsed_minutes is not None else ""
        blocks.append(Paragraph(f"Your answer{clock}: {_one_line(f.answer) or '(empty)'}"))
        parts = "; ".join(f"{name} {points:g}" for name, points in f.parts.items())
        blocks.append(Paragraph(f"Score: {f.score:g} / {f.max_score} ({parts})."))
        if f.pitfalls:
            blocks.append(Bullets(tuple(f"Pitfall: {p.pitfall} “{_one_line(p.quote)}”" for p in f.pitfalls)))
        if f.missing:
            blocks.append(Paragraph(f.missing))
    return blocks


def score_report(result: ScoreResult) -> Report:
    """The practice report of one attempt: score, question, answer, rubric with evidence, what to study.

    Parameters
    ----------
    result : ScoreResult

    Returns
    -------
    Report
    """
    s = result.scenario
    figures = [
        ("Score", f"{result.total:g} / 100"),
        ("Words", f"{result.words:,}"),
        ("Time box", f"{result.minutes:g} minutes"),
    ]
    if result.relevance is not None:
        figures.append(("On topic", f"{result.relevance.score:.0%}"))
        figures.append(("Pitfalls", f"{len(result.pitfalls)}"))
    if result.elapsed_minutes is not None:
        figures.append(("On the clock", f"{result.elapsed_minutes:.1f} minutes"))
    answer = _one_line(result.answer)
    shown = answer[:ANSWER_SHOWN_CHARS] + (" …" if len(answer) > ANSWER_SHOWN_CHARS else "")
    rubric = pd.DataFrame(
        [
            {"dimension": d.label, "points": d.score, "of": d.max_score, "what would earn more": d.missing or "—"}
            for d in result.dimensions
        ]
    )
    blocks: list[Block | None] = [
        KeyFigures(tuple(figures)),
        Paragraph(f"Track: {s.track_title}; level {s.level}; scenario {s.id}. What this tests: {_one_line(s.tests)}"),
        Heading("Question"),
        Paragraph(_one_line(s.prompt)),
        Heading("Your answer"),
        Paragraph(shown or "(empty)"),
        *_notes_blocks(result),
        *_substance_blocks(result),
        Heading("Rubric"),
        table(
            "rubric",
            rubric,
            formats={"points": "g"},
            caption=(
                "Each check reads the on-topic sentences; the points add up to the score out of 100, less the "
                "pitfall penalty and within the relevance cap."
            ),
        ),
        Heading("Evidence", level=3),
        *(_evidence_blocks(result) or [Paragraph("No sentence earned a point yet.")]),
        *_self_rating_blocks(result),
        *_exchange_blocks(result),
        Heading("Follow-up questions to practise"),
        Bullets(s.follow_ups),
        Heading("Reference framework"),
        Bullets(tuple(f"{p.name}{f' ({p.time})' if p.time else ''}: {p.points}" for p in s.framework)),
        Heading("Common pitfalls"),
        Bullets(s.pitfalls),
        Heading("How scoring works"),
        Bullets(how_scoring_works()),
        Paragraph("What it cannot judge: " + what_it_cannot_judge()),
    ]
    return report(f"Practice report: {s.title}", blocks, result=result, kind="practice_score")


def review_rule() -> str:
    """The spaced-review rule in words."""
    days = ", ".join(str(d) for d in REVIEW_DAYS)
    return (
        f"A pass is {PASS_MARK:g} or more out of 100. Passes in a row push a scenario's next review out to "
        f"{days} days; a fail brings it back the next day."
    )


def _averages_frame(result: ProgressResult) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"dimension": LABELS[name], "share of points": result.dimension_averages.get(name, 0.0)}
            for name in DIMENSIONS
        ]
    )


def progress_report(result: ProgressResult) -> Report:
    """The progress report: headline figures, what to practise next, the chart, reviews and every attempt.

    Parameters
    ----------
    result : ProgressResult

    Returns
    -------
    Report
    """
    title = f"Practice progress on {result.today}"
    pick = result.next
    verdict = None if pick is None else Verdict("info", f"Practise next: {pick.title}", pick.reason)
    if not result.scores:
        empty = [Paragraph("No attempts yet: score an answer to start your progress chart."), verdict]
        return report(title, empty, result=result, kind="practice_progress")
    totals = [p.total for p in result.scores]
    figures = (
        ("Attempts", f"{len(totals):,}"),
        ("Latest score", f"{totals[-1]:g} / 100"),
        ("Best score", f"{max(totals):g} / 100"),
        ("Weakest lately", result.weakest_label or "—"),
        ("Reviews due", f"{len(result.due_today):,}"),
    )
    percent = {LABELS[d]: ".0f" for d in DIMENSIONS}
    blocks: list[Block | None] = [
        KeyFigures(figures),
        verdict,
        Chart(
            "progress",
            progress_chart(result.scores),
            "Scores over your attempts",
            "The total out of 100 and each rubric dimension as a percentage of its points, oldest attempt first.",
        ),
        Heading("Spaced review"),
        Paragraph(review_rule()),
        table("reviews", result.reviews_frame(), formats={"last score": "g"}, caption=f"Due as of {result.today}."),
        Heading("Dimensions over the latest ten attempts"),
        table("dimension_averages", _averages_frame(result), formats={"share of points": ".0%"}),
        Heading("Attempts"),
        table(
            "scores",
            result.scores_frame(),
            formats={"total": "g", **percent},
            caption="Total out of 100; each dimension as a percentage of its points.",
        ),
    ]
    return report(title, blocks, result=result, kind="practice_progress")
