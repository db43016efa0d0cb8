"""What changed in the raw folder since the last run.

A file is re-read only when its size or modification time differ from what
the warehouse recorded; re-reading an unchanged corpus costs one ``stat`` a file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass
class FolderChanges:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def to_read(self) -> list[str]:
        return self.new + self.changed


def iter_files(raw_dir: Path):
    """Every regular file under ``raw_dir``, recursively, in a stable order."""
    for root, dirs, files in os.walk(raw_dir):
        dirs.sort()
        for name in sorted(files):
            yield Path(root) / name


def scan_folder(raw_dir: Path) -> pd.DataFrame:
    """source_path (relative, posix), size_bytes and mtime_ns of every file."""
    rows = []
    for path in iter_files(raw_dir):
        try:
            stat = path.stat()
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
