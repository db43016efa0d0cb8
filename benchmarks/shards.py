"""redline benchmark (issue 18): N shard processes into one DuckDB file against N into
one DuckLake catalog (PostgreSQL), on the same corpus.

    python benchmarks/shards.py 800 --shards 1 2 4 [--postgres DSN] [--json out.json]

Builds N distinct articles (benchmarks/corpus.py), then for each backend and shard count:
reads and cleans them into a fresh warehouse (not timed: one process either way), starts
the N shard processes at once (each `extract_pending` of its hash bucket, one spaCy
process, as a Dagster run of one partition would) and times them until the last one ends.
It reports wall seconds, words per second, rows, and per shard the seconds spent opening
the warehouse (lock waits, catalog attach) and inside write transactions (commits, DuckLake
conflicts retried) from ``pipeline.warehouse.write.WAITS``. Then, once per backend, the
global single-process steps (speakers, claim_clusters) on all the claims, with their cost
per 100,000 claims. Without --postgres it starts a throwaway PostgreSQL server
(tests/warehouse/postgres_server.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.corpus import DEFAULT_SOURCE, load_sources, write_corpus  # noqa: E402


def worker(args: argparse.Namespace) -> None:
    """One shard: extract its documents, print what it did as one JSON line."""
    from pipeline.extract.run_extract import extract_pending
    from pipeline.settings import Settings
    from pipeline.shards import Shard
    from pipeline.warehouse.store import Warehouse
    from pipeline.warehouse.write import WAITS

    start = time.perf_counter()
    store = Warehouse(args.warehouse, lock_attempts=30, data_path=args.data_path)
    settings = Settings(raw_dir=".", warehouse=args.warehouse, n_process=1)
    stats = extract_pending(store, settings, f"bench-{args.shard}", Shard(args.shard, args.of),
                            log=lambda _msg: None).stats
    print(json.dumps({"shard": args.shard, "seconds": round(time.perf_counter() - start, 2),
                      "documents": stats["documents_processed"], "nlp_seconds": stats["nlp_seconds"],
                      "connect_seconds": round(WAITS.connect_seconds, 2), "write_seconds": round(WAITS.write_seconds, 2),
                      "conflicts": WAITS.conflicts}))


def prepare(raw: Path, warehouse: str, data_path: str | None) -> None:
    """Read and clean the corpus into a fresh warehouse (the unpartitioned steps)."""
    from pipeline.clean.run_clean import clean_pending
    from pipeline.ingest.run_ingest import ingest_raw_folder
    from pipeline.warehouse.store import Warehouse

    store = Warehouse(warehouse, data_path=data_path)
    ingest_raw_folder(store, raw, "bench")
    clean_pending(store, "bench")


def run_shards(n: int, warehouse: str, data_path: str | None) -> tuple[float, list[dict]]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "worker", "--of", str(n), "--warehouse", warehouse]
    cmd += ["--data-path", data_path] if data_path else []
    start = time.perf_counter()
    procs = [subprocess.Popen([*cmd, "--shard", str(k)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for k in range(n)]
    shards = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"a shard failed:\n{err[-3000:]}")
        shards.append(json.loads(out.strip().splitlines()[-1]))
    return time.perf_counter() - start, shards


def counts(warehouse: str, data_path: str | None) -> dict:
    from pipeline.warehouse.store import Warehouse

    with Warehouse(warehouse, data_path=data_path).connection() as con:
        words = con.sql("""SELECT coalesce(sum(len(string_split_regex(trim(d.text), '\\s+'))), 0)
                           FROM documents d JOIN document_extractions e USING (doc_id)
                           WHERE e.skipped_reason IS NULL""").fetchone()[0]
        rows = {t: con.sql(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "document_extractions", "claims", "rejected_rows")}
    return {"words": int(words), "rows": rows}


def global_steps(warehouse: str, data_path: str | None) -> dict:
    """speakers and claim_clusters, single-process by design, on every claim."""
    from pipeline.entities.run_entities import refresh_clusters, refresh_speakers
    from pipeline.warehouse.store import Warehouse

    store, out = Warehouse(warehouse, data_path=data_path), {}
    for name, step in (("speakers", refresh_speakers), ("claim_clusters", refresh_clusters)):
        start = time.perf_counter()
        step(store, "bench")
        out[f"{name}_seconds"] = round(time.perf_counter() - start, 2)
    return out


def backends(work: Path, postgres_dsn: str | None):
    """(name, a function giving a fresh (warehouse, data path) per measurement)."""
    server = None
    if postgres_dsn is None:
        from tests.warehouse.postgres_server import start_postgres

        server = start_postgres()
    names = iter(range(10**6))

    def file_mode():
        return str(work / f"file{next(names)}.duckdb"), None

    def lake_mode():
        k = next(names)
        dsn = server.create_database(f"bench{k}") if server else postgres_dsn
        return f"ducklake:postgres:{dsn}", str(work / f"lake{k}")

    return server, [("file", file_mode), ("ducklake", lake_mode)]


def measure(n_articles: int, shard_counts: list[int], source: Path, postgres: str | None, work: Path) -> dict:
    raw = work / "raw"
    written = write_corpus(raw, n_articles, load_sources(source))
    print(f"corpus: {n_articles} articles, {written:,} words", flush=True)
    server, modes = backends(work, postgres)
    results = {"articles": n_articles, "raw_words": written, "runs": []}
    try:
        # the backends alternate, so that a load that changes over the session weighs on both alike
        for n in shard_counts:
            for name, fresh in modes:
                warehouse, data_path = fresh()
                prepare(raw, warehouse, data_path)
                wall, shards = run_shards(n, warehouse, data_path)
                run = {"backend": name, "shards": n, "wall_seconds": round(wall, 1), "per_shard": shards,
                       **counts(warehouse, data_path)}
                run["words_per_second"] = round(run["words"] / wall)
                run["max_connect_seconds"] = max(s["connect_seconds"] for s in shards)
                run["max_write_seconds"] = max(s["write_seconds"] for s in shards)
                if n == max(shard_counts):
                    run.update(global_steps(warehouse, data_path))
                results["runs"].append(run)
                print(json.dumps({k: v for k, v in run.items() if k != "per_shard"}), flush=True)
    finally:
        if server:
            server.stop()
            shutil.rmtree(server.folder, ignore_errors=True)
    return results


def print_table(results: dict) -> None:
    print("\n| backend | shards | wall s | words/s | open s (max shard) | write s (max shard) | conflicts | claims |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results["runs"]:
        print(f"| {r['backend']} | {r['shards']} | {r['wall_seconds']} | {r['words_per_second']:,} | "
              f"{r['max_connect_seconds']} | {r['max_write_seconds']} | {sum(s['conflicts'] for s in r['per_shard'])} | "
              f"{r['rows']['claims']:,} |")
    for r in results["runs"]:
        if "speakers_seconds" in r:
            per = 100_000 / max(r["rows"]["claims"], 1)
            print(f"{r['backend']}: speakers {r['speakers_seconds']} s, claim_clusters {r['claim_clusters_seconds']} s "
                  f"for {r['rows']['claims']:,} claims: {r['speakers_seconds'] * per:.0f} s and "
                  f"{r['claim_clusters_seconds'] * per:.0f} s per 100,000 claims")


def worker_main(argv: list[str]) -> int:
    one = argparse.ArgumentParser(description="(internal) one shard process")
    one.add_argument("--shard", type=int, required=True)
    one.add_argument("--of", type=int, required=True)
    one.add_argument("--warehouse", required=True)
    one.add_argument("--data-path")
    worker(one.parse_args(argv))
    return 0


def main() -> int:
    if sys.argv[1:2] == ["worker"]:
        return worker_main(sys.argv[2:])
    parser = argparse.ArgumentParser(description="redline benchmark: shard processes into a DuckDB file and DuckLake")
    parser.add_argument("n", nargs="?", type=int, default=800, help="number of articles (default 800)")
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="PolNeAR root or a folder of .txt articles")
    parser.add_argument("--postgres", help="libpq string of an empty catalog database (default: a throwaway server)")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="redline-shards-") as tmp:
        results = measure(args.n, args.shards, args.source, args.postgres, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
