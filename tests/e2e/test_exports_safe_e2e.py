"""Every HTML and Markdown export built from a hostile file runs no script in a real browser."""

from __future__ import annotations

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from lib.analysis import TableSource, export_analysis, run, sha256_of
from lib.fairness import AuditSpec
from tests.lib.analysis.test_render import hostile_report

pytestmark = pytest.mark.e2e

PAYLOADS = [
    "</script><script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    '"><svg onload=alert("svg")>',
    "<!--<script>alert('comment')</script>-->",
    "[link](javascript:alert('link'))",
]


def hostile_audit():
    rows = 240
    frame = pd.DataFrame(
        {
            PAYLOADS[0]: [i % 2 for i in range(rows)],
            PAYLOADS[1]: [(i // 2) % 2 for i in range(rows)],
            PAYLOADS[2]: [PAYLOADS[i % len(PAYLOADS)] for i in range(rows)],
        }
    )
    spec = AuditSpec(label=PAYLOADS[0], prediction=PAYLOADS[1], sensitive=(PAYLOADS[2],), n_boot=60)
    data = frame.to_csv(index=False).encode()
    source = TableSource(frame, name=PAYLOADS[3] + ".csv", sha256=sha256_of(data), location="hostile.csv")
    return spec, run(spec, {"data": source})


def open_and_count_dialogs(browser, html: str, tmp_path, name: str) -> list[str]:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    # Anything a payload could run has run by the second animation frame after load.
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    scripts = page.evaluate("document.querySelectorAll('script, iframe, object, embed').length")
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length"
    )
    context.close()
    assert scripts == 0 and handlers == 0, (name, scripts, handlers)
    return seen


def test_audit_exports_of_a_hostile_file_run_nothing(browser, tmp_path):
    spec, result = hostile_audit()
    html = export_analysis(spec, result, "html")
    markdown_as_html = MarkdownIt("commonmark", {"html": True}).render(export_analysis(spec, result, "md"))
    assert open_and_count_dialogs(browser, html, tmp_path, "audit") == []
    assert open_and_count_dialogs(browser, markdown_as_html, tmp_path, "audit_md") == []


def test_every_block_type_with_hostile_text_runs_nothing(browser, tmp_path):
    report = hostile_report()
    markdown_as_html = MarkdownIt("commonmark", {"html": True}).enable("table").render(report.to_markdown())
    assert open_and_count_dialogs(browser, report.to_html(), tmp_path, "blocks") == []
    assert open_and_count_dialogs(browser, markdown_as_html, tmp_path, "blocks_md") == []
