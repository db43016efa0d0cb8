"""Labelled statements of real pages (tests/annotations/realstatements), for training.

The pages belong to their publishers: the repository holds each page's source
(url, title, outlet), the sha256 of its text and, per statement, the character
offsets of its passage (the sentence or sentences that hold the statement and
its attribution) with a short key and the labels. The texts are rebuilt into
``data/realstatements/pages/<id>.txt`` (ignored by git) from the search tool's
``pages`` corpus, as docs/annotation.md says; a passage is read from its page
by offset only when the page's sha256 matches.

The annotations live in the checkout's tests folder, which an installed wheel
does not ship: with no annotation to read, ``page_statements`` raises
``AnnotationsMissing`` rather than return no statements, so a trainer never
leaves the pages out without saying so.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ANNOTATIONS = REPO / "tests" / "annotations" / "realstatements"
PAGES = REPO / "data" / "realstatements" / "pages"
BEFORE_CHARS = 1000  # more than the sentence before a passage needs


class AnnotationsMissing(FileNotFoundError):
    """No page annotation to read (an installed wheel holds no tests folder)."""


@dataclass(frozen=True)
class PageStatement:
    text: str
    topic: str | None
    stance: str | None
    area: str
    page: str = ""  # the page's id: the statements of one document
    before: str = ""  # the page's text before the passage (its last BEFORE_CHARS): the claim's context


def page_statements(annotations: Path = ANNOTATIONS, pages: Path = PAGES) -> tuple[list[PageStatement], list[str]]:
    """The statements of every page whose text is present and unchanged, and the ids of the others."""
    paths = sorted(annotations.glob("*.yaml"))
    if not paths:
        raise AnnotationsMissing(f"no page annotations in {annotations}: they come with a checkout of the repository "
                                 "(tests/annotations/realstatements), not with an installed package; train from a "
                                 "checkout, or with --no-pages to leave the real pages out")
    found, absent = [], []
    for path in paths:
        entry = yaml.safe_load(path.read_text("utf-8"))
        text_path = pages / f"{entry['id']}.txt"
        text = text_path.read_text("utf-8") if text_path.exists() else None
        if text is None or hashlib.sha256(text.encode()).hexdigest() != entry["sha256"]:
            absent.append(entry["id"])
            continue
        found.extend(PageStatement(" ".join(text[s["start"]:s["end"]].split()), s.get("topic"), s.get("stance"),
                                   entry.get("area", ""), entry["id"], text[max(0, s["start"] - BEFORE_CHARS):s["start"]])
                     for s in entry.get("statements") or [])
    return found, absent
