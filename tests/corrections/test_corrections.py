"""Corrections that stick: applied on every real Dagster run, kept across re-runs,
changed files and PIPELINE_VERSION bumps, undone when removed, reported when their
quote is gone, and exported as labelled examples."""
from __future__ import annotations

import json
import sys

import pytest
import yaml

from pipeline.corrections.entries import CorrectionsError, load_corrections
from pipeline.corrections.export import export_examples
from tests.helpers import query, run

SET = {"document": "001_4621c625cc4c6eff.txt", "quote": "Our missile systems are a red line",
       "set": {"stance": "threat", "speaker": "Ali Akbar Ahmadian"},
       "by": "jane", "at": "2026-12-02", "why": "test: a threat, and the secretary spoke"}
NOT_A_CLAIM = {"document": "002_0c4851bab53c4404.txt", "quote": "this is a big issue", "not_a_claim": True, "by": "jane"}
ADD = {"document": "004_857600040f3aad57.txt",
       "add_claim": "rejected US efforts to widen the agenda to include Tehran’s missile programme",
       "set": {"speaker": "Abbas Araghchi", "topic": "missiles", "stance": "non_negotiable"}, "by": "omar"}
GONE = {"document": "003_78bcf00cac5075d9.txt", "quote": "words that no article of the sample has",
        "set": {"topic": "nuclear"}}


def write(path, *entries):
    path.write_text(yaml.safe_dump({"corrections": list(entries)}, allow_unicode=True), encoding="utf-8")


def timeline(warehouse, like: str):
    return query(warehouse, "SELECT stance, topic, speaker_name, corrected, original_stance, original_speaker_name "
                            "FROM claims_timeline WHERE claim_text LIKE ?", [f"%{like}%"])


def statuses(warehouse) -> dict[str, str]:
    return dict(query(warehouse, "SELECT kind, status FROM corrections"))


def check_result(result, name):
    (evaluation,) = [e for e in result.get_asset_check_evaluations() if e.check_name == name]
    return evaluation


@pytest.fixture
def corrected(copied, tmp_path):
    raw, warehouse = copied
    path = tmp_path / "corrections.yaml"
    write(path, SET, NOT_A_CLAIM, ADD, GONE)
    result = run(raw, warehouse, corrections=str(path))
    assert result.success
    return raw, warehouse, path, result


def test_corrections_show_in_the_marts_with_the_original_values(corrected):
    _, warehouse, _, result = corrected
    assert timeline(warehouse, "Our missile systems are a red line") == [
        ("threat", "missiles", "Ali Akbar Ahmadian", True, "non_negotiable", "Ali Shamkhani")]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE claim_text LIKE '%this is a big issue%'") == [(0,)]
    (added,) = query(warehouse, "SELECT speaker_name, topic, stance, extraction_rule, corrected, original_values "
                                "FROM claims WHERE claim_text LIKE 'rejected US efforts%'")
    assert added == ("Abbas Araghchi", "missiles", "non_negotiable", "correction", True, "{}")
    # audited: who, when, why, and what each did
    (audit,) = query(warehouse, "SELECT corrected_by, corrected_at, reason, status, len(claim_ids) FROM corrections "
                                "WHERE kind = 'set' AND quote LIKE 'Our missile%'")
    assert audit == ("jane", "2026-12-02", "test: a threat, and the secretary spoke", "applied", 1)
    # speakers are rebuilt from the corrected names
    assert query(warehouse, "SELECT count(*) FROM speakers WHERE name = 'Ali Akbar Ahmadian'") == [(1,)]


def test_a_correction_whose_quote_is_gone_is_reported(corrected):
    _, warehouse, _, result = corrected
    assert statuses(warehouse)["set"] in ("applied", "span_not_found")
    assert query(warehouse, "SELECT status FROM corrections WHERE quote LIKE 'words that no%'") == [("span_not_found",)]
    evaluation = check_result(result, "corrections_not_applied")
    assert not evaluation.passed and evaluation.metadata["violations"].value == 1


def test_corrections_survive_a_rerun_and_a_version_bump(corrected, monkeypatch):
    raw, warehouse, path, _ = corrected
    before = timeline(warehouse, "Our missile systems are a red line")
    assert run(raw, warehouse, corrections=str(path)).success
    assert timeline(warehouse, "Our missile systems are a red line") == before
    import pipeline

    old = pipeline.PIPELINE_VERSION
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "pipeline" and getattr(module, "PIPELINE_VERSION", None) == old:
            monkeypatch.setattr(module, "PIPELINE_VERSION", "99.0.0-test")
    assert run(raw, warehouse, corrections=str(path)).success
    assert query(warehouse, "SELECT DISTINCT pipeline_version FROM claims") == [("99.0.0-test",)]
    assert timeline(warehouse, "Our missile systems are a red line") == before
    assert query(warehouse, "SELECT count(*) FROM claims WHERE claim_text LIKE '%this is a big issue%'") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE extraction_rule = 'correction'") == [(1,)]


def test_a_changed_file_keeps_the_correction_while_it_holds_the_quote(corrected):
    raw, warehouse, path, _ = corrected
    article = raw / SET["document"]
    article.write_text(article.read_text(encoding="utf-8") + "\n\nAn update added later to the article.\n",
                       encoding="utf-8")
    assert run(raw, warehouse, corrections=str(path)).success
    assert timeline(warehouse, "Our missile systems are a red line")[0][:4] == (
        "threat", "missiles", "Ali Akbar Ahmadian", True)
    # The quote edited away: the correction is reported, not dropped, and nothing else is touched.
    article.write_text(article.read_text(encoding="utf-8").replace("Our missile systems are a red line",
                                                                   "Our missile systems are our own"), encoding="utf-8")
    result = run(raw, warehouse, corrections=str(path))
    assert result.success
    assert query(warehouse, "SELECT status FROM corrections WHERE quote = ?", [SET["quote"]]) == [("span_not_found",)]
    assert check_result(result, "corrections_not_applied").metadata["violations"].value == 2


def test_a_correction_taken_out_of_the_file_is_undone(corrected):
    raw, warehouse, path, _ = corrected
    write(path, GONE)
    assert run(raw, warehouse, corrections=str(path)).success
    assert timeline(warehouse, "Our missile systems are a red line") == [
        ("non_negotiable", "missiles", "Ali Shamkhani", False, None, None)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE claim_text LIKE '%this is a big issue%'") == [(1,)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE extraction_rule = 'correction'") == [(0,)]


def test_corrections_added_with_sql_are_kept_and_applied(corrected):
    raw, warehouse, path, _ = corrected
    import duckdb

    con = duckdb.connect(str(warehouse))
    con.execute("INSERT INTO corrections (correction_id, origin, kind, document, quote, topic, corrected_by) VALUES "
                "('mine', 'sql', 'set', '004_857600040f3aad57.txt', 'enrichment activities must continue', "
                "'nuclear', 'ana')")
    con.close()
    assert run(raw, warehouse, corrections=str(path)).success
    assert timeline(warehouse, "enrichment activities must continue")[0][1] == "nuclear"
    assert query(warehouse, "SELECT origin, status FROM corrections WHERE corrected_by = 'ana'") == [("sql", "applied")]


def test_merge_speakers(copied, tmp_path):
    raw, warehouse = copied
    path = tmp_path / "corrections.yaml"
    write(path, {"merge_speakers": ["Ali Shamkhani", "Ali Larijani"], "why": "test"})
    assert run(raw, warehouse, corrections=str(path)).success
    assert query(warehouse, "SELECT count(*) FROM claims WHERE speaker_name = 'Ali Larijani'") == [(0,)]
    assert query(warehouse, "SELECT status FROM corrections") == [("applied",)]


def test_corrected_stances_export_as_training_examples(corrected, tmp_path):
    _, warehouse, _, _ = corrected
    out = tmp_path / "examples.jsonl"
    assert export_examples(str(warehouse), out) == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["stance"] for r in rows} == {"threat", "non_negotiable"}
    assert all(set(r) == {"text", "topic", "stance", "domain"} and r["domain"] == "corrections" for r in rows)


def test_a_bad_entry_names_itself(tmp_path):
    path = tmp_path / "corrections.yaml"
    write(path, SET, {"document": "x.txt", "quote": "q", "sett": {"stance": "threat"}})
    with pytest.raises(CorrectionsError, match="correction 2: unknown key"):
        load_corrections(path)
    assert load_corrections(tmp_path / "absent.yaml") == []


def _without_stance(tmp_path, stance: str) -> str:
    """A copy of the packaged taxonomy (and its model) without ``stance``."""
    import shutil

    from pipeline.enrich.classifier import model_path_for
    from pipeline.enrich.taxonomy import default_taxonomy_path

    data = yaml.safe_load(default_taxonomy_path().read_text("utf-8"))
    data["stances"] = [s for s in data["stances"] if s["name"] != stance]
    for entry in data["stances"]:  # what named it names nothing now
        if entry.get("negated_as") == stance:
            del entry["negated_as"]
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    shutil.copyfile(model_path_for(default_taxonomy_path()), model_path_for(path))
    return str(path)


def test_a_taxonomy_change_never_overwrites_a_corrected_label(corrected, tmp_path):
    raw, warehouse, path, _ = corrected
    edited = _without_stance(tmp_path, "non_negotiable")
    assert run(raw, warehouse, corrections=str(path), taxonomy=edited).success
    stance, _, speaker, flag, original_stance, _ = timeline(warehouse, "Our missile systems are a red line")[0]
    assert (stance, speaker, flag) == ("threat", "Ali Akbar Ahmadian", True)
    # The original value is the edited taxonomy's label, not the one from before the edit ...
    assert original_stance != "non_negotiable"
    # ... and it is what the claim shows once the correction is taken out of the file.
    write(path, GONE)
    assert run(raw, warehouse, corrections=str(path), taxonomy=edited).success
    assert timeline(warehouse, "Our missile systems are a red line")[0][0] == original_stance
    assert query(warehouse, "SELECT count(*) FROM claims WHERE stance = 'non_negotiable'") == [(0,)]
