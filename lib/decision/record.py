"""The decision record: context, decision, rationale, success metrics, review date, and the evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lib.decision.analysis import DecisionResult
from lib.export import escape, html_document


@dataclass(frozen=True)
class DecisionRecord:
    """What was decided and why, with the matrix result attached.

    Attributes
    ----------
    title, context, decision, rationale, success_metrics : str
        Free text written by the decision makers.
    review_date : str
        ISO date (YYYY-MM-DD) when the decision is to be revisited, or empty.
    result : DecisionResult
        The ranking and robustness evidence.
    """

    title: str
    context: str
    decision: str
    rationale: str
    success_metrics: str
    review_date: str
    result: DecisionResult

    def _sections(self) -> list[tuple[str, str]]:
        return [
            ("Context", self.context),
            ("Decision", self.decision or f"{self.result.winner} (highest weighted score)"),
            ("Rationale", self.rationale),
            ("Success metrics", self.success_metrics),
            ("Review date", self.review_date),
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {
            "title": self.title,
            **{name.lower().replace(" ", "_"): text for name, text in self._sections()},
            "result": self.result.to_dict(),
        }

    def to_markdown(self) -> str:
        """The record as Markdown, followed by the matrix evidence and provenance."""
        lines = [f"# {self.title or 'Decision record'}", ""]
        for name, text in self._sections():
            lines += [f"## {name}", "", text.strip() or "_not written yet_", ""]
        evidence = self.result.to_markdown().replace("# Decision matrix result", "## Evidence: decision matrix", 1)
        # Nest the evidence headings one level below the record's own.
        evidence = "\n".join(
            "#" + line if line.startswith("## ") and "Evidence" not in line else line for line in evidence.splitlines()
        )
        return "\n".join(lines) + "\n" + evidence + "\n"

    def to_html(self) -> str:
        """A standalone HTML page; every user text is escaped."""
        body = []
        for name, text in self._sections():
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in (text.strip() or "not written yet").split("\n\n"))
            body.append(f"<h2>{escape(name)}</h2>{paragraphs}")
        r = self.result
        rows = "".join(
            f"<tr><td>{k + 1}</td><td>{escape(x['option'])}</td><td>{x['score']:.3f}</td>"
            f"<td>{r.acceptability.p_rank()[x['option']][0]:.0%}</td></tr>"
            for k, x in enumerate(r.ranking())
        )
        flips = "".join(
            f"<tr><td>{escape(f.criterion)}</td><td>{f.weight:.1%}</td><td>"
            + ("none within 0-100%" if f.change is None else f"{f.change:+.1%} (to {f.new_weight:.1%})")
            + f"</td><td>{escape(f.new_winner or '')}</td></tr>"
            for f in r.flips
        )
        body.append(
            "<h2>Evidence: decision matrix</h2>"
            f"<p>Method: {escape(r.method)}. Winner <strong>{escape(r.winner)}</strong>, ahead of "
            f"{escape(r.runner_up)} by {r.margin:.3f} points on the 1-5 scale.</p>"
            "<table><tr><th>rank</th><th>option</th><th>score</th><th>P(first)</th></tr>" + rows + "</table>"
            "<table><tr><th>criterion</th><th>weight</th><th>change that flips the winner</th><th>new winner</th></tr>"
            + flips
            + "</table>"
            f"<p>Rank acceptability from {r.acceptability.n_sim:,} simulations "
            f"(Dirichlet concentration {r.acceptability.concentration:g}, seed {r.acceptability.seed}).</p>"
        )
        return html_document(
            self.title or "Decision record", "".join(body), provenance_markdown=r.provenance.to_markdown()
        )
