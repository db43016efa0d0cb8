"""Columns are named once, in the pandera models: frames are built from them,
a column that nothing sets is an error, and no module repeats a column list."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from pipeline.extract.pool import DocumentToExtract, claim_row
from pipeline.records import ExtractedClaim
from pipeline.schemas import TABLES, columns, filled_later, frame_of, primary_key
from pipeline.warehouse import table_ddl, validate_rows

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"


def _speaker(**values) -> dict:
    row = {"speaker_id": "abbas-araghchi", "name": "Abbas Araghchi", "aliases": ["Araghchi"], "roles": [],
           "affiliation": "Iran", "first_seen": None, "last_seen": None, "n_claims": 1, "n_documents": 1}
    return row | values


def test_a_frame_has_the_models_columns_in_warehouse_order():
    frame = frame_of("speakers", [_speaker()])
    assert list(frame.columns) == columns("speakers") == list(TABLES["speakers"].to_schema().columns)
    assert list(frame_of("speakers", []).columns) == columns("speakers")


def test_a_column_no_row_sets_is_an_error_naming_table_and_column():
    row = _speaker()
    del row["affiliation"]
    with pytest.raises(ValueError, match=r"^speakers\.affiliation: row 0 does not set it"):
        frame_of("speakers", [row])


def test_an_unknown_key_is_an_error():
    with pytest.raises(ValueError, match=r"^speakers: row 1 sets nickname, not a column of the Speakers model"):
        frame_of("speakers", [_speaker(), _speaker(nickname="Abbas")])


def test_columns_filled_later_start_as_null():
    assert filled_later("claims") == ["speaker_id", "cluster_id", "corrected", "original_values"]
    assert filled_later("documents") == ["duplicate_of"]
    claim = ExtractedClaim(kind="direct", claim_text="We will not negotiate.", start_char=0, end_char=22,
                           cue="said", speaker_mention="he", speaker_name="Abbas Araghchi")
    row = claim_row(DocumentToExtract("d1", "We will not negotiate.", date(2025, 3, 28), "Reuters"), claim)
    frame = frame_of("claims", [row])
    assert frame.loc[0, "speaker_id"] is None and frame.loc[0, "cluster_id"] is None
    assert frame.loc[0, "speaker_name_in_doc"] == "Abbas Araghchi" and frame.loc[0, "outlet"] == "Reuters"
    assert len(validate_rows("claims", frame).valid) == 1


def test_primary_keys_come_from_the_models():
    assert primary_key("claims") == "claim_id" and primary_key("removed_lines") is None
    assert "claim_id VARCHAR PRIMARY KEY" in table_ddl("claims")[0]
    assert "PRIMARY KEY" not in table_ddl("removed_lines")[0]


def _string_lists(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
            if all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                yield node.lineno, {e.value for e in node.elts}


def test_no_module_repeats_a_tables_column_list():
    repeated = []
    for path in sorted(PIPELINE.rglob("*.py")):
        for line, names in _string_lists(path):
            for table in TABLES:
                every, required = set(columns(table)), set(columns(table)) - set(filled_later(table))
                if len(names) > 2 and required <= names <= every:
                    repeated.append(f"{path.relative_to(PIPELINE.parent)}:{line} lists the columns of {table}")
    assert not repeated, "use pipeline.schemas.columns/frame_of instead:\n" + "\n".join(repeated)
