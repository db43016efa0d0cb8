"""The taxonomy vocabulary read in ASCII mode over a text's ASCII twin (clusters._Vocabulary.matches)
finds what the Unicode pattern finds: the same spans and groups, whatever marks and letters the text holds."""
from pathlib import Path

import pytest

from pipeline.enrich.taxonomy import load_taxonomy, parse_taxonomy
from pipeline.entities.clusters import _vocabulary

SAMPLE = sorted((Path(__file__).resolve().parents[2] / "data" / "raw").glob("*.txt"))
TRICKY = [
    "", "They won’t negotiate on missiles", "He called on ’em to stop", "were “very clear” on enrichment",
    "were ‘very’ firm", "«red line» for Tehran", "non‐negotiable", "non—negotiable", "impossible — to negotiate",
    "ſanctions and İran’s uranium", "red\u00a0line", "uranium\x1cenrichment", "\x00trade\x01", "Ｍissiles", "ⓐgenda",
    "Sanctions? “Unacceptable,” he said — twice.", "MISSILES ARE A RED LINE", "hashd al-sha’abi", "K\u212aelvin",
]


def _spans(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@pytest.mark.parametrize("text", TRICKY)
def test_twin_matches_are_the_unicode_ones(text):
    vocabulary = _vocabulary(load_taxonomy())
    assert vocabulary.ascii is not None  # the packaged taxonomy is read in ASCII mode
    assert _spans(vocabulary.matches(text)) == _spans(vocabulary.pattern.finditer(text))


@pytest.mark.skipif(not SAMPLE, reason="no sample corpus in data/raw")
def test_twin_matches_on_the_sample():
    vocabulary = _vocabulary(load_taxonomy())
    for path in SAMPLE:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert _spans(vocabulary.matches(line)) == _spans(vocabulary.pattern.finditer(line)), line[:60]


@pytest.mark.parametrize("term", [r"caf\u00e9", "caf\u00e9", "[‘-’]quote", "\u00e9lys\u00e9e"])
def test_a_pattern_ascii_mode_could_misread_stays_unicode(term):
    taxonomy = parse_taxonomy({"topics": [{"name": "t", "terms": [term]}], "stances": []})
    assert _vocabulary(taxonomy).ascii is None
