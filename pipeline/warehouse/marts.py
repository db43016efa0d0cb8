"""The mart views dashboards and BI tools read, from ``warehouse/marts/*.sql``.

Each file holds one ``CREATE OR REPLACE VIEW`` named like the file, plus the
``COMMENT ON`` statements that document it. Views may read other views, so
they are created in dependency order, found from the names each file mentions.

The SQL lives in the repository's ``warehouse/marts/`` and ships as the package
``pipeline.warehouse.sql`` (pyproject.toml maps one to the other), so it is found
through importlib.resources in a checkout, an editable install and a wheel alike.
"""
from __future__ import annotations

import re
from graphlib import TopologicalSorter
from importlib import resources
from importlib.resources.abc import Traversable

import duckdb

from pipeline.outcome import Outcome, timed
from pipeline.settings import Settings
from pipeline.warehouse.lake import is_lake_connection
from pipeline.warehouse.store import Warehouse

MARTS_PACKAGE = "pipeline.warehouse.sql"
# The views the dashboard and the documented BI queries read: a run without one is broken.
REQUIRED_VIEWS = frozenset({"claims_timeline", "speaker_stances", "topic_stance_daily", "stance_changes"})


# ${name} in a mart's SQL stands for a setting (or a column choice), filled in when the view is created.
_PARAMETER = re.compile(r"\$\{(\w+)\}")


class MartsError(RuntimeError):
    """The mart SQL is not where the package expects it: the message names the folder."""


def mart_parameters(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> dict[str, str]:
    """The values of the placeholders in the mart SQL: the stance-change rule's settings, and the
    claims column that holds a stance's confidence (the classifier's stance_confidence where the
    warehouse has it, else the extractor's confidence)."""
    settings = settings or Settings()
    claim_columns = {d[0] for d in con.execute("SELECT * FROM claims LIMIT 0").description}
    return {
        "stance_change_min_days": str(int(settings.stance_change_days)),
        "stance_min_confidence": repr(float(settings.stance_confidence)),
        # The classifier's confidence where it gave one (rule-labelled and older claims have none).
        "stance_confidence": ("coalesce(c.stance_confidence, c.confidence)" if "stance_confidence" in claim_columns
                              else "c.confidence"),
    }


def fill_parameters(sql: str, parameters: dict[str, str]) -> str:
    """``sql`` with every ${name} replaced; MartsError naming a placeholder no setting fills."""
    def value(match: re.Match[str]) -> str:
        if match.group(1) not in parameters:
            raise MartsError(f"mart SQL uses ${{{match.group(1)}}}, which no setting fills (pipeline/warehouse/marts.py)")
        return parameters[match.group(1)]

    return _PARAMETER.sub(value, sql)


def _view(file: Traversable) -> str:
    return file.name.removesuffix(".sql")


def marts_folder() -> Traversable:
    try:
        return resources.files(MARTS_PACKAGE)
    except ModuleNotFoundError as exc:
        raise MartsError(f"package {MARTS_PACKAGE} (the repository's warehouse/marts/) is not installed: "
                         "reinstall redline (pip install -e . in a checkout)") from exc


def mart_sql_files(folder: Traversable | None = None) -> list[Traversable]:
    """The mart files, sorted by name; MartsError when a required view has none
    (an install without its package data would otherwise create no view, silently)."""
    folder = folder or marts_folder()
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    missing = REQUIRED_VIEWS - {_view(f) for f in files}
    if missing:
        raise MartsError(f"no mart SQL for {', '.join(sorted(missing))} in {folder} "
                         f"(warehouse/marts/*.sql in the repository, package {MARTS_PACKAGE} when installed)")
    return files


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def mart_dependencies(files: list[Traversable]) -> dict[str, set[str]]:
    """View name -> the other mart views its SQL reads."""
    names = {_view(f) for f in files}
    deps = {}
    for f in files:
        sql = _strip_comments(f.read_text(encoding="utf-8"))
        body = sql.split("COMMENT ON", 1)[0]  # comments name only the view itself
        deps[_view(f)] = {n for n in names - {_view(f)} if re.search(rf"\b{n}\b", body)}
    return deps


def mart_order(files: list[Traversable]) -> list[Traversable]:
    """The files in an order where every view comes after those it reads."""
    by_name = {_view(f): f for f in files}
    deps = mart_dependencies(files)
    # static_order on a sorted graph is deterministic; ties fall back to names.
    order = TopologicalSorter({n: sorted(deps[n]) for n in sorted(deps)}).static_order()
    return [by_name[n] for n in order]


def _for_lake(sql: str) -> str:
    """A DuckLake catalog keeps comments on tables, their columns and views, but not on a
    view's columns: those statements (one line each) are left out there."""
    return re.sub(r"^COMMENT ON COLUMN [^\n]*\n?", "", sql, flags=re.MULTILINE)


def create_marts(con: duckdb.DuckDBPyConnection, folder: Traversable | None = None,
                 settings: Settings | None = None) -> list[str]:
    """Create (or replace) every mart view, its placeholders filled from ``settings``;
    returns the view names in creation order."""
    parameters = mart_parameters(con, settings)
    created, in_lake = [], is_lake_connection(con)
    for f in mart_order(mart_sql_files(folder)):
        sql = fill_parameters(f.read_text(encoding="utf-8"), parameters)
        con.execute(_for_lake(sql) if in_lake else sql)
        created.append(_view(f))
    return created


def refresh_marts(warehouse: Warehouse, settings: Settings | None = None) -> Outcome:
    """(Re)create every mart view; the outcome counts each view's rows."""
    out = Outcome()
    with timed(out.stats, "seconds"), warehouse.connection() as con:
        views = create_marts(con, settings=settings)
        out.stats["views"] = {view: con.sql(f"SELECT count(*) FROM {view}").fetchone()[0] for view in views}
    return out
