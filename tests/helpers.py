"""What many tests share: paths, a whole Dagster run, the stages run without
Dagster, generated articles, and reading tables back."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "raw"
PYTHON = sys.executable


def resources(raw: Path, warehouse: Path, lock_attempts: int = 8, **config) -> dict:
    """The code location's resources pointed at ``raw`` and ``warehouse`` (one spaCy process)."""
    from assets.resources import RedlineConfig, RedlineWarehouse
    from pipeline.settings import DEFAULT_MODEL

    config = {"n_process": 1, "dashboard": str(warehouse.with_suffix(".html")), **config}
    return {"redline": RedlineConfig(raw_dir=str(raw), spacy_model=DEFAULT_MODEL, **config),
            "warehouse": RedlineWarehouse(database=str(warehouse), lock_attempts=lock_attempts)}


def run(raw: Path, warehouse: Path, instance=None, raise_on_error: bool = True, lock_attempts: int = 8,
        selection=None, **config):
    """Materialise every asset and check of the code location into ``warehouse``."""
    from dagster import materialize

    from assets.definitions import defs

    return materialize(list(defs.assets) + list(defs.asset_checks), selection=selection, instance=instance,
                       raise_on_error=raise_on_error, resources=resources(raw, warehouse, lock_attempts, **config))


def run_stages(raw: Path, warehouse: Path, run_id: str = "test") -> dict:
    """Every stage from raw files to claim clusters, without Dagster: the run
    functions the assets call, in order. Returns each stage's Outcome stats."""
    from pipeline.clean.run_clean import clean_pending
    from pipeline.entities.run_entities import refresh_clusters, refresh_speakers
    from pipeline.extract.run_extract import extract_pending
    from pipeline.ingest.run_ingest import ingest_raw_folder
    from pipeline.settings import Settings
    from pipeline.warehouse.store import Warehouse

    store = Warehouse(str(warehouse))
    settings = Settings(raw_dir=str(raw), warehouse=str(warehouse), n_process=1)
    return {
        "raw_documents": ingest_raw_folder(store, Path(raw), run_id).stats,
        "documents": clean_pending(store, run_id).stats,
        "claims": extract_pending(store, settings, run_id).stats,
        "speakers": refresh_speakers(store, run_id).stats,
        "claim_clusters": refresh_clusters(store, run_id).stats,
    }


def modules_loaded_by(module: str, names: list[str]) -> list[str]:
    """Which of ``names`` a fresh interpreter has imported after importing ``module``."""
    import subprocess

    probe = f"import sys, {module}; print(','.join(m for m in {names!r} if m in sys.modules))"
    out = subprocess.run([PYTHON, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def meta(result, asset: str) -> dict:
    """The materialisation metadata of ``asset`` in a Dagster ``result``, as plain values."""
    (event,) = result.asset_materializations_for_node(asset)
    return {key: value.value for key, value in event.metadata.items()}


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# Tables compared across runs, minus the columns that record when a row was written.
COMPARED = {
    "documents": "doc_id, source_path, source_format, title, outlet, byline, url, published_date, language, "
                 "text, raw_chars, clean_chars, duplicate_of, pipeline_version",
    "claims": "*",
    "speakers": "*",
    "claim_clusters": "*",
    "removed_lines": "*",
    "document_extractions": "doc_id, pipeline_version, n_claims, skipped_reason",
    "source_files": "source_path, content_hash, size_bytes, status, doc_ids",
}


def tables(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: con.sql(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in COMPARED.items()}
    finally:
        con.close()


FIRST = ["Abbas", "Mohammad", "Ali", "Hassan", "Javad", "Kazem", "Laura", "Marco", "Steven", "Nadia", "Omar", "Reza"]
LAST = ["Araghchi", "Shamkhani", "Baghaei", "Rostami", "Karimi", "Witkoff", "Rossi", "Nasser", "Haddad", "Moradi"]
ROLES = ["foreign minister", "spokesman", "ambassador", "envoy", "defence minister", "senator", "adviser"]
PLACES = ["Tehran", "Muscat", "Baghdad", "Geneva", "Vienna", "Doha", "Ankara", "Cairo", "Beirut", "Riyadh"]
THINGS = ["the missile programme", "uranium enrichment", "the sanctions regime", "the nuclear talks",
          "regional allies", "the ballistic arsenal", "the inspection regime", "oil exports", "the frozen assets"]
VERBS = ["would never be negotiated", "was a red line", "could be discussed if sanctions were lifted",
         "must be halted within weeks", "was ready for talks", "would face a firm response", "was not on the agenda"]
NOUNS = ["meeting", "session", "briefing", "interview", "conference", "visit", "call", "summit", "round"]


def article(i: int, sentences: tuple[int, int] = (4, 7)) -> str:
    """A distinct short news article (seeded by ``i``) with quotes and reported speech,
    varied enough that no two are near-duplicates."""
    rng = random.Random(i)
    lines = [f"date 2025-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d} {rng.choice(PLACES)} {rng.choice(NOUNS)} "
             f"on {rng.choice(THINGS)}, report {i}", ""]
    for _ in range(rng.randint(*sentences)):
        who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.5:
            text = (f"\u201c{rng.choice(THINGS).capitalize()} {rng.choice(VERBS)}, and {rng.choice(THINGS)} "
                    f"{rng.choice(VERBS)},\u201d {who}, the {rng.choice(ROLES)}, told reporters in "
                    f"{rng.choice(PLACES)} after {rng.randint(2, 90)} minutes.")
        else:
            text = (f"{who}, the {rng.choice(PLACES)} {rng.choice(ROLES)}, said on Tuesday that "
                    f"{rng.choice(THINGS)} {rng.choice(VERBS)} after a {rng.choice(NOUNS)} in {rng.choice(PLACES)}, "
                    f"item {rng.randint(1, 10**6)}.")
        lines += [text, ""]
    return "\n".join(lines)


def write_articles(folder: Path, ids, **kwargs) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in ids:
        (folder / f"gen_{i:05d}.txt").write_text(article(i, **kwargs), encoding="utf-8")
