"""Cues found from the page layout rather than the parse: a name and a colon
opening a line ("Cruz: ...", "TAPPER: ..."), a sentence opened by the verb ("Said
Ellis: “...”") and a quotation signed with a dash ("“...” ― Sonya Herridge")."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.extract.animacy import SPEAKING_ENTITIES
from pipeline.extract.cues import Cue
from pipeline.extract.doccache import positions_of, text_of, tokens_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.quotes import Quote
from pipeline.extract.subjects import inverted_name, line_bounds


def layout_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    """The speaker-label and verb-first cues (dash cues need the quotations: dash_cues)."""
    return speaker_colon_cues(doc, lex) + inverted_cues(doc, lex)


def byline_name(doc: Doc, start: int, end: int) -> Span | None:
    """The name in "― Carla Sanchez, 34, Texas": up to the first comma, a few
    capitalised words."""
    text = text_of(doc)
    comma = text.find(",", start, end)
    end = end if comma < 0 else comma
    while end > start and text[end - 1] in " \t\u00a0.":
        end -= 1
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None or not 1 <= len(span) <= 5:
        return None
    return span if all(t.text[:1].isupper() or t.text == "." for t in span) else None


def dash_cues(doc: Doc, quotes: list[Quote], lex: Lexicon) -> list[Cue]:
    """"“He represents our greatest shame.” ― Sonya Herridge": a quotation whose line
    ends with a dash and a name is that person's statement, verbatim."""
    text, cues = text_of(doc), []
    for q in (q for q in quotes if q.balanced):
        line_end = text.find("\n", q.end)
        line_end = len(text) if line_end < 0 else line_end
        dash = q.end + len(text[q.end:line_end]) - len(text[q.end:line_end].lstrip(" \t\u00a0"))
        if dash >= line_end or text[dash] not in lex.attribution_dashes:
            continue
        name = byline_name(doc, dash + 1 + len(text[dash + 1:line_end]) - len(text[dash + 1:line_end].lstrip()), line_end)
        anchor = doc.char_span(dash, dash + 1, alignment_mode="expand")
        if name is None or anchor is None:
            continue
        cues.append(Cue(anchor=anchor[0], text=text[dash], start=dash, end=dash + 1, speaker=name,
                        apposition=None, content=(q.inner_start, q.inner_end), colon=True, rule="dash_cue"))
    return cues


QUOTE_MARKS = "“”‘’\"'«»"
SPEAKER_LABEL_POS = ("PROPN", "NOUN", "PUNCT", "ADJ", "DET")


def is_speaker_label(label: list[Token], lex: Lexicon) -> bool:
    """A short name before a line's colon: one word ("Cruz: ..."), a named entity, a
    transcript's capitals ("TAPPER") or a role ("Spokesman"); not a headline's
    title-case phrase ("Stealth Over Health: ...") nor a label word ("Update: ...")."""
    if len(label) > 5 or not (label[-1].pos_ == "PROPN" or label[-1].text[:1].isupper()):
        return False
    if any(t.lower_ in lex.not_speaker_labels for t in label):
        return False
    if any(t.pos_ not in SPEAKER_LABEL_POS or t.pos_ == "PUNCT" and t.text != "." for t in label):
        return False
    words = [t for t in label if t.is_alpha]
    if len(words) >= 3 and not any(t.ent_type_ == "PERSON" for t in label) and not is_transcript_label(label):
        return False  # a crosshead in title case: "Veto Power Impedes Peace Efforts: ..."
    return len(words) <= 1 or any(t.ent_type_ in SPEAKING_ENTITIES for t in label) \
        or is_transcript_label(label) or label[-1].lower_ in lex.role_heads


def is_transcript_label(label: list[Token]) -> bool:
    """A transcript's turn ("WALLACE:", "Q:"): the label in capitals, so the line is the
    speaker's words verbatim (direct), unlike a headline's "Cruz: Trump would ..."."""
    words = [t for t in label if t.is_alpha]
    return bool(words) and all(t.is_upper for t in words)


def inverted_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    """"Said Ellis: “I don’t get the sense ...”", "Added Smith, “...”": a sentence that
    opens with the verb in the past, then the name and the quotation (the parse
    rarely sees a verb there)."""
    cues = []
    for tok in tokens_of(doc):
        if not (tok.is_sent_start and tok.text[:1].isupper() and tok.lower_.endswith("d")
                and tok.lower_ in lex.speech_forms):
            continue
        name = inverted_name(tok)
        if name is not None:
            quote = doc[name.end + 1]
            cues.append(Cue(anchor=tok, text=tok.text, start=tok.idx, end=tok.idx + len(tok), speaker=name,
                            apposition=None, content=(quote.idx, line_bounds(tok)[1]), colon=True,
                            rule="verb_first"))
    return cues


def speaker_colon_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    """"Cruz: Trump would put liberals on the court" and transcript lines
    ("TAPPER: ..."): a name at the start of a line, a colon, the statement."""
    text, cues = text_of(doc), []
    for tok in (doc[i] for i in positions_of(doc, ":")):
        if tok.i == 0:
            continue
        line_start, line_end = line_bounds(tok)
        label = [t for t in doc[max(0, tok.i - 6) : tok.i] if t.idx >= line_start and not t.is_space]
        while label and label[0].is_quote:  # a transcript line opened with a quote mark
            label = label[1:]
        if not label or text[line_start : label[0].idx].strip(QUOTE_MARKS + " ") or not is_speaker_label(label, lex):
            continue
        start = tok.idx + 1
        while start < line_end and text[start].isspace():
            start += 1
        if len(text[start:line_end].split()) < 3:
            continue
        span = doc[label[0].i : label[-1].i + 1]
        verbatim = text[start] in "“\"‘'" or is_transcript_label(label)
        cues.append(Cue(anchor=tok, text=":", start=tok.idx, end=tok.idx + 1, speaker=span,
                        apposition=None, content=(start, line_end), colon=verbatim, rule="speaker_colon"))
    return cues
