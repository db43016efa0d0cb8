"""The line classifier's training data and trainer: committed rows, annotations, shipped trees."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import yaml

from pipeline.clean import clean_article
from pipeline.clean.line_classifier import load_line_classifier
from pipeline.clean.line_examples import file_index, load, ruled_label
from pipeline.clean.line_shape import line_features, repeats_earlier
from pipeline.clean.train_lines import export, fit, log_odds
from pipeline.datafiles import data_file
from pipeline.records import SourceRecord

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "tests" / "annotations"
PROSE = [
    "The central bank said on Tuesday that it would keep interest rates unchanged for a third month in a row.",
    "Analysts had expected the decision, which the governor said reflected a slowing but still resilient economy.",
    "Markets barely moved after the announcement, and the currency held steady against the dollar in late trading.",
]


def record(text: str) -> SourceRecord:
    return SourceRecord(doc_id="x", source_path="x.txt", source_format="txt", text=text, raw_chars=len(text))


def test_trainer_reproduces_the_shipped_trees_from_the_committed_rows():
    table = load()
    shipped = json.loads(data_file("line_classifier.json").read_text("utf-8"))
    assert table is not None and table.names == shipped["features"]
    trained = fit(table.x, table.y, table.w)
    trees = export(trained)
    assert trees["roots"] == shipped["trees"]["roots"] and trees["feature"] == shipped["trees"]["feature"]
    assert np.allclose(trees["value"], shipped["trees"]["value"])
    model = load_line_classifier()  # and the numpy walk gives the scores the trees give
    rows = [dict(zip(table.names, x, strict=True)) for x in table.x[:50]]
    assert np.allclose([model.log_odds(r) for r in rows], log_odds(trained, table.x[:50]))


def test_committed_rows_hold_numbers_and_every_source():
    table = load()
    assert table.x.dtype == float and set(np.unique(table.y)) == {0.0, 1.0}
    assert {"linetraining", "sample", "polnear"} <= set(table.sources.tolist())
    assert (table.sources == "linetraining").sum() > 800


def test_training_annotations_label_lines_by_index_and_avoid_the_development_corpus():
    dev = [yaml.safe_load(p.read_text("utf-8")) for p in (NOTES / "devcorpus").glob("*.yaml")]
    dev_sites = {(urlparse(e["url"]).hostname or "").removeprefix("www.") for e in dev}
    reserved = (ROOT.parent / "shared" / "reserved_pages.txt")
    reserved_urls = set(reserved.read_text("utf-8").split()) if reserved.exists() else set()
    notes = sorted((NOTES / "linetraining").glob("*.yaml"))
    assert len(notes) >= 100
    for path in notes:
        entry = yaml.safe_load(path.read_text("utf-8"))
        assert entry["id"] == path.stem and len(entry["sha256"]) == 64 and entry["chars"] > 0
        assert entry["outlet"] not in dev_sites and entry["url"] not in reserved_urls
        assert set(entry["labels"].values()) <= {"boilerplate", "body", "unsure"}
        assert all(isinstance(k, int) for k in entry["labels"]) and len(entry["title"].split()) <= 12


def test_reader_lines_map_back_to_file_lines_after_a_capture_header():
    file_lines = [" date 2021-07-13 A man was arrested on Tuesday.", "", "Police said he fled."]
    assert file_index(file_lines, ["A man was arrested on Tuesday.", "", "Police said he fled."]) == [0, None, 2]


def test_ruled_lines_are_furniture_unless_metadata_or_annotated_article():
    assert ruled_label(None, 0) == 0 and ruled_label("share_prompt", None) == 1
    assert ruled_label("byline", 1) is None and ruled_label("share_prompt", 0) is None


def test_a_headline_shown_twice_repeats_the_first_showing():
    lines = ["Bitcoin prices rally; surge by over 15%", "Bitcoin prices rally; surge by over 15%", PROSE[0]]
    assert repeats_earlier(lines) == [0.0, 1.0, 0.0]
    rows = line_features(lines)
    assert rows[1]["repeats_earlier"] == 1.0 and rows[2]["repeats_earlier"] == 0.0


def test_reader_prompts_and_teasers_have_their_shapes():
    rows = line_features([*PROSE, "Stay on top of the news, get daily updates in your inbox.", "The United…"])
    assert rows[3]["reader"] == 1.0 and rows[0]["reader"] == 0.0
    assert rows[4]["ends_ellipsis"] == 1.0
    assert line_features(["Published: Dec. 30, 2020 at 7:38 AM EST", PROSE[0]])[0]["label_colon"] == 1.0


def test_real_shapes_rank_a_credit_and_a_newsletter_prompt_above_the_prose_which_stays():
    from pipeline.clean.furniture import shape_lines
    from pipeline.clean.rules import load_rules
    credit, prompt = "Reuters file photo.", "Stay on top of the news, get daily updates in your inbox."
    text = "\n\n".join(["Rates held for a third month", credit, PROSE[0], "Markets calm", PROSE[1], PROSE[2], prompt])
    model, shaped = load_line_classifier(), shape_lines(text, None, load_rules())
    score = {line: model.log_odds(row) for (_, line), row in zip(shaped.lines, shaped.features, strict=True)}
    assert min(score[credit], score[prompt]) > max(score[p] for p in PROSE)
    kept = clean_article(record(text)).text.split("\n\n")
    assert all(p in kept for p in PROSE) and "Markets calm" in kept  # a crosshead between paragraphs stays


def test_a_caption_repeating_a_sentence_overlaps_it_and_the_paragraphs_do_not():
    caption = "Markets barely moved after the announcement, and the currency held steady. REUTERS/Jane Doe"
    rows = line_features([*PROSE, caption])
    assert rows[3]["overlap_earlier"] > 0.6 and rows[3]["overlap_later"] == 0.0
    assert rows[2]["overlap_later"] > 0.6  # the sentence it repeats, shown first
    assert max(rows[0]["overlap_earlier"], rows[0]["overlap_later"], rows[1]["overlap_later"]) < 0.4


def test_places_in_a_run_of_short_lines_and_table_rows():
    menu = ["Home", "World", "Politics", "Sport"]
    rows = line_features([*menu, PROSE[0], "Crosshead here", PROSE[1], "1 Arsenal 21 49", PROSE[2]])
    assert [r["run_place"] for r in rows[:4]] == [0.0, 1 / 3, 2 / 3, 1.0]
    assert rows[1]["run_edge"] > rows[0]["run_edge"] == rows[3]["run_edge"] == 0.0
    assert rows[1]["short_around"] > rows[5]["short_around"]  # a menu item among short lines, a crosshead among paragraphs
    assert rows[7]["number_tokens"] == 0.75 and rows[4]["number_tokens"] == 0.0
    assert rows[4]["relative_length"] > 0 > rows[1]["relative_length"]
    assert rows[0]["chars_before"] == 0.0 < rows[4]["chars_before"] < rows[8]["chars_before"] < 1.0


def test_a_line_going_on_with_the_sentence_above_starts_in_lower_case():
    rows = line_features(["Editor's note: the candidate regularly", "incites", "political violence and lies.", PROSE[0]])
    assert rows[1]["starts_lower"] == 1.0 and rows[1]["prev_starts_lower"] == 0.0 and rows[1]["next_starts_lower"] == 1.0
    assert line_features(["Rescue workers in the rubble. BULENT KILIC / AFP", PROSE[0]])[0]["ends_upper"] == 1.0


def test_held_out_pages_come_from_other_outlets_and_are_never_trained_on():
    from pipeline.clean.line_examples import extract
    from pipeline.evaluation.cleaning import heldout_lines
    from pipeline.evaluation.paths import eval_data
    notes = [yaml.safe_load(p.read_text("utf-8")) for p in (NOTES / "linetraining").glob("*.yaml")]
    held = {n["outlet"] for n in notes if n.get("heldout")}
    assert len(held) >= 10 and held.isdisjoint(n["outlet"] for n in notes if not n.get("heldout"))
    figures = heldout_lines()
    if figures["pages"]:  # the texts are here: score them, and check training leaves them out
        assert 0 < figures["boilerplate_removed_share"] <= 1 and figures["body_kept_share"] >= 0.95
        examples = extract("linetraining", eval_data(), None)
        assert held.isdisjoint(examples.groups)


def test_a_short_paragraph_opens_on_a_pronoun_and_a_caption_reports_in_the_present():
    rows = line_features([PROSE[0], "He declined", "A policeman searches a man at a checkpoint", PROSE[1]])
    assert rows[1]["opens_prose"] == 1.0 and rows[2]["opens_prose"] == 0.0 and rows[2]["prev_opens_prose"] == 1.0
    assert rows[0]["past_words"] > 0 == rows[2]["past_words"]  # "expected"; "searches" is no past tense


def test_lines_counted_from_either_edge_and_runs_of_lines_that_end_no_sentence():
    lines = ["Home", "World", PROSE[0], "Related", "Rates rise again in March", "Markets calm"]
    rows = line_features(lines)
    assert rows[0]["from_top"] == 0.0 == rows[-1]["from_end"] and rows[1]["from_top"] == rows[-2]["from_end"] > 0
    assert rows[4]["log_open_run"] > rows[0]["log_open_run"] > 0 == rows[2]["log_open_run"]  # 3 open lines, then 2
    assert rows[5]["open_around"] == 1.0 > rows[4]["open_around"]  # the page's edge counts as open, the prose does not


def test_furniture_goes_on_after_a_marked_line_until_the_next_prose():
    from pipeline.clean.furniture import shape_lines
    from pipeline.clean.line_shape import marked_since_prose
    from pipeline.clean.rules import load_rules
    assert marked_since_prose([False, True, False, False, False], [True, False, False, True, False]) == [0, 0, 1, 1, 0]
    text = "\n\n".join([PROSE[0], PROSE[1], "See also", "Rates held for a third month", PROSE[2]])
    rows = shape_lines(text, None, load_rules()).features
    assert [r["marked_above"] for r in rows] == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert rows[1]["marked_below"] == 1.0 and rows[0]["marked_below"] == 0.0


def _table(names: list[str], groups: list[str], source: str = "linetraining"):
    from pipeline.clean.line_examples import Table
    n = len(groups)
    return Table(names, np.arange(n * len(names), dtype=float).reshape(n, len(names)), np.zeros(n), np.ones(n),
                 np.array(groups), np.array([source] * n))


def test_an_extraction_keeps_the_cached_rows_of_outlets_whose_texts_are_absent():
    from pipeline.clean.line_examples import keep_absent_outlets
    cached = _table(["a", "b"], ["here.com", "gone.com", "gone.com"])
    tables, done = {"linetraining": _table(["a", "b"], ["here.com", "new.com"])}, {"linetraining": "extracted 2 lines"}
    keep_absent_outlets(tables, done, "linetraining", cached, ["a", "b"])
    assert tables["linetraining"].groups.tolist() == ["here.com", "new.com", "gone.com", "gone.com"]
    assert np.array_equal(tables["linetraining"].x[2:], cached.x[1:])  # the cached rows, not here.com's old one
    assert done["linetraining"].endswith("kept 2 cached lines of 1 absent outlets")


def test_cached_rows_of_other_features_or_other_sources_are_not_kept():
    from pipeline.clean.line_examples import keep_absent_outlets
    for cached in (_table(["a", "c"], ["gone.com"]), _table(["a", "b"], ["gone.com"], "devcorpus"), None):
        tables = {"linetraining": _table(["a", "b"], ["here.com"])}
        keep_absent_outlets(tables, {"linetraining": "extracted 1 lines"}, "linetraining", cached, ["a", "b"])
        assert tables["linetraining"].groups.tolist() == ["here.com"]
