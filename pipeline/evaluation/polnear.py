"""PolNeAR (Newell et al., LREC 2018): political news attributions in BRAT files.

Each split folder holds ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``.
Some articles were annotated by several annotators; we use, for every such
article, the file whose annotator code sorts first, so the choice does not
depend on the system being scored.

Gold statements are the Content spans of Attribution events (fragments of a
discontinuous span joined). Recall counts the attributions redline is meant to
find, statements: a cue that is a speech verb (cues.yaml) or content holding
a quotation mark. Precision counts a prediction right if it matches any
attribution, since PolNeAR marks thoughts and beliefs as well.

PolNeAR annotates a pronoun as the Source where the text has one ("Kamin, who
said", "he added") and does not link it to what it stands for. Speaker accuracy
is printed twice: strict, against the Source as annotated, and resolved, where
a pronoun Source also accepts its antecedent, by a rule that reads only the
text and the gold annotation, never a system's output, so it applies the same
to every system:

- a relative pronoun (who, which, that, whom) stands for the last
  ``RELATIVE_WINDOW`` words before it in its sentence ("David Kamin, a law
  professor at N.Y.U., who");
- a personal pronoun (he, she, they, ...) stands for the nearest earlier
  Source in the same article's annotation that is not itself a pronoun.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.scoring import WORD, Statement, words_of
from pipeline.extract.lexicon import load_lexicon

RELATIVE_PRONOUNS = frozenset({"who", "whom", "which", "that"})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "i", "we", "you"})
RELATIVE_WINDOW = 10
# A quotation mark, not an apostrophe: double marks anywhere; a single mark only
# where it opens a quotation (not inside or at the end of a word: "Trump’s", "Iran's").
QUOTATION_MARK = re.compile(r"[“”\"«»‘]|(?<![^\W\d_])['’](?=[^\W\d_])")
ANN_NAME = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")


@dataclass
class Article:
    name: str
    text: str
    gold: list[Statement]
    annotator: str


def annotation_files(split_dir: Path) -> dict[str, Path]:
    """article -> the .ann file of the annotator whose code sorts first."""
    chosen: dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        m = ANN_NAME.match(path.name)
        if m and m["article"] not in chosen:
            chosen[m["article"]] = path
    return chosen


def parse_spans(field: str) -> list[tuple[int, int]]:
    """"315 448;463 553" -> [(315, 448), (463, 553)]."""
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def read_ann(path: Path) -> tuple[dict, list[dict]]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, field = parts[1].partition(" ")
            spans[parts[0]] = (label, parse_spans(field))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    return spans, events


def is_statement(text: str, cue: list[tuple[int, int]], content: list[tuple[int, int]]) -> bool:
    speech = load_lexicon().speech_forms
    cue_words = {w.lower() for a, b in cue for w in WORD.findall(text[a:b])}
    quoted = any(QUOTATION_MARK.search(text[a:b]) for a, b in content)
    return bool(cue_words & speech.keys()) or quoted


def gold_statements(text: str, ann: Path) -> list[Statement]:
    spans, events = read_ann(ann)
    gold = []
    for ev in events:
        content = spans.get(ev.get("Content", ""), ("", []))[1]
        if not content:
            continue
        source = spans.get(ev.get("Source", ""), ("", []))[1]
        cue = spans.get(ev.get("Cue", ""), ("", []))[1]
        source_text = " ".join(text[a:b] for a, b in source)
        gold.append(Statement(
            words=words_of(" ".join(text[a:b] for a, b in content)),
            speaker_words={w.lower() for w in WORD.findall(source_text)},
            speaker_name=source_text or None,
            speaker_span=(source[0][0], source[-1][1]) if source else None,
            counts_for_recall=is_statement(text, cue, content),
            label=text[content[0][0] : content[-1][1]],
        ))
    resolve_pronoun_sources(text, gold)
    return gold


def relative_antecedent(text: str, start: int) -> tuple[int, int] | None:
    """Span of the last RELATIVE_WINDOW words before ``start`` in its sentence."""
    before = text[max(0, start - 300) : start]
    cut = max(before.rfind(mark) for mark in (". ", "\n", "; ", "? ", "! "))
    words = list(WORD.finditer(before, cut + 1 if cut >= 0 else 0))[-RELATIVE_WINDOW:]
    if not words:
        return None
    offset = start - len(before)
    return offset + words[0].start(), offset + words[-1].end()


def resolve_pronoun_sources(text: str, gold: list[Statement]) -> None:
    """Fill ``antecedent_span`` and ``antecedent_words`` of pronoun sources (module docstring)."""
    named = sorted((g.speaker_span for g in gold if g.speaker_span and not is_pronoun(g)), key=lambda s: s[0])
    for g in gold:
        if not g.speaker_span or not is_pronoun(g):
            continue
        start = g.speaker_span[0]
        if g.speaker_name.strip().lower() in RELATIVE_PRONOUNS:
            g.antecedent_span = relative_antecedent(text, start)
        else:
            earlier = [s for s in named if s[1] <= start]
            g.antecedent_span = earlier[-1] if earlier else None
        if g.antecedent_span:
            a, b = g.antecedent_span
            g.antecedent_words = set(WORD.findall(text[a:b]))


def is_pronoun(g: Statement) -> bool:
    source = (g.speaker_name or "").strip().lower()
    return source in RELATIVE_PRONOUNS or source in PERSONAL_PRONOUNS


def load_split(root: Path, split: str, limit: int | None = None) -> list[Article]:
    split_dir = root / split
    articles = []
    for name, ann in sorted(annotation_files(split_dir).items())[:limit]:
        txt = split_dir / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        text = txt.read_text(encoding="utf-8")
        articles.append(Article(name, text, gold_statements(text, ann), ann.stem.rsplit("_", 1)[1]))
    return articles


def annotator_counts(articles: list[Article]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for a in articles:
        counts[a.annotator] += 1
    return dict(counts)
