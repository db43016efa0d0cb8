"""Where redline-eval finds its annotated data, and what it says when there is none."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluation import cli, paths
from pipeline.evaluation.paths import ENV, EvalDataMissing, eval_data

CHECKOUT = Path(__file__).resolve().parents[2]


def _data_root(tmp_path: Path) -> Path:
    for part in paths.NEEDED:
        (tmp_path / part).mkdir(parents=True)
    return tmp_path


def test_the_checkout_by_default():
    assert eval_data(environ={}).root == CHECKOUT
    assert eval_data(environ={}).sample_claims.is_file()


def test_an_explicit_root_or_the_environment_wins(tmp_path: Path):
    root = _data_root(tmp_path)
    assert eval_data(root, environ={}).root == root
    assert eval_data(environ={ENV: str(root)}).raw == root / "data" / "raw"


def test_an_explicit_root_without_the_data_is_named(tmp_path: Path):
    with pytest.raises(EvalDataMissing, match=str(tmp_path)):
        eval_data(tmp_path, environ={})
    with pytest.raises(SystemExit, match="holds no tests/annotations"):
        cli.find_data(tmp_path)


def test_outside_a_checkout_the_parts_are_skipped_with_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV, raising=False)
    cli.main(["--no-polnear"])
    out = capsys.readouterr().out
    assert "skipped, no tests/annotations and data/raw here" in out and "--data-root" in out
    assert "== sample corpus:" not in out and "== cleaning" not in out
