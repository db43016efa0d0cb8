"""What changed in the raw folder since the last run.

A file is re-read only when its size or modification time differ from what
the warehouse recorded; re-reading an unchanged corpus costs one ``stat`` a file.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.ingest.files import file_state, list_raw_folder

SCAN_COLUMNS = ["source_path", "size_bytes", "mtime_ns"]


class RawFolderError(RuntimeError):
    """The raw folder cannot be what the user meant: nothing was read or marked."""


@dataclass
class Scan:
    """Every file of the raw folder as it stands (``files``: stored name, size and
    mtime; ``paths``: stored name -> path on disk) and the folders that could not be listed."""

    files: pd.DataFrame
    paths: dict[str, Path]
    unreadable_folders: dict[str, str] = field(default_factory=dict)

    def is_inside_unreadable(self, name: str) -> bool:
        return any(folder == "." or name.startswith(f"{folder}/") for folder in self.unreadable_folders)


@dataclass
class FolderChanges:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)  # known files in folders that could not be read

    @property
    def to_read(self) -> list[str]:
        return self.new + self.changed


def scan_folder(raw_dir: Path, skip: Iterable[Path] = ()) -> Scan:
    """Size and mtime of every file (of a link's target; of the link when it dangles,
    so that a target appearing later is a change)."""
    listing = list_raw_folder(Path(raw_dir), skip)
    rows, paths = [], {}
    for name, path in listing.files.items():
        try:
            state = file_state(path)
        except OSError:  # vanished between listing and stat: it is simply not there
            continue
        rows.append((name, state.st_size, state.st_mtime_ns))
        paths[name] = path
    return Scan(pd.DataFrame(rows, columns=SCAN_COLUMNS), paths, listing.unreadable_folders)


def plan_changes(scan: Scan, known: pd.DataFrame) -> FolderChanges:
    """Compare a scan with the ``source_files`` rows of earlier runs. A known file
    inside a folder that could not be listed is not deleted: it could not be seen."""
    known = known[known["status"] != "deleted"].set_index("source_path")
    changes = FolderChanges()
    for path, size, mtime in scan.files.itertuples(index=False):
        if path not in known.index:
            changes.new.append(path)
        elif (known.at[path, "size_bytes"], known.at[path, "mtime_ns"]) != (size, mtime):
            changes.changed.append(path)
        else:
            changes.unchanged.append(path)
    for path in sorted(set(known.index) - set(scan.files["source_path"])):
        (changes.unlisted if scan.is_inside_unreadable(path) else changes.deleted).append(path)
    return changes


def check_raw_folder(raw_dir: Path, scan: Scan, known: pd.DataFrame) -> None:
    """Refuse a raw folder that is not a folder, or that is empty while the warehouse
    holds files of it (a mount that is not there): raise RawFolderError before anything is touched."""
    if not Path(raw_dir).is_dir():
        what = "a file" if Path(raw_dir).exists() else "not there"
        raise RawFolderError(f"the raw folder {raw_dir} is {what}, not a folder (REDLINE_RAW_DIR mistyped, "
                             "or not mounted?): nothing was read or marked deleted")
    live = int((known["status"] != "deleted").sum()) if len(known) else 0
    if scan.files.empty and not scan.unreadable_folders and live:
        raise RawFolderError(
            f"the raw folder {raw_dir} is empty, but the warehouse holds {live} files read from it: is it "
            "mounted? Nothing was marked deleted. (To record that every file was removed, leave one file in "
            "the folder, or start a new warehouse.)")


def folder_fingerprint(raw_dir: Path, skip: Iterable[Path] = ()) -> str:
    """A digest of every file's path, size and mtime: it changes when a file lands or changes."""
    digest = hashlib.sha256()
    for path, size, mtime in scan_folder(Path(raw_dir), skip).files.itertuples(index=False):
        digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def redline_outputs(settings) -> list[Path]:
    """The files redline writes (the warehouse and its WAL, the snapshot and its WAL, the
    dashboard): never inputs, even when they lie in the raw folder, so that a run there
    stays a no-op. ``settings``: a pipeline.settings.Settings."""
    from pipeline.warehouse.snapshot import snapshot_path

    paths = [settings.dashboard_path]
    if not settings.warehouse.startswith("ducklake:"):
        warehouse = Path(settings.warehouse)
        snapshot = snapshot_path(warehouse)
        paths += [warehouse, Path(f"{warehouse}.wal"), snapshot, Path(f"{snapshot}.wal")]
    return paths
