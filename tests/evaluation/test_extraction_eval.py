"""The evaluation's scoring and readers, on small made-up inputs."""
from __future__ import annotations

from pathlib import Path

from pipeline.evaluation.polnear import annotation_files, gold_statements
from pipeline.evaluation.sample import load_sample
from pipeline.evaluation.scoring import Statement, Tally, overlap, speaker_correct_resolved, words_of


def test_overlap_uses_the_longer_side():
    gold = words_of("Our missile systems are a red line")
    assert overlap(gold, gold) == 1.0
    assert overlap(words_of("a red line"), gold) == 3 / 7
    assert overlap(words_of("red line " * 20), gold) < 0.3  # a swallowed paragraph does not match


def test_tally_precision_recall_and_speaker():
    gold = [Statement(words_of("we will not negotiate on missiles"), {"shamkhani"}, "Ali Shamkhani"),
            Statement(words_of("they believe talks will fail"), counts_for_recall=False)]
    preds = [Statement(words_of("we will not negotiate on missiles"), {"he"}, "Ali Shamkhani"),
             Statement(words_of("they believe talks will fail"), {"they"}, "they"),
             Statement(words_of("something nobody said at all"), set(), None)]
    tally = Tally()
    tally.add(preds, gold, 0.8)
    score = tally.score()
    assert score.precision == 2 / 3 and score.recall == 1.0
    assert score.speaker_accuracy == 1.0  # the thought has no source: not scored for speaker


def test_brat_reader_and_annotator_choice(tmp_path: Path):
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text").mkdir()
    text = "“We are ready,” the senator said. Analysts think it will pass."
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    ann = ("T1\tContent 1 13\tWe are ready\nT2\tSource 16 27\tthe senator\nT3\tCue 28 32\tsaid\n"
           "T4\tAttribution 28 32\tsaid\nE1\tAttribution:T4 Content:T1 Source:T2 Cue:T3\n")
    (tmp_path / "attributions" / "a_ffff.ann").write_text(ann, encoding="utf-8")
    (tmp_path / "attributions" / "a_0abc.ann").write_text(ann, encoding="utf-8")
    assert annotation_files(tmp_path)["a"].name == "a_0abc.ann"
    [gold] = gold_statements(text, tmp_path / "attributions" / "a_0abc.ann")
    assert gold.speaker_span == (16, 27) and gold.counts_for_recall
    assert gold.words == words_of("We are ready")


def test_sample_annotations_are_verbatim():
    texts, golds = load_sample()
    assert len(texts) == 5 and sum(map(len, golds)) >= 70
    for text, gold in zip(texts, golds, strict=True):
        flat = words_of(text)
        for g in gold:
            assert not (g.words - flat), g.label


def test_sample_evaluation_prints_both_systems(capsys):
    from pipeline.evaluation.cli import run_sample

    run_sample()
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if "overlap>=" in line]
    assert len(rows) == 4 and {r.split()[0] for r in rows} == {"redline", "textacy"}
    redline_f1 = float(rows[0].split("F1 ")[1].split()[0])
    textacy_f1 = float(rows[2].split("F1 ")[1].split()[0])
    assert redline_f1 >= 0.9 and redline_f1 > textacy_f1


def test_pronoun_sources_resolve_for_the_second_speaker_figure(tmp_path: Path):
    text = ("Senator Tom Lee spoke first. He said the bill would pass. "
            "The vote was welcomed by David Kamin, a law professor, who said taxes would fall.")
    he, who = text.index("He said"), text.index("who said")
    content_1 = (text.index("the bill"), text.index(" would pass") + len(" would pass"))
    content_2 = (text.index("taxes"), text.index("fall") + 4)
    ann = (f"T1\tSource {he} {he + 2}\tHe\nT2\tContent {content_1[0]} {content_1[1]}\tx\n"
           f"T3\tSource 0 15\tSenator Tom Lee\nT4\tContent 16 27\tx\n"
           f"T5\tSource {who} {who + 3}\twho\nT6\tContent {content_2[0]} {content_2[1]}\tx\n"
           "E1\tAttribution:T9 Source:T1 Content:T2\nE2\tAttribution:T9 Source:T3 Content:T4\n"
           "E3\tAttribution:T9 Source:T5 Content:T6\n")
    path = tmp_path / "a_0abc.ann"
    path.write_text(ann, encoding="utf-8")
    gold = gold_statements(text, path)
    assert gold[0].speaker_name == "He" and "Lee" in gold[0].antecedent_words
    assert {"David", "Kamin"} <= gold[2].antecedent_words
    preds = [Statement(words_of("the bill would pass"), {"he"}, "Tom Lee"),
             Statement(words_of("taxes would fall"), {"david", "kamin"}, "David Kamin")]
    tally = Tally()
    tally.add(preds, gold, 0.8)
    score = tally.score()
    assert score.speaker_accuracy == 0.0 and score.speaker_resolved == 1.0
    other = Statement(words_of("the bill would pass"), {"he"}, "Lamont Lee")  # a shared surname is not enough
    assert not speaker_correct_resolved(other, gold[0])


def test_error_kinds_of_predictions_and_gold():
    from pipeline.evaluation.errors import Errors

    gold = [Statement(words_of("we will not negotiate on missiles under any pressure"), {"shamkhani"}, "Ali Shamkhani",
                      label="g1"),
            Statement(words_of("the talks in Vienna will resume next week after the holiday"), {"araghchi"}, "Abbas Araghchi",
                      label="g2"),
            Statement(words_of("sanctions must be lifted first"), {"zarif"}, "Javad Zarif", label="g3")]
    preds = [Statement(words_of("we will not negotiate on missiles under any pressure"), {"he"}, "Ali Shamkhani"),
             Statement(words_of("sanctions must be lifted first"), {"rouhani"}, "Hassan Rouhani"),
             Statement(words_of("the talks in Vienna will resume"), {"araghchi"}, "Abbas Araghchi"),
             Statement(words_of("something nobody said at all"), {"he"}, "he")]
    errors = Errors()
    errors.add(preds, gold, 0.8, "doc")
    assert dict(errors.pred) == {"right": 1, "wrong_speaker": 1, "partial_span": 1, "spurious": 1}
    assert dict(errors.gold) == {"found": 2, "partial_span": 1}
    assert errors.detail["wrong_speaker/name"] == 1 and errors.detail["partial_span/too_short"] == 1
    errors.add([], gold[:1], 0.8, "other")
    assert errors.gold["missed"] == 1
    report = "\n".join(errors.report(examples=1))
    assert "wrong_speaker 1" in report and "[other] missed" in report


def test_devcorpus_error_kinds_per_statement_and_claim():
    from pipeline.evaluation.devcorpus import Page, PageErrors, classify_page
    from pipeline.records import ExtractedClaim

    def claim(text, speaker):
        return ExtractedClaim("indirect", text, 0, len(text), "said", speaker, speaker)

    page = Page({"id": "p", "outlet": "x.org", "statements": [
        {"key": "we will never give up our missiles", "speaker": "Ali Shamkhani"},
        {"key": "the talks will resume in Vienna next week", "speaker": "Abbas Araghchi"},
        {"key": "sanctions must be lifted first", "speaker": "Javad Zarif"},
        {"key": "nobody found this one at all", "speaker": "Hassan Rouhani"}]}, "")
    claims = [claim("He said we will never give up our missiles", "Ali Shamkhani"),
              claim("the talks will resume", "Abbas Araghchi"),
              claim("sanctions must be lifted first", "Hassan Rouhani"),
              claim("the weather was fine", "Hassan Rouhani")]
    errors = PageErrors({}, [])
    classify_page(page, claims, errors, keep_examples=True)
    assert errors.counts == {"right": 1, "partial_span": 1, "wrong_speaker": 1, "missed": 1, "spurious": 1}
    assert any(e.startswith("spurious: [p] 'Hassan Rouhani'") for e in errors.examples)
    hidden = PageErrors({}, [])
    classify_page(page, claims, hidden, keep_examples=False)  # the blind half: counts only
    assert hidden.counts == errors.counts and hidden.examples == []
