"""What the extraction tests share besides the fixture (conftest.py)."""
from __future__ import annotations


def by_text(claims, fragment):
    found = [c for c in claims if fragment in c.claim_text]
    assert found, f"no claim holds {fragment!r}: {[c.claim_text for c in claims]}"
    return found[0]
