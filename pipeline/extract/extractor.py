"""extract_claims: every attributed statement in a parsed document."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from pipeline.extract.attribution import (
    Draft,
    from_parsed_content,
    next_sentence_cue,
    opens_quote,
    overlap,
    previous_sentence_cue,
    quote_tokens,
    repair_speakers,
    same_sentence_cue,
    sentences_of,
)
from pipeline.extract.content import char_span_of
from pipeline.extract.cues import Cue, find_cues
from pipeline.extract.doccache import text_of
from pipeline.extract.inner_cue import inner_attribution
from pipeline.extract.kinds import speaker_kind
from pipeline.extract.layout import dash_cues, layout_cues
from pipeline.extract.lexicon import Lexicon, load_lexicon
from pipeline.extract.mentions import People, Speaker, index_people, resolve
from pipeline.extract.quotes import Quote
from pipeline.extract.relayed import carry_relays, mark_relays
from pipeline.extract.relays import relay_of
from pipeline.extract.skipped_lines import document_quotes, in_ranges, skipped_ranges
from pipeline.records import ExtractedClaim

CONFIDENCE = {"name": 0.95, "surname": 0.9, "pronoun": 0.8, "description": 0.75, "cataphora": 0.7,
              "self": 0.85, "interview": 0.8, "none": 0.5}


def drafts_for(doc: Doc, lex: Lexicon) -> list[Draft]:
    limits = lex.limits
    skipped, quotes = document_quotes(doc, lex)
    boilerplate = skipped_ranges(text_of(doc), lex, headlines=False)
    long_quotes = [q for q in quotes if quote_tokens(doc, q) >= limits["min_direct_tokens"]]
    cues = [c for c in find_cues(doc, lex) + layout_cues(doc, lex)
            if not in_ranges(c.start, boilerplate if c.text == ":" else skipped)
            and not any(q.start < c.start < q.end and not opens_quote(c, q) for q in long_quotes)] + dash_cues(doc, long_quotes, lex)
    repair_speakers(doc, cues, long_quotes, quotes)
    mark_relays(cues, lex, long_quotes)
    used: set[Quote] = set()
    drafts = [from_parsed_content(text_of(doc), c, quotes, used) for c in cues if c.content and c.speaker is not None]
    drafts = [d for d in drafts if d.kind == "direct" or len(text_of(doc)[d.start:d.end].split()) >= limits["min_indirect_words"]]
    drafts = [continued_report(doc, d, cues, lex) for d in drafts]
    direct_cues = {id(d.cue) for d in drafts if d.kind == "direct"}
    for q in long_quotes:
        if q in used or any(overlap(q.inner_start, q.inner_end, d.start, d.end) for d in drafts):
            continue
        paired = quote_cue(doc, q, cues, drafts, direct_cues)
        if paired is not None:
            cue, rule = paired
            drafts.append(Draft("direct", q.inner_start, q.inner_end, cue, rule != SAME_SENTENCE, rule))
            direct_cues.add(id(cue))
    return join_interrupted(text_of(doc), dedupe(drafts), limits["max_interruption_chars"])


def continued_report(doc: Doc, d: Draft, cues: list[Cue], lex: Lexicon) -> Draft:
    """Reported speech that goes on in the next sentence of its paragraph, one with no
    cue of its own that opens with "But" and keeps the report's backshift: "The museum,
    Mr. Obama said, would make visitors face uncomfortable truths. But it would also
    capture ...", "... some speculated about his health. But by the second debate, he had
    bounced back" (cues.yaml continued_report). The claim runs over both sentences."""
    text = text_of(doc)
    sents = sentences_of(doc, d.end - 1, d.end) if d.kind == "indirect" else []
    if not sents or text[d.end : sents[-1].end_char].strip(" .\"”’'") or sents[-1].end >= len(doc):
        return d
    following = doc[sents[-1].end].sent
    words = [t for t in following if not t.is_space]
    if not words or words[0].lower_ not in lex.report_openers or "\n" in text[d.end : words[0].idx]:
        return d
    backshifted = any(c.dep_ in ("aux", "auxpass") and c.lower_ in lex.backshift_auxiliaries for c in following.root.children)
    if not backshifted or any(following.start_char <= c.start < following.end_char for c in cues):
        return d
    span = char_span_of(words)
    return replace(d, end=span[1]) if span else d


SAME_SENTENCE = "quote+same_sentence_cue"


def quote_cue(
    doc: Doc, q: Quote, cues: list[Cue], drafts: list[Draft], direct_cues: set[int]
) -> tuple[Cue, str] | None:
    """The cue of a quotation the parse did not attribute, and the rule that paired
    them, tried in this order (all but the first find the cue in another sentence)."""
    pairings = (
        (SAME_SENTENCE, lambda: same_sentence_cue(doc, q, cues)),
        ("quote+next_sentence_cue", lambda: next_sentence_cue(doc, q, cues)),
        ("quote+previous_sentence_cue", lambda: previous_sentence_cue(doc, q, cues, direct_cues)),
        ("quote+continued_block", lambda: continued_block_cue(text_of(doc), q, drafts)),
        ("quote+cross_paragraph_cue", lambda: same_sentence_cue(doc, q, cues, across_paragraphs=True)),
    )
    for rule, pair in pairings:
        cue = pair()
        if cue is not None:
            return cue, rule
    return None


def whole_paragraph(text: str, start: int, end: int) -> bool:
    """The span is its paragraph: nothing but space between it and the line breaks."""
    before = text[max(0, start - 300) : start].rsplit("\n", 1)
    after = text[end : end + 300].split("\n", 1)
    return len(before) == 2 and not before[1].strip() and not after[0].strip(" \t”\"’'.,")


def continued_block_cue(text: str, q: Quote, drafts: list[Draft]) -> Cue | None:
    """A block quotation running over several paragraphs, each quoted on its own
    ("X wrote:" then “...” / “...”): a quoted paragraph right after one attributed
    as a whole takes its cue."""
    if not whole_paragraph(text, q.start, q.end):
        return None
    before = [d for d in drafts if d.kind == "direct" and d.end <= q.start]
    if not before:
        return None
    last = max(before, key=lambda d: d.end)
    gap = text[last.end : q.start]
    if gap.count("\n") > 2 or gap.strip(" \t\n”\"’'.,") or not whole_paragraph(text, last.start - 1, last.end + 1):
        return None
    return last.cue


def join_interrupted(text: str, drafts: list[Draft], max_gap: int) -> list[Draft]:
    """“A,” she said. “B.” is one statement, interrupted by its attribution: the parts
    become one claim. It runs from the first quoted word to the last, the attribution
    included, so that claim_text stays one verbatim slice of the text."""
    joined: list[Draft] = []
    for d in drafts:
        k = first_part(text, joined, d, max_gap)
        if k is not None:
            # interrupts(): both direct; the first part's cue and rule, the attribution between the parts
            joined[k] = replace(joined[k], end=d.end, inner=(joined[k].end, d.start))
        else:
            joined.append(d)
    return joined


def first_part(text: str, joined: list[Draft], d: Draft, max_gap: int) -> int | None:
    """Where in ``joined`` the quotation ``d`` resumes: the last draft, or the one before
    what its attribution reports ("“A,” she said, emphasizing why B. “C.”": B is its own
    claim, inside the attribution between A and C)."""
    for k in range(len(joined) - 1, max(-1, len(joined) - 3), -1):
        if interrupts(text, joined[k], d, max_gap):
            return k
        if joined[k].kind == "direct" or joined[k].cue.speaker is None or d.cue.speaker is None \
                or joined[k].cue.speaker.start != d.cue.speaker.start:
            return None  # only a statement of the same speaker's, reported between the parts, is passed over
    return None


def interrupts(text: str, a: Draft, b: Draft, max_gap: int) -> bool:
    """``b`` resumes the quotation ``a`` after the cue both are attributed to, in the same paragraph.
    ``a`` may be reported speech or a mixed quote before its cue ('Both parties "saw Burma as
    ...," said Victor Cha. "In that sense, ..."'): the clause the parse made the cue's
    complement (not a last-resort guess, "Asked to describe the device, O'Neill said"), with
    ``b`` a sentence of its own after the cue's (not the cue's own quotation: 'X, Gandhi said, "B"')."""
    resumed = a.kind == "direct" or a.rule == "that_clause" and b.rule == "quote+previous_sentence_cue"
    if b.kind != "direct" or a.cue is not b.cue or not resumed:
        return False
    gap = text[a.end : b.start]
    return a.end <= a.cue.start < b.start and len(gap) <= max_gap and "\n" not in gap


def dedupe(drafts: list[Draft]) -> list[Draft]:
    """One claim per statement: of overlapping drafts keep direct ones, then the longer.
    A statement reported inside another's ("says Americans are right to be angry, but
    hungry for what she calls “real solutions”") does not replace it."""
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (d.kind != "direct", d.start - d.end)):
        inner = [k for k in kept if nested(d, k)]
        if inner:
            kept = [k for k in kept if k not in inner]
        if all(overlap(d.start, d.end, k.start, k.end) < 0.5 * min(d.end - d.start, k.end - k.start) for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def nested(outer: Draft, inner: Draft) -> bool:
    """``inner`` and its cue lie inside what ``outer``'s cue reports (from the parse)."""
    return outer.cue is not inner.cue and outer.rule in NESTING_RULES and outer.start <= inner.cue.start < outer.end \
        and outer.start <= inner.start and inner.end <= outer.end and inner.end - inner.start < outer.end - outer.start


NESTING_RULES = ("that_clause", "object")


def context_span(doc: Doc, draft: Draft) -> tuple[int, int]:
    points = [draft.start, draft.end - 1, draft.cue.start]
    if draft.cue.speaker is not None:
        points.append(draft.cue.speaker.start_char)
    sents = sentences_of(doc, min(points), max(points) + 1)
    return sents[0].start_char, sents[-1].end_char


def to_claim(doc: Doc, draft: Draft, speaker: Speaker, kind: str | None = None, relay: str | None = None,
             speaker_start: int | None = None) -> ExtractedClaim:
    ctx_start, ctx_end = context_span(doc, draft)
    confidence = CONFIDENCE.get(speaker.method, 0.5) - (0.1 if draft.adjacent else 0.0)
    confidence -= 0.1 if draft.kind == "indirect" else 0.0
    return ExtractedClaim(
        kind=draft.kind,
        claim_text=text_of(doc)[draft.start:draft.end],
        start_char=draft.start,
        end_char=draft.end,
        cue=draft.cue.text,
        speaker_mention=speaker.mention,
        speaker_name=speaker.name,
        speaker_role=speaker.role,
        speaker_affiliation=speaker.affiliation,
        confidence=round(max(0.0, min(1.0, confidence)), 2),
        extraction_rule=draft.rule,
        context_start=ctx_start,
        context_end=ctx_end,
        speaker_kind=kind,
        relay=relay,
        speaker_start=speaker_start,
        attribution=inner_attribution(draft),
    )


def pronoun_in(cue: Cue, pronouns: frozenset[str]) -> bool:
    """The cue's speaker is one of ``pronouns``, outside quotation marks (cues inside
    them are gone by now): "you" is the reader addressed, "I" the writer."""
    return cue.speaker is not None and len(cue.speaker) == 1 and cue.speaker[0].lower_ in pronouns


def transcript_turn(cue: Cue, lex: Lexicon) -> str | None:
    """"interviewer" for a transcript's "Q:" line, "interviewee" for its "A:" line."""
    if cue.rule != "speaker_colon" or cue.speaker is None:
        return None
    label = cue.speaker.text.strip(" .").lower()
    if label in lex.interviewer_labels:
        return "interviewer"
    return "interviewee" if label in lex.interviewee_labels else None


def interviewee(cue: Cue, people: People) -> Speaker:
    """The speaker of an "A:" turn: the person the article names most (the one the
    interview is with); none when it names nobody."""
    counts = Counter(name for _i, name in people.names)
    name = max(counts, key=lambda n: (counts[n], -next(i for i, m in people.names if m == n)), default=None)
    role, affiliation = people.roles.get(name, (None, None)) if name else (None, None)
    return Speaker(cue.speaker.text, name, role, affiliation, "interview")


def extract_claims(doc: Doc) -> list[ExtractedClaim]:
    """Direct quotations and reported speech in ``doc``, each with its resolved speaker."""
    lex = load_lexicon()
    people = index_people(doc, lex)
    history: list[tuple[int, str]] = []
    institutions: list[tuple[int, str]] = []
    claims = []
    for draft in drafts_for(doc, lex):
        cue: Cue = draft.cue
        turn = transcript_turn(cue, lex)
        if pronoun_in(cue, lex.reader_pronouns):
            continue  # "You can call RT whatever you want": the writer to the reader, no statement
        if turn == "interviewer":
            continue  # a question put to the interviewee, not a statement
        speaker = interviewee(cue, people) if turn else resolve(cue.speaker, cue.apposition, history, institutions, people, lex)
        if not turn and pronoun_in(cue, lex.writer_pronouns):
            speaker = Speaker(cue.speaker.text, None)  # the writer, named nowhere: not the nearest person
        if speaker.name is None and turn:
            continue  # an answer by nobody the article names: better no claim than "A"
        if speaker.method in ("name", "surname", "pronoun", "description", "cataphora") and speaker.name:
            history.append((cue.speaker.start, speaker.name))
            people.roles.setdefault(speaker.name, (speaker.role, speaker.affiliation))
        elif speaker.method == "self":
            institutions.append((cue.speaker.root.i, speaker.name))
        at = cue.speaker.start_char if cue.speaker is not None else None
        if cue.relative is not None:  # as written at the statement, like "he": "who"
            speaker.mention, at = cue.relative.text, cue.relative.idx
        relay = cue.relay or (relay_of(cue.anchor, lex, cue.speaker, (draft.start, draft.end))
                              if cue.anchor.pos_ in ("VERB", "AUX") else None)
        claims.append(to_claim(doc, draft, speaker, speaker_kind(cue.speaker, speaker, lex), relay, at))
    carry_relays(claims, text_of(doc), lex)
    return claims
