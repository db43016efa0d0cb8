"""The campaign check's draw and its reading against PolNeAR's gold (pure parts, no parse)."""
from collections import Counter
from types import SimpleNamespace

from pipeline.evaluation.campaign import against_gold, draw, find_judged
from pipeline.evaluation.scoring import Statement, words_of


def claim(text):
    return SimpleNamespace(claim_text=text, attribution=None)


CLAIMS = {"a": [claim("“We will build the wall,” he said."), claim("Clinton beats Trump by 46 percent to 42 percent")],
          "b": [claim(f"statement number {k} of the second article") for k in range(30)]}


def test_a_draw_is_fixed_by_its_seed_and_never_repeats_a_claim():
    first = draw(CLAIMS, 20261213)
    assert first == draw(CLAIMS, 20261213)
    assert len(set(first)) == 20
    assert first != draw(CLAIMS, 20261214)


def test_a_judged_claim_is_found_again_by_its_key_whatever_its_quote_marks():
    found = find_judged(CLAIMS["a"], "We will build the wall, he said")
    assert found is CLAIMS["a"][0]
    assert find_judged(CLAIMS["a"], "a claim no longer extracted") is None


def test_each_verdict_is_told_whether_polnear_counts_its_claim():
    gold = {"a": [Statement(words=words_of("Clinton beats Trump by 46 percent to 42 percent"))], "b": []}
    entries = [{"article": "a", "key": "Clinton beats Trump by 46 percent", "fully_right": False,
                "error": "not_a_statement"},
               {"article": "a", "key": "We will build the wall", "fully_right": True},
               {"article": "b", "key": "gone from the article", "fully_right": True}]
    table = against_gold(entries, CLAIMS, gold)
    assert table == {"not_a_statement": Counter({"gold": 1}), "right": Counter({"no gold": 1, "gone": 1})}
