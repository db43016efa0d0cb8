"""Where the mart SQL comes from: the package pipeline.warehouse.sql, or a loud error."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.warehouse.marts import REQUIRED_VIEWS, MartsError, mart_sql_files, marts_folder

REPO_MARTS = Path(__file__).resolve().parents[2] / "warehouse" / "marts"


def test_the_package_is_the_repository_folder():
    assert {f.name for f in mart_sql_files()} == {p.name for p in REPO_MARTS.glob("*.sql")}
    assert marts_folder().joinpath("claims_timeline.sql").read_text("utf-8") == \
        (REPO_MARTS / "claims_timeline.sql").read_text("utf-8")


def test_no_mart_file_is_an_error_naming_the_folder(tmp_path: Path):
    with pytest.raises(MartsError, match=str(tmp_path)):
        mart_sql_files(tmp_path)


def test_a_missing_required_view_is_named(tmp_path: Path):
    for name in sorted(REQUIRED_VIEWS - {"stance_changes"}):
        (tmp_path / f"{name}.sql").write_text(f"CREATE OR REPLACE VIEW {name} AS SELECT 1", encoding="utf-8")
    with pytest.raises(MartsError, match="stance_changes"):
        mart_sql_files(tmp_path)
