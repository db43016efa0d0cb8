"""The shipped sentence model (pipeline/data/meaning.npz) through embed(): real vectors, no stand-in."""
from __future__ import annotations

import numpy as np

from pipeline.meaning import embed, load_embedding
from pipeline.meaning.embedding import basic_words


def test_a_paraphrase_is_closer_than_an_unrelated_sentence():
    said, paraphrase, unrelated = embed([
        "The missile programme is not up for negotiation.",
        "Our missiles are non-negotiable.",
        "The weather in Paris will be sunny tomorrow.",
    ])
    assert said @ paraphrase > 0.4
    assert said @ paraphrase > max(said @ unrelated, paraphrase @ unrelated) + 0.3


def test_vectors_are_unit_length_and_a_text_without_words_is_zero():
    vectors = embed(["Sanctions will be lifted.", "", "   ", "…"])
    assert vectors.shape == (4, load_embedding().dims) and vectors.dtype == np.float32
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)
    assert not vectors[1:3].any()


def test_words_are_cut_as_bert_cuts_them():
    assert basic_words("Don't, Açaí!") == ["don", "'", "t", ",", "acai", "!"]
    model = load_embedding()
    pieces = {i: p for p, i in model.index.items()}
    assert [pieces[i] for i in model.token_ids("unbelievably")] == ["un", "##bel", "##ie", "##va", "##bly"]
    assert model.token_ids("x" * 101) == []  # longer than BERT reads: unknown, dropped
