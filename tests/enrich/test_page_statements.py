"""The labelled statements of real pages (pipeline/enrich/page_statements.py): passages read by
offset from the rebuilt texts, pages whose text is absent or changed reported, never guessed."""
import hashlib

import yaml

from pipeline.enrich.page_statements import ANNOTATIONS, page_statements

TEXT = "Headline\n\nThe minister said Tehran would never give up its missiles.\nMore text."


def _write(folder, pid, text, statements):
    (folder / "notes").mkdir(exist_ok=True)
    (folder / "pages").mkdir(exist_ok=True)
    entry = {"id": pid, "url": "https://example.org/a", "title": "A page", "outlet": "example.org", "area": "iran",
             "sha256": hashlib.sha256(text.encode()).hexdigest(), "chars": len(text), "statements": statements}
    (folder / "notes" / f"{pid}.yaml").write_text(yaml.safe_dump(entry), "utf-8")
    return entry


def test_a_passage_is_read_by_its_offsets(tmp_path):
    start = TEXT.index("The minister")
    end = TEXT.index("missiles.") + len("missiles.")
    _write(tmp_path, "p1", TEXT, [{"start": start, "end": end, "key": "The minister said", "topic": "missiles",
                                   "stance": "non_negotiable"}])
    (tmp_path / "pages" / "p1.txt").write_text(TEXT, "utf-8")
    found, absent = page_statements(tmp_path / "notes", tmp_path / "pages")
    assert absent == []
    assert [(s.text, s.topic, s.stance, s.area) for s in found] == [
        ("The minister said Tehran would never give up its missiles.", "missiles", "non_negotiable", "iran")]


def test_a_page_absent_or_changed_is_reported_not_read(tmp_path):
    _write(tmp_path, "gone", TEXT, [{"start": 0, "end": 8, "key": "Headline", "topic": None, "stance": None}])
    _write(tmp_path, "edited", TEXT, [{"start": 0, "end": 8, "key": "Headline", "topic": None, "stance": None}])
    (tmp_path / "pages" / "edited.txt").write_text(TEXT.replace("never", "not"), "utf-8")
    found, absent = page_statements(tmp_path / "notes", tmp_path / "pages")
    assert found == [] and sorted(absent) == ["edited", "gone"]


def test_the_annotations_hold_no_page_text():
    """Short keys (at most 12 words) and offsets only: the pages belong to their publishers."""
    for path in ANNOTATIONS.glob("*.yaml"):
        entry = yaml.safe_load(path.read_text("utf-8"))
        assert len(entry["title"].split()) <= 12
        for statement in entry.get("statements") or []:
            assert len(statement["key"].split()) <= 12
            assert set(statement) == {"start", "end", "key", "topic", "stance"}


def test_no_annotations_says_so(tmp_path):
    """An installed wheel ships no tests folder: the trainer's caller must hear of it, not get no statements."""
    import pytest

    from pipeline.enrich.page_statements import AnnotationsMissing

    with pytest.raises(AnnotationsMissing, match="--no-pages"):
        page_statements(tmp_path / "absent", tmp_path / "pages")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        page_statements(tmp_path / "empty", tmp_path / "pages")
