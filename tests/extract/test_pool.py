"""The extraction worker pool stays light: what a spawned worker imports."""
from tests.helpers import modules_loaded_by


def test_extraction_workers_load_no_dataframe_stack():
    """A spawned extraction worker imports pipeline.extract.pool: it must not pull in
    pandas or pandera (rows are built in the main process), nor DuckDB or Dagster."""
    assert modules_loaded_by("pipeline.extract.pool", ["pandas", "pandera", "duckdb", "dagster"]) == []


MAIN_SCRIPT = """
import sys, time
from pathlib import Path

if __name__ != "__main__":  # this script run again in a child, as spawn does with a parent's main
    Path(sys.argv[1]).write_text(__name__)
else:
    import multiprocessing
    from pipeline.extract.pool import worker_context

    context = worker_context() if sys.argv[2] == "workers" else multiprocessing.get_context("spawn")
    child = context.Process(target=time.sleep, args=(0,))
    child.start()
    child.join()
    sys.exit(child.exitcode)
"""


def test_extraction_workers_do_not_run_the_parents_main_module(tmp_path):
    """Under the `dagster` command the main module is Dagster's CLI: a plain spawned child
    runs it again (as __mp_main__) and imports all of Dagster; an extraction worker does not."""
    import subprocess

    from tests.helpers import PYTHON, ROOT

    script = tmp_path / "main.py"
    script.write_text(MAIN_SCRIPT)
    for context, ran_again in (("spawn", True), ("workers", False)):
        marker = tmp_path / f"ran_again_{context}"
        subprocess.run([PYTHON, str(script), str(marker), context], cwd=ROOT, check=True, timeout=120)
        assert marker.exists() == ran_again, context


def test_the_batch_character_budget_is_a_setting_that_reaches_the_spacy_batches():
    """REDLINE_BATCH_CHARS (or the resource's batch_chars) cuts a worker's spaCy batch before
    it passes that many characters; 0 is refused before a run."""
    from contextlib import nullcontext

    import pytest

    from assets.resources import resources_for
    from pipeline.extract.pool import ClaimExtractor, DocumentToExtract
    from pipeline.settings import DEFAULT_BATCH_CHARS, SettingsError, settings_from_env

    assert settings_from_env({}).batch_chars == DEFAULT_BATCH_CHARS
    settings = settings_from_env({"REDLINE_BATCH_CHARS": "250"})
    assert resources_for(settings, {})["redline"].settings().batch_chars == 250
    with pytest.raises(SettingsError, match="REDLINE_BATCH_CHARS"):
        settings_from_env({"REDLINE_BATCH_CHARS": "0"})

    batches = []

    class Nlp:  # records the batches it is given; a document's "claims" are its text
        max_length = 10**6

        def memory_zone(self):
            return nullcontext()

        def pipe(self, texts, batch_size):
            batches.append(list(texts))
            return iter(batches[-1])

    extractor = object.__new__(ClaimExtractor)
    extractor.nlp, extractor.labeller, extractor.batch_size, extractor.batch_chars = Nlp(), None, 8, settings.batch_chars
    extractor.claims_for_document = lambda doc, day, labeller: doc
    chunk = [DocumentToExtract(str(i), "x" * 100, None, None) for i in range(5)]
    assert extractor.extract(chunk) == ["x" * 100] * 5
    assert [len(batch) for batch in batches] == [2, 2, 1]
