"""DuckLake: the warehouse as Parquet files under a data path, with its catalog in
PostgreSQL (many machines), SQLite or a DuckDB file (one machine).

Chosen by ``REDLINE_WAREHOUSE``, with the Parquet folder (or object-store prefix) in
``REDLINE_DATA_PATH``:

| REDLINE_WAREHOUSE | catalog |
|---|---|
| ``ducklake:postgres:dbname=redline host=db user=redline`` | a PostgreSQL database (libpq string) |
| ``ducklake:sqlite:/path/catalog.sqlite`` | a SQLite file |
| ``ducklake:duckdb:/path/catalog.ducklake`` or ``ducklake:/path/catalog.ducklake`` | a DuckDB file (one process) |

A connection is an in-memory DuckDB with the lake attached as ``lake`` and made the
default database, so every statement of the file mode (the DDL, the writes, the marts,
the migration's catalogue reads) runs unchanged. The differences are here and small:
DuckLake has no PRIMARY KEY (keys are NOT NULL; pandera checks uniqueness in a batch and
every write deletes its keys before inserting), and two transactions conflict when one
inserts into a table another has deleted from, so a write is retried (``is_conflict``).

DuckDB cannot download extensions here: they come from PyPI packages
(``duckdb-extension-ducklake`` and friends, each holding a build for one DuckDB version)
and are loaded from the package's folder.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

PREFIX = "ducklake:"
NAME = "lake"  # the attached database's name: statements are unqualified, so only readers see it
# The commit message that marks a published snapshot (what warehouse_snapshot makes readers see).
PUBLISHED = "warehouse_snapshot"
AUTHOR = "redline"
# catalog kind -> the extensions it needs, as (extension name, the PyPI package's module)
_EXTENSIONS = {
    "postgres": [("ducklake", "duckdb_extension_ducklake"), ("postgres_scanner", "duckdb_extension_postgres_scanner")],
    "sqlite": [("ducklake", "duckdb_extension_ducklake"), ("sqlite_scanner", "duckdb_extension_sqlite_scanner")],
    "duckdb": [("ducklake", "duckdb_extension_ducklake")],
}


class LakeError(RuntimeError):
    """A DuckLake setting or extension that cannot work: the message says what to do."""


def is_lake(spec: str | Path) -> bool:
    return str(spec).startswith(PREFIX)


@dataclass(frozen=True)
class LakeSpec:
    kind: str  # postgres, sqlite or duckdb
    location: str  # the libpq string or the catalog file
    data_path: str | None  # None: the one the catalog recorded when it was created

    @property
    def attach_target(self) -> str:
        return f"{PREFIX}{self.kind}:{self.location}"


def parse(spec: str, data_path: str | None = None) -> LakeSpec:
    """``ducklake:<kind>:<location>`` (or ``ducklake:<file>``) and the data path.

    A file catalog keeps its Parquet beside it by default (``<catalog>.files/``). A new
    PostgreSQL catalog needs REDLINE_DATA_PATH (its machine has no folder to offer); once
    created, the catalog records it, so readers and later writers may leave it unset."""
    rest = spec.removeprefix(PREFIX)
    kind, colon, location = rest.partition(":")
    if kind not in _EXTENSIONS and colon and "/" not in kind:
        raise LakeError(f"REDLINE_WAREHOUSE={spec!r}: unknown catalog {kind!r} (postgres, sqlite or duckdb)")
    if kind not in _EXTENSIONS:  # ducklake:<file>: a DuckDB-file catalog
        kind, location = "duckdb", rest
    if not location.strip():
        raise LakeError(f"REDLINE_WAREHOUSE={spec!r} names no catalog: ducklake:postgres:<libpq string>, "
                        "ducklake:sqlite:<file> or ducklake:duckdb:<file>")
    if kind != "postgres":
        location = str(Path(location).expanduser().resolve())
        data_path = data_path or f"{location}.files"
    if not data_path:
        return LakeSpec(kind, location, None)
    if "://" not in data_path:
        data_path = str(Path(data_path).expanduser().resolve())
    return LakeSpec(kind, location, data_path.rstrip("/") + "/")


def extension_file(module: str) -> Path:
    """The extension binary a PyPI package ships for this DuckDB version."""
    try:
        package = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise LakeError(f"{module} is not installed: DuckLake needs it (pip install -e . installs the pinned set)") from exc
    version = f"v{duckdb.__version__}"
    folder = Path(package.__file__).parent / "extensions" / version
    files = sorted(folder.glob("*.duckdb_extension"))
    if not files:
        built = sorted(p.name for p in (Path(package.__file__).parent / "extensions").iterdir())
        raise LakeError(f"{module} has no build for DuckDB {version} (it has {', '.join(built)}): install the "
                        "duckdb and duckdb-extension-* versions pinned in pyproject.toml together")
    return files[0]


def load_extensions(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    # Nothing may be downloaded at run time: a missing extension fails here, not in a download.
    con.execute("SET autoinstall_known_extensions = false")
    for _, module in _EXTENSIONS[kind]:
        con.execute(f"LOAD '{extension_file(module)}'")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def attach_statement(lake: LakeSpec, snapshot: int | None = None, read_only: bool = False) -> str:
    """The ATTACH a connection (or a reader's DuckDB shell) runs; ``snapshot`` pins a version."""
    writer = snapshot is None and not read_only
    options = [f"DATA_PATH {_quote(lake.data_path)}"] if writer and lake.data_path else []
    options += [f"SNAPSHOT_VERSION {int(snapshot)}"] if snapshot is not None else []
    options += ["READ_ONLY"] if read_only or snapshot is not None else []
    return f"ATTACH {_quote(lake.attach_target)} AS {NAME} ({', '.join(options)})" if options else \
        f"ATTACH {_quote(lake.attach_target)} AS {NAME}"


# One DuckDB instance per ATTACH statement and process, with the extensions loaded and the
# lake attached; a connection is a cursor on it. Loading the extensions and attaching cost
# about a second, once per process instead of once per connection.
_INSTANCES: dict[str, duckdb.DuckDBPyConnection] = {}


def _open_instance(lake: LakeSpec, statement: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    try:
        load_extensions(con, lake.kind)
        if lake.kind != "postgres" and not read_only:
            Path(lake.location).parent.mkdir(parents=True, exist_ok=True)
        if lake.data_path and "://" not in lake.data_path and not read_only:
            Path(lake.data_path).mkdir(parents=True, exist_ok=True)
        con.execute(statement)
    except duckdb.Error as exc:
        con.close()
        hint = "" if lake.data_path else (" (a new catalog needs REDLINE_DATA_PATH: the folder or object-store "
                                          "prefix of its Parquet files, which every worker must reach)")
        raise LakeError(f"cannot open the DuckLake catalog {lake.kind}:{lake.location}: {exc}{hint}") from exc
    except BaseException:
        con.close()
        raise
    return con


def connect_lake(spec: str, data_path: str | None = None, read_only: bool = False,
                 snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with the lake attached (at ``snapshot``, if given) as its default database."""
    lake = parse(spec, data_path)
    statement = attach_statement(lake, snapshot, read_only)
    for attempt in (1, 2):
        if statement not in _INSTANCES:
            _INSTANCES[statement] = _open_instance(lake, statement, read_only)
        try:
            con = _INSTANCES[statement].cursor()
            con.execute(f"USE {NAME}")
            return con
        except duckdb.Error:
            # the catalog's server went away (restarted?): open the instance again, once
            _INSTANCES.pop(statement).close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.sql("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


def is_conflict(exc: BaseException) -> bool:
    """Two DuckLake transactions that touched the same table in conflicting ways: the
    later commit fails and was rolled back, so running the write again is safe."""
    return isinstance(exc, duckdb.TransactionException) and "conflict" in str(exc).lower()


def mark_published(con: duckdb.DuckDBPyConnection) -> None:
    """Label the snapshot the current transaction commits as the published one."""
    con.execute(f"CALL {NAME}.set_commit_message({_quote(AUTHOR)}, {_quote(PUBLISHED)})")


def published_snapshot(con: duckdb.DuckDBPyConnection) -> int | None:
    """The id of the last snapshot ``warehouse_snapshot`` published, or None."""
    return con.execute(f"SELECT max(snapshot_id) FROM {NAME}.snapshots() WHERE author = ? AND commit_message = ?",
                       [AUTHOR, PUBLISHED]).fetchone()[0]


def open_snapshot(spec: str, data_path: str | None = None) -> duckdb.DuckDBPyConnection:
    """A reader's connection: read-only, at the last published snapshot (the latest when
    none was published yet). It never blocks a writer and never sees a run half-done."""
    with connect_lake(spec, data_path, read_only=True) as probe:
        snapshot = published_snapshot(probe)
    return connect_lake(spec, data_path, snapshot=snapshot) if snapshot is not None else \
        connect_lake(spec, data_path, read_only=True)
