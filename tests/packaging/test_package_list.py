"""pyproject.toml lists its packages by hand (pipeline.warehouse.sql lives in
warehouse/marts/): every package and data folder of the tree must be on the list."""
from __future__ import annotations

import tomllib

from setuptools import find_namespace_packages

from tests.helpers import ROOT


def test_every_package_and_data_folder_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    found = {p for p in find_namespace_packages(str(ROOT), include=["pipeline*", "assets*"])
             if "__pycache__" not in p}
    mapped = set(config["package-dir"])
    assert set(config["packages"]) == found | mapped
    assert all((ROOT / folder).is_dir() for folder in config["package-dir"].values())
