"""The word lists and settings of ``pipeline/data/*.yaml``, read one way.

Through importlib.resources, so an installed wheel finds them as a checkout
does, and parsed once per process. What ``load_data`` returns is shared by
every caller: build your own structures from it, never modify it.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

DATA_PACKAGE = "pipeline.data"


def data_file(name: str) -> Traversable:
    """``pipeline/data/<name>``; FileNotFoundError naming it when the install lacks it."""
    file = resources.files(DATA_PACKAGE).joinpath(name)
    if not file.is_file():
        raise FileNotFoundError(f"pipeline/data/{name} is not in the installed package {DATA_PACKAGE}")
    return file


@cache
def load_data(name: str, path: str | Path | None = None) -> Any:
    """The parsed ``pipeline/data/<name>``, or the file at ``path`` that stands in for it."""
    file = Path(path) if path else data_file(name)
    return yaml.safe_load(file.read_text(encoding="utf-8"))
