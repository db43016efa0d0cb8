"""The development corpus scored per split: --tune-only leaves the blind half unread."""
import hashlib

import yaml

from pipeline.evaluation.devcorpus import evaluate_devcorpus, split_of
from pipeline.settings import DEFAULT_MODEL

TEXT = ("Share this article\n\nThe minister said on Monday that the talks would go on. "
        "\u201cWe are ready to meet again,\u201d she told reporters.\n")


def _page(annotations, pages, page_id: str, outlet: str) -> None:
    (pages / f"{page_id}.txt").write_text(TEXT, "utf-8")
    annotation = {"id": page_id, "outlet": outlet, "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
                  "boilerplate": ["Share this article"], "body": ["the talks would go on"],
                  "statements": [{"key": "We are ready to meet again", "speaker": "the minister"}]}
    (annotations / f"{page_id}.yaml").write_text(yaml.safe_dump(annotation), "utf-8")


def test_only_the_tune_half_is_scored_when_asked(tmp_path):
    annotations, pages = tmp_path / "annotations", tmp_path / "pages"
    annotations.mkdir()
    pages.mkdir()
    assert (split_of("outlet0.example"), split_of("outlet2.example")) == ("tune", "blind")
    _page(annotations, pages, "one", "outlet0.example")
    _page(annotations, pages, "two", "outlet2.example")

    both = evaluate_devcorpus(annotations, pages, DEFAULT_MODEL)
    tune = evaluate_devcorpus(annotations, pages, DEFAULT_MODEL, splits=("tune",))

    assert (both["tune_pages"], both["blind_pages"]) == (1, 1)
    assert tune["tune_pages"] == 1 and not any(key.startswith("blind") for key in tune)
    assert tune["tune_statement_found"] == both["tune_statement_found"] == "1.000 (1/1)"


def test_a_speaker_named_by_short_words_alone_can_be_right():
    from pipeline.evaluation.devcorpus import _name_words
    assert _name_words("TT") == {"tt"}  # the Swedish agency: its name is its short words
    assert _name_words("Ali al-Sistani") == {"ali", "sistani"}  # "al" identifies nobody
    assert _name_words(None) == set()
