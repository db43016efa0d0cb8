"""A transcript quoted whole (every paragraph reopened, one closing mark at its end)
ends each turn where the next "NAME:" turn, a stage direction or the closing credit
line begins (pipeline/extract/quotes.py stops, cues.yaml quote_stops; campaign check 2026-12-09)."""
from __future__ import annotations

from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.skipped_lines import kept_quotes

TRANSCRIPT = ('The governor spoke on Sunday. Partial transcript as follows:\n\n'
              '"HOST: Will the senator be at the debate tomorrow night?\n\n'
              '"GOVERNOR: No, she will not be attending the debate. We are focused on the issues people care about.\n\n'
              '"HOST: Do you really see those two as equivalent, the senator and the mayor?\n\n'
              '"GOVERNOR: Well, look, the mayor has been saying some tough things about my running mate.\n\n'
              '"But the truth is that our campaign talks to the American people about jobs every day.\n\n'
              '"(CROSSTALK.)\n\n'
              '"HOST: Governor, I want to try to get one more question in.\n\n'
              '"GOVERNOR: And that is why we are going to win this election in November.\n\n'
              '"Follow Jane Roe on Twitter @janeroe."')


def test_a_quoted_transcript_ends_each_turn_where_the_next_begins():
    text = TRANSCRIPT
    quotes = [text[q.inner_start : q.inner_end] for q in kept_quotes(text, load_lexicon())]
    assert [q.split(":")[0] for q in quotes] == ["HOST", "GOVERNOR", "HOST", "GOVERNOR", "HOST", "GOVERNOR"]
    assert quotes[3].endswith("about jobs every day.")  # one turn over two paragraphs
    assert quotes[5] == "GOVERNOR: And that is why we are going to win this election in November."


def test_each_turn_of_a_quoted_transcript_is_its_speakers_statement(claims_of):
    claims = claims_of(TRANSCRIPT)
    turns = [(c.speaker_mention, c.kind, c.claim_text) for c in claims if c.speaker_mention == "GOVERNOR"]
    assert [kind for _, kind, _ in turns] == ["direct"] * 3
    assert turns[1][2].startswith("Well, look") and turns[1][2].endswith("about jobs every day.")
    assert turns[2][2] == "And that is why we are going to win this election in November."
    assert not any("CROSSTALK" in c.claim_text or "Twitter" in c.claim_text for c in claims)
