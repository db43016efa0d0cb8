"""The dashboard in a real headless Chromium, driven over the DevTools protocol.

Needs Debian's ``chromium`` (``apt-get install -y chromium``) and the
``websockets`` package; skipped otherwise. Set REDLINE_DASHBOARD_SCREENSHOT to a
path to keep the screenshot of the sample corpus's dashboard (docs/dashboard.png
is made that way).
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.dashboard import write_dashboard
from tests.dashboard.fixtures import gaps_warehouse, sample_warehouse

websockets_sync = pytest.importorskip("websockets.sync.client", reason="the websockets package is not installed")
CHROMIUM = next(filter(None, map(shutil.which, ["chromium", "chromium-browser", "google-chrome"])), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found: install Debian's chromium package to run the browser tests"
)
TITLE = "redline · claims dashboard"
ROWS_JS = "[...document.querySelectorAll('#claims tbody tr')].filter(r => !r.hidden).length"


class Page:
    """The least of a DevTools client: send a command, wait for its answer, keep the events."""

    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(expression)):
            if time.monotonic() > deadline:
                raise TimeoutError(expression)
            time.sleep(0.1)
        return value

    def open(self, path: Path) -> None:
        self.events.clear()
        self.send("Page.navigate", url=path.as_uri())
        self.wait_for("document.readyState === 'complete' && document.querySelectorAll('.chart .main-svg').length >= 3")

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (CSP violations among them)."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(str(params["args"]))
            elif method == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
            elif method == "Page.javascriptDialogOpening":
                found.append("dialog: " + params["message"])
        return found

    def screenshot(self, path: Path) -> None:
        height = self.evaluate("document.documentElement.scrollHeight")
        self.send("Emulation.setDeviceMetricsOverride", width=1300, height=height, deviceScaleFactor=1, mobile=False)
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))


def _devtools_port(profile: Path, proc: subprocess.Popen) -> int:
    port_file = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while not port_file.exists() or not port_file.read_text().strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"Chromium did not start (exit code {proc.poll()})")
        time.sleep(0.1)
    return int(port_file.read_text().split()[0])


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium-profile")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            "--window-size=1300,900", f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port = _devtools_port(profile, proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = [t for t in json.load(response) if t["type"] == "page"]
        with websockets_sync.connect(targets[0]["webSocketDebuggerUrl"], max_size=None) as ws:
            page = Page(ws)
            for domain in ("Page", "Runtime", "Log"):
                page.send(f"{domain}.enable")
            # Any payload that runs would call alert(); record it instead of blocking the page.
            page.send("Page.addScriptToEvaluateOnNewDocument",
                      source="window.__xss = []; window.alert = (m) => window.__xss.push(String(m));")
            yield page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def sample_page(sample_run, tmp_path_factory):
    """The dashboard the real pipeline wrote for the sample corpus, and its warehouse."""
    import duckdb

    _, warehouse, _ = sample_run
    with duckdb.connect(str(warehouse), read_only=True) as con:
        n_claims = con.sql("SELECT count(*) FROM claims_timeline").fetchone()[0]
        speakers = [r[0] for r in con.sql(
            "SELECT speaker_name FROM claims_timeline WHERE speaker_name IS NOT NULL "
            "GROUP BY ALL ORDER BY count(*) DESC, speaker_name LIMIT 2").fetchall()]
    return warehouse.with_suffix(".html"), n_claims, speakers


def test_sample_dashboard_renders_without_errors(browser, sample_page, tmp_path):
    path, n_claims, _ = sample_page
    browser.open(path)
    assert browser.evaluate("document.title") == TITLE
    for chart in ("chart-topics", "chart-stances", "chart-matrix"):
        assert browser.evaluate(f"document.querySelectorAll('#{chart} svg').length") > 0, chart
    assert browser.evaluate("document.querySelectorAll('#chart-topics .bars path').length") > 0
    assert browser.evaluate("document.querySelectorAll('#chart-matrix .scatterlayer path.point').length") > 0
    assert n_claims > 0 and browser.evaluate(ROWS_JS) == min(n_claims, 1000)
    assert "Our missile systems are a red line" in browser.evaluate("document.getElementById('claims').innerText")
    assert browser.errors() == []
    shot = Path(os.environ.get("REDLINE_DASHBOARD_SCREENSHOT") or tmp_path / "dashboard.png")
    browser.screenshot(shot)
    assert shot.stat().st_size > 10_000


def test_typing_a_speaker_filters_the_table(browser, sample_page):
    path, _, speakers = sample_page
    browser.open(path)
    before = browser.evaluate(ROWS_JS)
    browser.evaluate("document.getElementById('filter-text').focus()")
    browser.send("Input.insertText", text=speakers[0])
    after = browser.wait_for(f"({ROWS_JS}) < {before} && ({ROWS_JS})")
    texts = browser.evaluate(
        "[...document.querySelectorAll('#claims tbody tr')].filter(r => !r.hidden).map(r => r.dataset.speaker)")
    assert 0 < after < before and set(texts) == {speakers[0]}
    assert browser.evaluate("document.getElementById('filter-count').textContent") == f"{after} of {before} claims"
    # A select narrows further and clearing everything brings every row back.
    browser.evaluate("const s = document.getElementById('filter-stance'); s.selectedIndex = 1;"
                     "s.dispatchEvent(new Event('change'))")
    assert browser.evaluate(ROWS_JS) <= after
    browser.evaluate("document.getElementById('filter-text').value = ''; document.getElementById('filter-stance')"
                     ".selectedIndex = 0; document.getElementById('filter-text').dispatchEvent(new Event('input'))")
    assert browser.evaluate(ROWS_JS) == before
    assert browser.errors() == []


def test_hostile_text_shows_as_text_and_never_runs(browser, tmp_path):
    con = sample_warehouse(hostile=True)
    path = Path(write_dashboard(con, tmp_path / "hostile.html")["path"])
    con.close()
    browser.open(path)
    assert browser.evaluate("window.__xss") == []
    assert browser.evaluate("document.title") == TITLE  # the onerror payload would rename the page
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    table = browser.evaluate("document.getElementById('claims').innerText")
    assert "We warn <script>alert(1)</script>" in table
    assert "Mr <img src=x onerror=" in table
    assert "Breaking <script>alert(1)</script>" in table
    matrix = browser.evaluate("document.getElementById('chart-matrix').textContent")
    assert "Mr <img src=x onerror=" in matrix
    # Source links are web links only; the others are the page's own links to speaker pages.
    assert browser.evaluate("[...document.querySelectorAll('#claims a:not(.speaker)')].every(a => a.protocol === 'https:')")
    assert browser.evaluate("[...document.querySelectorAll('#claims a.speaker')]"
                            ".every(a => /^#speaker-page-[0-9]+$/.test(a.getAttribute('href')))")
    assert browser.errors() == []


def _choose(browser: Page, select_id: str, index: int) -> None:
    browser.evaluate(f"const s = document.getElementById('{select_id}'); s.selectedIndex = {index};"
                     "s.dispatchEvent(new Event('change'))")


def _set_dates(browser: Page, start: str, end: str) -> None:
    browser.evaluate(f"document.getElementById('filter-from').value = '{start}';"
                     f"document.getElementById('filter-to').value = '{end}';"
                     "document.getElementById('filter-to').dispatchEvent(new Event('change'))")


def test_date_range_narrows_the_table_and_the_charts(browser, sample_page):
    path, _, _ = sample_page
    browser.open(path)
    periods = browser.evaluate("document.getElementById('chart-topics').layout.xaxis.categoryarray")
    assert len(periods) >= 2
    last = periods[-1]
    start = last + "-01" if len(last) == 7 else last
    before = browser.evaluate(ROWS_JS)
    _set_dates(browser, start, "2100-01-01")
    dates = browser.evaluate("[...document.querySelectorAll('#claims tbody tr')].filter(r => !r.hidden)"
                             ".map(r => r.dataset.date)")
    assert 0 < len(dates) < before and all(d and d >= start for d in dates)
    shown = browser.wait_for("(() => { const r = document.getElementById('chart-topics').layout.xaxis.range;"
                             " return r && r[0] > 0 && r; })()")
    assert shown == [len(periods) - 1.5, len(periods) - 0.5]  # only the last period is in view
    browser.evaluate("document.getElementById('filter-dates-clear').click()")
    assert browser.evaluate(ROWS_JS) == before
    assert browser.errors() == []


def test_a_speaker_page_shows_their_statements_topics_and_sources(browser, sample_page):
    path, _, speakers = sample_page
    browser.open(path)
    assert browser.evaluate("[...document.querySelectorAll('.speaker-page')].every(p => p.hidden)")
    _choose(browser, "speaker-pick", 1)  # the most quoted speaker
    page = browser.wait_for("(() => { const p = document.querySelector('.speaker-page:not([hidden])');"
                            " return p && p.querySelector('.main-svg') && p.id; })()")
    assert page == "speaker-page-0"
    text = browser.evaluate(f"document.getElementById('{page}').innerText")
    assert speakers[0] in text and "stance per topic" in text.lower()
    assert browser.evaluate(f"document.querySelectorAll('#{page} .scatterlayer path.point').length") > 0
    assert browser.evaluate(f"document.querySelectorAll('#{page} .speaker-sources tbody tr').length") > 0
    # A name in the claims table opens that speaker's page.
    browser.evaluate("document.querySelector('#claims a.speaker:not([data-page=\"0\"])').click()")
    other = browser.wait_for("(() => { const p = document.querySelector('.speaker-page:not([hidden])');"
                             " return p && p.id !== 'speaker-page-0' && p.querySelector('.main-svg') && p.id; })()")
    name = browser.evaluate(f"document.querySelector('#{other} h3').textContent")
    assert name == browser.evaluate(f"document.querySelector('#claims a[data-page=\"{other.rsplit('-', 1)[1]}\"]').textContent")
    assert browser.errors() == []


def test_csv_download_holds_the_filtered_rows_as_text(browser, tmp_path):
    import csv

    con = gaps_warehouse()
    path = Path(write_dashboard(con, tmp_path / "gaps.html")["path"])
    con.close()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.open(path)
    browser.send("Page.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    _choose(browser, "filter-speaker", [o for o in browser.evaluate(
        "[...document.getElementById('filter-speaker').options].map(o => o.value)")].index("Hassan Rouhani"))
    visible = browser.evaluate(ROWS_JS)
    browser.evaluate("document.getElementById('export-csv').click()")
    deadline = time.monotonic() + 30
    # Chromium makes an empty file of the final name when the download starts and writes
    # it through a .crdownload file: wait until that is gone and the file holds the rows.
    while not ((done := list(downloads.glob("*.csv"))) and done[0].stat().st_size
               and not list(downloads.glob("*.crdownload"))) and time.monotonic() < deadline:
        time.sleep(0.2)
    (saved,) = done
    assert saved.name == "redline-claims.csv"
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == visible == 3 and {r["speaker_name"] for r in rows} == {"Hassan Rouhani"}
    # A statement that a spreadsheet would run as a formula stays text.
    assert any(r["claim_text"].startswith("'=HYPERLINK(") for r in rows)
    assert browser.errors() == []


def test_axis_labels_stay_clear_of_the_legend(browser, sample_page):
    path, _, _ = sample_page
    browser.open(path)
    for chart in ("chart-topics", "chart-stances"):
        overlaps = browser.evaluate(f"""(() => {{
            const root = document.getElementById('{chart}');
            const legend = root.querySelector('.legend').getBoundingClientRect();
            const ticks = [...root.querySelectorAll('.xtick text')].map(t => t.getBoundingClientRect());
            const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            return [ticks.length, ticks.filter(t => hit(t, legend)).length];
        }})()""")
        assert overlaps[0] > 0 and overlaps[1] == 0, chart
    assert browser.errors() == []


def test_unreadable_files_and_undated_claims_are_shown(browser, tmp_path):
    con = gaps_warehouse()
    path = Path(write_dashboard(con, tmp_path / "gaps.html")["path"])
    con.close()
    browser.open(path)
    assert "2" in browser.evaluate("document.getElementById('card-unreadable').innerText")
    assert "1 of 5 claims have no date" in browser.evaluate("document.getElementById('undated-note').innerText")
    browser.evaluate("document.getElementById('unreadable').open = true")
    errors = browser.evaluate("document.getElementById('unreadable').innerText")
    assert "bad <script>alert(1)</script>.json" in errors and "the file is empty" in errors
    assert browser.evaluate("window.__xss") == [] and browser.errors() == []
