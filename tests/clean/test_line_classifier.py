"""The line classifier and repetition: furniture by shape and by recurrence on a site."""
from __future__ import annotations

import math
from pathlib import Path

import duckdb

from pipeline.clean import clean_article
from pipeline.clean.furniture import sort_lines
from pipeline.clean.line_classifier import load_line_classifier
from pipeline.clean.line_shape import glued, line_features
from pipeline.clean.repetition import line_key, repeated_in, repeated_lines, site_of
from pipeline.clean.rules import load_rules
from pipeline.records import SourceRecord
from tests.helpers import article, query

PROSE = [
    "Iran's foreign minister said on Monday that the talks with the European powers would resume in Geneva next week.",
    "He told reporters that his country was ready to discuss the nuclear programme but not its missiles, which it sees as defensive.",
    "Diplomats said the two sides had narrowed their differences on the pace at which sanctions would be lifted.",
    "The European Union's foreign policy chief said the next round would be decisive for the future of the agreement.",
]
TAIL = ["Share this article", "Your Name", "Your Email Address", "Comments", "Privacy policy", "Menu"]


def record(text: str, **meta) -> SourceRecord:
    return SourceRecord(doc_id="x", source_path="x.txt", source_format="txt", text=text, raw_chars=len(text), **meta)


def test_shape_tells_prose_from_a_tail_of_short_lines():
    rows = line_features(PROSE + TAIL)
    assert all(r["stopword_density"] > 0.25 and r["ends_sentence"] == 1 for r in rows[:4])
    assert all(r["after_prose"] == 1 and r["short"] == 1 for r in rows[4:])
    assert rows[4]["log_run"] > rows[3]["log_run"]


def test_glued_only_where_the_capture_uses_blank_lines():
    assert glued([1, 3, 4, 6]) == [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0)]
    assert glued([1, 2, 3]) == [(0.0, 0.0)] * 3


def test_furniture_tail_removed_with_reasons_and_crosshead_kept():
    text = "\n\n".join(["Iran ready for talks, minister says", PROSE[0], PROSE[1], "Sanctions first", PROSE[2], PROSE[3], *TAIL])
    doc = clean_article(record(text))
    assert doc.text.split("\n\n") == [PROSE[0], PROSE[1], "Sanctions first", PROSE[2], PROSE[3]]
    reasons = {line.text: line.reason for line in doc.removed_lines}
    assert reasons["Iran ready for talks, minister says"] == "title"
    assert all(reasons[line] for line in TAIL)  # each removed line has its reason in the audit


def test_a_line_repeated_on_the_site_goes_only_when_repeated():
    line = "Our journalism depends on readers"
    text = "\n\n".join(["Iran ready for talks, minister says", PROSE[0], PROSE[1], line, PROSE[2], PROSE[3]])
    rules = load_rules()
    alone = sort_lines(text, None, rules)
    assert line in alone.body
    repeated = sort_lines(text, None, rules, repeated=frozenset({line_key(line)}))
    assert line not in repeated.body
    assert [r.reason for r in repeated.removed if r.text == line] == ["repeated_on_site"]
    assert load_line_classifier().repeat_bonus > 0


def test_repeated_lines_counted_per_site_in_distinct_texts(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE TABLE raw_documents (doc_id VARCHAR, text VARCHAR, url VARCHAR, outlet VARCHAR)")
    furniture = "Download our app for the latest news"
    rows = [(f"a{i}", f"{article(i)}\n{furniture}\n", f"https://www.example.org/{i}", None) for i in range(3)]
    rows.append(("b0", f"{article(9)}\n{furniture}\n", "https://other.net/x", None))  # another site
    rows.append(("a9", rows[0][1], "https://example.org/copy", None))  # the same capture again: counts once
    con.executemany("INSERT INTO raw_documents VALUES (?, ?, ?, ?)", rows)
    found = repeated_lines(con, ["a0"])
    assert found == {"example.org": frozenset({line_key(furniture)})}
    assert repeated_lines(con, ["b0"]) == {}
    assert site_of("https://www.Example.org/a", None) == "example.org" and site_of(None, "Reuters") == "reuters"
    # The evaluation counts texts at hand the way the SQL counts the warehouse's.
    assert repeated_in((site_of(url, outlet), text) for _, text, url, outlet in rows) == found


def test_clean_stage_uses_repetition(tmp_path: Path):
    from pipeline.clean.run_clean import clean_pending
    from pipeline.ingest.run_ingest import ingest_raw_folder
    from pipeline.warehouse.store import Warehouse

    raw, furniture = tmp_path / "raw", "Our journalism depends on readers"
    raw.mkdir()
    for i in range(4):
        body = article(i).split("\n", 2)[2].replace("\n\n", f"\n\n{furniture}\n\n", 1)
        (raw / f"p{i}.txt").write_text(f"title: Report {i}\nurl: https://www.example.org/{i}\n\n{body}", "utf-8")
    store = Warehouse(str(tmp_path / "w.duckdb"))
    ingest_raw_folder(store, raw, "t")
    stats = clean_pending(store, "t").stats
    assert stats["documents_cleaned"] == 4 and "repetition_seconds" in stats
    removed = query(tmp_path / "w.duckdb", "SELECT count(*), min(reason) FROM removed_lines WHERE text = ?", [furniture])
    assert removed == [(4, "repeated_on_site")]


def test_a_line_carrying_on_the_kept_sentence_above_is_kept_with_it():
    from pipeline.clean.furniture import sentences_kept
    note_start = "Editor's note: the candidate regularly"
    assert sentences_kept([(4, note_start), (5, "incites")], [-1.0, 3.0], 1.0) == [False, True]
    assert sentences_kept([(3, note_start), (5, "incites")], [-1.0, 3.0], 1.0) == [False, False]  # a blank line between
    assert sentences_kept([(4, note_start), (5, "incites")], [3.0, 3.0], 1.0) == [False, False]  # the line above went
    assert sentences_kept([(4, "The talks ended."), (5, "and more")], [-1.0, 3.0], 1.0) == [False, False]  # it is over
    note = ["Editor's note: the candidate regularly", "incites", "political violence and is a serial liar, rampant xenophobe,",
            "racist and birther who has", "repeatedly pledged to ban an entire religion from", "entering the country."]
    kept = sort_lines("\n\n".join(PROSE[:2]) + "\n\n" + "\n".join(note) + "\n\n" + "\n\n".join(PROSE[2:]), None, load_rules()).body
    assert all(line in kept for line in note)


def test_a_crosshead_between_paragraphs_is_told_from_a_caption():
    first = "The minister said on Monday that the talks would go on, whatever the other side decided to do."
    last = "He added that a second round was planned for the spring, and that both sides had agreed to it."
    lines = [first, "A heading", last, "Police guard the border, Monday, March 4, 2019. REUTERS", last]
    shapes = dict(zip(lines, line_features(lines), strict=True))
    assert shapes["A heading"]["crosshead"] == 1.0 and shapes["A heading"]["between_sentences"] == 1.0
    caption = shapes["Police guard the border, Monday, March 4, 2019. REUTERS"]
    assert caption["between_sentences"] == 1.0 and caption["crosshead"] == 0.0  # a date, a credit in capitals
    assert shapes[first]["crosshead"] == 0.0  # the page's edge is no paragraph


def test_a_line_opening_like_prose_is_no_open_item():
    rows = line_features(["He declined", "A heading", "“No.”"])
    assert [round(r["log_open_run"], 3) for r in rows] == [0.0, round(math.log1p(1), 3), 0.0]
