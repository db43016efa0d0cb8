"""Bad files and odd names against a real DuckDB warehouse, through the ingest and
clean run functions (issue 14): nothing lost, nothing stuck, nothing read twice."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import threading
from pathlib import Path

import duckdb
import pytest

from pipeline.clean.run_clean import clean_pending
from pipeline.ingest.folder import RawFolderError, folder_fingerprint, redline_outputs
from pipeline.ingest.run_ingest import ingest_raw_folder
from pipeline.quality import unaccounted_files
from pipeline.settings import Settings
from pipeline.warehouse.store import Warehouse
from tests.helpers import PYTHON, ROOT, query, run_stages
from tests.ingest.bad_inputs import BAD_INPUTS

FILES = BAD_INPUTS / "files"


def article(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n"


@pytest.fixture
def folder(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    return raw, tmp_path / "w.duckdb"


def ingest(raw: Path, warehouse: Path, skip=()) -> dict:
    return ingest_raw_folder(Warehouse(str(warehouse)), raw, "test", skip=skip).stats


def ingest_and_clean(raw: Path, warehouse: Path) -> None:
    ingest(raw, warehouse)
    clean_pending(Warehouse(str(warehouse)), "test")


def unaccounted(raw: Path, warehouse: Path, skip=()) -> list[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return list(unaccounted_files(con, raw, skip).examples["source_path"])
    finally:
        con.close()


def errors_of(warehouse: Path, name: str) -> list[tuple]:
    return query(warehouse, "SELECT error_kind, message FROM ingest_errors WHERE source_file = ? ORDER BY ALL", [name])


# --------------------------------------------------------------------------- 1. dates out of range


@pytest.mark.parametrize("name", ["date_header_9999.txt", "date_json_far_future.json", "date_json_before_1677.json",
                                  "dateline_9999.txt"])
def test_a_date_out_of_range_quarantines_nothing_but_the_date(folder, name):
    raw, warehouse = folder
    shutil.copy2(FILES / name, raw / name)
    ingest_and_clean(raw, warehouse)
    assert query(warehouse, "SELECT published_date FROM documents") == [(None,)]
    assert unaccounted(raw, warehouse) == []
    if name != "dateline_9999.txt":  # a dateline's year 9999 is no date at all: nothing to report
        ((kind, message),) = errors_of(warehouse, name)
        assert kind == "date_out_of_range" and "1677-09-22 to 2262-04-11" in message
    ingest_and_clean(raw, warehouse)
    assert query(warehouse, "SELECT count(*) FROM rejected_rows") == [(0,)]


# --------------------------------------------------------------------------- 1, 4. keys that are not paths


def test_a_file_named_like_a_record_that_fails_is_accounted_for(folder):
    raw, warehouse = folder
    (raw / "scan#1").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    ingest_and_clean(raw, warehouse)
    assert [kind for kind, _ in errors_of(warehouse, "scan#1")] == ["binary"]
    assert unaccounted(raw, warehouse) == []


def test_changing_a_file_named_like_a_record_replaces_its_document(folder):
    raw, warehouse = folder
    shutil.copy2(FILES / "named_like_a_record#1", raw / "x#1")
    ingest_and_clean(raw, warehouse)
    (raw / "x#1").write_text(article("Envoy on talks", "Envoy Steven Witkoff said the talks were over."))
    ingest_and_clean(raw, warehouse)
    ((text,),) = query(warehouse, "SELECT text FROM documents WHERE source_path = 'x#1'")
    assert "talks were over" in text
    assert query(warehouse, "SELECT count(*) FROM raw_documents") == [(1,)]


def test_changing_y_keeps_the_document_of_y_2(folder):
    raw, warehouse = folder
    for name in ("plain_y", "plain_y#2"):
        shutil.copy2(FILES / name, raw / name)
    ingest_and_clean(raw, warehouse)
    (raw / "plain_y").write_text(article("Senator on allies", "Senator Laura Rossi said allies would wait."))
    ingest_and_clean(raw, warehouse)
    assert [p for (p,) in query(warehouse, "SELECT source_path FROM documents ORDER BY 1")] == ["plain_y", "plain_y#2"]
    assert unaccounted(raw, warehouse) == []


def test_changing_one_of_two_identical_files_keeps_the_others_document_and_claims(folder):
    raw, warehouse = folder
    for name in ("identical_copy_a.txt", "identical_copy_b.txt"):
        shutil.copy2(FILES / "identical_copy_a.txt", raw / name)
    run_stages(raw, warehouse)
    ((doc_id, n_claims),) = query(warehouse, "SELECT doc_id, count(*) FROM claims GROUP BY doc_id")
    (raw / "identical_copy_a.txt").write_text(article("Now another story", "\u201cTalks will resume,\u201d "
                                                      "Abbas Araghchi told reporters in Muscat."))
    run_stages(raw, warehouse)
    assert query(warehouse, "SELECT source_path FROM documents WHERE doc_id = ?", [doc_id]) == [("identical_copy_b.txt",)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id]) == [(n_claims,)]
    assert query(warehouse, "SELECT doc_ids FROM source_files WHERE source_path = 'identical_copy_b.txt'") == [([doc_id],)]
    assert unaccounted(raw, warehouse) == []


# --------------------------------------------------------------------------- 2, 3, 13. names and special files


def test_a_file_name_that_is_not_utf8_is_stored_with_the_rest_of_its_batch(folder):
    raw, warehouse = folder
    (raw / "ok.txt").write_text(article("Fine", "Ali Shamkhani said the missiles were not negotiable."))
    with open(os.fsencode(raw) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(article("Cafe", "Cafe owners said the sanctions must end.").encode())
    stats = ingest(raw, warehouse)
    assert stats["raw_documents_written"] == 2
    assert sorted(p for (p,) in query(warehouse, "SELECT source_path FROM raw_documents")) == ["caf\\xe9.txt", "ok.txt"]
    assert ingest(raw, warehouse)["files_unchanged"] == 2


def _ingest_in_subprocess(raw: Path, warehouse: Path, timeout: float = 60, user: str | None = None):
    """The ingest run in its own process (a hang fails the test instead of stalling it)."""
    code = textwrap.dedent(f"""
        from pathlib import Path
        from pipeline.ingest.run_ingest import ingest_raw_folder
        from pipeline.warehouse.store import Warehouse
        print(ingest_raw_folder(Warehouse({str(warehouse)!r}), Path({str(raw)!r}), "sub").stats)
    """)
    prefix = ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups"] if user else []
    return subprocess.run(prefix + [PYTHON, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          check=True)


def test_a_named_pipe_a_socket_and_a_device_are_never_opened(folder):
    raw, warehouse = folder
    os.mkfifo(raw / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(raw / "sock.txt"))
    os.mknod(raw / "zero.txt", 0o600 | 0o020000, os.makedev(1, 5))  # /dev/zero: endless if it were read
    (raw / "ok.txt").write_text(article("Fine", "Ali Shamkhani said the missiles were not negotiable."))
    _ingest_in_subprocess(raw, warehouse)
    for name, what in (("pipe.txt", "named pipe"), ("sock.txt", "socket"), ("zero.txt", "device")):
        ((kind, message),) = errors_of(warehouse, name)
        assert kind == "not_a_file" and what in message and "never opened" in message
    assert query(warehouse, "SELECT source_path FROM raw_documents") == [("ok.txt",)]
    assert ingest(raw, warehouse)["files_unchanged"] == 4


def test_a_dangling_link_is_reported_as_one_and_read_once_its_target_appears(folder):
    raw, warehouse = folder
    (raw / "link.txt").symlink_to(raw.parent / "later.txt")
    ingest(raw, warehouse)
    ((kind, message),) = errors_of(warehouse, "link.txt")
    assert kind == "dangling_link" and "later.txt" in message and "does not exist" in message
    assert ingest(raw, warehouse)["files_unchanged"] == 1
    (raw.parent / "later.txt").write_text(article("Later", "Hassan Karimi said the talks would resume."))
    assert ingest(raw, warehouse)["files_changed"] == 1
    assert query(warehouse, "SELECT source_path FROM raw_documents") == [("link.txt",)]
    assert errors_of(warehouse, "link.txt") == []


# --------------------------------------------------------------------------- 6. an unreadable folder


@pytest.fixture
def open_folder():
    """A folder in /tmp that another user can reach (pytest's own are root's alone)."""
    base = Path(tempfile.mkdtemp(prefix="redline-perm-"))
    base.chmod(0o777)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_an_unreadable_folder_keeps_its_files_and_says_it_could_not_be_read(open_folder):
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("reads the folder as nobody through setpriv, which needs root (and root is not blocked)")
    base = open_folder
    raw, warehouse = base / "raw", base / "w.duckdb"
    (raw / "locked").mkdir(parents=True)
    (raw / "top.txt").write_text(article("Top", "Ali Shamkhani said the missiles were not negotiable."))
    (raw / "locked" / "inner.txt").write_text(article("Inner", "Abbas Araghchi said talks could resume."))
    ingest(raw, warehouse)
    for path in (base, raw, warehouse):
        os.chown(path, 65534, 65534)
    for parent in base.parents:  # nobody must reach the folder: the test tree is root's
        if parent.stat().st_mode & 0o001 == 0:
            pytest.skip(f"{parent} cannot be traversed by nobody")
    (raw / "locked").chmod(0o000)
    try:
        _ingest_in_subprocess(raw, warehouse, user="nobody")
    finally:
        (raw / "locked").chmod(0o755)
    statuses = dict(query(warehouse, "SELECT source_path, status FROM source_files"))
    assert statuses == {"top.txt": "document", "locked/inner.txt": "document"}
    ((kind, message),) = errors_of(warehouse, "locked")
    assert kind == "unreadable_folder" and "could not be read" in message
    ingest(raw, warehouse)  # readable again: the error goes, nothing changed
    assert errors_of(warehouse, "locked") == []


def test_a_file_that_may_not_be_read_is_read_once_its_permissions_are_fixed(open_folder):
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("reads the file as nobody through setpriv, which needs root (and root is not blocked)")
    raw, warehouse = open_folder / "raw", open_folder / "w.duckdb"
    raw.mkdir()
    (raw / "secret.txt").write_text(article("Secret", "Ali Shamkhani said the missiles were not negotiable."))
    (raw / "secret.txt").chmod(0o000)
    os.chown(raw, 65534, 65534)
    _ingest_in_subprocess(raw, warehouse, user="nobody")
    assert [kind for kind, _ in errors_of(warehouse, "secret.txt")] == ["unreadable"]
    (raw / "secret.txt").chmod(0o644)  # size and mtime stay as they were
    _ingest_in_subprocess(raw, warehouse, user="nobody")
    assert query(warehouse, "SELECT source_path FROM raw_documents") == [("secret.txt",)]
    assert errors_of(warehouse, "secret.txt") == []


# --------------------------------------------------------------------------- 7. JSON Lines


def test_one_bad_json_line_spoils_only_itself_and_names_its_line(folder):
    raw, warehouse = folder
    shutil.copy2(FILES / "bad_lines.jsonl", raw / "bad_lines.jsonl")
    ingest(raw, warehouse)
    records = query(warehouse, "SELECT source_path, record_index FROM raw_documents ORDER BY 2")
    assert records == [("bad_lines.jsonl#0", 0), ("bad_lines.jsonl#4", 4)]
    errors = query(warehouse, "SELECT record_index, error_kind, message FROM ingest_errors ORDER BY 1")
    assert [(i, kind) for i, kind, _ in errors] == [(1, "invalid_text"), (2, "invalid_json"), (3, "invalid_json")]
    assert [m.split(":")[0] for _, _, m in errors] == ["line 2", "line 3", "line 4"]
    assert "lone surrogate" in errors[0][2] and "nested too deeply" in errors[1][2]


# --------------------------------------------------------------------------- 8. rewritten while read


def _rewrite_once_opened(path: Path, content: bytes, done: threading.Event) -> None:
    """Rewrite ``path`` in place the moment this process has it open (the ingest reading it)."""
    fds = Path("/proc/self/fd")
    target = str(path)
    while not done.is_set():
        for fd in list(fds.iterdir()):
            try:
                opened = os.readlink(fd) == target
            except OSError:
                continue
            if opened:
                with open(path, "r+b") as handle:
                    handle.write(content)
                    handle.truncate()
                done.set()
                return


def test_a_file_rewritten_while_it_is_read_is_never_recorded_with_the_old_content(folder):
    raw, warehouse = folder
    path = raw / "growing.txt"
    old = article("Old version", "Ali Shamkhani said the old words. " * 600_000).encode()
    new = article("New version", "Abbas Araghchi said the new words. " * 500_000).encode()
    path.write_bytes(old)
    done = threading.Event()
    writer = threading.Thread(target=_rewrite_once_opened, args=(path, new, done), daemon=True)
    writer.start()
    ingest(raw, warehouse)
    done.set()
    writer.join()
    ingest(raw, warehouse)  # whatever the first run left pending, the second reads
    assert path.read_bytes() == new
    import hashlib

    assert query(warehouse, "SELECT content_hash FROM source_files") == [(hashlib.sha256(new).hexdigest(),)]
    assert query(warehouse, "SELECT left(text, 11) FROM raw_documents") == [("New version",)]


# --------------------------------------------------------------------------- 10, 11. the folder itself


@pytest.mark.parametrize("how", ["missing", "a file", "empty (not mounted)"])
def test_a_raw_folder_that_is_not_there_fails_before_anything_is_touched(folder, how):
    raw, warehouse = folder
    (raw / "a.txt").write_text(article("A", "Ali Shamkhani said the missiles were not negotiable."))
    ingest(raw, warehouse)
    before = query(warehouse, "SELECT * FROM source_files")
    if how == "missing":
        raw = raw.parent / "raw_mistyped"
    elif how == "a file":
        raw = raw / "a.txt"
    else:
        (raw / "a.txt").unlink()
    with pytest.raises(RawFolderError, match="nothing was|Nothing was"):
        ingest(raw, warehouse)
    assert query(warehouse, "SELECT * FROM source_files") == before


def test_the_warehouse_its_snapshot_and_the_dashboard_in_the_raw_folder_are_not_inputs(folder):
    raw, _ = folder
    settings = Settings(raw_dir=str(raw), warehouse=str(raw / "redline.duckdb"))
    (raw / "a.txt").write_text(article("A", "Ali Shamkhani said the missiles were not negotiable."))
    skip = redline_outputs(settings)
    assert ingest(raw, raw / "redline.duckdb", skip)["files_new"] == 1
    fingerprint = folder_fingerprint(raw, skip)
    for name in ("redline.duckdb.wal", "redline_read.duckdb", "dashboard.html"):
        (raw / name).write_text("written by redline")
    assert ingest(raw, raw / "redline.duckdb", skip)["files_new"] == 0
    assert folder_fingerprint(raw, skip) == fingerprint
    clean_pending(Warehouse(str(raw / "redline.duckdb")), "test")
    assert unaccounted(raw, raw / "redline.duckdb", skip) == []


# --------------------------------------------------------------------------- 13. a 50 MB file


@pytest.mark.slow
def test_a_50_mb_file_costs_bounded_memory_and_its_cuts_are_recorded(folder):
    """Measured: peak RSS 3,753 MiB and 568 s before the text limit, about 900 MiB and 25 s after."""
    import json

    raw, warehouse = folder
    out = subprocess.run([PYTHON, "-m", "tests.ingest.big_file", str(raw), str(warehouse), "50"], cwd=ROOT,
                         capture_output=True, text=True, check=True, timeout=1800)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["file_bytes"] >= 50 * 1024 * 1024
    assert report["extract_mib"] < 1500, report
    messages = [m for _, m in errors_of(warehouse, "huge.txt")]
    assert any("only the first 5,242,880 were read" in m for m in messages), messages
    assert any("characters; only the first" in m for m in messages), messages
    ((chars, truncated),) = query(warehouse, "SELECT length(text), truncated FROM raw_documents")
    assert truncated and chars <= 100_000
    ((end,),) = query(warehouse, "SELECT max(end_char) FROM claims")
    assert end <= chars  # what is stored is what was extracted: no silent cut after it


# --------------------------------------------------------------------------- warehouses of earlier versions


def test_rows_of_a_warehouse_before_schema_3_get_their_file_keys(folder):
    from pipeline.ingest.bookkeeping import backfill_record_keys
    from tests.helpers import SAMPLE_DIR
    from tests.warehouse.test_migrate import old_warehouse

    raw, warehouse = folder
    old_warehouse(warehouse)
    with Warehouse(str(warehouse)).connection() as con:  # migrated: the new columns are NULL
        assert con.sql("SELECT count(*) FROM raw_documents WHERE source_file IS NULL").fetchone()[0] > 0
        backfill_record_keys(con)
    listed = query(warehouse, "SELECT r.source_file, s.source_path FROM raw_documents r "
                              "LEFT JOIN (SELECT source_path, unnest(doc_ids) AS doc_id FROM source_files) s USING (doc_id)")
    assert listed and all(file == path for file, path in listed)
    assert query(warehouse, "SELECT count(*) FROM ingest_errors WHERE source_file IS NULL") == [(0,)]
    shutil.copytree(SAMPLE_DIR, raw, dirs_exist_ok=True)
    n_raw = query(warehouse, "SELECT count(*) FROM raw_documents")
    ingest_and_clean(raw, warehouse)  # every file re-read (other mtimes): same documents, no second copy
    assert query(warehouse, "SELECT count(*) FROM raw_documents") == n_raw
    assert unaccounted(raw, warehouse) == []
