"""Run a command as a subprocess and measure its wall time and the peak RSS of its process tree."""
from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

MIB = 1024 * 1024


@dataclass
class Measured:
    seconds: float
    peak_rss_mib: float  # the largest sum of RSS over the process and all its descendants
    max_single_rss_mib: float  # ru_maxrss from wait4: the largest single process of the tree
    cpu_seconds: float  # user + system CPU of the process and its reaped descendants (wait4)
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:  # exited between listing and reading
            pass
    return total


def run_measured(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
    interval: float = 0.2, log: Path | None = None,
) -> Measured:
    """Run ``cmd``; sample the summed RSS of the tree every ``interval`` seconds.

    stdout and stderr go to files (``log`` + ``.out``/``.err`` when given) rather
    than pipes, so a chatty child never blocks on a full pipe.
    """
    log = log or Path(os.devnull)
    out_path, err_path = (Path(f"{log}.out"), Path(f"{log}.err")) if log != Path(os.devnull) else (log, log)
    peak = 0
    with open(out_path, "w") as out, open(err_path, "w") as err:
        start = time.perf_counter()
        popen = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        proc = psutil.Process(popen.pid)
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss(proc))
                stop.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(popen.pid, 0)
        seconds = time.perf_counter() - start
        returncode = popen.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    read = lambda p: p.read_text(errors="replace") if p != Path(os.devnull) else ""  # noqa: E731
    return Measured(seconds, peak / MIB, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, returncode, read(out_path), read(err_path))
