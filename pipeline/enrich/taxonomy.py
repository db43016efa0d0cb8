"""Topic, stance and condition of a statement, from an editable taxonomy.

The taxonomy (the packaged ``pipeline/data/taxonomy.yaml`` unless a path says
otherwise: settings.taxonomy, from ``REDLINE_TAXONOMY``) holds every topic and stance with the
wording that signals it; this module only knows how to apply it:

- the stance is the highest-precedence stance whose wording appears in the
  claim; a `willing` wording under a negation ("does not mean that Iran wants
  to negotiate") becomes its `negated_as` stance, and one with a condition
  marker ("ready to negotiate if it lifts the sanctions") becomes
  `conditional`, with the condition kept verbatim;
- the topic is the one mentioned nearest the stance wording, within its
  clause, then its sentence, then the whole claim; a generic topic (talks) only
  when no specific one is mentioned, and never from inside the condition
  (what is demanded is not what the statement is about);
- the claim text decides; the context (the whole attribution) only fills
  what the claim leaves open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.caseless import Caseless
from pipeline.datafiles import data_file

_TRIM = " ,;:-–—\"'“”‘’"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’]?(?:\s+|$)|\n+")


@dataclass(frozen=True)
class Topic:
    name: str
    pattern: re.Pattern[str]
    generic: bool = False


@dataclass(frozen=True)
class Stance:
    name: str
    pattern: re.Pattern[str] | None  # None for the derived conditional stance
    negated_as: str | None = None
    default_topic: str | None = None  # when the statement names no specific topic


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]
    stances: tuple[Stance, ...]  # in order of precedence
    conditional: str | None  # the name of the conditional stance
    conditional_applies_to: str | None  # the stance that a condition turns conditional
    condition_markers: re.Pattern[str] | None
    negation: re.Pattern[str]
    negation_window: int
    clause_break: re.Pattern[str]

    @property
    def stance_names(self) -> list[str]:
        return [s.name for s in self.stances]

    @property
    def generic_topics(self) -> frozenset[str]:
        """The topics a statement has besides a specific one ("talks" on the programme)."""
        return frozenset(t.name for t in self.topics if t.generic)


@dataclass(frozen=True)
class _Hit:
    name: str
    start: int
    end: int
    rank: int  # position in the taxonomy: lower wins ties


def _terms_pattern(terms: list[str]) -> Caseless:
    # Longest first so that "red lines" is preferred over "red line"; spaces
    # in a term match any run of whitespace.
    bad = [t for t in terms if not isinstance(t, str)]
    if bad:  # YAML reads a bare no/yes/on as a boolean: say so rather than match "False"
        raise ValueError(f"taxonomy terms must be strings; quote these in the YAML: {bad!r}")
    for term in terms:
        try:
            re.compile(term)
        except re.error as exc:
            raise ValueError(f"term {term!r} is not a valid regular expression: {exc}") from exc
    alternatives = [re.sub(r"(?<!\\) ", r"\\s+", t) for t in sorted(terms, key=len, reverse=True)]
    return Caseless(_WORD_START + "(?:" + "|".join(alternatives) + ")" + _WORD_END)


_WORD_START, _WORD_END = r"(?<![\w-])", r"(?![\w-])"


def pattern_body(pattern: re.Pattern[str]) -> str:
    """The alternation inside a taxonomy pattern, without its word-boundary guards
    (to combine many into one regex that checks the boundaries once)."""
    return pattern.pattern[len(_WORD_START) : -len(_WORD_END)]


def word_bounded(body: str) -> str:
    return _WORD_START + "(?:" + body + ")" + _WORD_END


def default_taxonomy_path() -> Path:
    # A path, not load_data: a taxonomy is re-read when its file changes (see _load).
    return Path(str(data_file("taxonomy.yaml")))


def taxonomy_file(path: str | Path | None = None) -> Path:
    """The resolved taxonomy path: ``path`` (settings.taxonomy) or the packaged default."""
    return Path(path or default_taxonomy_path()).expanduser().resolve()


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used: the message names the file and the entry."""


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy at ``path`` (settings.taxonomy), or the packaged default (cached)."""
    chosen = taxonomy_file(path)
    return _load(chosen, chosen.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int) -> Taxonomy:  # the mtime makes an edited file reload
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict):
            raise TaxonomyError("must be a mapping with `topics` and `stances`")
        return parse_taxonomy(data)
    except (yaml.YAMLError, re.error, KeyError, TypeError, ValueError) as exc:
        raise TaxonomyError(f"taxonomy {path}: {type(exc).__name__}: {exc}") from exc


def parse_taxonomy(data: dict) -> Taxonomy:
    """A Taxonomy from the parsed YAML mapping (see ``taxonomy.yaml`` for the layout)."""
    topics = tuple(
        Topic(t["name"], _terms_pattern(t["terms"]), bool(t.get("generic", False))) for t in data["topics"]
    )
    stances: list[Stance] = []
    conditional = applies_to = markers = None
    for s in data["stances"]:
        if "conditional" in s:
            conditional = s["name"]
            applies_to = s["conditional"]["applies_to"]
            markers = _terms_pattern(s["conditional"]["markers"])
            stances.append(Stance(s["name"], None))
        else:
            stances.append(
                Stance(s["name"], _terms_pattern(s["patterns"]), s.get("negated_as"), s.get("default_topic"))
            )
    _check_stance_references(stances, applies_to)
    negation = data.get("negation") or {}
    breaks = data.get("clause_breaks") or [";"]
    return Taxonomy(
        topics=topics,
        stances=tuple(stances),
        conditional=conditional,
        conditional_applies_to=applies_to,
        condition_markers=markers,
        negation=_terms_pattern(negation.get("terms") or ["not", "never", "no"]),
        negation_window=int(negation.get("window_words", 8)),
        clause_break=re.compile("|".join(re.escape(b) for b in breaks), re.IGNORECASE),
    )


def _check_stance_references(stances: list[Stance], applies_to: str | None) -> None:
    """A stance named by another (negated_as, a conditional's applies_to) must be in the
    file: a user who removes a stance is told where it is still named."""
    names = {s.name for s in stances}
    named = [(f"stance {s.name}: negated_as", s.negated_as) for s in stances if s.negated_as]
    named += [("conditional applies_to", applies_to)] if applies_to else []
    for where, name in named:
        if name not in names:
            raise TaxonomyError(f"{where} names {name!r}, which is not a stance of this taxonomy")


# --- spans -----------------------------------------------------------------


def _enclosing(text: str, pos: int, boundary: re.Pattern[str]) -> tuple[int, int]:
    """The span between the boundaries around ``pos``."""
    start, end = 0, len(text)
    for m in boundary.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _is_negated(text: str, hit_start: int, taxonomy: Taxonomy) -> bool:
    clause_start, _ = _enclosing(text, hit_start, taxonomy.clause_break)
    sentence_start, _ = _enclosing(text, hit_start, _SENTENCE_END)
    before = text[max(clause_start, sentence_start) : hit_start]
    words = before.split()[-taxonomy.negation_window :]
    return bool(taxonomy.negation.search(" ".join(words)))


def _condition_span(text: str, cue: _Hit, taxonomy: Taxonomy) -> tuple[int, int] | None:
    """The condition attached to a willing wording: marker to end of its clause."""
    if taxonomy.condition_markers is None:
        return None
    s_start, s_end = _enclosing(text, cue.start, _SENTENCE_END)
    for m in taxonomy.condition_markers.finditer(text, s_start, s_end):
        if m.start() < cue.start:
            if m.end() > cue.start:
                continue
            # "If they lay down fair conditions ..., we are ready to negotiate":
            # the condition runs up to the last comma before the offer.
            comma = text.rfind(",", m.end(), cue.start)
            if comma < 0:
                # "if the US wants to talk about missiles, it must ...": the
                # offer is inside the condition, not conditioned by it.
                continue
            end = comma
        elif m.start() >= cue.end:
            # "ready to negotiate if it lifts the sanctions, returns to ...":
            # the condition runs to the end of the sentence.
            end = s_end
        else:
            continue
        return m.start(), end
    return None


def _offer_in_condition(text: str, cue: _Hit, hits: list[_Hit], taxonomy: Taxonomy) -> tuple[int, int] | None:
    """"If the US wants to talk about missiles, it must stop arms sales": an offer
    inside the if-clause whose main clause makes a demand is a conditional offer,
    and the demand is its condition (returned as the main clause's span)."""
    if taxonomy.condition_markers is None:
        return None
    s_start, s_end = _enclosing(text, cue.start, _SENTENCE_END)
    marker = next((m for m in taxonomy.condition_markers.finditer(text, s_start, cue.start)), None)
    if marker is None or "," in text[marker.end() : cue.start]:
        return None
    comma = text.find(",", cue.end, s_end)
    if comma < 0:
        return None
    # The main clause must demand or threaten, not offer or refuse again.
    offers_and_refusals = {taxonomy.conditional_applies_to} | {s.negated_as for s in taxonomy.stances}
    if not any(comma < h.start < s_end and h.name not in offers_and_refusals for h in hits):
        return None
    return comma + 1, s_end


def _condition_clauses(text: str, taxonomy: Taxonomy) -> list[tuple[int, int]]:
    """Every condition clause: from its marker to the next comma or the sentence end."""
    if taxonomy.condition_markers is None:
        return []
    spans = []
    for m in taxonomy.condition_markers.finditer(text):
        _, s_end = _enclosing(text, m.start(), _SENTENCE_END)
        comma = text.find(",", m.end(), s_end)
        spans.append((m.start(), comma if comma > 0 else s_end))
    return spans


def _leading_condition(text: str, taxonomy: Taxonomy) -> tuple[int, int] | None:
    """A statement that is itself a condition ("if Washington stops selling arms"):
    the span of its if-clause."""
    if taxonomy.condition_markers is None:
        return None
    start = len(text) - len(text.lstrip(_TRIM))
    m = taxonomy.condition_markers.match(text, start)
    if m is None:
        return None
    _, s_end = _enclosing(text, start, _SENTENCE_END)
    comma = text.find(",", m.end(), s_end)
    return start, comma if comma > 0 else s_end


# --- classification ----------------------------------------------------------


def _stance_hits(text: str, taxonomy: Taxonomy) -> list[_Hit]:
    hits = []
    for rank, stance in enumerate(taxonomy.stances):
        if stance.pattern is None:
            continue
        for m in stance.pattern.finditer(text):
            name, hit_rank = stance.name, rank
            if stance.negated_as and _is_negated(text, m.start(), taxonomy):
                name = stance.negated_as
                hit_rank = taxonomy.stance_names.index(name)
            hits.append(_Hit(name, m.start(), m.end(), hit_rank))
    return hits


def _stance(text: str, taxonomy: Taxonomy) -> tuple[_Hit | None, tuple[int, int] | None]:
    """The winning stance wording in ``text`` and, for a conditional, the condition span."""
    hits = _stance_hits(text, taxonomy)
    if not hits:
        return None, None
    # What a condition says ("strikes if Iran does not agree to a deal") is
    # not the statement's own stance: wording inside a condition only counts
    # when nothing outside it does (offers inside one are kept for
    # _offer_in_condition).
    clauses = _condition_clauses(text, taxonomy)
    if clauses:
        outside = [h for h in hits if not any(a <= h.start < b for a, b in clauses)]
        if outside:
            hits = outside + [h for h in hits if h.name == taxonomy.conditional_applies_to and h not in outside]
    conditional_rank = (
        taxonomy.stance_names.index(taxonomy.conditional) if taxonomy.conditional else len(taxonomy.stances)
    )
    candidates = []
    for hit in hits:
        if hit.name == taxonomy.conditional_applies_to and hit.rank > conditional_rank:
            span = _condition_span(text, hit, taxonomy) or _offer_in_condition(text, hit, hits, taxonomy)
            if span is not None:
                conditional = _Hit(taxonomy.conditional, hit.start, hit.end, conditional_rank)
                candidates.append((conditional_rank, hit.start, conditional, span))
                continue
        candidates.append((hit.rank, hit.start, hit, None))
    _, _, best, span = min(candidates, key=lambda c: (c[0], c[1]))
    return best, span


def _topic_hits(text: str, taxonomy: Taxonomy, exclude: tuple[int, int] | None) -> list[tuple[_Hit, bool]]:
    hits = []
    for rank, topic in enumerate(taxonomy.topics):
        for m in topic.pattern.finditer(text):
            if exclude and exclude[0] <= m.start() < exclude[1]:
                continue
            hits.append((_Hit(topic.name, m.start(), m.end(), rank), topic.generic))
    return hits


def _nearest_topic(hits: list[tuple[_Hit, bool]], anchor: _Hit | None, span: tuple[int, int]) -> str | None:
    inside = [(h, g) for h, g in hits if span[0] <= h.start < span[1]]
    for want_generic in (False, True):
        pool = [h for h, g in inside if g == want_generic]
        if not pool:
            continue
        if anchor is None:
            # No stance to anchor on: the most mentioned topic, then the most specific.
            counts: dict[str, int] = {}
            for h in pool:
                counts[h.name] = counts.get(h.name, 0) + 1
            return min(pool, key=lambda h: (-counts[h.name], h.rank)).name

        def distance(h: _Hit) -> int:
            return max(0, h.start - anchor.end, anchor.start - h.end)

        return min(pool, key=lambda h: (distance(h), h.rank)).name
    return None


def _topic(text: str, taxonomy: Taxonomy, anchor: _Hit | None, exclude: tuple[int, int] | None) -> str | None:
    hits = _topic_hits(text, taxonomy, exclude)
    if not hits:
        return None
    spans = [(0, len(text))]
    if anchor is not None:
        spans = [
            _narrowest(text, anchor.start, taxonomy.clause_break, _SENTENCE_END),
            _enclosing(text, anchor.start, _SENTENCE_END),
            (0, len(text)),
        ]
    for span in spans:
        found = _nearest_topic(hits, anchor, span)
        if found:
            return found
    return None


def _narrowest(text: str, pos: int, *boundaries: re.Pattern[str]) -> tuple[int, int]:
    spans = [_enclosing(text, pos, b) for b in boundaries]
    return max(s for s, _ in spans), min(e for _, e in spans)


def classify_claim(
    claim_text: str, context: str, taxonomy: Taxonomy
) -> tuple[str | None, str | None, str | None]:
    """(topic, stance, condition) of a statement; each None when the text does not say."""
    claim_text = claim_text or ""
    context = context or ""
    anchor, condition_span = _stance(claim_text, taxonomy)
    from_context = False
    if anchor is None and taxonomy.conditional:
        condition_span = _leading_condition(claim_text, taxonomy)
        if condition_span is not None:
            anchor = _Hit(taxonomy.conditional, *condition_span, 0)
    if anchor is None and context:
        # The claim itself carries no stance wording ("Iran would deliver a
        # response"): the attribution may ("warned that").
        anchor, condition_span = _stance(context, taxonomy)
        from_context = anchor is not None
    stance = anchor.name if anchor else None
    condition = None
    if condition_span is not None:
        source = context if from_context else claim_text
        condition = source[condition_span[0] : condition_span[1]].strip(_TRIM) or None

    topic = _topic(claim_text, taxonomy, *((None, None) if from_context else (anchor, condition_span)))
    if topic is None and context:
        topic = _topic(context, taxonomy, *((anchor, condition_span) if from_context else (None, None)))
    default = next((s.default_topic for s in taxonomy.stances if s.name == stance), None)
    if default and (topic is None or _is_generic(topic, taxonomy)):
        topic = default
    if topic is None and condition:
        topic = _topic(condition, taxonomy, None, None)
    return topic, stance, condition


def _is_generic(topic: str, taxonomy: Taxonomy) -> bool:
    return any(t.generic for t in taxonomy.topics if t.name == topic)
