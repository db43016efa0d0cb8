"""The pandera models of every warehouse table: the single source of truth.

Each model gives the checks rows must pass before they are written, and, through
``Field(description=..., metadata={"sql": ..., "primary_key": ..., "filled_by": ...})``,
the DuckDB DDL and the ``COMMENT ON`` documentation (see ``pipeline.warehouse.ddl``).
Column order here is the column order in the warehouse. No other module lists a
table's columns: row builders make their frames with ``frame_of``, which insists
that every column is set, and a change here reaches existing warehouses through
``pipeline.warehouse.migrate`` (whose docstring says when to bump the schema version).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

KINDS = ["direct", "indirect"]
DATE_BASES = ["explicit", "relative", "published"]
SPEAKER_KINDS = ["person", "institution", "country", "document", "group", "outlet"]
# The dates a DATE column can hold: pandera validates dates through pandas'
# datetime64[ns], which ends there. Readers keep dates outside this range out of rows.
EARLIEST_DATE, LATEST_DATE = date(1677, 9, 22), date(2262, 4, 11)


def _field(description: str, sql: str | None = None, *, key: bool = False, filled_by: str | None = None,
           **checks) -> pa.Field:
    """A column. ``key``: the table's primary key (unique here, PRIMARY KEY in DuckDB).
    ``filled_by``: the stage that sets the column after its row is built, so row
    builders leave it out and ``frame_of`` starts it as NULL."""
    if key:
        checks["unique"] = True
    metadata = {name: value for name, value in {"sql": sql, "primary_key": key, "filled_by": filled_by}.items() if value}
    return pa.Field(description=description, metadata=metadata or None, **checks)


class _Table(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True


class Documents(_Table):
    """One row per distinct input content: the cleaned article and its metadata."""

    doc_id: Series[str] = _field("Stable id: hash of the raw bytes of the article.", key=True)
    source_path: Series[str] = _field("Path of the input file, relative to the raw folder.")
    source_format: Series[str] = _field("Input format: txt, html, json, jsonl.")
    title: Series[str] = _field("Headline, from the file's metadata or its first line.", nullable=True)
    outlet: Series[str] = _field("Publishing outlet or site name.", nullable=True)
    byline: Series[str] = _field("Author line as printed.", nullable=True)
    url: Series[str] = _field("Source URL when the input gives one.", nullable=True)
    published_date: Series[pa.Date] = _field("Publication date.", sql="DATE", nullable=True)
    language: Series[str] = _field("ISO 639-1 language code detected from the text.", str_length={"min_value": 2})
    text: Series[str] = _field("The cleaned article body; claim offsets point into it.")
    raw_chars: Series[int] = _field("Characters in the decoded input before cleaning.", ge=0)
    clean_chars: Series[int] = _field("Characters in the cleaned text.", ge=0)
    duplicate_of: Series[str] = _field(
        "doc_id of an earlier near-identical article, if any.", nullable=True, filled_by="clean.linking"
    )
    ingested_at: Series[pa.DateTime] = _field("When this document was first written.")
    pipeline_version: Series[str] = _field("redline version that cleaned this document.")


class IngestErrors(_Table):
    """Every input file (or record) that could not become a document, and why."""

    source_path: Series[str] = _field("Path of the input file, relative to the raw folder.")
    error_kind: Series[str] = _field(
        "Kind of failure: empty, binary, decode, no_text, invalid_json, truncated_json, invalid_text, too_large, "
        "unreadable, not_a_file (a pipe, socket or device: never opened), dangling_link, changing (rewritten while "
        "read: read again next run), unreadable_folder, rejected; notes on a stored document: truncated, "
        "date_out_of_range (README: What redline promises).")
    message: Series[str] = _field("What went wrong, in words.")
    seen_at: Series[pa.DateTime] = _field("When the failure was recorded.")
    source_file: Series[str] = _field(
        "The file (or folder) the failure is about, as source_files names it: the key, never parsed out of "
        "source_path. NULL in rows written before schema version 3.", nullable=True)
    record_index: Series[pd.Int64Dtype] = _field(
        "The record of a JSON list or JSON Lines file it is about (0-based), if it is about one.",
        sql="INTEGER", nullable=True)


class RemovedLines(_Table):
    """The cleaning audit: every line removed from an article and why."""

    doc_id: Series[str] = _field("Document the line was removed from.")
    line_no: Series[int] = _field("1-based line number in the decoded input.", ge=1)
    text: Series[str] = _field("The removed line, verbatim.")
    reason: Series[str] = _field("Why it was removed: advertisement, related_headlines, caption, ...")


class Claims(_Table):
    """One row per attributed statement: a direct quote or reported speech."""

    claim_id: Series[str] = _field("Stable id: hash of doc_id and offsets.", key=True)
    doc_id: Series[str] = _field("Document the statement was found in.")
    kind: Series[str] = _field("direct (quoted) or indirect (reported speech).", isin=KINDS)
    claim_text: Series[str] = _field("The statement, verbatim from documents.text.", str_length={"min_value": 1})
    start_char: Series[int] = _field("Start offset of claim_text in documents.text.", ge=0)
    end_char: Series[int] = _field("End offset (exclusive) of claim_text in documents.text.", ge=1)
    cue: Series[str] = _field("Reporting verb or phrase: said, told, according to.", nullable=True)
    speaker_mention: Series[str] = _field("The speaker as written at the statement: he, the ambassador.", nullable=True)
    speaker_id: Series[str] = _field("Canonical speaker id, see the speakers table.", nullable=True, filled_by="speakers")
    speaker_name: Series[str] = _field("Canonical speaker name: Ali Shamkhani.", nullable=True)
    speaker_role: Series[str] = _field("Speaker's role as the article gives it: Foreign Minister.", nullable=True)
    speaker_affiliation: Series[str] = _field("Speaker's country or organisation: Iran.", nullable=True)
    statement_date: Series[pa.Date] = _field("When the statement was made.", sql="DATE", nullable=True)
    date_basis: Series[str] = _field("explicit, relative (resolved against publication) or published.", isin=DATE_BASES)
    topic: Series[str] = _field("Topic from the taxonomy.", nullable=True)
    stance: Series[str] = _field("Stance from the taxonomy.", nullable=True)
    condition: Series[str] = _field("Condition a conditional statement sets.", nullable=True)
    confidence: Series[float] = _field("Extractor confidence in [0, 1].", ge=0, le=1)
    cluster_id: Series[str] = _field(
        "Cluster of the same claim made again, see claim_clusters.", nullable=True, filled_by="claim_clusters"
    )
    published_date: Series[pa.Date] = _field("Publication date of the document.", sql="DATE", nullable=True)
    outlet: Series[str] = _field("Outlet of the document.", nullable=True)
    pipeline_version: Series[str] = _field("redline version that extracted this claim.")
    speaker_name_in_doc: Series[str] = _field(
        "Speaker as resolved within the document, before cross-document merging.", nullable=True
    )
    extraction_rule: Series[str] = _field(
        "The extraction rule that found the statement (pipeline/extract): which rule fired, for debugging.",
        nullable=True,
    )
    topic_confidence: Series[float] = _field(
        "The classifier's probability for topic (pipeline/enrich/classifier.py); NULL when topic is.",
        nullable=True, ge=0, le=1,
    )
    stance_confidence: Series[float] = _field(
        "The classifier's probability for stance; NULL when stance is.", nullable=True, ge=0, le=1,
    )
    label_features: Series[str] = _field(
        "Parse features the classifier reads (negation, modality, conditions), kept so claims are "
        "re-labelled without parsing.", nullable=True,
    )
    corrected: Series[pd.BooleanDtype] = _field(
        "True when a user correction changed or added this claim (the corrections table says which and why).",
        sql="BOOLEAN", nullable=True, filled_by="corrections",
    )
    original_values: Series[str] = _field(
        "The corrected fields as extracted, as JSON ({} for a claim the user added); NULL when not corrected.",
        nullable=True, filled_by="corrections",
    )
    speaker_kind: Series[str] = _field(
        "person, institution, country (a country or capital as an actor), document, group (anonymous or "
        "collective: analysts, officials) or outlet (a news outlet in its own name); NULL before schema version 3.",
        nullable=True, isin=SPEAKER_KINDS,
    )
    relay: Series[str] = _field(
        "The news outlet relaying the speaker (X told Reuters; Reuters reported that X said): never the speaker.",
        nullable=True,
    )

    @pa.dataframe_check(description="end_char is after start_char")
    def offsets_ordered(cls, df):
        return df["end_char"] > df["start_char"]

    @pa.dataframe_check(description="claim_text is as long as its offsets")
    def offsets_match_text(cls, df):
        return df["claim_text"].str.len() == df["end_char"] - df["start_char"]


class Speakers(_Table):
    """One row per person or institution that makes claims, merged across articles."""

    speaker_id: Series[str] = _field("Stable id of the speaker.", key=True)
    name: Series[str] = _field("Canonical name.")
    aliases: Series[object] = _field("Other names the speaker appears under.", sql="VARCHAR[]", nullable=True)
    roles: Series[object] = _field("Roles the articles give the speaker.", sql="VARCHAR[]", nullable=True)
    affiliation: Series[str] = _field("Country or organisation.", nullable=True)
    first_seen: Series[pa.Date] = _field("Date of the earliest claim.", sql="DATE", nullable=True)
    last_seen: Series[pa.Date] = _field("Date of the latest claim.", sql="DATE", nullable=True)
    n_claims: Series[int] = _field("Number of claims.", ge=0)
    n_documents: Series[int] = _field("Number of documents with a claim by the speaker.", ge=0)


class ClaimClusters(_Table):
    """The same statement made again: the same wording, or one actor's paraphrase of it close in time, whatever the stance."""

    cluster_id: Series[str] = _field("Stable id of the cluster.", key=True)
    label: Series[str] = _field("A representative statement.")
    topic: Series[str] = _field("Most common topic of its claims.", nullable=True)
    stance: Series[str] = _field("Most common stance of its claims (they may differ).", nullable=True)
    n_claims: Series[int] = _field("Number of claims.", ge=1)
    n_speakers: Series[int] = _field("Number of distinct speakers.", ge=0)
    n_outlets: Series[int] = _field("Number of distinct outlets.", ge=0)
    first_date: Series[pa.Date] = _field("Earliest statement date.", sql="DATE", nullable=True)
    last_date: Series[pa.Date] = _field("Latest statement date.", sql="DATE", nullable=True)
    speakers: Series[object] = _field("Names of the speakers who made it.", sql="VARCHAR[]", nullable=True)
    outlets: Series[object] = _field("Outlets that reported it.", sql="VARCHAR[]", nullable=True)
    n_documents: Series[int] = _field("Number of distinct documents.", sql="INTEGER", ge=0, nullable=True)
    grouped_by: Series[str] = _field(
        "How its claims were joined: wording (the same words), paraphrase (alike in meaning: one speaker close "
        "in time, or one article), or both.", nullable=True,
    )


class RejectedRows(_Table):
    """Rows that failed validation and were kept out of their table."""

    table_name: Series[str] = _field("Table the row was meant for.")
    row_json: Series[str] = _field("The rejected row as JSON.")
    check_name: Series[str] = _field("The check it failed.")
    failure: Series[str] = _field("The failing value and column.")
    run_id: Series[str] = _field("Dagster run (or caller) that rejected it.")
    rejected_at: Series[pa.DateTime] = _field("When it was rejected.")


class SourceFiles(_Table):
    """Bookkeeping: every file seen in the raw folder and what became of it."""

    source_path: Series[str] = _field("Path relative to the raw folder.", key=True)
    content_hash: Series[str] = _field("Hash of the file's bytes when last read.")
    size_bytes: Series[int] = _field("File size when last read.", sql="BIGINT", ge=0)
    mtime_ns: Series[int] = _field("Modification time (ns) when last read.", sql="BIGINT")
    status: Series[str] = _field("document, error or deleted.", isin=["document", "error", "deleted"])
    doc_ids: Series[object] = _field("Documents read from the file.", sql="VARCHAR[]", nullable=True)
    first_seen: Series[pa.DateTime] = _field("When the file was first seen.")
    last_seen: Series[pa.DateTime] = _field("When the file was last seen in the raw folder.")


class RawDocuments(_Table):
    """Articles as read from the raw files, decoded but not yet cleaned."""

    doc_id: Series[str] = _field("Stable id: hash of the raw bytes of the article.", key=True)
    source_path: Series[str] = _field("Path relative to the raw folder (#n for a record of a JSON file).")
    source_format: Series[str] = _field("Input format.")
    text: Series[str] = _field("Decoded text before cleaning.")
    raw_chars: Series[int] = _field("Characters in text.", ge=0)
    title: Series[str] = _field("Title from the file's own metadata.", nullable=True)
    outlet: Series[str] = _field("Outlet from the file's own metadata.", nullable=True)
    byline: Series[str] = _field("Byline from the file's own metadata.", nullable=True)
    url: Series[str] = _field("URL from the file's own metadata.", nullable=True)
    published_date: Series[pa.Date] = _field("Date from the file's own metadata.", sql="DATE", nullable=True)
    truncated: Series[bool] = _field("The file was larger than the read limit and was cut.")
    read_at: Series[pa.DateTime] = _field("When the file was read.")
    source_file: Series[str] = _field(
        "The file it was read from, as source_files names it: the key, never parsed out of source_path. "
        "NULL in rows written before schema version 3.", nullable=True)
    record_index: Series[pd.Int64Dtype] = _field(
        "Its index in a JSON list or JSON Lines file (0-based); NULL for a whole file.", sql="INTEGER",
        nullable=True)


class DocumentExtractions(_Table):
    """Bookkeeping: which documents extraction has processed, at which version."""

    doc_id: Series[str] = _field("Processed document.", key=True)
    pipeline_version: Series[str] = _field("redline version that processed it.")
    n_claims: Series[int] = _field("Claims found.", ge=0)
    skipped_reason: Series[str] = _field("Why extraction skipped it (language, duplicate), if it did.", nullable=True)
    processed_at: Series[pa.DateTime] = _field("When it was processed.")
    labels_digest: Series[str] = _field(
        "Digest of the taxonomy and classifier its claims were labelled with (pipeline/enrich/relabel.py).",
        nullable=True,
    )


class DocumentSignatures(_Table):
    """Bookkeeping: MinHash signatures of document texts, for near-duplicate search."""

    doc_id: Series[str] = _field("Document.", key=True)
    signature: Series[object] = _field("MinHash values of the text's word shingles.", sql="UBIGINT[]")


class AssetInputs(_Table):
    """Bookkeeping: the inputs each whole-table rebuild was last made from."""

    asset_name: Series[str] = _field("Asset (table or page) that was rebuilt.", key=True)
    fingerprint: Series[str] = _field("Digest of its input tables at that build.")
    built_at: Series[pa.DateTime] = _field("When it was built.")


class SchemaVersions(_Table):
    """The warehouse's schema version: one row each time redline created or migrated its tables."""

    version: Series[int] = _field("Schema version (pipeline/warehouse/migrate.py) the tables were brought to.", ge=1)
    digest: Series[str] = _field("Digest of the table models at that version.")
    pipeline_version: Series[str] = _field("redline version that created or migrated the tables.")
    recorded_at: Series[pa.DateTime] = _field("When it did.")


class Corrections(_Table):
    """The user's corrections (the corrections file beside the raw folder, and rows added with SQL), applied on every run."""

    correction_id: Series[str] = _field("Stable id: a hash of what the correction says.", key=True)
    origin: Series[str] = _field("file (the corrections file; rebuilt from it every run) or anything else (added "
                                 "with SQL; kept).")
    kind: Series[str] = _field("set, not_a_claim, add_claim, merge_speakers or split_speaker.",
                               isin=["set", "not_a_claim", "add_claim", "merge_speakers", "split_speaker"])
    document: Series[str] = _field("Input file (path relative to the raw folder) or doc_id the claim is in.",
                                   nullable=True)
    quote: Series[str] = _field("Words of the claim as the article has them (for add_claim, the whole claim).",
                                nullable=True)
    speaker: Series[str] = _field("Speaker to set (split_speaker: the name to use instead).", nullable=True)
    topic: Series[str] = _field("Topic to set.", nullable=True)
    stance: Series[str] = _field("Stance to set.", nullable=True)
    names: Series[object] = _field("merge_speakers: the names of one person (the first shown); split_speaker: "
                                   "the name split off.", sql="VARCHAR[]", nullable=True)
    corrected_by: Series[str] = _field("Who made the correction.", nullable=True)
    corrected_at: Series[str] = _field("When, as the user wrote it.", nullable=True)
    reason: Series[str] = _field("Why.", nullable=True)
    status: Series[str] = _field("What the last run did: applied, or why not (document_not_found, span_not_found, "
                                 "no_claim_at_span, no_claims_of_speaker).", nullable=True)
    claim_ids: Series[object] = _field("Claims it applied to in the last run.", sql="VARCHAR[]", nullable=True)
    removed_claims: Series[str] = _field("not_a_claim: the claims rows it removed, as JSON, to restore them if the "
                                         "correction goes.", nullable=True)
    applied_at: Series[pa.DateTime] = _field("When the last run applied (or tried) it.", nullable=True)


# Table name -> model, in creation order.
TABLES: dict[str, type[_Table]] = {
    "source_files": SourceFiles,
    "raw_documents": RawDocuments,
    "ingest_errors": IngestErrors,
    "documents": Documents,
    "removed_lines": RemovedLines,
    "document_signatures": DocumentSignatures,
    "document_extractions": DocumentExtractions,
    "claims": Claims,
    "speakers": Speakers,
    "claim_clusters": ClaimClusters,
    "corrections": Corrections,
    "rejected_rows": RejectedRows,
    "asset_inputs": AssetInputs,
    "redline_schema": SchemaVersions,
}


@cache
def schema_of(table: str) -> pa.DataFrameSchema:
    """``table``'s pandera schema, built once."""
    return TABLES[table].to_schema()


def _metadata(table: str, column: str) -> dict:
    return schema_of(table).columns[column].metadata or {}


def columns(table: str) -> list[str]:
    """``table``'s columns, in warehouse order."""
    return list(schema_of(table).columns)


def primary_key(table: str) -> str | None:
    return next((c for c in columns(table) if _metadata(table, c).get("primary_key")), None)


def filled_later(table: str) -> list[str]:
    """The columns of ``table`` that a later stage sets (``filled_by``)."""
    return [c for c in columns(table) if _metadata(table, c).get("filled_by")]


def pick(table: str, values: dict) -> dict:
    """The entries of ``values`` (a record's fields) that are columns of ``table``."""
    return {name: values[name] for name in columns(table) if name in values}


def frame_of(table: str, rows: Iterable[dict]) -> pd.DataFrame:
    """``rows`` as a frame with exactly ``table``'s columns, in warehouse order.

    Every row sets every column but the ones filled later (they start as NULL), and
    nothing else: a column that no row builder sets would otherwise be written as
    a silent NULL, and a misspelt key silently dropped."""
    names = columns(table)
    later = dict.fromkeys(filled_later(table))
    known, required = set(names), set(names) - set(later)
    complete = []
    for number, row in enumerate(rows):
        if not required <= row.keys() <= known:
            raise ValueError(_row_error(table, number, row.keys(), known, required))
        complete.append({**later, **row})
    return pd.DataFrame(complete, columns=names)


def _row_error(table: str, number: int, keys, known: set[str], required: set[str]) -> str:
    model = f"the {TABLES[table].__name__} model in pipeline/schemas.py"
    missing, unknown = sorted(required - keys), sorted(keys - known)
    if missing:
        return (f"{table}.{missing[0]}: row {number} does not set it (unset: {', '.join(missing)}); every column of "
                f"{model} must be set by its row builder, or declare it filled_by the stage that sets it later")
    return f"{table}: row {number} sets {', '.join(unknown)}, not a column of {model}"
