"""How fast the real app answers a person: first renders, widget changes and a new audit, in a real browser.

Starts the app the way the README and the browser tests do (``python -m streamlit run app.py``,
headless, on a free port, with a throw-away workspace), drives it with Debian's Chromium through
Playwright, and prints a table of seconds against the targets:

* first render of each page in a fresh session, under 3 s (the first visit after the server
  starts, "cold", and a second fresh session, "warm");
* a widget change that needs no new computation, under 1 s (switching the chart metric on
  Bias Audit, a ROI & Cost tab, a sweep rate in the threshold explorer);
* a new audit of the bundled sample (adult_predictions: 16,281 rows, 1,000 resamples), under 2 s.

A time runs from the person's action to the moment the app's script has finished running
(Streamlit's ``data-test-script-state`` back at ``notRunning``), watched by a MutationObserver
in the page, so neither polling nor fixed sleeps blur the figure. Figures are the median of
``--repeat`` runs. Run: ``python bench/bench_app.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser and flags the tests use)

FIRST_RENDER = 3.0
NO_COMPUTATION = 1.0
NEW_AUDIT = 2.0

# Records every change of the app's run state with its time, so a run is timed from the page's side.
WATCH = """
(() => {
  const app = document.querySelector('[data-testid=stApp]');
  window.__runs = [];
  new MutationObserver(() => window.__runs.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  return performance.now();
})()
"""
# Resolves with the time the first run after `since` finished (it must have started after `since`).
FINISHED = """
(since) => new Promise((resolve, reject) => {
  const limit = performance.now() + 120000;
  const check = () => {
    const runs = window.__runs.filter(([t]) => t >= since);
    const started = runs.findIndex(([, s]) => s === 'running');
    const done = started >= 0 && runs.slice(started).find(([, s]) => s === 'notRunning');
    if (done) return resolve(done[0]);
    if (performance.now() > limit) return reject(new Error('the app did not finish running'));
    requestAnimationFrame(check);
  };
  check();
})
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_server() -> Iterator[str]:
    """The app on a free port with an empty workspace; stopped (its whole process group) afterwards."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, DECISION_DESK_HOME=home)
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                   "--server.port", str(port), "--server.address", "127.0.0.1"]  # fmt: skip
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the app did not start")
                time.sleep(0.2)
            yield url
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)


def _settled(page) -> None:
    page.wait_for_function(
        "document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=120_000,
    )


def first_render(browser, url: str, path: str, title: str) -> float:
    """Seconds from opening ``path`` in a fresh session until its title is shown and its script has finished."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(f"{url}/{path}")
    page.locator("h1").filter(has_text=title).first.wait_for(timeout=120_000)
    _settled(page)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def timed(page, action: Callable[[], None]) -> float:
    """Seconds from ``action`` (a click, a choice) to the end of the run it causes, measured in the page."""
    _settled(page)
    since = page.evaluate(WATCH)
    action()
    finished = page.evaluate(FINISHED, since)
    return (finished - since) / 1000


def _choose(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _type_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")


def shown(page, action: Callable[[], None], ready) -> float:
    """Seconds from ``action`` until ``ready`` (a locator) is visible: for changes the browser makes alone."""
    _settled(page)
    start = time.perf_counter()
    action()
    ready.wait_for()
    return time.perf_counter() - start


AUDIT = "Bias Audit: new audit (seed; 16,281 rows, 1,000 resamples)"


def interactions(browser, url: str) -> list[tuple[str, float, float]]:
    """Widget changes on one session: (what, seconds, target)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{url}/bias_audit")
    page.get_by_text("Release gate").first.wait_for()
    _settled(page)
    figures = []

    def tab(name: str) -> Callable[[], None]:
        return lambda: page.get_by_role("tab", name=name).click()

    # The first chart of a session also loads the browser's chart library; the second opening does not.
    figures.append(("Bias Audit: open the Charts tab (first chart)", timed(page, tab("Charts")), NO_COMPUTATION))
    for metric in ["true positive rate", "false positive rate", "selection rate"]:
        change = timed(page, lambda m=metric: _choose(page, "Metric", m))
        figures.append(("Bias Audit: switch the chart metric", change, NO_COMPUTATION))
    figures.append(
        ("Bias Audit: open the Threshold explorer tab", timed(page, tab("Threshold explorer")), NO_COMPUTATION)
    )
    for rate in ["true positive rate", "selection rate"]:
        change = timed(page, lambda r=rate: page.locator(f"text='{r}' >> visible=true").first.click())
        figures.append(("Bias Audit: switch the sweep rate", change, NO_COMPUTATION))
    figures.append(("Bias Audit: open the Groups tab", timed(page, tab("Groups")), NO_COMPUTATION))
    figures.append(("Bias Audit: open the Charts tab again", timed(page, tab("Charts")), NO_COMPUTATION))
    for seed in ["1", "2", "3"]:
        figures.append((AUDIT, timed(page, lambda s=seed: _type_number(page, "Seed", s)), NEW_AUDIT))
    for limit in ["0.12", "0.15"]:
        change = timed(page, lambda v=limit: _type_number(page, "Max difference", v))
        figures.append(("Bias Audit: change the max difference (verdicts only)", change, NEW_AUDIT))
    figures.append(("Bias Audit: open the Mitigation tab (fits thresholds)", timed(page, tab("Mitigation")), NEW_AUDIT))
    page.goto(f"{url}/roi_cost")
    page.get_by_text("Highest NPV").wait_for()
    _settled(page)
    for name, text in [
        ("Savings plan", "Likely saving"),
        ("Break-even", "Monthly saving"),
        ("Investment case", "Highest NPV"),
    ]:
        ready = page.get_by_text(text).first
        figures.append(("ROI & Cost: switch tab (no rerun)", shown(page, tab(name), ready), NO_COMPUTATION))
    context.close()
    return figures


def menu(browser, url: str) -> list[tuple[str, str]]:
    """(path, title) of every page in the app's menu (this first visit also warms Home)."""
    context = browser.new_context()
    page = context.new_page()
    # Until app.py has run once, Streamlit lists the pages/ folder instead of the app's menu: let it run first.
    page.goto(url)
    page.locator("h1").filter(has_text="Decision Desk").first.wait_for(timeout=120_000)
    page.reload()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Datasets").wait_for(timeout=120_000)
    pages = []
    for link in page.get_by_test_id("stSidebarNavLink").all():
        name = link.inner_text().split("\n")[-1].strip()
        path = (link.get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1]
        pages.append(("" if ":" in path else path, "Decision Desk" if name == "Home" else name))
    context.close()
    return pages


def _row(what: str, seconds: list[float], target: float) -> str:
    middle = statistics.median(seconds)
    verdict = "ok" if middle < target else "SLOW"
    return f"{what:58} {middle:>8.2f} {max(seconds):>8.2f} {len(seconds):>4} {target:>7.1f} {verdict:>7}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="warm first renders per page (default 3)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with app_server() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = menu(browser, url)
        for path, title in pages:
            cold = first_render(browser, url, path, title)
            warm = [first_render(browser, url, path, title) for _ in range(args.repeat)]
            rows.append(_row(f"first render, cold: {title}", [cold], FIRST_RENDER))
            rows.append(_row(f"first render, warm: {title}", warm, FIRST_RENDER))
        changes: dict[tuple[str, float], list[float]] = {}
        for what, seconds, target in interactions(browser, url):
            changes.setdefault((what, target), []).append(seconds)
        rows += [_row(what, seconds, target) for (what, target), seconds in changes.items()]
        browser.close()
    print("Decision Desk in Chromium: seconds from the action to the end of the app's run (median of runs)")
    print(f"{'measure':58} {'median':>8} {'max':>8} {'runs':>4} {'target':>7} {'verdict':>7}")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
