"""The whole code location loads, with the assets, checks, schedule and sensor the README promises."""
from dagster import Definitions

from assets.definitions import defs


def test_definitions_load():
    Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    keys = {key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()}
    assert keys == {"raw_documents", "documents", "claims", "speakers", "claim_clusters", "marts", "dashboard", "warehouse_snapshot"}
    assert repo.get_schedule_def("daily_refresh")
    assert repo.get_sensor_def("new_files_sensor")
    assert len(list(defs.asset_checks)) >= 8


def test_code_location_loads_without_the_nlp_stack():
    """The Dagster process never parses (extraction workers do): loading the code
    location, as every run and no-op run does, imports neither spaCy nor datasketch."""
    import subprocess
    import sys

    from tests.helpers import ROOT

    probe = "import sys, assets.definitions; print(sorted(m for m in ('spacy', 'thinc', 'datasketch', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
