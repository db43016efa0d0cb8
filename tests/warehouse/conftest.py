"""Fixtures of the DuckLake tests: a real PostgreSQL server for the session and a new
catalog database per test."""
from __future__ import annotations

import itertools
import shutil

import pytest

from tests.warehouse.postgres_server import NoPostgres, start_postgres

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres():
    try:
        server = start_postgres()
    except NoPostgres as exc:
        pytest.skip(f"DuckLake tests need a PostgreSQL server: {exc}")
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def lake(postgres, tmp_path):
    """A new, empty DuckLake: (REDLINE_WAREHOUSE value, REDLINE_DATA_PATH value)."""
    dsn = postgres.create_database(f"lake{next(_names)}")
    return f"ducklake:postgres:{dsn}", str(tmp_path / "lake-data")
