"""The practice report: one attempt, its explained score and what to do next, as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lib.export import markdown_table
from lib.practice._bank import Scenario
from lib.practice._progress import Attempt
from lib.practice._scoring import ScoreResult
from lib.practice._self_rubric import SelfRubric, compare


def _quote(text: str) -> str:
    return "> " + " ".join(text.split())


@dataclass(frozen=True)
class PracticeReport:
    """Everything a candidate takes away from one attempt."""

    scenario: Scenario
    result: ScoreResult
    answer: str
    self_rubric: SelfRubric | None = None
    history: tuple[Attempt, ...] = ()

    def to_markdown(self) -> str:
        """The report as Markdown, ending with provenance."""
        s, r = self.scenario, self.result
        lines = [
            f"# Practice report: {s.title}",
            "",
            f"- Track: {s.track_title}; level {s.level}; scenario `{s.id}`",
            f"- Score: **{r.total:g} / 100** ({r.words} words, {r.minutes:g} minutes)",
            "",
            "## Question",
            "",
            _quote(s.prompt),
            "",
            "## Your answer",
            "",
            _quote(self.answer[:4000]) if self.answer.strip() else "_(empty)_",
            "",
        ]
        if r.notes:
            lines += ["## Notes", ""] + [f"- {note}" for note in r.notes] + [""]
        lines += [
            "## Rubric",
            "",
            markdown_table(
                ["dimension", "points", "of", "what would earn more"],
                [[d.label, f"{d.score:g}", d.max_score, d.missing or "full points"] for d in r.dimensions],
            ),
            "",
            "### Evidence",
            "",
        ]
        for d in r.dimensions:
            if d.evidence:
                lines.append(f"**{d.label}**" + (f" ({d.detail})" if d.detail else ""))
                lines += [f'- "{e}"' for e in d.evidence[:3]]
                lines.append("")
        if self.self_rubric is not None:
            rows = compare(self.self_rubric, r)
            lines += [
                "## Your rating beside the rubric (1-5)",
                "",
                markdown_table(
                    ["dimension", "you", "rubric", "gap"],
                    [[x["dimension"], x["self"], x["automatic"], x["gap"]] for x in rows],
                ),
                "",
            ]
        lines += ["## Follow-up questions", ""] + [f"- {q}" for q in s.follow_ups] + [""]
        lines += ["## Reference framework", ""]
        for phase in s.framework:
            head = f"{phase.name} ({phase.time})" if phase.time else phase.name
            lines.append(f"- **{head}**: {phase.points}")
        lines += ["", "## Common pitfalls", ""] + [f"- {p}" for p in s.pitfalls] + [""]
        if self.history:
            lines += [
                "## Progress",
                "",
                markdown_table(
                    ["when", "scenario", "score"],
                    [[a.created_at.strftime("%Y-%m-%d %H:%M"), a.scenario_id, f"{a.total:g}"] for a in self.history],
                ),
                "",
            ]
        return "\n".join(lines) + "\n" + r.provenance.to_markdown()


def practice_report(
    scenario: Scenario,
    result: ScoreResult,
    *,
    answer: str,
    self_rubric: SelfRubric | None = None,
    history: Sequence[Attempt] = (),
) -> PracticeReport:
    """Bundle an attempt into a report."""
    return PracticeReport(scenario, result, answer, self_rubric, tuple(history))
