"""The `redline run` progress display, fed by a Dagster logger.

Dagster hands every event of a run (step started, succeeded, failed) and every
message an asset logs to the run's loggers. This module's logger turns them
into one line per asset on the terminal: a live line with a bar and a time
estimate while a stage reports ``<stage>: <done>/<total> ...`` (the run functions'
progress messages), then the stage's time when it ends. Without a terminal it
prints plain lines, at most one every few seconds per stage.
"""
from __future__ import annotations

import logging
import re
import sys
import time
from dataclasses import dataclass
from typing import TextIO

from dagster import logger

PROGRESS = re.compile(r"^(?P<stage>\w+): (?P<done>\d+)/(?P<total>\d+)\b")
BAR = 24
PLAIN_EVERY = 5.0  # seconds between plain progress lines of one stage


def duration(seconds: float) -> str:
    """12 s, 3 min 5 s, 1 h 2 min."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


@dataclass
class _Stage:
    name: str
    started: float
    label: str = ""
    done: int = 0
    total: int = 0
    first_done: int | None = None
    first_seen: float = 0.0
    printed: float = 0.0

    def estimate(self, now: float) -> str:
        """Time left at the rate since the first progress message, once there is a rate."""
        if self.first_done is None or self.done <= self.first_done or not self.total:
            return ""
        rate = (self.done - self.first_done) / max(now - self.first_seen, 1e-9)
        return f", about {duration((self.total - self.done) / rate)} left"

    def line(self, now: float) -> str:
        if not self.total:
            return f"  {self.label:<20} running, {duration(now - self.started)}"
        filled = BAR * self.done // self.total
        bar = "#" * filled + "-" * (BAR - filled)
        return f"  {self.label:<20} [{bar}] {self.done}/{self.total}{self.estimate(now)}"


class Display:
    """What the user sees during a run; ``assets`` are the step keys worth a line."""

    def __init__(self, assets: set[str], stream: TextIO | None = None, live: bool | None = None):
        self.assets, self.stream = assets, stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.stage: _Stage | None = None
        self.failures: list[tuple[str, str]] = []
        self.partition: str | None = None  # the shard the current run is for, if any

    def _write(self, text: str, end: str = "\n") -> None:
        if self.live:
            text = "\r\x1b[2K" + text  # back to the start of the line and clear it
        self.stream.write(text + end)
        self.stream.flush()

    def started(self, step: str) -> None:
        if step in self.assets:
            self.stage = _Stage(step, time.monotonic(), label=f"{step} {self.partition}" if self.partition else step)
            if self.live:
                self._write(self.stage.line(self.stage.started), end="")

    def progressed(self, step: str, message: str) -> None:
        found = PROGRESS.match(message)
        if not found or self.stage is None or self.stage.name != step:
            return
        stage, now = self.stage, time.monotonic()
        stage.done, stage.total = int(found["done"]), int(found["total"])
        if stage.first_done is None:
            stage.first_done, stage.first_seen = stage.done, now
        if self.live:
            self._write(stage.line(now), end="")
        elif now - stage.printed >= PLAIN_EVERY and stage.done < stage.total:
            stage.printed = now
            self._write(stage.line(now))

    def finished(self, step: str, ok: bool, error: str = "") -> None:
        if not ok:
            self.failures.append((step, error))
        if step not in self.assets:
            return
        ours = self.stage is not None and self.stage.name == step
        elapsed, label = (time.monotonic() - self.stage.started, self.stage.label) if ours else (0.0, step)
        self._write(f"  {label:<20} {'done' if ok else 'FAILED'} in {duration(elapsed)}")
        self.stage = None

    def record(self, record: logging.LogRecord) -> None:
        """One record from Dagster's log manager."""
        meta = getattr(record, "dagster_meta", None) or {}
        step, event = meta.get("step_key"), meta.get("dagster_event")
        if event is None:
            if step:
                self.progressed(step, str(meta.get("orig_message") or ""))
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self.started(step)
        elif kind == "STEP_SUCCESS":
            self.finished(step, True)
        elif kind == "STEP_FAILURE":
            error = event.step_failure_data.error
            self.finished(step, False, _cause(error) if error else "")


def _cause(error) -> str:
    """The innermost error's message: what failed, not Dagster's wrapper around it."""
    while error.cause is not None:
        error = error.cause
    lines = [line.strip() for line in error.message.splitlines() if line.strip()]
    return lines[0] if lines else error.cls_name or ""


class _Handler(logging.Handler):
    def __init__(self, display: Display):
        super().__init__(logging.DEBUG)
        self.display = display

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.display.record(record)
        except Exception:  # a display problem must never fail the run
            self.handleError(record)


def progress_logger(display: Display):
    """A Dagster logger definition that feeds ``display``."""

    @logger(description="The redline command's progress display.")
    def redline_progress(_init_context) -> logging.Logger:
        log = logging.Logger("redline.progress", logging.DEBUG)
        log.addHandler(_Handler(display))
        return log

    return redline_progress
