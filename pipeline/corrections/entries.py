"""Reading the corrections file: what the user says is wrong, and who said it, when and why.

The file (YAML; ``REDLINE_CORRECTIONS``, else ``corrections.yaml`` beside the raw
folder) holds a list ``corrections``; each entry is one of

    - document: 001_article.txt          # the input file (path relative to the raw folder) or a doc_id
      quote: "Our missile systems are a red line"   # words of the claim, as the article has them
      set: {speaker: Ali Shamkhani, topic: missiles, stance: non_negotiable}   # any of the three
    - document: 001_article.txt
      quote: "the weather was fine"
      not_a_claim: true
    - document: 001_article.txt
      add_claim: "Sanctions must be lifted first"    # a statement redline missed: its exact text
      set: {speaker: Hassan Rouhani, topic: sanctions, stance: demand}
    - merge_speakers: [Hassan Rouhani, President Rouhani]   # one person; the first name is shown
    - split_speaker: Zarif                                  # in this document, "Zarif" is someone else
      document: 003_article.txt
      as: Mohammad Zarif (MP)

and may say ``by`` (who), ``at`` (when) and ``why``. Entries are keyed by what
they say (document, quote, names), never by a claim id, so they hold across
re-runs, changed files that still contain the quote and PIPELINE_VERSION bumps.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

KINDS = ("set", "not_a_claim", "add_claim", "merge_speakers", "split_speaker")
SETTABLE = ("speaker", "topic", "stance")
_KEYS = {"document", "quote", "set", "not_a_claim", "add_claim", "merge_speakers", "split_speaker", "as",
         "by", "at", "why"}


class CorrectionsError(ValueError):
    """A corrections file that cannot be applied: the message names the file and the entry."""


@dataclass(frozen=True)
class Correction:
    kind: str
    document: str | None = None
    quote: str | None = None  # the claim's words; for add_claim, the whole new claim
    speaker: str | None = None
    topic: str | None = None
    stance: str | None = None
    names: tuple[str, ...] = ()  # merge_speakers: the names; split_speaker: the one split off
    corrected_by: str | None = None
    corrected_at: str | None = None
    reason: str | None = None
    origin: str = "file"

    @property
    def correction_id(self) -> str:
        """A hash of what the correction says (not of who or why), stable across runs."""
        said = {k: v for k, v in asdict(self).items() if k not in ("corrected_by", "corrected_at", "reason", "origin")}
        return "corr_" + hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()[:16]


def _text(value, where: str, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or not str(value).strip():
        raise CorrectionsError(f"{where}: {name} must be a text, not {value!r}")
    return str(value).strip()


def _audit(entry: dict, where: str) -> dict:
    return {"corrected_by": _text(entry.get("by"), where, "by"), "corrected_at": _text(entry.get("at"), where, "at"),
            "reason": _text(entry.get("why"), where, "why")}


def _values(entry: dict, where: str) -> dict:
    values = entry.get("set") or {}
    if not isinstance(values, dict) or set(values) - set(SETTABLE):
        raise CorrectionsError(f"{where}: set takes {', '.join(SETTABLE)}, not {values!r}")
    return {k: _text(values.get(k), where, f"set.{k}") for k in SETTABLE}


def parse_entry(entry, where: str) -> Correction:
    """One entry of the file as a Correction; CorrectionsError saying what is wrong with it."""
    if not isinstance(entry, dict) or not entry:
        raise CorrectionsError(f"{where}: expected a mapping such as {{document: ..., quote: ..., set: ...}}")
    unknown = set(entry) - _KEYS
    if unknown:
        raise CorrectionsError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_KEYS))})")
    audit, document = _audit(entry, where), _text(entry.get("document"), where, "document")
    if "merge_speakers" in entry:
        names = entry["merge_speakers"]
        if not isinstance(names, list) or len(names) < 2:
            raise CorrectionsError(f"{where}: merge_speakers takes a list of at least two names")
        return Correction("merge_speakers", names=tuple(_text(n, where, "a name") for n in names), **audit)
    if "split_speaker" in entry:
        if not document or not entry.get("as"):
            raise CorrectionsError(f"{where}: split_speaker needs the document and the name to use instead (as: ...)")
        return Correction("split_speaker", document, names=(_text(entry["split_speaker"], where, "split_speaker"),),
                          speaker=_text(entry["as"], where, "as"), **audit)
    if not document:
        raise CorrectionsError(f"{where}: needs the document (input file path or doc_id) the claim is in")
    values = _values(entry, where)
    if "add_claim" in entry:
        return Correction("add_claim", document, _text(entry["add_claim"], where, "add_claim"), **values, **audit)
    quote = _text(entry.get("quote"), where, "quote")
    if not quote:
        raise CorrectionsError(f"{where}: needs the quote (words of the claim, as the article has them)")
    if entry.get("not_a_claim"):
        return Correction("not_a_claim", document, quote, **audit)
    if not any(values.values()):
        raise CorrectionsError(f"{where}: says nothing to do: give set: {{...}} or not_a_claim: true")
    return Correction("set", document, quote, **values, **audit)


def load_corrections(path: Path) -> list[Correction]:
    """The corrections in ``path``; none when the file is absent. Every entry is checked
    before any is applied, so a typo stops the run instead of half-applying the file."""
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CorrectionsError(f"{path}: not valid YAML: {exc}") from exc
    entries = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CorrectionsError(f"{path}: expected a list under 'corrections:' (see pipeline/corrections/entries.py)")
    return [parse_entry(entry, f"{path}, correction {number}") for number, entry in enumerate(entries, 1)]
