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
from tests.dashboard.fixtures import sample_warehouse

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
    assert browser.evaluate("[...document.querySelectorAll('#claims a')].every(a => a.protocol === 'https:')")
    assert browser.errors() == []
