"""Walk the lines of a capture and decide which are furniture, metadata or body."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipeline.clean.line_classifier import LineClassifier, load_line_classifier
from pipeline.clean.line_shape import ENDS_SENTENCE, is_good, line_features, marked_since_prose
from pipeline.clean.lines import (
    SENTENCE_END,
    byline_of,
    dateline_of,
    furniture_reason,
    is_headline_like,
    is_related_heading,
    tagline_outlet,
)
from pipeline.clean.repetition import line_key
from pipeline.clean.rules import Rules
from pipeline.records import RemovedLine


@dataclass
class Sorted:
    """The outcome of sorting a capture's lines."""

    body: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    published_date: date | None = None
    outlet: str | None = None


@dataclass
class State:
    known_title: str | None  # the title the record's metadata gives
    find_title: bool  # look for the headline in the text (plain-text captures only)
    in_lead: bool = True  # before the first body line
    in_related: bool = False  # inside a "Related News" list


# Text wrapped at a fixed width has no line longer than this; web captures
# put a whole paragraph on one line.
WRAP_WIDTH = 100


def is_hard_wrapped(lines: list[str]) -> bool:
    return max((len(line) for line in lines), default=0) <= WRAP_WIDTH


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) with hard-wrapped sentences joined again.

    In text wrapped at a fixed width, a line that stops mid-sentence and is
    followed directly by one starting in lower case is one paragraph: joined
    with a space, it is judged (and kept) as a whole rather than as fragments.
    """
    lines = [raw.strip() for raw in text.split("\n")]
    wrapped = is_hard_wrapped(lines)
    out: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        prev = out[-1][1] if out else ""
        if wrapped and prev and line[:1].islower() and not SENTENCE_END.search(prev):
            out[-1] = (out[-1][0], f"{prev} {line}")
        else:
            out.append((number, line))
    return out


@dataclass
class Shaped:
    """A capture's non-empty lines, what the rules say of each, and their shape features."""

    lines: list[tuple[int, str]]  # (1-based line number, line)
    reasons: list[str | None]  # the rules' removal reason, None where the classifier decides
    features: list[dict[str, float]]
    found: Sorted  # the metadata the rules found (title, byline, date, outlet)


def rule_pass(text: str, known_title: str | None, rules: Rules, find_title: bool) -> Shaped:
    """The rules over every line: furniture patterns, related lists, metadata, the title."""
    lines = [(number, line) for number, line in logical_lines(text) if line]
    last = len(text.split("\n"))
    out, state, reasons = Sorted(), State(known_title, find_title), []
    for number, line in lines:
        near_edge = number <= rules.edge_lines or number > last - 3
        reason = classify(line, state, rules, out, near_edge)
        state.in_lead = state.in_lead and reason is not None
        reasons.append(reason)
    return Shaped(lines, reasons, [], out)


# Reasons of lines that are not furniture but metadata the article carries on.
_NOT_FURNITURE = {None, "title"}


def shape_lines(text: str, known_title: str | None, rules: Rules, find_title: bool = True) -> Shaped:
    """The rule pass, plus each line's shape and whether its neighbours are ruled furniture."""
    shaped = rule_pass(text, known_title, rules, find_title)
    shaped.features = line_features([line for _, line in shaped.lines], [number for number, _ in shaped.lines])
    ruled = [reason not in _NOT_FURNITURE for reason in shaped.reasons]
    marked = [r or row["short_prompt"] > 0 for r, row in zip(ruled, shaped.features, strict=True)]
    good = [row["log_prose_distance"] == 0 for row in shaped.features]
    above, below = marked_since_prose(marked, good), marked_since_prose(marked[::-1], good[::-1])[::-1]
    for i, row in enumerate(shaped.features):
        row["prev_ruled"] = float(i == 0 or ruled[i - 1])
        row["next_ruled"] = float(i + 1 == len(ruled) or ruled[i + 1])
        row["marked_above"], row["marked_below"] = above[i], below[i]
    return shaped


def sort_lines(text: str, known_title: str | None, rules: Rules, find_title: bool = True,
               repeated: frozenset[str] = frozenset(), model: LineClassifier | None = None) -> Sorted:
    """Body and removed lines of a capture: the rules first, then the headline, then the
    line classifier. ``repeated`` holds the keys (``repetition.line_key``) of lines that
    recur across other documents of the same site."""
    shaped = shape_lines(text, known_title, rules, find_title)
    model, out = model or load_line_classifier(), shaped.found
    scores = model.log_odds_all(shaped.features).tolist()
    title_at = headline_at(shaped, scores, rules, model.threshold) if find_title and not known_title else None
    judged = any(row["log_prose_distance"] == 0 for row in shaped.features)  # without prose, no context to judge by
    ruled = [reason is not None or i == title_at for i, reason in enumerate(shaped.reasons)]
    whole = sentences_kept(shaped.lines, scores, model.threshold, ruled)
    listing: tuple[int, bool, int] | None = None  # inside a list the article introduces (list_state)
    for i, ((number, line), reason) in enumerate(zip(shaped.lines, shaped.reasons, strict=True)):
        if i == title_at:
            out.title, reason = line, "title"
        elif reason is None and judged and not whole[i] and not in_list(number, listing):
            reason = classifier_reason(model, shaped.features[i], scores[i], bool(repeated) and line_key(line) in repeated)
        if reason:
            out.removed.append(RemovedLine(number, line, reason))
        else:
            out.body.append(line)
        listing = list_state(number, line, reason, listing, rules)
    return out


def in_list(number: int, listing: tuple[int, bool, int] | None) -> bool:
    """Whether the line numbered ``number`` is an item of the list being read: the first
    item may stand after a blank line below its introduction, the next ones are glued on."""
    return listing is not None and (listing[1] or number == listing[0] + 1)


def list_state(number: int, line: str, reason: str | None, listing: tuple[int, bool, int] | None,
               rules: Rules) -> tuple[int, bool, int] | None:
    """(last line number, first item still to come, items left) of a list the article
    introduces, or None.

    A kept paragraph that ends with a colon ("Trump has to accomplish the following:")
    introduces a list; its items ("Stop lying", "Show humility") are short and open, like a
    menu's, but are the article's until one ends a sentence, a blank line ends the list or
    ``rules.list_max_items`` are read (a menu glued below such a line is not kept whole).
    An introduction is a sentence (``rules.list_intro_min_words``): "Latest stories:" introduces none."""
    if reason:
        return None
    if line.endswith(":") and len(line.split()) >= rules.list_intro_min_words:
        return number, True, rules.list_max_items
    if in_list(number, listing) and not ENDS_SENTENCE.search(line) and listing[2] > 1:
        return number, False, listing[2] - 1
    return None


def sentences_kept(lines: list[tuple[int, str]], scores: list[float], threshold: float,
                   ruled: list[bool] | None = None) -> list[bool]:
    """Per line, whether it is kept as a fragment of one sentence broken over adjacent lines
    (each line but the last stops mid-sentence, the next opens in lower case) of which the
    classifier keeps a fragment: a fragment below a kept one carries on its sentence, and
    when the sentence ends like one, the fragments above the kept one stay too ("Editor's
    note: Trump regularly" / "incites" / ... / "entering the U.S."). One sentence is not
    split between the article and furniture. ``ruled``: lines the rules (or the title)
    took, which keep no fragment and stop the carrying on."""
    ruled = ruled or [False] * len(lines)
    kept = [score < threshold and not rule for score, rule in zip(scores, ruled, strict=True)]
    out, start = [False] * len(lines), 0
    for i in range(len(lines)):
        (number, line), nxt = lines[i], lines[i + 1] if i + 1 < len(lines) else None
        if nxt and nxt[0] == number + 1 and nxt[1][:1].islower() and not ENDS_SENTENCE.search(line):
            continue  # the sentence goes on
        if i > start and ENDS_SENTENCE.search(line) and any(kept[start:i + 1]):
            out[start:i + 1] = [not rule for rule in ruled[start:i + 1]]
        elif i > start:
            out[start:i + 1] = carried_on(kept[start:i + 1], ruled[start:i + 1])
        start = i + 1
    return out


def carried_on(kept: list[bool], ruled: list[bool]) -> list[bool]:
    """Per fragment of a sentence that does not end, whether a kept fragment stands above it
    with no fragment the rules took between."""
    out, carrying = [], False
    for keep, rule in zip(kept, ruled, strict=True):
        carrying = carrying and not rule
        out.append(carrying)
        carrying = carrying or keep
    return out


def headline_at(shaped: Shaped, scores: list[float], rules: Rules, threshold: float) -> int | None:
    """Where the headline of a capture without a title from metadata is: of the
    headline-like lines the rules leave above the first paragraph of prose, the
    first the classifier keeps, else the one it finds least like furniture. So
    a headline between a tagline and a dateline is never judged as furniture,
    and a menu line the classifier removes above it is not taken for it; the
    other lines there (a standfirst, a related headline as in 001) are the
    classifier's to judge."""
    prose = [i for i, row in enumerate(shaped.features) if row["log_prose_distance"] == 0]
    head = range(prose[0] if prose else len(shaped.lines))
    candidates = [i for i in head if shaped.reasons[i] is None
                  and is_headline_like(shaped.lines[i][1], rules.headline_max_words)]
    kept = [i for i in candidates if scores[i] < threshold]
    return kept[0] if kept else min(candidates, key=scores.__getitem__, default=None)


def classifier_reason(model: LineClassifier, row: dict[str, float], score: float, repeated: bool) -> str | None:
    """``shape:<strongest feature>`` or ``repeated_on_site`` for furniture, None for article.

    A line that recurs on its site goes unless it reads as prose (agencies
    repeat background paragraphs); prose that recurs only gets ``repeat_bonus``.
    """
    if score >= model.threshold:
        return f"shape:{model.strongest(row)}"
    if repeated and (not is_good(row) or score + model.repeat_bonus >= model.threshold):
        return "repeated_on_site"
    return None


def classify(line: str, state: State, rules: Rules, out: Sorted, near_edge: bool) -> str | None:
    """The removal reason for ``line``, or None to keep it; records metadata in ``out``."""
    headline = is_headline_like(line, rules.headline_max_words)
    if state.in_related and headline:
        return "related_headlines"
    state.in_related = False
    if reason := furniture_reason(line, rules):
        return reason
    if is_related_heading(line, rules):
        state.in_related = True
        return "related_headlines"
    if near_edge and (reason := metadata_reason(line, rules, out)):
        return reason
    return title_reason(line, state)


def metadata_reason(line: str, rules: Rules, out: Sorted) -> str | None:
    """Taglines, bylines and datelines: removed from the body, kept as metadata."""
    if (outlet := tagline_outlet(line, rules)) is not None:
        out.outlet = out.outlet or outlet or None
        return "tagline"
    if byline := byline_of(line, rules):
        out.byline = out.byline or byline
        out.published_date = out.published_date or dateline_of(line, rules)  # "By Jane Doe | 5 March 2019"
        return "byline"
    if day := dateline_of(line, rules):
        out.published_date = out.published_date or day
        return "dateline"
    return None


def title_reason(line: str, state: State) -> str | None:
    """A repeat of the title the record's metadata gives, at the top of a capture.

    Without a title from metadata, the title is found with the classifier's
    help (``headline_at``). With a title
    from metadata, or in HTML and JSON bodies (which carry no page header),
    only a repeat of the title goes, so a short first paragraph is never dropped.
    """
    if not state.in_lead or not (state.known_title or not state.find_title):
        return None
    return "title" if line.casefold() == (state.known_title or "").casefold() else None
