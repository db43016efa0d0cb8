"""The mart views dashboards and BI tools read, from ``warehouse/marts/*.sql``.

Each file holds one ``CREATE OR REPLACE VIEW`` named like the file, plus the
``COMMENT ON`` statements that document it. Views may read other views, so
they are created in dependency order, found from the names each file mentions.
"""
from __future__ import annotations

import re
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb

from pipeline.outcome import Outcome, timed
from pipeline.warehouse.store import Warehouse

# warehouse/ sits next to pipeline/ in the repository.
MARTS_DIR = Path(__file__).resolve().parents[2] / "warehouse" / "marts"


def mart_sql_files(marts_dir: Path = MARTS_DIR) -> list[Path]:
    """The mart files, sorted by name."""
    return sorted(marts_dir.glob("*.sql"))


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def mart_dependencies(files: list[Path]) -> dict[str, set[str]]:
    """View name -> the other mart views its SQL reads."""
    names = {f.stem for f in files}
    deps = {}
    for f in files:
        sql = _strip_comments(f.read_text(encoding="utf-8"))
        body = sql.split("COMMENT ON", 1)[0]  # comments name only the view itself
        deps[f.stem] = {n for n in names - {f.stem} if re.search(rf"\b{n}\b", body)}
    return deps


def mart_order(files: list[Path]) -> list[Path]:
    """The files in an order where every view comes after those it reads."""
    by_name = {f.stem: f for f in files}
    deps = mart_dependencies(files)
    # static_order on a sorted graph is deterministic; ties fall back to names.
    order = TopologicalSorter({n: sorted(deps[n]) for n in sorted(deps)}).static_order()
    return [by_name[n] for n in order]


def create_marts(con: duckdb.DuckDBPyConnection, marts_dir: Path = MARTS_DIR) -> list[str]:
    """Create (or replace) every mart view; returns the view names in creation order."""
    created = []
    for f in mart_order(mart_sql_files(marts_dir)):
        con.execute(f.read_text(encoding="utf-8"))
        created.append(f.stem)
    return created


def refresh_marts(warehouse: Warehouse) -> Outcome:
    """(Re)create every mart view; the outcome counts each view's rows."""
    out = Outcome()
    with timed(out.stats, "seconds"), warehouse.connection() as con:
        views = create_marts(con)
        out.stats["views"] = {view: con.sql(f"SELECT count(*) FROM {view}").fetchone()[0] for view in views}
    return out
