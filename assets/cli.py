"""The `redline` command: what users do every day, without the Dagster UI.

    redline run [--raw DIR] [--out DIR] [-v]   read, extract, refresh the marts and the dashboard
    redline reclassify [...]                   label the claims again (after editing the taxonomy)
    redline export --format csv|parquet [--table NAME] [--view NAME] [--out DIR]
    redline status [...]                       what a run would do, and how the last one went
    redline eval [redline-eval options]        measure extraction quality

`run` and `reclassify` launch the code location's own asset jobs in this process
(assets/launch.py), so with DAGSTER_HOME set their runs, logs and
materialisations show in `dagster dev` like any other.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from pipeline.settings import DASHBOARD_NAME, SettingsError, check, settings_from_env

WAREHOUSE_NAME = "redline.duckdb"
ERRORS_SHOWN = 10


def _paths(args: argparse.Namespace) -> None:
    """--raw and --out become the environment the code location reads (absolute, so the
    Dagster UI shows where a run read and wrote)."""
    if getattr(args, "raw", None):
        os.environ["REDLINE_RAW_DIR"] = str(Path(args.raw).resolve())
    if getattr(args, "out", None):
        out = Path(args.out).resolve()
        os.environ["REDLINE_WAREHOUSE"] = str(out / WAREHOUSE_NAME)
        os.environ["REDLINE_DASHBOARD"] = str(out / DASHBOARD_NAME)


def _settings(args: argparse.Namespace):
    _paths(args)
    try:
        return check(settings_from_env())
    except SettingsError as exc:
        raise SystemExit(f"redline: {exc}") from None


# --------------------------------------------------------------------------- run, reclassify

def _launch(args: argparse.Namespace, reclassify: bool) -> int:
    settings = _settings(args)  # first: importing the code location reads the environment
    from assets.definitions import build_definitions
    from assets.launch import execute, instance, reclassify_plan, run_plan, with_loggers
    from assets.progress import Display, duration
    from pipeline.outcome import utcnow

    defs = build_definitions(settings)
    if reclassify:
        defs, plan, what = reclassify_plan(defs, settings)
        print(f"redline reclassify: {what}", file=sys.stderr)
    else:
        plan = run_plan(settings)
    display = Display({key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()})
    dagster, persistent = instance()
    started, clock = utcnow(), time.monotonic()
    print(f"redline: reading {settings.raw_path.resolve()}", file=sys.stderr)
    results = execute(with_loggers(defs, display), plan, dagster, args.verbose, {"redline/trigger": "cli"}, display)
    ok = all(r.success for r in results) and len(results) == len(plan)
    print(f"redline: {'finished' if ok else 'FAILED'} in {duration(time.monotonic() - clock)}")
    for step, error in display.failures:
        print(f"  {step} failed: {error}")
    _print_summary(settings, results, started, persistent)
    if not ok:
        print("(rerun with -v for Dagster's logs, or open the run in the Dagster UI)")
    return 0 if ok else 1


def _stats(results, node: str) -> dict:
    """The materialisation metadata of ``node`` in the first result that has it."""
    for result in results:
        try:
            events = result.asset_materializations_for_node(node)
        except Exception:  # not in this run's job
            continue
        if events:
            return {key: value.value for key, value in events[-1].metadata.items()}
    return {}


def _warehouse_lines(settings, started) -> list[str]:
    """What the warehouse holds after the run, and the files this run could not read."""
    from pipeline.report import errors_since, totals
    from pipeline.warehouse.write import connect

    try:
        con = connect(settings.warehouse, read_only=True, attempts=3)
    except Exception as exc:  # the run failed before creating it, or another process holds it
        return [f"  warehouse  {settings.warehouse}: cannot be read ({exc})"]
    try:
        figures, errors = totals(con), errors_since(con, started, ERRORS_SHOWN + 1)
    finally:
        con.close()
    lines = [f"               {e.source_path}: {e.error_kind}: {e.message}" for e in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        lines.append("               ... more in the ingest_errors table")
    return lines + [
        f"  documents  {figures['documents']} ({figures['duplicates']} near-duplicates, counted once)",
        f"  claims     {figures['claims']} by {figures['speakers']} speakers, {figures['claim_clusters']} clusters",
        f"  warehouse  {Path(settings.warehouse).resolve()}",
    ]


def _print_summary(settings, results, started, persistent: bool) -> None:
    from pipeline.warehouse.snapshot import snapshot_path

    ingest = _stats(results, "raw_documents")
    lines = []
    if ingest:
        lines.append(f"  files      {ingest.get('files_read', 0)} read, {ingest.get('files_unreadable', 0)} could not be "
                     f"read ({ingest.get('files_new', 0)} new, {ingest.get('files_changed', 0)} changed, "
                     f"{ingest.get('files_unchanged', 0)} unchanged, {ingest.get('files_deleted', 0)} removed)")
    lines += _warehouse_lines(settings, started)
    snapshot = snapshot_path(settings.warehouse)
    if snapshot.exists():
        lines.append(f"  snapshot   {snapshot.resolve()}   (query this one: it never blocks a run)")
    dashboard = settings.dashboard_path.resolve()
    if dashboard.exists():
        lines.append(f"  dashboard  {dashboard}")
    run_ids = ", ".join(r.run_id.split("-")[0] for r in results)
    where = (f"recorded in DAGSTER_HOME={os.environ['DAGSTER_HOME']} (see them in `dagster dev`)" if persistent
             else "not recorded: set DAGSTER_HOME to keep runs for the Dagster UI")
    lines.append(f"  runs       {run_ids}, {where}")
    print("\n".join(lines))


# --------------------------------------------------------------------------- export

def _warehouse_path(value: str | None) -> Path:
    path = Path(value or os.environ.get("REDLINE_WAREHOUSE") or settings_from_env().warehouse)
    return path / WAREHOUSE_NAME if path.is_dir() else path


def _export(args: argparse.Namespace) -> int:
    from pipeline.warehouse.export import ExportError, export
    from pipeline.warehouse.snapshot import snapshot_path
    from pipeline.warehouse.write import connect

    warehouse = _warehouse_path(args.warehouse)
    # The snapshot, when there is one, so that an export never blocks a run.
    source = snapshot_path(warehouse) if snapshot_path(warehouse).exists() else warehouse
    if not source.exists():
        raise SystemExit(f"redline: no warehouse at {warehouse}: run `redline run` first")
    names, kind = (args.table or []) + (args.view or []), None
    if args.table and not args.view:
        kind = "table"
    elif args.view and not args.table:
        kind = "view"
    out = Path(args.out) if args.out else warehouse.parent / "export"
    con = connect(source, read_only=True)
    try:
        written = export(con, out, args.format, names, kind)
    except ExportError as exc:
        raise SystemExit(f"redline: {exc}") from None
    finally:
        con.close()
    print(f"redline export: from {source.resolve()}")
    for item in written:
        print(f"  {item.kind:<5} {item.name:<22} {item.rows:>8} rows  {item.path.resolve()}")
    return 0


# --------------------------------------------------------------------------- status

def _last_dagster_run() -> str:
    from assets.launch import instance

    if not os.environ.get("DAGSTER_HOME"):
        return "DAGSTER_HOME is not set: runs are not recorded"
    records = instance()[0].get_run_records(limit=1)
    if not records:
        return f"none recorded in DAGSTER_HOME={os.environ['DAGSTER_HOME']}"
    record = records[0]
    run = record.dagster_run
    when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(record.start_time or record.create_timestamp.timestamp()))
    took = f" in {record.end_time - record.start_time:.0f} s" if record.end_time and record.start_time else ""
    return f"{run.job_name} {run.status.value.lower()}{took}, started {when} (run {run.run_id.split('-')[0]})"


def _status(args: argparse.Namespace) -> int:
    from pipeline.report import errors_since, last_builds, pending_work, totals
    from pipeline.warehouse.snapshot import snapshot_path
    from pipeline.warehouse.write import connect

    _paths(args)
    settings = settings_from_env()
    warehouse = Path(settings.warehouse)
    print(f"warehouse  {warehouse.resolve()}")
    print(f"raw folder {settings.raw_path.resolve()}")
    print(f"last run   {_last_dagster_run()}")
    if not warehouse.exists():
        print("no warehouse yet: `redline run` creates it")
        return 0
    try:
        con = connect(warehouse, read_only=True, attempts=3)
    except Exception as exc:  # a run holds it: its snapshot says how things stood after the last run
        snapshot = snapshot_path(warehouse)
        if not snapshot.exists():
            raise SystemExit(f"redline: {exc}") from None
        print(f"(the warehouse is in use, {exc}; figures from the snapshot of the last run)")
        con = connect(snapshot, read_only=True)
    try:
        figures, pending = totals(con), pending_work(con, settings.raw_path)
        builds, errors = last_builds(con), errors_since(con)
    finally:
        con.close()
    print("holds      " + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in figures.items()))
    if builds:
        print("built      " + ", ".join(f"{name} {when:%Y-%m-%d %H:%M}" for name, when in builds.items()))
    if pending.raw_dir_missing:
        print("pending    the raw folder is not there")
    elif pending.nothing:
        print("pending    nothing: the warehouse is up to date with the raw folder")
    else:
        print(f"pending    {pending.files_new} new, {pending.files_changed} changed and {pending.files_deleted} "
              f"removed files; {pending.documents_to_clean} documents to clean, {pending.documents_to_extract} "
              "to extract (`redline run` does it)")
    if errors:
        print(f"unreadable {figures['files_unreadable']} files, e.g. {errors[0].source_path}: {errors[0].message}")
    return 0


# --------------------------------------------------------------------------- the parser

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="redline", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def folders(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--raw", metavar="DIR", help="folder of input files (default: REDLINE_RAW_DIR or data/raw)")
        sub.add_argument("--out", metavar="DIR", help="folder for the warehouse, its snapshot and the dashboard "
                                                      "(default: REDLINE_WAREHOUSE's folder, warehouse/)")

    for name, text in (("run", "read new and changed files, extract claims, refresh marts, dashboard and snapshot"),
                       ("reclassify", "label the claims again and refresh everything after them")):
        sub = commands.add_parser(name, help=text, description=text)
        folders(sub)
        sub.add_argument("-v", "--verbose", action="store_true", help="show Dagster's own logs")
    sub = commands.add_parser("export", help="write tables and views as CSV or Parquet (DuckDB COPY)")
    sub.add_argument("--format", choices=["csv", "parquet"], default="csv")
    sub.add_argument("--table", action="append", metavar="NAME", help="a table to export (repeatable)")
    sub.add_argument("--view", action="append", metavar="NAME", help="a view to export (repeatable)")
    sub.add_argument("--out", metavar="DIR", help="where the files go (default: export/ beside the warehouse)")
    sub.add_argument("--warehouse", metavar="PATH", help="the warehouse file or its folder (default: REDLINE_WAREHOUSE)")
    folders(commands.add_parser("status", help="what a run would do, and how the last one went"))
    commands.add_parser("eval", help="measure extraction quality (redline-eval; `redline eval --help`)", add_help=False)
    return parser


COMMANDS = {"run": lambda a: _launch(a, False), "reclassify": lambda a: _launch(a, True), "export": _export,
            "status": _status}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["eval"]:
        from pipeline.evaluation.cli import main as evaluate

        evaluate(argv[1:])
        return
    args = _parser().parse_args(argv)
    raise SystemExit(COMMANDS[args.command](args))


if __name__ == "__main__":
    main()
