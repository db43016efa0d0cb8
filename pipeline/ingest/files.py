"""Finding raw files and reading their bytes, read-only and bounded."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

# Read at most this much of any file: a multi-gigabyte dump dropped into the
# raw folder must not exhaust memory or stall a run. The rest is left unread
# and the document is flagged truncated.
MAX_BYTES = 5 * 1024 * 1024


def is_hidden(path: Path, raw_dir: Path) -> bool:
    """Dot-files and dot-folders (.DS_Store, ._resource forks, .git) are OS or
    tool artefacts, not articles a user dropped in, so they are not inputs."""
    return any(part.startswith(".") for part in path.relative_to(raw_dir).parts)


def iter_raw_files(raw_dir: Path) -> Iterator[Path]:
    """Every input under ``raw_dir``, recursively, in a stable sorted order.

    Yields everything that is not a directory (broken symlinks and special
    files included, so that reading them yields an error row rather than
    silence); skips hidden entries; does not follow symlinked directories.
    """
    raw_dir = Path(raw_dir)
    found: list[Path] = []
    for root, dirs, files in os.walk(raw_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in files)
        # A symlink to a directory shows up in dirs but is not walked: treat it as a file.
        found.extend(Path(root) / d for d in dirs if (Path(root) / d).is_symlink())
    yield from sorted(p for p in found if not is_hidden(p, raw_dir))


def read_bounded(path: Path, limit: int = MAX_BYTES) -> tuple[bytes, int]:
    """The first ``limit`` bytes of ``path`` and the file's full size.

    Opened read-only: raw files are never modified. Raises OSError.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return handle.read(limit), size


def content_id(data: bytes) -> str:
    """Stable document id: a hash of the article's raw bytes."""
    return hashlib.sha256(data).hexdigest()[:32]
