"""redline benchmark (issue 8): the pipeline through Dagster against raw spaCy.

    /tmp/venv/bin/python benchmarks/run.py [N] [--n-process 2] [--json out.json]

Builds N distinct articles (halves of two different PolNeAR / sample articles)
in a temporary raw folder, then measures, each in its own subprocess with the
peak RSS of its process tree sampled every 0.2 s:

1. full: ``dagster asset materialize --select '*'`` into a fresh warehouse;
2. no-op: the same command again, nothing changed;
3. one new file: one more distinct article, the same command again;
4. raw spaCy: ``nlp.pipe`` over the cleaned texts the full run parsed, same
   model (``spacy.load``, nothing disabled), same processes and batch size.

Words are whitespace tokens of the cleaned texts (``documents.text``), the
same texts for the pipeline and for raw spaCy.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import DEFAULT_SOURCE, SAMPLE_DIR, duplicate_report, iter_articles, load_sources, write_corpus  # noqa: E402
from benchmarks.measure import Measured, run_measured  # noqa: E402
from pipeline.settings import DEFAULT_BATCH_SIZE, settings_from_env  # noqa: E402

TARGETS = {"throughput_ratio": 0.85, "noop_pct": 3.0, "one_new_pct": 5.0, "rss_mib_20k": 1536.0}


def dagster_bin() -> str:
    local = Path(sys.executable).with_name("dagster")
    return str(local) if local.exists() else (shutil.which("dagster") or "dagster")


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "load_average_at_start": [round(v, 2) for v in os.getloadavg()]}
    try:
        import psutil

        info["memory_gib"] = round(psutil.virtual_memory().total / 1024**3, 1)
    except Exception:  # noqa: BLE001
        pass
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import dagster
        import duckdb
        import spacy

        info.update(spacy=spacy.__version__, dagster=dagster.__version__, duckdb=duckdb.__version__)
    except Exception:  # noqa: BLE001
        pass
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        pass
    return info


def step_stats(dagster_home: Path) -> dict:
    """Per-step seconds of the latest run and the claims asset's own NLP metadata."""
    from dagster import AssetKey, DagsterInstance

    with DagsterInstance.from_config(str(dagster_home)) as instance:
        records = instance.get_run_records(limit=1)
        if not records:
            return {}
        run = records[0].dagster_run
        steps = {
            s.step_key: round((s.end_time or 0) - (s.start_time or 0), 2)
            for s in instance.get_run_step_stats(run.run_id)
            if s.start_time and s.end_time
        }
        out = {"run_id": run.run_id, "status": run.status.value, "steps": steps}
        event = instance.get_latest_materialization_event(AssetKey("claims"))
        if event and event.run_id == run.run_id and event.asset_materialization:
            meta = event.asset_materialization.metadata
            out["claims_metadata"] = {
                k: getattr(meta[k], "value", None)
                for k in ("documents_processed", "documents_skipped", "nlp_seconds", "words_per_second", "n_process")
                if k in meta
            }
        return out


def materialize(label: str, work: Path, env: dict) -> dict:
    cmd = [dagster_bin(), "asset", "materialize", "-m", "assets.definitions", "--select", "*"]
    print(f"[{label}] {' '.join(cmd)}", flush=True)
    measured = run_measured(cmd, env=env, cwd=REPO, log=work / f"{label}")
    result = summary(measured)
    if measured.returncode != 0:
        tail = "\n".join(measured.stderr.splitlines()[-30:])
        raise SystemExit(f"[{label}] dagster failed ({measured.returncode}); logs in {work / label}.err\n{tail}")
    result["dagster"] = step_stats(Path(env["DAGSTER_HOME"]))
    print(f"[{label}] {measured.seconds:.1f} s, peak RSS {measured.peak_rss_mib:.0f} MiB", flush=True)
    return result


def summary(measured: Measured) -> dict:
    return {
        "seconds": round(measured.seconds, 3),
        "peak_rss_mib": round(measured.peak_rss_mib, 1),
        "max_single_process_rss_mib": round(measured.max_single_rss_mib, 1),
        "cpu_seconds": round(measured.cpu_seconds, 1),
    }


def parsed_texts(warehouse: Path, out: Path, exclude: set[str] = frozenset()) -> tuple[int, int, int]:
    """Write the cleaned texts that the claims asset parsed (not skipped) to ``out``
    as JSON Lines, in its order; (documents, words, duplicates flagged)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        duplicates = con.sql("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
        cursor = con.execute(
            """SELECT d.source_path, d.text FROM documents d JOIN document_extractions e USING (doc_id)
               WHERE e.skipped_reason IS NULL ORDER BY d.doc_id"""
        )
        docs = words = 0
        with open(out, "w", encoding="utf-8") as lines:
            while batch := cursor.fetchmany(500):
                for path, text in batch:
                    if path in exclude:
                        continue
                    lines.write(json.dumps(text) + "\n")
                    docs += 1
                    words += len(text.split())
    finally:
        con.close()
    return docs, words, duplicates


def documents_for(warehouse: Path, source_path: str) -> tuple[int, int]:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("SELECT text FROM documents WHERE source_path = ?", [source_path]).fetchall()
    finally:
        con.close()
    return len(rows), sum(len(r[0].split()) for r in rows)


def rate(amount: float, seconds: float) -> float | None:
    return round(amount / seconds, 2) if amount and seconds else None


def print_table(results: dict) -> None:
    m = results["measurements"]
    full_s = m["full"]["seconds"]
    header = f"{'measurement':<24}{'docs':>7}{'words':>10}{'wall s':>9}{'words/s':>10}{'docs/s':>9}{'peak RSS MiB':>14}{'CPU s':>8}{'% of full':>11}"
    print("\n" + header + "\n" + "-" * len(header))
    for key, label in [
        ("raw_spacy", "raw spaCy nlp.pipe"),
        ("raw_spacy_process", "raw spaCy (+load)"),
        ("full", "pipeline, full"),
        ("noop", "pipeline, no-op"),
        ("one_new", "pipeline, one new file"),
    ]:
        row = m.get(key)
        if not row:
            continue
        pct = f"{100 * row['seconds'] / full_s:.1f}" if key in ("noop", "one_new") else ""
        fmt = lambda v, spec: format(v, spec) if v is not None else format("-", spec.rstrip("f").split(".")[0])  # noqa: E731
        print(
            f"{label:<24}{row['documents']:>7}{row['words']:>10}{row['seconds']:>9.1f}"
            f"{fmt(row.get('words_per_s'), '>10.0f')}{fmt(row.get('docs_per_s'), '>9.2f')}"
            f"{fmt(row.get('peak_rss_mib'), '>14.0f')}{fmt(row.get('cpu_seconds'), '>8.0f')}{pct:>11}"
        )
    r = results["ratios"]
    print()
    print(f"pipeline / raw nlp.pipe throughput: {r['throughput_ratio']:.3f} (target >= {TARGETS['throughput_ratio']})")
    print(f"pipeline / raw spaCy process (incl. model load): {r['throughput_ratio_vs_process']:.3f}")
    print(f"raw spaCy process CPU s / pipeline full run CPU s: {r['cpu_ratio']:.3f} (less sensitive to the load)")
    print(f"no-op run: {r['noop_pct']:.1f}% of the full run (target <= {TARGETS['noop_pct']}%)")
    print(f"one new file: {r['one_new_pct']:.1f}% of the full run (target <= {TARGETS['one_new_pct']}%)")
    load = results.get("machine", {})
    if load.get("load_average_at_start"):
        print(f"load average at start {load['load_average_at_start']}, at end {load.get('load_average_at_end')} "
              f"({load.get('cpus')} CPUs): other work on the machine slows every figure")
    print(f"documents flagged duplicate_of: {results['corpus']['duplicates_in_warehouse']} "
          f"(pre-check on the raw texts: {results['corpus']['duplicates_precheck']})")
    for key in ("full", "noop", "one_new"):
        dag = m.get(key, {}).get("dagster", {})
        steps = dag.get("steps", {})
        if steps:
            listed = ", ".join(f"{k} {v:.1f}" for k, v in steps.items())
            print(f"{key} steps (s): {listed}; outside steps: {m[key]['seconds'] - sum(steps.values()):.1f}")
        if dag.get("claims_metadata"):
            print(f"{key} claims asset: {dag['claims_metadata']}")


def main() -> int:
    parser = argparse.ArgumentParser(description="redline benchmark: pipeline through Dagster vs raw spaCy")
    parser.add_argument("n", nargs="?", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="PolNeAR root or a folder of .txt articles")
    parser.add_argument("--n-process", type=int, default=int(os.environ.get("REDLINE_N_PROCESS") or 2))
    parser.add_argument("--batch-size", type=int, default=int(os.environ.get("REDLINE_BATCH_SIZE") or DEFAULT_BATCH_SIZE))
    parser.add_argument("--skip-raw", action="store_true", help="leave out the raw spaCy measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--workdir", type=Path, help="use this folder instead of a temporary one (must not exist)")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()

    started = datetime.now(UTC)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="redline-bench-"))
    work.mkdir(parents=True, exist_ok=bool(not args.workdir))
    raw_dir, home = work / "raw", work / "dagster_home"
    home.mkdir()
    warehouse = work / "redline.duckdb"

    model = settings_from_env().spacy_model
    env = {
        **os.environ,
        "REDLINE_RAW_DIR": str(raw_dir),
        "REDLINE_WAREHOUSE": str(warehouse),
        "REDLINE_DASHBOARD": str(work / "dashboard.html"),
        "REDLINE_N_PROCESS": str(args.n_process),
        "REDLINE_BATCH_SIZE": str(args.batch_size),
        "REDLINE_SPACY_MODEL": model,
        "DAGSTER_HOME": str(home),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    results: dict = {"started_at": started.isoformat(timespec="seconds"), "machine": machine(), "workdir": str(work),
                     "settings": {"n": args.n, "n_process": args.n_process, "batch_size": args.batch_size,
                                  "model": model, "words": "whitespace tokens of documents.text (cleaned)"},
                     "targets": TARGETS, "measurements": {}}
    m = results["measurements"]
    try:
        t = time.perf_counter()
        sources = load_sources(args.source, SAMPLE_DIR)
        input_words = write_corpus(raw_dir, args.n, sources)
        precheck = duplicate_report(iter_articles(0, args.n + 1, sources))  # includes the one new file
        results["corpus"] = {"sources": len(sources), "articles": args.n, "input_words": input_words,
                             "duplicates_precheck": len(precheck), "build_seconds": round(time.perf_counter() - t, 1)}
        print(f"corpus: {args.n} articles, {input_words} words from {len(sources)} sources in {raw_dir} "
              f"({len(precheck)} near-duplicates by pipeline.clean.near_duplicates)", flush=True)

        m["full"] = materialize("full", work, env)
        texts = work / "texts.jsonl"
        docs, words, duplicates = parsed_texts(warehouse, texts)
        results["corpus"]["duplicates_in_warehouse"] = duplicates
        m["full"].update(documents=docs, words=words)

        m["noop"] = materialize("noop", work, env)
        m["noop"].update(documents=0, words=0)

        new_name, new_text = next(iter_articles(args.n, args.n + 1, sources))
        (raw_dir / new_name).write_text(new_text, encoding="utf-8")
        m["one_new"] = materialize("one_new", work, env)
        m["one_new"].update(zip(("documents", "words"), documents_for(warehouse, new_name), strict=True))

        if not args.skip_raw:
            # the processes the claims asset actually used (it stays in one for small runs)
            n_process = m["full"]["dagster"].get("claims_metadata", {}).get("n_process") or args.n_process
            results["settings"]["raw_n_process"] = n_process
            cmd = [sys.executable, "-m", "benchmarks.raw_spacy", str(texts), "--model", model,
                   "--n-process", str(n_process), "--batch-size", str(args.batch_size)]
            print(f"[raw] {' '.join(cmd)}", flush=True)
            measured = run_measured(cmd, env=env, cwd=REPO, log=work / "raw")
            if measured.returncode != 0:
                raise SystemExit(f"[raw] failed:\n{measured.stderr[-3000:]}")
            raw = json.loads(measured.stdout.strip().splitlines()[-1])
            print(f"[raw] {raw['pipe_seconds']:.1f} s in nlp.pipe, {measured.seconds:.1f} s in all, "
                  f"peak RSS {measured.peak_rss_mib:.0f} MiB", flush=True)
            m["raw_spacy"] = {**summary(measured), "seconds": round(raw["pipe_seconds"], 3),
                              "documents": raw["documents"], "words": raw["words"], "tokens": raw["tokens"],
                              "components": raw["components"], "load_seconds": round(raw["load_seconds"], 2)}
            m["raw_spacy_process"] = {**summary(measured), "documents": raw["documents"], "words": raw["words"]}
            m["raw_spacy"]["cpu_seconds"] = None  # the tree's CPU is only known for the whole process
        for row in m.values():
            row["words_per_s"] = rate(row["words"], row["seconds"])
            row["docs_per_s"] = rate(row["documents"], row["seconds"])
        full = m["full"]["seconds"]
        raw_wps = m.get("raw_spacy", {}).get("words_per_s")
        raw_proc_wps = m.get("raw_spacy_process", {}).get("words_per_s")
        results["ratios"] = {
            "throughput_ratio": round(m["full"]["words_per_s"] / raw_wps, 3) if raw_wps else float("nan"),
            "throughput_ratio_vs_process": round(m["full"]["words_per_s"] / raw_proc_wps, 3) if raw_proc_wps else float("nan"),
            # CPU seconds of raw spaCy's whole process over the full run's: what the pipeline adds to
            # spaCy's work, which the machine's load changes far less than wall times (each process
            # tree's own CPU, from wait4)
            "cpu_ratio": (round(m["raw_spacy_process"]["cpu_seconds"] / m["full"]["cpu_seconds"], 3)
                          if m.get("raw_spacy_process", {}).get("cpu_seconds") else float("nan")),
            "noop_pct": round(100 * m["noop"]["seconds"] / full, 2),
            "one_new_pct": round(100 * m["one_new"]["seconds"] / full, 2),
        }
        results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        results["machine"]["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
        print_table(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
            print(f"\nresults written to {args.json}")
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"work folder kept: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
