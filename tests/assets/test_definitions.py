"""The whole code location loads, with the assets, checks, schedule and sensor the README promises."""
from dagster import Definitions

from assets.definitions import defs
from tests.helpers import modules_loaded_by


def test_definitions_load():
    Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    keys = {key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()}
    assert keys == {"raw_documents", "documents", "claims", "claim_labels", "corrections", "speakers", "claim_clusters", "marts", "dashboard", "warehouse_snapshot"}
    assert repo.get_schedule_def("daily_refresh")
    assert repo.get_sensor_def("new_files_sensor")
    checks = {key.name: graph.get_check_spec(key) for graph in [defs.resolve_asset_graph()] for key in graph.asset_check_keys}
    assert set(checks) == {
        "raw_documents_rows_valid", "every_file_accounted_for", "documents_rows_valid", "claims_rows_valid",
        "orphan_claims", "claim_offsets", "future_dates", "speakers_rows_valid", "unknown_speakers",
        "claim_clusters_rows_valid", "corrections_not_applied", "corrections_rows_valid"}
    # an ERROR check holds back what is downstream of its asset; a warning does not
    assert {name for name, spec in checks.items() if spec.blocking} == {"orphan_claims", "claim_offsets", "unknown_speakers"}
    # one step per asset's checks, not one per check: a no-op run pays Dagster's cost of a step six times, not twelve
    assert len(list(defs.asset_checks)) == 6


def test_code_location_loads_without_the_nlp_stack():
    """The Dagster process never parses (extraction workers do): loading the code
    location, as every run and no-op run does, imports neither spaCy nor datasketch, nor
    the readers of HTML and dates (trafilatura, dateparser) that only new files need."""
    assert modules_loaded_by("assets.definitions",
                             ["spacy", "thinc", "datasketch", "scipy", "trafilatura", "dateparser"]) == []
