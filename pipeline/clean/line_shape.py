"""What a line of a capture looks like and where it stands, as numbers.

jusText's ideas (Pomikálek 2011) carried over to plain text: a line of the
article is long, dense in stopwords and ends like a sentence; furniture is
short, link- or credit-shaped, title-cased, and comes in runs of short lines
at the head or tail of a capture or around a picture. Each line gets the
features of its own shape, of its place and of its neighbours' shapes, so a
short crosshead between two paragraphs reads differently from a short
headline in a list of related stories. The classifier (``line_classifier``)
weighs them; the cue patterns and the stopword list are data
(``pipeline/data/boilerplate.yaml``, ``shape``).
"""
from __future__ import annotations

import math
import re
import string
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from pipeline.caseless import Caseless
from pipeline.datafiles import load_data

# A sentence ends with one of these, possibly followed by closing quotes or brackets.
ENDS_SENTENCE = re.compile(r"[.!?…]['\"’”)\]]*$")
WORD = re.compile(r"[^\W\d_][\w’'-]*")
SHORT_CHARS = 70  # jusText's "short" paragraph
LONG_CHARS = 200  # and its "long" one


@dataclass(frozen=True)
class ShapeCues:
    stopwords: frozenset[str]
    credit: Caseless  # photo credits, captions' tails, image file names
    link: Caseless  # navigation separators, addresses, handles
    prompt: Caseless  # calls to act: share, follow, subscribe, comment
    date: Caseless  # dates and times of day
    reader: frozenset[str]  # words that address the reader
    label: re.Pattern  # a short label before a colon
    openers: frozenset[str]  # subject pronouns and conjunctions that open a sentence of prose
    credit_tail: re.Pattern  # a credit closing a line: "/ NAME" in capitals, "(Name)"
    present: re.Pattern  # a capitalised name and a verb in the present after it


@lru_cache(maxsize=1)
def load_cues() -> ShapeCues:
    data = load_data("boilerplate.yaml")["shape"]
    return ShapeCues(
        stopwords=frozenset(data["stopwords"].split()),
        credit=Caseless("|".join(data["credit_cues"])),
        link=Caseless("|".join(data["link_cues"])),
        prompt=Caseless("|".join(data["prompt_cues"])),
        date=Caseless("|".join(data["date_cues"])),
        reader=frozenset(data["reader_words"].split()),
        label=re.compile(data["label_cue"]),
        openers=frozenset(data["prose_openers"].split()),
        credit_tail=re.compile("|".join(data["credit_tail_cues"])),
        present=re.compile(data["present_cue"]),
    )


_ASCII_LETTERS = (string.ascii_letters).encode()
_ASCII_UPPER = string.ascii_uppercase.encode()
_ASCII_DIGITS = string.digits.encode()


@lru_cache(maxsize=4096)
def _char_class(ch: str) -> tuple[int, int, int, int]:
    """(letter, digit, upper-case letter, letter beyond Latin) of one character, as 0/1."""
    alpha = ch.isalpha()
    return int(alpha), int(ch.isdigit()), int(alpha and ch.isupper()), int(alpha and ord(ch) > 0x24F)


def char_counts(line: str) -> tuple[int, int, int, int]:
    """How many letters, digits (``str.isdigit``), upper-case letters and letters beyond
    Latin ``line`` has. Counted per distinct character, or by deleting byte classes when
    the line is ASCII (most are): a per-character loop was half the cost of cleaning."""
    if line.isascii():
        raw = line.encode()
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)), size - len(raw.translate(None, _ASCII_DIGITS)),
                size - len(raw.translate(None, _ASCII_UPPER)), 0)
    totals = [0, 0, 0, 0]
    for ch, count in Counter(line).items():
        for k, flag in enumerate(_char_class(ch)):
            totals[k] += flag * count
    return totals[0], totals[1], totals[2], totals[3]


def own_shape(line: str, cues: ShapeCues) -> dict[str, float]:
    """Features of the line alone."""
    words, tokens = WORD.findall(line), line.split()
    lowered = [w.lower() for w in words]
    n, (letters, digits, upper, non_latin) = len(words) or 1, char_counts(line)
    short = len(line) < SHORT_CHARS
    prompt, link = bool(cues.prompt.search(line)), bool(cues.link.search(line))
    date = bool(digits) and bool(cues.date.search(line))  # every date cue has a digit
    return {
        "log_chars": math.log1p(len(line)),
        "short": float(short),
        "long": float(len(line) > LONG_CHARS),
        "ends_sentence": float(bool(ENDS_SENTENCE.search(line))),
        "ends_colon": float(line.endswith(":")),
        "stopword_density": sum(map(cues.stopwords.__contains__, lowered)) / n,
        "capitalised": sum(map(str.isupper, [w[0] for w in words])) / n,
        "digits": digits / max(len(line), 1),
        "upper": upper / max(letters, 1),
        "non_latin": non_latin / max(letters, 1),
        "date": float(date),
        "has_quote": float(any(q in line for q in "“”\"«»")),
        # A credit cue anywhere, or a credit closing the line ("... / REUTERS", "... 2018. (Kyodo)").
        "credit": float(bool(cues.credit.search(line) or cues.credit_tail.search(line.rstrip()))),
        "link": float(link),
        "prompt": float(prompt),
        "bullet": float(line[:1] in "-•*–·>"),
        # Prose mentions "watch", dates and sites; a short line made of them is furniture.
        "short_prompt": float(short and prompt),
        "short_date": float(short and date),
        "short_link": float(short and link),
        "no_words": float(not words),
        "log_words": math.log1p(len(words)),
        "reader": float(not cues.reader.isdisjoint(lowered)),
        "ends_ellipsis": float(line.endswith(("...", "…"))),
        "label_colon": float(short and bool(cues.label.search(line))),
        # A credit closes a caption with an agency or photographer in capitals ("... BULENT KILIC / AFP").
        "ends_upper": float(bool(words) and len(words[-1]) > 1 and words[-1].isupper()),
        # A table row or score line is mostly numbers.
        # (a line without a digit has no number token: most lines, so their tokens are not looked at)
        "number_tokens": (sum(t.strip(".,:;%()").replace(",", "").replace(".", "").isdigit() for t in tokens) if digits
                          else 0) / max(len(tokens), 1),
        # A line that opens in lower case goes on with the sentence of the line before it.
        "starts_lower": float(line[:1].islower()),
        # A short paragraph of prose opens on a subject pronoun or a conjunction ("He declined",
        # "But not yet."); a caption, headline, menu item or credit names its subject.
        "opens_prose": float(bool(words) and lowered[0] in cues.openers),
        # News prose reports in the past tense; captions and teasers are in the present
        # ("A policeman searches a man", "Soldiers keep watch").
        "past_words": sum(1 for w, low in zip(words, lowered, strict=True) if low.endswith("ed") and len(w) > 4) / n,
    }


PRESENT_OPENING = 8  # a caption names who is in the picture first, then what they do


def present_description(line: str, features: dict[str, float], cues: ShapeCues) -> bool:
    """Whether the line reads as a picture's description: a name and a verb in the present
    among its first words ("Motegi speaks to the press after ..."), no word in the past, and
    it neither opens like prose nor announces a list."""
    opening = " ".join(line.split()[:PRESENT_OPENING])
    return (bool(cues.present.search(opening)) and not features["past_words"] and not features["opens_prose"]
            and not features["ends_colon"])


def caption_like(i: int, own: list[dict[str, float]], described: list[bool]) -> float:
    """A present-tense description beside a credit (its own, or the line's right above or
    below): a picture's caption and its credit. A present-tense line at the prose's edge
    alone is no caption here: headlines and agency leads ("X wins the primary") stand there."""
    near = [own[k] for k in (i - 1, i, i + 1) if 0 <= k < len(own)]
    return float(described[i] and any(o["credit"] for o in near))


def _run_spans(short: list[bool]) -> list[tuple[int, int] | None]:
    """For each line, the (first, last) index of the run of consecutive short lines it is in
    (None for a long line)."""
    out: list[tuple[int, int] | None] = [None] * len(short)
    i = 0
    while i < len(short):
        j = i
        while j < len(short) and short[j]:
            j += 1
        for k in range(i, j):
            out[k] = (i, j - 1)
        i = max(j, i + 1)
    return out


def _runs(short: list[bool]) -> list[int]:
    """For each line, the length of the run of consecutive short lines it is in (0 for a long one)."""
    return [span[1] - span[0] + 1 if span else 0 for span in _run_spans(short)]


def open_runs(own: list[dict[str, float]]) -> tuple[list[int], list[float]]:
    """Per line, the length of the run of consecutive lines that do not end like a sentence
    (0 for one that does), and the share of such lines among the WINDOW lines either side
    (the page's edge counts as open). Menus, link lists and related headlines come as runs
    of open lines, long or short; a crosshead or a caption stands between sentences. A line
    that opens like prose ("He declined") is a short paragraph, not an open item."""
    open_line = [not o["ends_sentence"] and not o["opens_prose"] for o in own]
    runs = _runs(open_line)
    padded = [True] * WINDOW + open_line + [True] * WINDOW
    around = [(sum(padded[i:i + 2 * WINDOW + 1]) - padded[i + WINDOW]) / (2 * WINDOW) for i in range(len(own))]
    return runs, around


def marked_since_prose(marked: list[bool], good: list[bool]) -> list[float]:
    """Per line, whether a marked line (a short prompt, a line the rules remove) stands
    between it and the nearest prose line above it (or the page's top). After "Check Also",
    "Latest stories" or "Leave a Reply" the page's furniture goes on, prose-shaped or not."""
    out, seen = [], False
    for mark, prose in zip(marked, good, strict=True):
        out.append(float(seen))
        seen = mark or (seen and not prose)
    return out


def _edges(short: list[bool]) -> tuple[int, int]:
    """Index of the first and last long line (the head and tail runs lie outside them)."""
    long_at = [i for i, s in enumerate(short) if not s]
    return (long_at[0], long_at[-1]) if long_at else (len(short), -1)


GOOD_STOPWORDS = 0.25  # jusText's "good" paragraph: not short, ends like a sentence, this dense in stopwords


def is_good(features: dict[str, float]) -> bool:
    """A line that reads as the article's prose, whatever surrounds it."""
    return not features["short"] and features["ends_sentence"] > 0 and features["stopword_density"] >= GOOD_STOPWORDS


def prose_lines(own: list[dict[str, float]]) -> list[bool]:
    """Which lines are the capture's prose: the good ones, or, in a capture where no line
    ends like a sentence (punctuation lost in the capture), the long lines dense in stopwords."""
    good = [is_good(o) for o in own]
    if any(good):
        return good
    return [not o["short"] and o["stopword_density"] >= GOOD_STOPWORDS for o in own]


def _distances(good: list[bool]) -> list[int]:
    """Per line, how many lines away the nearest good line is (len(good) when there is none)."""
    far = len(good)
    out, last = [far] * far, None
    for i in range(far):
        last = i if good[i] else last
        out[i] = i - last if last is not None else far
    last = None
    for i in reversed(range(far)):
        last = i if good[i] else last
        out[i] = min(out[i], last - i) if last is not None else out[i]
    return out


NEIGHBOUR_KEYS = ("short", "ends_sentence", "credit", "stopword_density", "link", "prompt", "date", "starts_lower",
                  "capitalised", "log_chars", "has_quote", "opens_prose")


def glued(numbers: list[int]) -> list[tuple[float, float]]:
    """Per line, whether it touches the previous and the next line with no blank line between.

    Only where the capture separates its paragraphs by blank lines: there a
    caption sits glued to its credit, a list's items to each other, while the
    article's paragraphs stand apart. In a capture without blank lines, nothing is glued.
    """
    gaps = [b - a for a, b in zip(numbers, numbers[1:], strict=False)]
    if not gaps or sum(g > 1 for g in gaps) < 0.3 * len(gaps):
        return [(0.0, 0.0)] * len(numbers)
    touch = [float(g == 1) for g in gaps]
    return list(zip([0.0, *touch], [*touch, 0.0], strict=True))


def _run_places(short: list[bool]) -> list[tuple[float, float]]:
    """Per line, where it stands in its run of short lines: its place from the run's start
    (0 to 1) and how near it is to either end of the run (log1p of the steps; 0 outside runs).
    A headline or crosshead stands alone or at a run's edge; a menu's items fill its middle."""
    out = []
    for k, span in enumerate(_run_spans(short)):
        first, last = span or (k, k)
        out.append(((k - first) / max(last - first, 1), math.log1p(min(k - first, last - k))))
    return out


WINDOW = 2  # lines either side that make a line's neighbourhood


def short_share(short: list[bool]) -> list[float]:
    """Per line, the share of short lines among the WINDOW lines either side (the page's edge
    counts as short: furniture gathers there); a crosshead among paragraphs scores low, an item of a list high."""
    padded = [True] * WINDOW + short + [True] * WINDOW
    return [(sum(padded[i:i + 2 * WINDOW + 1]) - padded[i + WINDOW]) / (2 * WINDOW) for i in range(len(short))]


OVERLAP_MIN_WORDS = 4  # shorter lines share words by chance


def overlaps(lines: list[str]) -> list[tuple[float, float]]:
    """Per line, the largest share of its words found in one earlier line, and in one later line.

    A caption repeats a sentence of the article, a teaser or standfirst is shown twice, a
    headline comes back in a breadcrumb; the article's paragraphs do not repeat each other.
    """
    words = [set(WORD.findall(line.casefold())) for line in lines]
    out = []
    for i, mine in enumerate(words):
        if len(mine) < OVERLAP_MIN_WORDS:
            out.append((0.0, 0.0))
            continue
        share = [len(mine & other) / len(mine) for other in words]
        out.append((max(share[:i], default=0.0), max(share[i + 1:], default=0.0)))
    return out


REPEAT_WORDS = 6  # a line whose first words opened an earlier line repeats it


def repeats_earlier(lines: list[str]) -> list[float]:
    """Per line, whether an earlier line starts with the same words (a headline, caption or
    teaser shown twice: the second showing is furniture, the first may be the article's)."""
    seen, out = set(), []
    for line in lines:
        key = " ".join(WORD.findall(line.casefold())[:REPEAT_WORDS])
        out.append(float(bool(key) and key in seen))
        seen.add(key)
    return out


def line_features(lines: list[str], numbers: list[int] | None = None,
                  cues: ShapeCues | None = None) -> list[dict[str, float]]:
    """Features of every (non-empty, stripped) line of a capture, in order;
    ``numbers`` are their line numbers in the capture (blank lines fall between)."""
    cues = cues or load_cues()
    own = [own_shape(line, cues) for line in lines]
    script = sum(o["non_latin"] for o in own) / max(len(own), 1)
    for o in own:  # a line in another script than the capture's (a menu in the site's language)
        o["non_latin"] = abs(o["non_latin"] - script)
    touching = glued(numbers or list(range(1, len(lines) + 1)))
    short = [o["short"] > 0 for o in own]
    runs, (first_long, last_long) = _runs(short), _edges(short)
    good = prose_lines(own)
    first_good, last_good = (good.index(True), len(good) - 1 - good[::-1].index(True)) if any(good) else (len(good), -1)
    distance = _distances(good)
    described = [present_description(line, o, cues) for line, o in zip(lines, own, strict=True)]
    repeated = repeats_earlier(lines)
    places, around, shared = _run_places(short), short_share(short), overlaps(lines)
    open_run, open_around = open_runs(own)
    lengths = sorted(o["log_chars"] for o in own)
    typical = lengths[len(lengths) // 2] if lengths else 0.0
    total, before = max(sum(len(line) for line in lines), 1), list(accumulate((len(line) for line in lines), initial=0))
    blank = dict.fromkeys(NEIGHBOUR_KEYS, 0.0) | {"short": 1.0}  # the page's edge acts as furniture
    out = []
    for i, features in enumerate(own):
        prev, nxt = (own[i - 1] if i else blank), (own[i + 1] if i + 1 < len(own) else blank)
        row = dict(features)
        row["position"] = i / max(len(own) - 1, 1)
        row["first"] = float(i == 0)
        row["head_run"] = float(i < first_long)
        row["tail_run"] = float(i > last_long)
        row["log_run"] = math.log1p(runs[i])
        row["glued_prev"], row["glued_next"] = touching[i]
        row["before_prose"] = float(i < first_good)  # jusText: short lines outside the prose are furniture
        row["after_prose"] = float(i > last_good)
        row["log_prose_distance"] = math.log1p(distance[i])
        row["repeats_earlier"] = repeated[i]
        row["run_place"], row["run_edge"] = places[i]
        row["short_around"] = around[i]
        row["overlap_earlier"], row["overlap_later"] = shared[i]
        row["relative_length"] = features["log_chars"] - typical  # against the capture's median line
        row["chars_before"] = before[i] / total  # position by text, not by line count
        # Lines from either edge: the head's and tail's furniture is a few lines from the edge
        # whatever the page's length, where ``position`` scales with it.
        row["from_top"], row["from_end"] = math.log1p(i), math.log1p(len(own) - 1 - i)
        row["log_open_run"], row["open_around"] = math.log1p(open_run[i]), open_around[i]
        row["caption_like"] = caption_like(i, own, described)
        for key in NEIGHBOUR_KEYS:
            row[f"prev_{key}"] = prev[key]
            row[f"next_{key}"] = nxt[key]
        row.update(crosshead_features(row))
        out.append(row)
    return out


def reads_as_sentence(prefix: str, row: dict[str, float]) -> bool:
    """Whether the line whose features ``row`` holds under ``prefix`` (``prev_``, ``next_``)
    reads as a paragraph: it ends a sentence (prose or a short "“No.”") or opens like one
    ("He declined"). The page's edge does not."""
    return row[f"{prefix}ends_sentence"] > 0 or row[f"{prefix}opens_prose"] > 0


# Cues of a caption, a credit or a dateline: a crosshead has none of them.
CAPTION_CUES = ("credit", "date", "link", "prompt", "ends_upper", "digits")


def crosshead_features(row: dict[str, float]) -> dict[str, float]:
    """Whether a line stands between two paragraphs (the lines right above and below read as
    sentences), and whether it has a crosshead's shape there: short, words that end no
    sentence, no cue of a caption, credit or date. A crosshead inside the body and a
    picture's caption both stand between paragraphs; a caption says when, who took it or
    ends like a sentence. Computed from the row alone (its own and its neighbours' features)."""
    between = reads_as_sentence("prev_", row) and reads_as_sentence("next_", row)
    titled = row["short"] > 0 and not row["ends_sentence"] and not row["no_words"]
    plain = not any(row[cue] for cue in CAPTION_CUES)
    return {"between_sentences": float(between), "crosshead": float(between and titled and plain)}
