"""Reading raw inputs: every file becomes documents or error rows, never an exception."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.ingest import MAX_BYTES, iter_raw_files, read_source
from pipeline.ingest.files import MAX_CHARS

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "tests" / "fixtures" / "inputs"
SAMPLE = ROOT / "data" / "raw"


def read(name: str):
    return read_source(INPUTS / name, INPUTS)


def only_record(name: str):
    records, errors = read(name)
    assert errors == [] and len(records) == 1, (records, errors)
    return records[0]


def only_error(name: str):
    records, errors = read(name)
    assert records == [] and len(errors) == 1, (records, errors)
    return errors[0]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.iterdir()
    }


def test_fixture_corpus_has_twenty_cases():
    assert len(list(iter_raw_files(INPUTS))) >= 20


@pytest.mark.parametrize("folder", [INPUTS, SAMPLE])
def test_every_file_becomes_a_record_or_an_error_and_stays_untouched(folder):
    before = snapshot(folder)
    for path in iter_raw_files(folder):
        records, errors = read_source(path, folder)
        rel = path.relative_to(folder).as_posix()
        named = {r.source_path.split("#")[0] for r in records} | {e.source_path.split("#")[0] for e in errors}
        assert named == {rel}
        assert records or errors
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    "name, kind",
    [
        ("empty.txt", "empty"),
        ("whitespace_only.txt", "empty"),
        ("header_only.txt", "empty"),
        ("scan.pdf", "binary"),
        ("photo.png", "binary"),
        ("photo_renamed.txt", "binary"),
        ("noise.bin", "decode"),
        ("truncated.json", "truncated_json"),
        ("invalid.json", "invalid_json"),
        ("no_text_record.json", "no_text"),
        ("empty_page.html", "no_text"),
    ],
)
def test_bad_input_gives_one_clear_error(name, kind):
    error = only_error(name)
    assert error.error_kind == kind
    assert error.source_path == name and error.message


def test_jsonl_bad_line_spoils_only_itself():
    records, errors = read("scraper_export.jsonl")
    assert [r.source_path for r in records] == [
        "scraper_export.jsonl#0", "scraper_export.jsonl#1", "scraper_export.jsonl#3"
    ]
    assert [(e.source_path, e.error_kind) for e in errors] == [("scraper_export.jsonl#2", "truncated_json")]
    assert records[2].byline == "John Roe, Ann Poe"
    assert all(r.source_format == "jsonl" for r in records)


def test_json_array_names_every_record_by_index():
    records, errors = read("array.json")
    assert not errors
    assert [r.source_path for r in records] == ["array.json#0", "array.json#1"]


def test_json_record_id_ignores_formatting():
    # The same article in a pretty-printed array and in a JSON Lines export.
    array, _ = read("array.json")
    lines, _ = read("scraper_export.jsonl")
    assert array[0].doc_id == lines[0].doc_id


def test_newsplease_fields():
    record = only_record("newsplease.json")
    assert record.source_path == "newsplease.json" and record.source_format == "json"
    assert record.title == "Iran, US hold first round of talks in Oman"
    assert record.outlet == "example-wire.com"
    assert record.byline == "Parisa Hafezi"
    assert record.url == "https://example-wire.com/world/iran-us-talks"
    assert str(record.published_date) == "2025-04-12"
    assert record.text.startswith("Iran and the United States held")


def test_html_article_metadata():
    record = only_record("news_article.html")
    assert record.source_format == "html"
    assert record.title == "Shamkhani: Iran's missiles are a red line"
    assert record.outlet == "Example Times"
    assert record.byline == "Leila Writer"
    assert str(record.published_date) == "2026-02-13"
    assert "Our missile systems are a red line" in record.text
    assert "Privacy policy" not in record.text and "Oil prices climb" not in record.text


def test_html_scripts_and_styles_dropped():
    record = only_record("scripts_styles.html")
    assert "SHOULD_NOT_APPEAR" not in record.text and "{" not in record.text
    assert "negotiators met in Muscat on Saturday" in record.text


@pytest.mark.parametrize(
    "name, phrase",
    [
        ("utf16_bom.txt", "Tehran\u2019s envoy said on Thursday"),
        ("utf16le_no_bom.txt", "The foreign ministry said"),
        ("cp1252_smart_quotes.txt", "Iran\u2019s missiles were \u201cnot negotiable\u201d \u2013 a position repeated by caf\u00e9"),
        ("utf8_bom.txt", "Iran holds naval drills"),
        ("french_article.txt", "n\u2019\u00e9tait pas n\u00e9gociable"),
    ],
)
def test_encodings_decoded(name, phrase):
    text = only_record(name).text
    assert phrase in text
    assert "\ufeff" not in text and "\x00" not in text


def test_line_endings_normalised():
    crlf, cr = only_record("crlf_endings.txt"), only_record("cr_endings.txt")
    assert crlf.text == cr.text
    assert "\r" not in crlf.text and "\n\nHe did not elaborate." in crlf.text


def test_control_characters_removed():
    text = only_record("control_chars.txt").text
    assert not any(ord(ch) < 32 and ch != "\n" for ch in text)
    assert "[0m" not in text
    assert "Tehran rejected talks on its missile programme" in text


def test_header_metadata():
    record = only_record("header_keyvalue.txt")
    assert record.title == "Iran will not negotiate on missiles, says Larijani"
    assert record.url == "https://www.example-news.com/larijani-missiles"
    assert str(record.published_date) == "2026-02-14"
    assert record.byline == "Sam Reporter"
    assert record.text.startswith("Ali Larijani said on Friday")


def test_sample_header_line():
    records, errors = read_source(SAMPLE / "000_6f1e587edc738ead.txt", SAMPLE)
    assert not errors
    assert records[0].title == "Envoy: Iran\u2019s Ballistic Missile Capabilities Not Negotiable"
    assert str(records[0].published_date) == "2025-03-28"
    assert "date 2025-03-28" not in records[0].text


def test_a_date_line_before_the_first_paragraph_keeps_the_paragraph(tmp_path):
    # Web captures put the date before the article's first paragraph; its statement must reach extraction.
    first = ("Qatar's foreign ministry spokesperson said on Thursday that the group had not yet "
             "handed over its reply to the proposal, and that talks would go on.")
    (tmp_path / "capture.txt").write_text(f"date 2024-06-06 {first}\n\nThe second paragraph.\n")
    records, errors = read_source(tmp_path / "capture.txt", tmp_path)
    assert not errors and str(records[0].published_date) == "2024-06-06"
    assert records[0].title != first and records[0].text.startswith(first)


def test_doc_id_is_stable_and_content_based(tmp_path):
    first = only_record("wire_outlet_a.txt")
    copy = only_record("wire_outlet_a_copy.txt")
    again = only_record("wire_outlet_a.txt")
    assert first.doc_id == copy.doc_id == again.doc_id
    assert first.doc_id == hashlib.sha256((INPUTS / "wire_outlet_a.txt").read_bytes()).hexdigest()[:32]


def test_vanished_file_is_unreadable(tmp_path):
    records, errors = read_source(tmp_path / "gone.txt", tmp_path)
    assert records == [] and errors[0].error_kind == "unreadable"
    assert "disappeared" in errors[0].message


def test_directory_named_like_a_file_is_unreadable(tmp_path):
    (tmp_path / "article.txt").mkdir()
    records, errors = read_source(tmp_path / "article.txt", tmp_path)
    assert records == [] and errors[0].error_kind == "unreadable"


def test_broken_symlink_is_listed_and_unreadable(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert list(iter_raw_files(tmp_path)) == [tmp_path / "dangling.txt"]
    (error,) = read_source(tmp_path / "dangling.txt", tmp_path)[1]
    assert error.error_kind == "dangling_link" and "nowhere.txt" in error.message and "does not exist" in error.message


def test_iter_raw_files_recursive_sorted_without_hidden(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/c.html", ".DS_Store", ".git/config", "a/._resource"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_raw_files(tmp_path)]
    assert names == ["a/c.html", "a/z.txt", "b.txt"]


def test_very_large_file_is_read_up_to_the_limit(tmp_path):
    paragraph = "Iran said on Monday that its missile programme is not negotiable. " * 20 + "\n\n"
    big = tmp_path / "huge.txt"
    big.write_text("Huge capture\n\n" + paragraph * (MAX_BYTES // len(paragraph) + 200))
    records, errors = read_source(big, tmp_path)
    assert len(records) == 1 and records[0].truncated
    assert [e.error_kind for e in errors] == ["truncated", "truncated"]  # the bytes read, then the text kept
    assert f"{MAX_BYTES:,}" in errors[0].message
    assert records[0].raw_chars <= MAX_BYTES
    assert len(records[0].text) <= MAX_CHARS and "characters; only the first" in errors[1].message
    assert records[0].text.rstrip().endswith("not negotiable.")  # cut at a paragraph break


def test_large_jsonl_keeps_the_complete_records(tmp_path):
    line = '{"title": "t", "maintext": "Iran said on Monday that talks would continue."}\n'
    path = tmp_path / "big.jsonl"
    path.write_text(line * 100)
    records, errors = read_source(path, tmp_path, limit=len(line) * 10 + 5)
    assert len(records) == 10 and all(r.truncated for r in records)
    assert [e.error_kind for e in errors] == ["truncated"]


def test_large_single_json_is_too_large(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"title": "t", "maintext": "' + "word " * 1000 + '"}')
    records, errors = read_source(path, tmp_path, limit=1000)
    assert records == [] and [e.error_kind for e in errors] == ["too_large", "truncated"]


def test_unreadable_file_permission(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Some text")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: permissions do not block reads")
        assert read_source(path, tmp_path)[1][0].error_kind == "unreadable"
    finally:
        path.chmod(0o644)


def test_text_starting_with_a_bracket_is_still_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("[Updated] Iran talks\n\nThe talks will resume on Monday, officials said.\n")
    records, errors = read_source(path, tmp_path)
    assert errors == [] and records[0].source_format == "txt"


def test_parser_failure_becomes_an_error_row(tmp_path, monkeypatch):
    import pipeline.ingest.reader as reader

    def boom(*_args):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(reader, "html_article", boom)
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Text</p></body></html>")
    records, errors = read_source(path, tmp_path)
    assert records == [] and errors[0].error_kind == "parse_error" and "parser bug" in errors[0].message


def test_cyrillic_code_page_and_source_as_outlet():
    record = only_record("cp1251_russian.txt")
    assert "ракетная программа страны не обсуждается" in record.text
    assert record.outlet == "Example Agency" and record.url is None
    assert str(record.published_date) == "2025-04-12"
