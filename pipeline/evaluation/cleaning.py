"""How well cleaning does on hand-annotated files.

Each annotated file lists phrases of page furniture (which must be gone
from the cleaned text), phrases of the article (which must be there,
verbatim) and the metadata the document must carry. The figures are the
share of furniture removed, of body kept and of metadata right.
Run ``python -m pipeline.evaluation.cleaning`` to print them, and the
line-by-line figures of the line classifier's held-out pages (``heldout_lines``).
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from pipeline.clean import clean_article
from pipeline.evaluation.paths import EvalData, eval_data
from pipeline.ingest import read_source
from pipeline.records import CleanedDocument


def clean_file(path: Path) -> list[CleanedDocument]:
    records, _errors = read_source(path, path.parent)
    return [clean_article(record) for record in records]


def metadata_value(docs: list[CleanedDocument], field: str) -> str | None:
    value = getattr(docs[0], field) if docs else None
    return None if value is None else str(value)


def score_file(entry: dict, root: Path) -> tuple[dict, list[dict]]:
    """(counts, misses) for one annotated file."""
    docs = clean_file(root / entry["path"])
    texts = [doc.text for doc in docs]
    misses = []
    for phrase in entry.get("boilerplate") or []:
        if any(phrase in text for text in texts):
            misses.append({"file": entry["path"], "kind": "boilerplate_left", "phrase": phrase})
    for phrase in entry.get("body") or []:
        if not any(phrase in text for text in texts):
            misses.append({"file": entry["path"], "kind": "body_dropped", "phrase": phrase})
    for field, expected in (entry.get("metadata") or {}).items():
        if (found := metadata_value(docs, field)) != str(expected):
            misses.append({"file": entry["path"], "kind": "metadata_wrong", "phrase": f"{field}: {found!r} != {expected!r}"})
    counts = {
        "boilerplate": len(entry.get("boilerplate") or []),
        "body": len(entry.get("body") or []),
        "metadata": len(entry.get("metadata") or {}),
    }
    return counts, misses


def share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def evaluate_cleaning(data: EvalData | None = None) -> dict:
    """Cleaning figures over the annotated files (their paths are relative to the data root)."""
    data = data or eval_data()
    entries = yaml.safe_load(data.cleaning.read_text(encoding="utf-8"))["files"]
    totals = {"boilerplate": 0, "body": 0, "metadata": 0}
    misses: list[dict] = []
    for entry in entries:
        counts, file_misses = score_file(entry, data.root)
        totals = {k: totals[k] + counts[k] for k in totals}
        misses.extend(file_misses)
    missed = {kind: sum(m["kind"] == kind for m in misses) for kind in ("boilerplate_left", "body_dropped", "metadata_wrong")}
    return {
        "files": len(entries),
        "boilerplate_phrases": totals["boilerplate"],
        "boilerplate_removed_share": share(totals["boilerplate"] - missed["boilerplate_left"], totals["boilerplate"]),
        "body_phrases": totals["body"],
        "body_kept_share": share(totals["body"] - missed["body_dropped"], totals["body"]),
        "metadata_fields": totals["metadata"],
        "metadata_correct_share": share(totals["metadata"] - missed["metadata_wrong"], totals["metadata"]),
        "misses": misses,
    }


def polnear_lines_dropped(root: Path, split: str, limit: int | None = None) -> dict:
    """Cleaning over PolNeAR's texts, which are clean: every line it removes is an article
    line dropped (the headline, moved to the title, is kept)."""
    paths = sorted((root / split / "text").glob("*.txt"))[:limit]
    lines = dropped = 0
    reasons: dict[str, int] = {}
    for path in paths:
        for doc in clean_file(path):
            lost = [line for line in doc.removed_lines if line.reason != "title"]
            lines += len(doc.text.split("\n\n")) + len(doc.removed_lines)
            dropped += len(lost)
            for line in lost:
                reasons[line.reason] = reasons.get(line.reason, 0) + 1
    return {"articles": len(paths), "lines": lines, "lines_dropped": dropped,
            "dropped_by_reason": dict(sorted(reasons.items()))}


def heldout_lines(data: EvalData | None = None) -> dict:
    """Cleaning over the line classifier's held-out training pages (``heldout: true`` in
    tests/annotations/linetraining, never trained on; texts in data/linetraining/pages),
    line by line: the share of their boilerplate lines removed and of their body lines kept
    (a headline moved to the title is kept)."""
    from pipeline.clean.line_examples import file_index
    from pipeline.evaluation.devcorpus import load_pages

    data = data or eval_data()
    folder = data.root / "data" / "linetraining" / "pages"
    pages = [p for p in load_pages(data.annotations / "linetraining", folder)[0] if p.annotation.get("heldout")]
    counts = {"boilerplate": 0, "removed": 0, "body": 0, "kept": 0}
    for page in pages:
        path = folder / f"{page.annotation['id']}.txt"
        gone = set()
        for record in read_source(path, path.parent)[0]:
            where = file_index(page.text.split("\n"), record.text.split("\n"))
            gone |= {where[line.line_no - 1] for line in clean_article(record).removed_lines if line.reason != "title"}
        for index, label in page.annotation["labels"].items():
            if label == "boilerplate":
                counts["boilerplate"] += 1
                counts["removed"] += index in gone
            elif label == "body":
                counts["body"] += 1
                counts["kept"] += index not in gone
    return {"pages": len(pages), "boilerplate_lines": counts["boilerplate"], "body_lines": counts["body"],
            "boilerplate_removed_share": share(counts["removed"], counts["boilerplate"]),
            "body_kept_share": share(counts["kept"], counts["body"])}


def main() -> None:
    result = evaluate_cleaning()
    print(f"cleaning over {result['files']} annotated files")
    print(f"  boilerplate removed: {result['boilerplate_removed_share']:.1%} of {result['boilerplate_phrases']} phrases")
    print(f"  body kept:           {result['body_kept_share']:.1%} of {result['body_phrases']} phrases")
    print(f"  metadata correct:    {result['metadata_correct_share']:.1%} of {result['metadata_fields']} fields")
    for miss in result["misses"]:
        print("  MISS", json.dumps(miss, ensure_ascii=False))
    held = heldout_lines()
    print(f"line classifier's held-out pages ({held['pages']}, never trained on), line by line:")
    print(f"  boilerplate removed: {held['boilerplate_removed_share']:.1%} of {held['boilerplate_lines']} lines")
    print(f"  body kept:           {held['body_kept_share']:.1%} of {held['body_lines']} lines")


if __name__ == "__main__":
    main()
