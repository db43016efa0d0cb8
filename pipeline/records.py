"""The records that pass between redline's stages.

Each stage is a pure function from one of these to the next; the Dagster
assets only move them in and out of the warehouse.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class SourceRecord:
    """One article as read from a raw file, before cleaning.

    A plain-text or HTML file gives one record; a JSON or JSON Lines export
    gives one per article it holds.
    """

    doc_id: str  # hash of the raw bytes of this article (of the record, for JSON)
    source_path: str  # relative to the raw folder; "file.jsonl#3" for the 4th record
    source_format: str  # txt, html, json, jsonl
    text: str  # decoded (NFC, "\n" line endings) body as found; HTML already reduced to text
    raw_chars: int
    # Metadata the format itself carries (file header, HTML meta, JSON fields);
    # it takes precedence over what cleaning finds in the text.
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published_date: date | None = None
    truncated: bool = False  # the file was larger than the read limit
    # The record's key: the file it was read from (its stored name) and, for a
    # record of a JSON list or JSON Lines file, its index there. Never parsed
    # back out of source_path: a text file may be named "x#1".
    source_file: str | None = None
    record_index: int | None = None


@dataclass
class IngestError:
    """An input file (or record) that could not become a document."""

    source_path: str
    error_kind: str  # empty, binary, decode, invalid_json, unreadable, ...
    message: str
    record_index: int | None = None  # the record of a JSON list or JSON Lines file it is about
    source_file: str | None = None  # the file (set by the batch that read it); see SourceRecord


@dataclass
class RemovedLine:
    line_no: int  # 1-based line number in SourceRecord.text
    text: str
    reason: str  # share_widget, advertisement, related_headlines, caption, tagline, byline, dateline, ...


@dataclass
class CleanedDocument:
    """A document ready for extraction: the cleaned body and its metadata."""

    doc_id: str
    source_path: str
    source_format: str
    text: str
    raw_chars: int
    clean_chars: int
    language: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    url: str | None = None
    published_date: date | None = None
    removed_lines: list[RemovedLine] = field(default_factory=list)


@dataclass
class ExtractedClaim:
    """One attributed statement found in a document.

    Offsets are character offsets into ``CleanedDocument.text`` and
    ``text[start_char:end_char] == claim_text`` always holds.
    """

    kind: str  # "direct" or "indirect"
    claim_text: str
    start_char: int
    end_char: int
    cue: str | None
    speaker_mention: str | None  # as written where the statement is made: "he", "the ambassador"
    speaker_name: str | None  # resolved within the document: "Ali Shamkhani"
    speaker_role: str | None = None
    speaker_affiliation: str | None = None
    statement_date: date | None = None
    date_basis: str = "published"  # explicit, relative or published
    topic: str | None = None
    stance: str | None = None
    condition: str | None = None
    confidence: float = 0.5
    extraction_rule: str | None = None  # the named rule that found it (pipeline/extract)
    # The span of the whole attribution (claim + cue + speaker), for context.
    context_start: int = 0
    context_end: int = 0
    # person, institution, country, document, group or outlet (pipeline/extract/kinds.py)
    speaker_kind: str | None = None
    relay: str | None = None  # the outlet relaying the speaker: "Reuters" of "X told Reuters"
    # Where speaker_mention is written (char offset); not a claims column: the
    # evaluation reads the mention where it is, not the nearest string like it.
    speaker_start: int | None = None
    # The attribution written inside the claim's span (char offsets): an interrupted
    # quotation's "he said", a parenthetical cue (pipeline/extract/inner_cue.py). Not a
    # claims column: claim_text stays verbatim; the evaluation scores the words said.
    attribution: tuple[int, int] | None = None
    # The classifier's confidence in topic and stance (None when it gave none), and
    # the parse features it read (pipeline/enrich/features.py), kept so that stored
    # claims can be re-classified without parsing again.
    topic_confidence: float | None = None
    stance_confidence: float | None = None
    label_features: str | None = None

    def fields(self) -> dict:
        """The claim's fields by name: ``dataclasses.asdict`` without its deep copy, which
        scalar fields do not need (it was a tenth of the main process's CPU in a run)."""
        return dict(self.__dict__)
