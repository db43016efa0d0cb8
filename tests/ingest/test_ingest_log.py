"""The ingest stage's progress message counts the files it could not read apart."""
from __future__ import annotations

from pipeline.ingest.run_ingest import ingest_raw_folder
from pipeline.warehouse.store import Warehouse
from tests.helpers import write_articles


def test_progress_says_how_many_files_failed(tmp_path):
    raw = tmp_path / "raw"
    write_articles(raw, [1])
    (raw / "empty.txt").write_bytes(b"")
    (raw / "broken.json").write_bytes(b'{"text": ')
    messages: list[str] = []
    out = ingest_raw_folder(Warehouse(str(tmp_path / "w.duckdb")), raw, "test", messages.append)
    assert "raw_documents: 3/3 files done, 1 read, 2 could not be read (see ingest_errors)" in messages
    assert (out.stats["files_read"], out.stats["files_unreadable"]) == (1, 2)
