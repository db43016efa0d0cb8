"""The user's corrections of speaker identity, applied by the ``speakers`` step on
every run (README, "Correcting speakers"). A YAML file with any of four lists:

    merge:    # these names are one person; the first is the name shown
      - [Hillary Rodham Clinton, Hillary Clinton]
    split:    # these names are different people: never merged
      - [Bill Clinton, Hillary Clinton]
    alias:    # this name or mention, as written, is that person
      "the former secretary of state": Hillary Clinton
    nobody:   # this name or mention is nobody: its claims get no speaker
      - "A"

Names compare case-insensitively and with spacing folded. The file is
``$REDLINE_SPEAKER_OVERRIDES``, else ``speaker_overrides.yaml`` beside the
warehouse. A missing file is no corrections; a file that does not parse, or
holds anything else, is an error that names the file and the entry.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KEYS = ("merge", "split", "alias", "nobody")
ENV = "REDLINE_SPEAKER_OVERRIDES"
FILE_NAME = "speaker_overrides.yaml"


class OverridesError(ValueError):
    """A speaker overrides file that cannot be applied."""


def norm(text: str | None) -> str:
    return " ".join(str(text or "").split()).strip().lower()


@dataclass(frozen=True)
class SpeakerOverrides:
    alias: dict[str, str] = field(default_factory=dict)  # normalised name or mention -> person
    split: tuple[frozenset[str], ...] = ()  # groups of names (normalised) never merged
    nobody: frozenset[str] = frozenset()
    digest: str = ""  # of the file, so that a changed file rebuilds the speakers

    def person_of(self, *written: str | None) -> str | None:
        """The person the user says one of these strings is, if any."""
        return next((self.alias[norm(w)] for w in written if w and norm(w) in self.alias), None)

    def is_nobody(self, *written: str | None) -> bool:
        return any(w and norm(w) in self.nobody for w in written)


def _names(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) or len(value) < 2:
        raise OverridesError(f"{where}: expected a list of at least two names, got {value!r}")
    return value


def parse_overrides(data, source: str = "speaker overrides") -> SpeakerOverrides:
    if data is None:
        return SpeakerOverrides()
    if not isinstance(data, dict) or set(data) - set(KEYS):
        raise OverridesError(f"{source}: expected a mapping with keys {', '.join(KEYS)}, got {sorted(data) if isinstance(data, dict) else type(data).__name__}")
    alias: dict[str, str] = {}
    for k, group in enumerate(data.get("merge") or []):
        names = _names(group, f"{source}: merge[{k}]")
        alias.update({norm(n): names[0] for n in names})
    for written, person in (data.get("alias") or {}).items():
        if not isinstance(person, str) or not person.strip():
            raise OverridesError(f"{source}: alias {written!r} needs a person's name, got {person!r}")
        alias[norm(written)] = person.strip()
    split = tuple(frozenset(norm(n) for n in _names(g, f"{source}: split[{k}]"))
                  for k, g in enumerate(data.get("split") or []))
    nobody = data.get("nobody") or []
    if not isinstance(nobody, list) or not all(isinstance(n, str) for n in nobody):
        raise OverridesError(f"{source}: nobody must be a list of names or mentions, got {nobody!r}")
    return SpeakerOverrides(alias, split, frozenset(norm(n) for n in nobody))


def load_overrides(path: str | Path | None) -> SpeakerOverrides:
    """The corrections in ``path``; none when it is unset or absent."""
    if path is None or not Path(path).is_file():
        return SpeakerOverrides()
    raw = Path(path).read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise OverridesError(f"{path}: not readable YAML ({exc})") from exc
    parsed = parse_overrides(data, str(path))
    return SpeakerOverrides(parsed.alias, parsed.split, parsed.nobody, hashlib.sha256(raw).hexdigest())


def overrides_path(warehouse: str, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the user keeps the corrections: ``$REDLINE_SPEAKER_OVERRIDES``, else beside
    the warehouse file (a DuckLake catalog, ``ducklake:...``, is no file: the current folder)."""
    if environ.get(ENV):
        return Path(environ[ENV])
    return Path(FILE_NAME) if warehouse.startswith("ducklake:") else Path(warehouse).with_name(FILE_NAME)
