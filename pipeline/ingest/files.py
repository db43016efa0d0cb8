"""Finding raw files and reading their bytes, read-only, bounded and consistent."""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Read at most this much of any file: a multi-gigabyte dump dropped into the
# raw folder must not exhaust memory or stall a run. The rest is left unread
# and the document is flagged truncated.
MAX_BYTES = 5 * 1024 * 1024
# Keep at most this many characters of an article's text (reader.cap_text): the longest
# real articles we have seen are about 35,000 characters, and extraction's memory grows
# with a document's length (one of 1,000,000 characters peaked at 3.7 GB).
MAX_CHARS = 100_000
BLOCK = 1 << 20  # bytes hashed at a time past the read limit


class NotARegularFile(OSError):
    """A named pipe, socket or device (or a link to one): never opened, never read."""


class ChangedWhileRead(OSError):
    """The file's size, modification time or inode differed before and after the read."""


@dataclass(frozen=True)
class Listing:
    """What a walk of the raw folder found: the files (stored name -> path on disk)
    and the folders it could not list (stored name -> why)."""

    files: dict[str, Path] = field(default_factory=dict)
    unreadable_folders: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileRead:
    """The bytes read from a file and the state of the file they were read in."""

    data: bytes
    size: int
    mtime_ns: int
    content_hash: str  # sha256 of the whole file, hashed from the same open handle


def stored_name(path: Path, raw_dir: Path) -> str:
    """The name a file is stored under: its path relative to the raw folder, in
    posix form; bytes of the name that are not UTF-8 (a Latin-1 ``caf\\xe9.txt``)
    are written as ``\\xe9`` so that the name can be stored and shown."""
    rel = path.relative_to(raw_dir).as_posix()
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_hidden(path: Path, raw_dir: Path) -> bool:
    """Dot-files and dot-folders (.DS_Store, ._resource forks, .git) are OS or
    tool artefacts, not articles a user dropped in, so they are not inputs."""
    return any(part.startswith(".") for part in path.relative_to(raw_dir).parts)


def list_raw_folder(raw_dir: Path, skip: Iterable[Path] = ()) -> Listing:
    """Every input under ``raw_dir``, recursively, in a stable sorted order, and
    the folders that could not be listed.

    Keeps everything that is not a directory (broken symlinks and special files
    included, so that reading them yields an error row rather than silence);
    leaves out hidden entries and ``skip`` (the files redline itself writes);
    does not follow symlinked directories.
    """
    raw_dir = Path(raw_dir)
    skipped = {os.path.abspath(p) for p in skip}
    found: list[Path] = []
    unreadable: dict[str, str] = {}

    def folder_error(err: OSError) -> None:
        unreadable[stored_name(Path(err.filename), raw_dir) if err.filename != str(raw_dir) else "."] = (
            err.strerror or str(err))

    for root, dirs, files in os.walk(raw_dir, followlinks=False, onerror=folder_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files)
        # A symlink to a directory shows up in dirs but is not walked: treat it as a file.
        found.extend(Path(root) / d for d in dirs if (Path(root) / d).is_symlink())
    kept = sorted(p for p in found if not is_hidden(p, raw_dir) and os.path.abspath(p) not in skipped)
    return Listing({stored_name(p, raw_dir): p for p in kept}, dict(sorted(unreadable.items())))


def iter_raw_files(raw_dir: Path) -> list[Path]:
    """Every input under ``raw_dir`` (see ``list_raw_folder``), as paths."""
    return list(list_raw_folder(raw_dir).files.values())


def file_state(path: Path) -> os.stat_result:
    """What a file is now: the link's target when it has one, the link itself when it dangles."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return os.lstat(path)


def special_kind(mode: int) -> str | None:
    """``named pipe``, ``socket``, ``device`` for a file that is not regular and not a folder."""
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return None


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


def _read_open(fd: int, limit: int) -> tuple[bytes, str]:
    """The first ``limit`` bytes and the sha256 of all of them, read once, in blocks."""
    digest, head = hashlib.sha256(), bytearray()
    while block := os.read(fd, BLOCK if len(head) >= limit else min(BLOCK, limit - len(head))):
        digest.update(block)
        if len(head) < limit:
            head.extend(block)
    return bytes(head), digest.hexdigest()


def _read_once(path: Path, limit: int) -> FileRead:
    before = os.stat(path)
    if kind := special_kind(before.st_mode):
        raise NotARegularFile(f"a {kind}, not a file: never opened")
    # O_NONBLOCK: should a pipe take the file's place after the stat, opening it does not hang.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        opened = os.fstat(fd)
        if stat.S_ISDIR(opened.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(opened.st_mode):
            raise NotARegularFile(f"a {special_kind(opened.st_mode) or 'special file'}, not a file: never read")
        data, digest = _read_open(fd, limit)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    if not (_identity(before) == _identity(opened) == _identity(after) == _identity(os.stat(path))):
        raise ChangedWhileRead("the file changed while it was read")
    return FileRead(data, after.st_size, after.st_mtime_ns, digest)


def read_consistent(path: Path, limit: int = MAX_BYTES) -> FileRead:
    """The first ``limit`` bytes of ``path``, its size, mtime and whole-file hash,
    all of one version of the file: size, mtime and inode are compared before and
    after the read (a file rewritten meanwhile is read once more, then given up
    with ChangedWhileRead). Opened read-only: raw files are never modified.
    Raises OSError."""
    try:
        return _read_once(path, limit)
    except ChangedWhileRead:
        return _read_once(path, limit)


def read_bounded(path: Path, limit: int = MAX_BYTES) -> tuple[bytes, int]:
    """The first ``limit`` bytes of ``path`` and the file's full size (see ``read_consistent``)."""
    read = read_consistent(path, limit)
    return read.data, read.size


def content_id(data: bytes) -> str:
    """Stable document id: a hash of the article's raw bytes."""
    return hashlib.sha256(data).hexdigest()[:32]
