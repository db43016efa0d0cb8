"""The boilerplate patterns of ``pipeline/data/boilerplate.yaml``, compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.datafiles import load_data


@dataclass(frozen=True)
class Rules:
    line_rules: list[tuple[str, re.Pattern]]  # (reason, whole-line pattern)
    related_sections: list[re.Pattern]
    bylines: list[re.Pattern]
    taglines: dict[str, str]  # casefolded tagline -> outlet
    tagline_patterns: list[re.Pattern]
    edge_lines: int
    byline_max_words: int
    dateline_max_words: int
    headline_max_words: int
    list_intro_min_words: int  # a kept line ending in a colon this long introduces a list
    list_max_items: int  # the items of such a list kept at most


def compile_all(patterns: list[str], flags: int = re.IGNORECASE) -> list[re.Pattern]:
    return [re.compile(p, flags) for p in patterns]


def build_rules(data: dict) -> Rules:
    return Rules(
        line_rules=[(reason, p) for reason, pats in data["line_rules"].items() for p in compile_all(pats)],
        related_sections=compile_all(data["related_sections"]),
        bylines=compile_all(data["bylines"], 0),
        taglines={k.casefold(): v for k, v in data["taglines"].items()},
        tagline_patterns=compile_all(data["tagline_patterns"], 0),
        edge_lines=data["edge_lines"],
        byline_max_words=data["byline_max_words"],
        dateline_max_words=data["dateline_max_words"],
        headline_max_words=data["headline_max_words"],
        list_intro_min_words=data["list_intro_min_words"],
        list_max_items=data["list_max_items"],
    )


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """The cleaning rules; ``path`` points at another YAML file of the same shape."""
    return build_rules(load_data("boilerplate.yaml", path))
