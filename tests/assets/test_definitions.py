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
    assert len(list(defs.asset_checks)) >= 8


def test_code_location_loads_without_the_nlp_stack():
    """The Dagster process never parses (extraction workers do): loading the code
    location, as every run and no-op run does, imports neither spaCy nor datasketch, nor
    the readers of HTML and dates (trafilatura, dateparser) that only new files need."""
    assert modules_loaded_by("assets.definitions",
                             ["spacy", "thinc", "datasketch", "scipy", "trafilatura", "dateparser"]) == []
