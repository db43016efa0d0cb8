"""Peak memory of the stages on one big article file, in a process of its own:
``python -m tests.ingest.big_file <raw folder> <warehouse> [megabytes]`` writes the
file (generated articles back to back), runs ingest, clean and extract on it, and
prints one JSON line: the file's size, the peak RSS (MiB) after each stage, seconds."""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # Linux: KiB


def write_big_file(path: Path, megabytes: int) -> int:
    from tests.helpers import article

    body = "\n".join(article(i) for i in range(20)) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        while handle.tell() < megabytes * 1024 * 1024:
            handle.write(body)
    return path.stat().st_size


def main(raw: Path, warehouse: Path, megabytes: int = 50) -> dict:
    from pipeline.clean.run_clean import clean_pending
    from pipeline.extract.run_extract import extract_pending
    from pipeline.ingest.run_ingest import ingest_raw_folder
    from pipeline.settings import Settings
    from pipeline.warehouse.store import Warehouse

    raw.mkdir(parents=True, exist_ok=True)
    report = {"file_bytes": write_big_file(raw / "huge.txt", megabytes), "start_mib": peak_mib()}
    store, started = Warehouse(str(warehouse)), time.perf_counter()
    settings = Settings(raw_dir=str(raw), warehouse=str(warehouse), n_process=1)
    for stage, step in (("ingest", lambda: ingest_raw_folder(store, raw, "big")),
                        ("clean", lambda: clean_pending(store, "big")),
                        ("extract", lambda: extract_pending(store, settings, "big"))):
        step()
        report[f"{stage}_mib"] = peak_mib()
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


if __name__ == "__main__":
    args = sys.argv[1:]
    print(json.dumps(main(Path(args[0]), Path(args[1]), *(int(a) for a in args[2:]))))
