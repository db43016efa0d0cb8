"""Where the evaluation finds its annotated data.

The annotations (``tests/annotations``) and the sample corpus (``data/raw``)
live in a redline checkout, not in the installed package. Their root is, in
order: ``--data-root``, ``REDLINE_EVAL_ROOT``, the checkout this package runs
from, the current folder. Without one, the parts that need it say so and are
skipped (``EvalDataMissing`` carries what to do).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV = "REDLINE_EVAL_ROOT"
NEEDED = ("tests/annotations", "data/raw")
# pipeline/evaluation/paths.py -> the checkout, when the package runs from one.
_CHECKOUT = Path(__file__).resolve().parents[2]


class EvalDataMissing(LookupError):
    """No folder holds the annotated data: the message says what is needed."""


@dataclass(frozen=True)
class EvalData:
    """The annotated data under one root (a redline checkout, or a copy of its two folders)."""

    root: Path
    annotations: Path
    raw: Path
    sample_claims: Path
    sample_topics: Path
    cleaning: Path
    devcorpus: Path
    devcorpus_pages: Path
    polnear: Path  # the default PolNeAR folder: beside the checkout, never inside it

    @classmethod
    def at(cls, root: Path) -> EvalData:
        notes = root / "tests" / "annotations"
        return cls(root, notes, root / "data" / "raw", notes / "sample_claims.yaml", notes / "sample_topics.yaml",
                   notes / "cleaning.yaml", notes / "devcorpus", root / "data" / "devcorpus" / "pages",
                   root.parent / "shared" / "benchmarks" / "polnear")


def is_data_root(path: Path) -> bool:
    return all((path / part).is_dir() for part in NEEDED)


def eval_data(data_root: str | Path | None = None, environ: Mapping[str, str] = os.environ) -> EvalData:
    """The annotated data: at ``data_root`` or REDLINE_EVAL_ROOT when given (which must
    hold it), else in the checkout or the current folder."""
    chosen = data_root or environ.get(ENV)
    if chosen:
        root = Path(chosen).expanduser()
        if not is_data_root(root):
            raise EvalDataMissing(f"{root} (--data-root or {ENV}) holds no {' and no '.join(NEEDED)}")
        return EvalData.at(root)
    for root in (_CHECKOUT, Path.cwd()):
        if is_data_root(root):
            return EvalData.at(root)
    raise EvalDataMissing(
        f"no {' and '.join(NEEDED)} here (they are in a redline checkout, not in the installed package): "
        f"run from a checkout, or pass --data-root PATH (or set {ENV}) to a folder holding them"
    )
