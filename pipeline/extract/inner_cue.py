"""The attribution written inside a statement's span.

claim_text is one verbatim slice of the text, so a statement interrupted by its
own attribution holds it: "“A,” he said on Tuesday. “B.”", "The test, North
Korea said, was its biggest yet", "Hawaii, as one of his advisers pointed out,
does not get ...". The words said are the slice less that stretch, which is
what PolNeAR (and a reader) count as the statement."""
from __future__ import annotations

from pipeline.extract.attribution import Draft
from pipeline.extract.content import comma_after_cue


def inner_attribution(draft: Draft) -> tuple[int, int] | None:
    """Char span of the attribution inside ``draft``, or None when it stands outside."""
    if draft.inner is not None:  # the stretch between the parts of an interrupted quotation
        return draft.inner
    cue = draft.cue
    if not draft.start < cue.start < draft.end:
        return None
    lo, hi = cue.start, cue.end
    if cue.speaker is not None and draft.start < cue.speaker.start_char < draft.end:
        lo, hi = min(lo, cue.speaker.start_char), max(hi, cue.speaker.end_char)
    verb = cue.anchor
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i]
    if marks and marks[0].idx > draft.start:  # "as one of his advisers pointed out"
        lo = min(lo, marks[0].idx)
    comma = comma_after_cue(verb) if verb.pos_ in ("VERB", "AUX") else None
    if comma is not None and hi <= comma.idx < draft.end:  # "said on Tuesday,": up to the comma
        hi = comma.idx
    return (lo, hi) if hi < draft.end else None
