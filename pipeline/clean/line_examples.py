"""The labelled lines the line classifier learns from, and their committed cache.

Each example is the feature row the clean stage computes for a line
(``furniture.shape_lines``), its label (1 furniture, 0 article), a group (an
outlet or a file: cross-validation folds never split one) and a weight. The
sources, each extracted only where its texts are present:

- ``linetraining``: the real pages of ``tests/annotations/linetraining``
  (texts rebuilt into ``data/linetraining/pages``, see docs/annotation.md),
  every line labelled by index; ``unsure`` lines are left out, and so are the
  pages marked ``heldout`` (``evaluation.cleaning.heldout_lines`` scores them);
- ``devcorpus``: the development corpus's TUNING half only: a line holding
  one of its page's boilerplate phrases is furniture, one holding a body
  phrase is article (lines holding both, or neither, are skipped);
- ``sample``: the sample corpus, by the phrases of ``tests/annotations/cleaning.yaml``;
- ``polnear``: PolNeAR train articles, every line article (their texts are
  clean), each with a small weight so that many long paragraphs do not drown the rest.

Lines the furniture patterns remove count as furniture (what furniture looks
like does not depend on whether a pattern names it), metadata lines (title,
byline, dateline, tagline) not at all. The rows are numbers only, so they are
committed (``pipeline/data/line_training_rows.npz``) and the trainer runs
without any page text; ``--extract`` refreshes the sources whose texts are here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from pipeline.clean.furniture import shape_lines
from pipeline.clean.rules import Rules, load_rules
from pipeline.evaluation.devcorpus import _norm, body_phrase, load_pages
from pipeline.evaluation.paths import EvalData
from pipeline.ingest import read_source

CACHE = Path(__file__).resolve().parents[1] / "data" / "line_training_rows.npz"
SOURCES = ("linetraining", "devcorpus", "sample", "polnear")
POLNEAR_ARTICLES = 300  # the first, by name, of PolNeAR train
POLNEAR_WEIGHT = 0.15
RULED = {"title": None, "byline": None, "dateline": None, "tagline": None}
LABELS = {"boilerplate": 1, "body": 0}  # "unsure" lines are not examples


@dataclass
class Examples:
    rows: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)  # 1 furniture, 0 article
    groups: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, row: dict, label: int, group: str, source: str, weight: float = 1.0) -> None:
        self.rows.append(row)
        self.labels.append(label)
        self.groups.append(group)
        self.weights.append(weight)
        self.sources.append(source)


def ruled_label(reason: str | None, label: int | None) -> int | None:
    """The label of a line the rules already decided: furniture they remove is furniture
    (unless its annotation says article), metadata lines are no examples."""
    if reason is None:
        return label
    return None if RULED.get(reason, 1) is None or label == 0 else 1


def phrase_label(line: str, boilerplate: list[str], body: list[str]) -> int | None:
    text = _norm(line)
    bad, good = any(p in text for p in boilerplate), any(p in text for p in body)
    return None if bad == good else int(bad)


def add_phrased(examples: Examples, path: Path, root: Path, entry: dict, group: str, source: str) -> None:
    """The lines of one file annotated by key phrases (development corpus, sample)."""
    boilerplate = [_norm(p) for p in entry.get("boilerplate") or []]
    body = [body_phrase(p) for p in entry.get("body") or []]
    rules = load_rules()
    for record in read_source(path, root)[0]:
        shaped = shape_lines(record.text, record.title, rules, record.source_format == "txt")
        for (_, line), reason, row in zip(shaped.lines, shaped.reasons, shaped.features, strict=True):
            label = ruled_label(reason, phrase_label(line, boilerplate, body) if reason is None else None)
            if label is not None:
                examples.add(row, label, group, source)


def file_index(file_lines: list[str], record_lines: list[str]) -> list[int | None]:
    """For each line of the reader's text, the index of the file line it comes from (the
    reader drops a metadata header and may cut a ``date YYYY-MM-DD`` prefix off a line)."""
    out, at = [], 0
    for line in record_lines:
        text = line.strip()
        if not text:
            out.append(None)
            continue
        j = next((k for k in range(at, len(file_lines)) if file_lines[k].strip().endswith(text)), None)
        out.append(j)
        at = j + 1 if j is not None else at
    return out


def add_indexed(examples: Examples, path: Path, entry: dict, rules: Rules) -> None:
    """The lines of one training page, labelled by their index in the file."""
    labels = {int(k): LABELS.get(v) for k, v in (entry.get("labels") or {}).items()}
    file_lines = path.read_text("utf-8").split("\n")
    for record in read_source(path, path.parent)[0]:
        where = file_index(file_lines, record.text.split("\n"))
        shaped = shape_lines(record.text, record.title, rules, record.source_format == "txt")
        for (number, _), reason, row in zip(shaped.lines, shaped.reasons, shaped.features, strict=True):
            index = where[number - 1] if number - 1 < len(where) else None
            label = ruled_label(reason, labels.get(index)) if index is not None else None
            if label is not None:
                examples.add(row, label, entry["outlet"], "linetraining")


def extract(source: str, data: EvalData, polnear: Path | None) -> Examples | None:
    """The examples of one source, or None when its texts are not here."""
    examples, rules = Examples(), load_rules()
    if source == "linetraining":
        folder = data.root / "data" / "linetraining" / "pages"
        pages, _ = load_pages(data.annotations / "linetraining", folder)  # each checked against its sha256
        pages = [page for page in pages if not page.annotation.get("heldout")]  # scored, never trained on
        for page in pages:
            add_indexed(examples, folder / f"{page.annotation['id']}.txt", page.annotation, rules)
        return examples if pages else None
    if source == "devcorpus":
        pages, _ = load_pages(data.devcorpus, data.devcorpus_pages)
        tune = [page for page in pages if page.split == "tune"]  # never the blind half
        for page in tune:
            path = data.devcorpus_pages / f"{page.annotation['id']}.txt"
            add_phrased(examples, path, data.devcorpus_pages, page.annotation, page.annotation["outlet"], source)
        return examples if tune else None
    if source == "sample":
        for entry in yaml.safe_load(data.cleaning.read_text("utf-8"))["files"]:
            add_phrased(examples, data.root / entry["path"], data.raw, entry, entry["path"], source)
        return examples
    folder = (polnear or data.polnear) / "train" / "text"
    paths = sorted(folder.glob("*.txt"))[:POLNEAR_ARTICLES]
    for path in paths:
        shaped = shape_lines(path.read_text("utf-8"), None, rules)
        for reason, row in zip(shaped.reasons, shaped.features, strict=True):
            if reason is None:
                examples.add(row, 0, f"polnear:{path.stem}", source, POLNEAR_WEIGHT)
            elif RULED.get(reason, 1):
                examples.add(row, 1, f"polnear:{path.stem}", source)
    return examples if paths else None


@dataclass
class Table:
    """Examples as arrays: what the cache holds."""

    names: list[str]
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    groups: np.ndarray
    sources: np.ndarray

    def only(self, keep: np.ndarray) -> Table:
        return Table(self.names, self.x[keep], self.y[keep], self.w[keep], self.groups[keep], self.sources[keep])


def as_table(examples: Examples, names: list[str] | None = None) -> Table:
    names = names or sorted(examples.rows[0])
    x = np.array([[row[n] for n in names] for row in examples.rows], dtype=float).reshape(-1, len(names))
    return Table(names, x, np.array(examples.labels, dtype=float), np.array(examples.weights, dtype=float),
                 np.array(examples.groups, dtype=str), np.array(examples.sources, dtype=str))


def concat(tables: list[Table]) -> Table:
    return Table(tables[0].names, *(np.concatenate([getattr(t, a) for t in tables])
                                    for a in ("x", "y", "w", "groups", "sources")))


def save(table: Table, path: Path = CACHE) -> None:
    np.savez_compressed(path, names=np.array(table.names), x=table.x, y=table.y, w=table.w,
                        groups=table.groups, sources=table.sources)


def load(path: Path = CACHE) -> Table | None:
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        return Table(data["names"].tolist(), data["x"], data["y"], data["w"], data["groups"], data["sources"])


def refresh(data: EvalData, polnear: Path | None, cached: Table | None) -> tuple[Table, dict[str, str]]:
    """Extract every source whose texts are here; keep the cached rows of the others
    (when their features are today's). Returns the table and what was done per source."""
    tables: dict[str, Table] = {}
    done, names = {}, None
    for source in SOURCES:
        examples = extract(source, data, polnear)
        if examples is not None and examples.rows:
            names = names or sorted(examples.rows[0])
            tables[source] = as_table(examples, names)
            done[source] = f"extracted {len(examples.rows)} lines"
    for source in SOURCES:
        if source in done:
            keep_absent_outlets(tables, done, source, cached, names)
            continue
        if cached is not None and cached.names == names and (keep := cached.sources == source).any():
            tables[source] = cached.only(keep)
            done[source] = f"kept {int(keep.sum())} cached lines"
        else:
            done[source] = "absent"
    return concat([tables[s] for s in SOURCES if s in tables]), done


def keep_absent_outlets(tables: dict[str, Table], done: dict[str, str], source: str, cached: Table | None,
                        names: list[str] | None) -> None:
    """Add to an extracted source the cached rows of its groups (outlets) none of whose texts
    are here, when their features are today's: training pages rebuilt on another machine
    stay trained on where their texts cannot be rebuilt."""
    if cached is None or cached.names != names:
        return
    keep = (cached.sources == source) & ~np.isin(cached.groups, tables[source].groups)
    if keep.any():
        tables[source] = concat([tables[source], cached.only(keep)])
        done[source] += f", kept {int(keep.sum())} cached lines of {len(set(cached.groups[keep]))} absent outlets"
