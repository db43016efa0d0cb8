"""What changed in the raw folder since the last run.

A file is re-read only when its size or modification time differ from what
the warehouse recorded; re-reading an unchanged corpus costs one ``stat`` a file.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.ingest import iter_raw_files


@dataclass
class FolderChanges:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def to_read(self) -> list[str]:
        return self.new + self.changed


def scan_folder(raw_dir: Path) -> pd.DataFrame:
    """source_path (relative, posix), size_bytes and mtime_ns of every file."""
    rows = []
    for path in iter_raw_files(raw_dir):
        try:
            stat = path.lstat()  # lstat: a broken symlink is still an input (it becomes an error row)
        except OSError:  # vanished between listing and stat: it is simply not there
            continue
        rows.append((path.relative_to(raw_dir).as_posix(), stat.st_size, stat.st_mtime_ns))
    return pd.DataFrame(rows, columns=["source_path", "size_bytes", "mtime_ns"])


def plan_changes(scan: pd.DataFrame, known: pd.DataFrame) -> FolderChanges:
    """Compare a scan with the ``source_files`` rows of earlier runs."""
    known = known[known["status"] != "deleted"].set_index("source_path")
    changes = FolderChanges()
    for path, size, mtime in scan.itertuples(index=False):
        if path not in known.index:
            changes.new.append(path)
        elif (known.at[path, "size_bytes"], known.at[path, "mtime_ns"]) != (size, mtime):
            changes.changed.append(path)
        else:
            changes.unchanged.append(path)
    changes.deleted = sorted(set(known.index) - set(scan["source_path"]))
    return changes


def folder_fingerprint(raw_dir: Path) -> str:
    """A digest of every file's path, size and mtime: it changes when a file lands or changes."""
    digest = hashlib.sha256()
    for path, size, mtime in scan_folder(Path(raw_dir)).itertuples(index=False):
        digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()
