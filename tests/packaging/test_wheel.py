"""redline built as a wheel and installed in a fresh venv works outside the checkout:
every file it reads at run time is in the wheel, a whole Dagster run creates the
mart views and the dashboard, and redline-eval says what it lacks instead of failing.

The venv gets no dependencies of its own (that would need the network): a .pth file
puts this venv's site-packages after its own, so only ``pipeline`` and ``assets``
come from the wheel."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import duckdb
import pytest

from tests.helpers import ROOT, SAMPLE_DIR

pytestmark = pytest.mark.slow

# What a build reads: the packages, the mart SQL folder and the project files.
SOURCES = ("pipeline", "assets", "warehouse/marts", "pyproject.toml", "README.md")
VIEWS = {"claims_timeline", "speaker_stances", "topic_stance_daily", "stance_changes"}


def _sh(*cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the working tree (a build in place would write
    build/ and egg-info into the checkout others work in)."""
    src, out = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src)
    return next(out.glob("redline-*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv holding the wheel; the dependencies are this venv's."""
    env = tmp_path_factory.mktemp("venv")
    _sh(sys.executable, "-m", "venv", "--without-pip", env)
    python = env / "bin" / "python"
    _sh(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel)
    site = Path(_sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "redline_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return env


@pytest.fixture
def outside(tmp_path) -> tuple[Path, dict]:
    """A working folder outside the checkout and an environment naming no redline setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDLINE_") and k != "PYTHONPATH"}
    return tmp_path, env


def test_every_runtime_file_is_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    # Every file beside the code but its notes (README.md) is read at run time or shipped as data.
    data = [p for p in (ROOT / "pipeline").rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc", ".md")]
    expected = {p.relative_to(ROOT).as_posix() for p in data}
    expected |= {f"pipeline/warehouse/sql/{p.name}" for p in (ROOT / "warehouse" / "marts").glob("*.sql")}
    assert expected - names == set()
    assert {"pipeline/data/people.yaml", "pipeline/dashboard/template.html", "pipeline/quality/sql/orphan_claims.sql",
            "pipeline/warehouse/sql/claims_timeline.sql"} <= names


def test_the_package_comes_from_the_venv(venv, outside):
    cwd, env = outside
    found = _sh(venv / "bin" / "python", "-c", "import pipeline; print(pipeline.__file__)", cwd=cwd, env=env).stdout
    assert Path(found.strip()).is_relative_to(venv) and not Path(found.strip()).is_relative_to(ROOT)


def test_a_whole_run_outside_the_checkout(venv, outside):
    cwd, env = outside
    raw, warehouse, home = cwd / "raw", cwd / "out" / "redline.duckdb", cwd / "dagster_home"
    shutil.copytree(SAMPLE_DIR, raw)
    home.mkdir()
    env |= {"REDLINE_RAW_DIR": str(raw), "REDLINE_WAREHOUSE": str(warehouse), "DAGSTER_HOME": str(home)}
    _sh(venv / "bin" / "python", "-m", "dagster", "asset", "materialize", "-m", "assets.definitions",
        "--select", "*", cwd=cwd, env=env)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        views = {v for (v,) in con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        (claims,) = con.sql("SELECT count(*) FROM claims").fetchone()
    assert VIEWS <= views and claims > 60
    assert (warehouse.parent / "dashboard.html").stat().st_size > 10_000


def test_eval_outside_the_checkout_says_what_it_needs(venv, outside):
    cwd, env = outside
    done = subprocess.run([str(venv / "bin" / "redline-eval"), "--no-polnear"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "skipped, no tests/annotations and data/raw here" in done.stdout and "--data-root" in done.stdout
