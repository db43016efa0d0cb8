"""The bad-input corpus (tests/fixtures/bad_inputs): its files copied into a raw
folder, and the inputs git cannot hold made there from the manifest."""
from __future__ import annotations

import os
import shutil
import socket
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.helpers import ROOT

BAD_INPUTS = ROOT / "tests" / "fixtures" / "bad_inputs"


@dataclass
class Expected:
    """What must become of one input: a document or not, and the kinds of its error rows."""

    name: str  # as stored: relative to the raw folder, non-UTF-8 bytes as \xNN
    document: bool = False
    errors: list[str] = field(default_factory=list)


def manifest() -> dict:
    return yaml.safe_load((BAD_INPUTS / "manifest.yaml").read_text(encoding="utf-8"))


def _make(folder: Path, entry: dict) -> str:
    """Make one input of ``entry``'s kind in ``folder``; returns its stored name."""
    name, kind = entry["name"], entry["kind"]
    path = folder / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(path))  # the socket file stays after the socket is closed
    elif kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(entry["major"], entry["minor"]))
    elif kind == "symlink":
        path.symlink_to(folder / entry["target"])
    elif kind == "latin1_name":
        raw = os.fsencode(folder) + b"/" + name.encode("latin-1")
        with open(raw, "wb") as handle:
            handle.write(f"Latin-1 name\n\n{entry['text']}\n".encode())
        return name.encode("latin-1").decode("utf-8", "backslashreplace")
    else:
        raise ValueError(f"manifest.yaml: unknown kind {kind!r} for {name}")
    return name


def make_bad_inputs(folder: Path) -> list[Expected]:
    """Copy the corpus into ``folder`` (made if needed) and make the rest; what to expect of each."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = manifest()
    expected = []
    for name, outcome in spec["files"].items():
        shutil.copy2(BAD_INPUTS / "files" / name, folder / name)
        expected.append(Expected(name, **outcome))
    for entry in spec["made"]:
        stored = _make(folder, entry)
        expected.append(Expected(stored, entry.get("document", False), entry.get("errors", [])))
    return expected
