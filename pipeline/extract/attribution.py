"""Pairing statements with cues: parsed reported speech, and quotations with
the cue in their sentence or the sentence next to them."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.extract.cues import Cue
from pipeline.extract.doccache import sents_of, text_of
from pipeline.extract.quotes import Quote


@dataclass
class Draft:
    kind: str  # direct or indirect
    start: int
    end: int
    cue: Cue
    adjacent: bool = False  # the cue is in a neighbouring sentence
    rule: str | None = None  # the rule that found it: the cue's content rule, or a quote+ pairing
    inner: tuple[int, int] | None = None  # an interrupted quotation's attribution, between its parts


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def quote_tokens(doc: Doc, q: Quote) -> int:
    span = doc.char_span(q.inner_start, q.inner_end, alignment_mode="expand")
    return sum(1 for t in span if not t.is_punct) if span is not None else 0


def opens_clause(text: str, q: Quote) -> bool:
    """A quotation that starts a sentence or follows ":", ",", a dash or a bracket is a
    statement of its own; one that follows a word ("would not “...”") is a fragment."""
    before = text[max(0, q.start - 200) : q.start].rstrip(" \t\u00a0")
    return not before or before[-1] in "\n:,;—–-(.?!"


def widen_to_quotes(c0: int, c1: int, quotes: list[Quote]) -> tuple[int, int]:
    """A parse that cuts a quotation in two takes all of it: the marks belong together."""
    for q in quotes:
        if overlap(q.inner_start, q.inner_end, c0, c1) == 0 or q.end - q.start > 2 * (c1 - c0) + 40:
            continue
        if q.inner_start < c0 < q.inner_end:  # the content began inside the quotation
            c0 = q.inner_start
        if q.inner_start < c1 < q.inner_end + 1:  # ... or ended inside it
            c1 = q.end if q.start >= c0 else q.inner_end
        elif c0 == q.inner_start and q.end < c1:  # opens with a quotation that closes inside it:
            c0 = q.start  # '“intimidation does not scare us” and “bullying” would not work'
    return c0, c1


def from_parsed_content(text: str, cue: Cue, quotes: list[Quote], used: set[Quote]) -> Draft | None:
    """A cue whose parse gives the content: direct if a quotation fills it, else indirect."""
    # a transcript turn's content starts after its label, inside the quote the paragraph opens
    c0, c1 = widen_to_quotes(*cue.content, [q for q in quotes if not opens_quote(cue, q)])
    inside = [q for q in quotes if overlap(q.inner_start, q.inner_end, c0, c1) > 0]
    for q in inside:
        share = overlap(q.inner_start, q.inner_end, c0, c1) / max(1, c1 - c0)
        if mixed_quote(text, c0, q):
            break  # "suggested that Donald Trump ''doesn't want ...''": indirect, with its subject
        if share >= 0.8 or (share >= 0.5 and opens_clause(text, q)):
            used.add(q)
            start = cue.content[0] if opens_quote(cue, q) else q.inner_start  # not the "WALLACE:" label
            return Draft("direct", start, q.inner_end, cue, rule=cue.rule)
    used.update(q for q in inside if q.inner_start >= c0 - 1 and q.inner_end <= c1 + 1)
    return Draft("direct" if cue.colon else "indirect", c0, c1, cue, rule=cue.rule)


def mixed_quote(text: str, c0: int, q: Quote) -> bool:
    """The content opens with words of the writer's before the quotation (its subject):
    a mixed quote, which the guidelines label indirect and keep whole."""
    lead = text[c0 : q.start].split()
    return c0 < q.start and len([w for w in lead if any(ch.isalpha() for ch in w)]) >= 2


def speaker_after_quote(doc: Doc, cue: Cue, quotes: list[Quote]) -> Span | None:
    """"“...,” Ramos, 58, told AFP": the words between the closing mark and the cue,
    up to the first comma, when the parse took the speaker from inside the quote."""
    before = [q for q in quotes if q.end <= cue.start and cue.start - q.end < 80]
    if not before:
        return None
    between = doc.char_span(before[-1].end, cue.start, alignment_mode="contract")
    if between is None:
        return None
    words = [t for t in between if not t.is_space]
    while words and words[0].is_punct:
        words = words[1:]
    cut = next((k for k, t in enumerate(words) if t.text == ","), len(words))
    words = words[:cut]
    if not words or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in words):
        return None
    return doc[words[0].i : words[-1].i + 1]


def opens_quote(cue: Cue, q: Quote) -> bool:
    """A transcript paragraph opened with a quote mark ("WALLACE: Let's start ...):
    the speaker label is not inside the quotation it opens."""
    return cue.text == ":" and cue.speaker is not None and cue.speaker.start_char <= q.start + 2


def repair_speakers(doc: Doc, cues: list[Cue], quotes: list[Quote], short_quotes: list[Quote] = ()) -> None:
    """A speaker the parse found inside a quotation is not the speaker, nor one found
    inside a short quoted title after the verb ("said on Fox News’s “Fox and Friends.”")."""
    for cue in cues:
        inside = cue.speaker is not None and any(q.start < cue.speaker.start_char < q.end
                                                 and not opens_quote(cue, q) for q in quotes)
        inside = inside or cue.speaker is not None and any(
            q.start < cue.speaker.start_char < q.end and q.start > cue.end for q in short_quotes)
        if cue.speaker is None or inside:
            found = speaker_after_quote(doc, cue, quotes)
            cue.speaker = found if found is not None else (None if inside else cue.speaker)
            cue.apposition = None if inside else cue.apposition


def sentences_of(doc: Doc, start: int, end: int) -> list[Span]:
    return [s for s in sents_of(doc) if s.start_char < end and s.end_char > start]


def _usable(cue: Cue, q: Quote) -> bool:
    """A cue outside the quotation whose speaker is outside it too."""
    if q.start <= cue.start < q.end or cue.speaker is None:
        return False
    return not (q.start <= cue.speaker.start_char < q.end)


def same_paragraph(text: str, at: int, q: Quote) -> bool:
    """No line break between ``at`` and the quotation: the parser sometimes runs a
    sentence over a paragraph break, and a cue there belongs to the next paragraph."""
    lo, hi = (at, q.start) if at < q.start else (q.end, at)
    return "\n" not in text[lo:hi]


def same_sentence_cue(doc: Doc, q: Quote, cues: list[Cue], across_paragraphs: bool = False) -> Cue | None:
    """The cue nearest the quotation in its sentence; across a paragraph break only
    when asked, as the last resort once the neighbouring sentences have none."""
    if not opens_clause(text_of(doc), q):
        return None
    sents = sentences_of(doc, q.start, q.end)
    lo, hi = sents[0].start_char, sents[-1].end_char
    near = [c for c in cues if lo <= c.start < hi and _usable(c, q)
            and (across_paragraphs or same_paragraph(text_of(doc), c.start, q))]
    return min(near, key=lambda c: min(abs(c.start - q.end), abs(c.start - q.start)), default=None)


def next_sentence_cue(doc: Doc, q: Quote, cues: list[Cue]) -> Cue | None:
    """"“Who do they think they are?” Trump said of Apple": the quote is a sentence of
    its own and the next one opens with its speaker and cue."""
    last = sentences_of(doc, q.start, q.end)[-1]
    if text_of(doc)[q.end : last.end_char].strip() or last.end >= len(doc):
        return None
    nxt = doc[last.end].sent
    if "\n" in text_of(doc)[q.end : nxt.start_char]:
        return None
    near = [c for c in cues if nxt.start_char <= c.start < nxt.end_char and c.speaker is not None
            and c.content is None and c.anchor.i - nxt.start <= 6]
    return near[0] if near else None


SUBORDINATE_DEPS = ("relcl", "advcl", "acl")  # a clause inside the sentence, not its main verb


def previous_sentence_cue(doc: Doc, q: Quote, cues: list[Cue], direct_cues: set[int]) -> Cue | None:
    """"He noted that ... “Quote.”" or "“A,” he said. “B.”": the speaker of the sentence before.

    Across a paragraph break only after a colon or a sentence that attributed a quotation.
    """
    first = sentences_of(doc, q.start, q.end)[0]
    if text_of(doc)[first.start_char : q.start].strip(" \t\n“\"‘'"):
        return None  # the quote does not open its sentence
    if first.start == 0:
        return None
    prev = doc[first.start - 1].sent
    new_paragraph = "\n" in text_of(doc)[prev.end_char - 1 : q.start]
    near = [c for c in cues if prev.start_char <= c.start < prev.end_char and c.speaker is not None]
    if not near:
        return None
    # "“A,” Obama said, according to an AP article. “B.”": the "according to" after a speech
    # verb names where the writer read it, not who goes on speaking
    cue = ([c for c in near if c.rule != "according_to"] or near)[-1]
    # "“A,” she said, emphasizing why B. “C.”": the quotation goes on with the speech verb
    # that attributed the quotation before it, not the participle hung on it (same speaker),
    # so that A and C join into one statement
    quoted = [c for c in near if id(c) in direct_cues and c.speaker.start == cue.speaker.start]
    if not quoted and id(cue) not in direct_cues and cue.anchor.dep_ in SUBORDINATE_DEPS:
        # "“A,” Mr. Obama said at the dinner, where Mrs. Clinton also spoke. “B.”": a cue in a
        # clause hung on the sentence is no turn of its own; the quoted speaker goes on
        quoted = [c for c in near if id(c) in direct_cues and c.start < cue.start]
    if new_paragraph and not (prev.text.rstrip().endswith(":") or id(cue) in direct_cues):
        # "“A,” it said, adding that B." then a quoted paragraph: the quotation's speaker
        # goes on, if the sentence's last cue is that speaker's (", adding" shares it)
        return quoted[-1] if quoted else None
    return quoted[-1] if quoted else cue
