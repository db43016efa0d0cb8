"""How fast cleaning runs, without changing what it decides: the line classifier
scores a capture's lines in one pass, and datelines without a cue are read in English only."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from py3langid import langid

from pipeline.clean import language
from pipeline.clean.furniture import shape_lines
from pipeline.clean.line_classifier import load_line_classifier
from pipeline.clean.line_shape import char_counts
from pipeline.clean.lines import dateline_of
from pipeline.clean.rules import load_rules
from pipeline.ingest.published import parse_date

SAMPLE = sorted((Path(__file__).resolve().parents[2] / "data" / "raw").glob("*.txt"))


@pytest.mark.skipif(not SAMPLE, reason="no sample corpus in data/raw")
def test_all_lines_at_once_score_as_one_by_one():
    model, rules = load_line_classifier(), load_rules()
    for path in SAMPLE:
        rows = shape_lines(path.read_text(encoding="utf-8"), None, rules).features
        assert model.log_odds_all(rows).tolist() == [model.log_odds(row) for row in rows], path.name


def test_no_lines_no_scores():
    assert load_line_classifier().log_odds_all([]).shape == (0,)


def test_datelines_without_a_cue_read_in_english():
    rules = load_rules()
    assert dateline_of("Published on July 18, 2019 at 2:51 am", rules) == date(2019, 7, 18)
    assert dateline_of("Clinton: 547.", rules) is None
    assert parse_date("July 18, 2019", ("en",)) == date(2019, 7, 18)


@pytest.mark.parametrize("line", [
    "", "Plain ASCII line with 12 digits 345 and CAPS.", "Ünïcödé Ǆǅǆ letters, ²³ superscripts, ١٢٣ Arabic digits",
    "Пресс-служба Кремля сообщила", "東京 2020 オリンピック", "ﬁne ligature ǅ titlecase Ⅻ roman", "\u00a0\t mixed ŉ ß ẞ",
])
def test_character_counts_equal_a_loop_over_characters(line):
    letters = [ch for ch in line if ch.isalpha()]
    expected = (len(letters), sum(ch.isdigit() for ch in line), sum(ch.isupper() for ch in letters),
                sum(ord(ch) > 0x24F for ch in letters))
    assert char_counts(line) == expected


def _apart_after(identifier, steps: int) -> int:
    """How many (state, state) pairs py3langid's automaton still tells apart after reading the same
    ``steps`` bytes from any state and from the start state (0: the last ``steps`` bytes decide)."""
    nextmove, rowbase = identifier.nextmove, identifier.rowbase
    pairs = np.stack([np.arange(len(rowbase)), np.zeros(len(rowbase), dtype=np.int64)], axis=1)
    for _ in range(steps):
        moved = []
        for chunk in np.array_split(pairs, max(len(pairs) // 4096, 1)):
            x, y = (nextmove[(rowbase[chunk[:, k]][:, None] + np.arange(256)).ravel()].astype(np.int64) for k in (0, 1))
            moved.append(np.unique(np.stack([x[x != y], y[x != y]], axis=1), axis=0))
        pairs = np.unique(np.concatenate(moved), axis=0)
    return len(pairs)


@pytest.mark.slow
def test_the_language_automaton_forgets_after_the_window():
    identifier = language.identifier()
    assert _apart_after(identifier, language.WINDOW_BYTES) == 0


@pytest.mark.skipif(not SAMPLE, reason="no sample corpus in data/raw")
def test_windowed_language_scores_are_py3langids():
    mine, theirs = language.identifier(), langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)
    texts = [path.read_text(encoding="utf-8")[: language.SAMPLE_CHARS] for path in SAMPLE]
    texts += ["", "a", "ab c", "Ελληνικά ΣΟΦΙΑ", "İstanbul’da", "東京 2020", "le 3 mai à Paris"]
    for text in texts:
        assert mine.classify(text) == theirs.classify(text), text[:40]
        encoded = language.encode(text)
        assert encoded == theirs._encode(text)  # py3langid's private encoding, read here only to check ours
        rowbase = [row << 8 for row in theirs.tk_row]
        assert mine.visits(encoded) == langid.visit_counts(theirs.tk_nextmove, rowbase, theirs.tk_output, encoded)


def test_signatures_are_datasketchs():
    from datasketch import MinHash

    from pipeline.clean import near_duplicates as nd

    text = "The foreign minister said on Monday that the talks would resume next week in Vienna, ünïcode ©"
    expected = MinHash(num_perm=nd.NUM_PERM, seed=nd.SEED, scheme=nd.SCHEME)
    expected.update_batch([g.encode("utf-8") for g in nd.shingles(text)])
    assert nd.text_signature(text) == [int(v) for v in expected.hashvalues]
    assert nd.text_signature("") == []
