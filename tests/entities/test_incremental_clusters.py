"""Claim clusters of a run with one new file: only the new claims are compared, and the
result is what a whole rebuild gives (real stages, the sample corpus)."""
import shutil

import duckdb
import pytest

from pipeline.enrich.taxonomy import load_taxonomy
from pipeline.entities.clusters import _LazyStems, claim_stems, cluster_claims
from pipeline.entities.run_entities import CLUSTER_INPUTS, previous_clusters, refresh_clusters
from pipeline.warehouse import read_frame
from pipeline.warehouse.store import Warehouse
from tests.helpers import SAMPLE_DIR, run_stages

FIRST = sorted(SAMPLE_DIR.glob("*.txt"))


def _stages_before_clusters(raw, warehouse):
    from pipeline.clean.run_clean import clean_pending
    from pipeline.entities.run_entities import refresh_speakers
    from pipeline.extract.run_extract import extract_pending
    from pipeline.ingest.run_ingest import ingest_raw_folder
    from pipeline.settings import Settings

    store = Warehouse(str(warehouse))
    ingest_raw_folder(store, raw, "second")
    clean_pending(store, "second")
    extract_pending(store, Settings(raw_dir=str(raw), warehouse=str(warehouse), n_process=1), "second")
    refresh_speakers(store, "second")
    return store


def _tables(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        mapping = con.sql("SELECT claim_id, cluster_id FROM claims ORDER BY claim_id").df()
        table = con.sql("SELECT * FROM claim_clusters ORDER BY cluster_id").df()
        rows = read_frame(con, f"SELECT {', '.join(CLUSTER_INPUTS)} FROM claims ORDER BY claim_id")
    return mapping, table, rows


def test_one_new_file_is_compared_with_the_stored_clusters(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    raw.mkdir()
    for path in FIRST[:-1]:
        shutil.copy2(path, raw / path.name)
    run_stages(raw, warehouse, "first")
    shutil.copy2(FIRST[-1], raw / FIRST[-1].name)
    store = _stages_before_clusters(raw, warehouse)
    with store.connection() as con:
        previous = previous_clusters(con)
        new = {r[0] for r in con.sql("SELECT claim_id FROM claims c JOIN documents d USING (doc_id) "
                                     f"WHERE d.source_path LIKE '%{FIRST[-1].name}'").fetchall()}
    assert previous is not None and previous.new_ids == new and new  # only the new file's claims compared
    assert "skipped" not in refresh_clusters(store, "second").stats
    mapping, table, rows = _tables(warehouse)
    # the same clusters as a whole rebuild from the same claims
    full_table, full_mapping = cluster_claims(rows)
    assert mapping.fillna("").equals(full_mapping.sort_values("claim_id").reset_index(drop=True).fillna(""))
    assert sorted(table["cluster_id"]) == sorted(full_table["cluster_id"])
    assert table["n_claims"].sum() == full_table["n_claims"].sum() > 0


def test_the_last_build_is_reused_only_while_its_claims_are_unchanged(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    shutil.copytree(SAMPLE_DIR, raw)
    run_stages(raw, warehouse, "first")
    with duckdb.connect(str(warehouse)) as con:
        previous = previous_clusters(con)
        assert previous is not None and not previous.new_ids  # nothing new since
        assert set(previous.cluster_of) == {r[0] for r in con.sql(
            "SELECT claim_id FROM claims WHERE cluster_id IS NOT NULL").fetchall()}
        # a claim the last build saw has changed (another speaker): its links may no longer hold
        con.execute("UPDATE claims SET speaker_id = 'someone-else' WHERE claim_id = (SELECT min(claim_id) FROM claims)")
        assert previous_clusters(con) is None
    assert "skipped" not in refresh_clusters(Warehouse(str(warehouse)), "again").stats
    mapping, _, rows = _tables(warehouse)
    assert mapping["cluster_id"].fillna("").tolist() == cluster_claims(rows)[1]["cluster_id"].fillna("").tolist()


@pytest.mark.parametrize("text", [
    "Iran's missiles are a red line, the minister said on Monday.",
    "We're negotiating; the talks go on — he goes, she went, ballots and sanctions’ costs.",
    "3rd-party x-ray go-ahead co_op Sanders’s bigotry 2020s İstanbul ΣΟΦΙΑ’s",
    "“Our nuclear programme is not up for negotiation,” Araghchi told reporters in Vienna.",
])
def test_a_claim_is_passed_over_only_when_it_cannot_hold_the_new_claims_stems(text):
    taxonomy = load_taxonomy()
    held = claim_stems(text, taxonomy, _LazyStems([], taxonomy).vocabulary)
    for stem in held:  # every stem it holds is found without working its stems out
        assert _LazyStems([text], taxonomy).may_hold(0, frozenset({stem})), stem
    assert not _LazyStems(["Nothing alike here."], taxonomy).may_hold(0, frozenset({"centrif", "ballot"}))
