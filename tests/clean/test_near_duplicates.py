"""Near-duplicates: the same story under two names or outlets is linked, different stories are not."""
from __future__ import annotations

import random
from pathlib import Path

from pipeline.clean import clean_article
from pipeline.clean.near_duplicates import (
    NUM_PERM,
    DuplicateIndex,
    text_signature,
)
from pipeline.ingest import iter_raw_files, read_source

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "tests" / "fixtures" / "inputs"
SAMPLE = ROOT / "data" / "raw"


def body(folder: Path, name: str) -> str:
    records, _ = read_source(folder / name, folder)
    return clean_article(records[0]).text


def index_of(**texts: str) -> DuplicateIndex:
    index = DuplicateIndex()
    for doc_id, text in texts.items():
        index.add(doc_id, text_signature(text))
    return index


def test_signature_is_stable_plain_ints():
    sig = text_signature(body(SAMPLE, "004_857600040f3aad57.txt"))
    assert len(sig) == NUM_PERM and all(isinstance(v, int) and 0 <= v < 2**32 for v in sig)
    assert sig == text_signature(body(SAMPLE, "004_857600040f3aad57.txt"))


def test_wire_story_from_two_outlets_is_linked():
    a, b = body(INPUTS, "wire_outlet_a.txt"), body(INPUTS, "wire_outlet_b.txt")
    assert index_of(a=a).find(text_signature(b)) == "a"


def test_file_saved_twice_is_linked():
    copy = body(INPUTS, "wire_outlet_a_copy.txt")
    assert index_of(a=body(INPUTS, "wire_outlet_a.txt")).find(text_signature(copy)) == "a"


def test_same_topic_different_article_not_linked():
    index = index_of(a=body(INPUTS, "wire_outlet_a.txt"))
    assert index.find(text_signature(body(INPUTS, "same_topic_other_article.txt"))) is None


def test_sample_articles_are_all_distinct():
    index = DuplicateIndex()
    for path in iter_raw_files(SAMPLE):
        sig = text_signature(body(SAMPLE, path.name))
        assert index.find(sig) is None, path.name
        index.add(path.name, sig)
    assert len(index) == 5


def test_earliest_added_wins_and_rebuild_from_stored_signatures():
    text = body(INPUTS, "wire_outlet_a.txt")
    stored = {"first": text_signature(text), "second": text_signature(text)}
    rebuilt = DuplicateIndex()
    for doc_id, sig in stored.items():  # as a later run would, from the warehouse
        rebuilt.add(doc_id, list(sig))
    assert rebuilt.find(text_signature(body(INPUTS, "wire_outlet_b.txt"))) == "first"


def test_empty_text_never_matches():
    index = index_of(empty="", other="Some words here.")
    assert text_signature("") == []
    assert index.find(text_signature("")) is None and len(index) == 1


def test_many_distinct_texts_no_false_links():
    words = [f"w{i}" for i in range(2000)]
    index = DuplicateIndex()
    for n in range(300):
        sig = text_signature(" ".join(random.Random(n).sample(words, 200)))
        assert index.find(sig) is None
        index.add(str(n), sig)
    assert len(index) == 300
