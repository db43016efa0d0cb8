"""Two speaker ids of one article that may be one speaker (one_speaker.py), and their pair in
claim clusters: a description and the name it describes join, two named people never do."""
import pandas as pd

from pipeline.entities.clusters import _Rows, _settings, one_speaker_pairs
from pipeline.entities.one_speaker import may_be_one, profile, role_head

BREAKERS = _settings().role_breakers
SPOKESPERSONS = _settings().spokespersons


def test_role_heads_stop_at_a_preposition_or_a_name():
    assert role_head("ambassador to Baghdad", BREAKERS) == "ambassador"
    assert role_head("senior adviser to Supreme Leader Ayatollah Ali Khamenei", BREAKERS) == "adviser"
    assert role_head("spokesperson Morgan Ortagus", BREAKERS) == "spokesperson"
    assert role_head("Secretary of Defense Council", BREAKERS) == "secretary"
    assert role_head("Supreme Leader", BREAKERS) == "leader"


def test_a_description_joins_the_named_speaker_of_its_role_and_affiliation():
    named = profile("Mohammad Kazem Ale-Sadeq", ["ambassador", None], ["Iran", None], BREAKERS)
    described = profile("Iranian ambassador to Baghdad", ["ambassador to Baghdad"], ["Iran"], BREAKERS)
    minister = profile("Iranian foreign minister", ["foreign minister"], ["Iran"], BREAKERS)
    assert may_be_one(named, described) and may_be_one(described, named)
    assert not may_be_one(named, minister)


def test_two_full_names_stay_apart_and_a_surname_inside_joins():
    larijani = profile("Ali Larijani", ["adviser"], ["Iran"], BREAKERS)
    shamkhani = profile("Ali Shamkhani", ["Secretary of Defense Council"], ["Iran"], BREAKERS)
    khamenei = profile("Ali Khamenei", ["Supreme Leader"], ["Iran"], BREAKERS)
    website = profile("Khamenei's official website", ["official website"], [], BREAKERS)
    assert not may_be_one(larijani, shamkhani)
    assert may_be_one(khamenei, website)
    assert not may_be_one(larijani, website)


def test_an_institution_joins_its_spokesperson_not_a_country_its_minister():
    department = profile("State Department", [], [], BREAKERS)
    ortagus = profile("Morgan Ortagus", ["State Department spokesperson"], ["State Department"], BREAKERS)
    iran = profile("Iran", [], [], BREAKERS)
    zarif = profile("Mohammad Javad Zarif", ["Foreign Minister"], ["Iran"], BREAKERS)
    assert may_be_one(department, ortagus, SPOKESPERSONS)
    assert not may_be_one(iran, zarif, SPOKESPERSONS)


def test_only_two_ids_of_one_article_are_asked():
    frame = pd.DataFrame({
        "claim_id": ["c1", "c2", "c3"], "claim_text": ["a", "b", "c"], "topic": None, "stance": None,
        "speaker_id": ["ale-sadeq", "iranian-ambassador", "iranian-ambassador"],
        "speaker_name": ["Mohammad Kazem Ale-Sadeq", "Iranian ambassador to Baghdad", "Iranian ambassador to Baghdad"],
        "speaker_role": ["ambassador", "ambassador to Baghdad", "ambassador to Baghdad"],
        "speaker_affiliation": ["Iran", "Iran", "Iran"], "outlet": None, "doc_id": ["d1", "d1", "d2"],
        "statement_date": None, "published_date": None})
    one = one_speaker_pairs(_Rows.of(frame), _settings())
    assert one(0, 1) and not one(0, 2) and not one(1, 2)
