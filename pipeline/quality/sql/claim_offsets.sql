-- Claims whose text is not the slice of their document at their offsets
-- (DuckDB's substring is 1-based).
SELECT c.claim_id, c.start_char, c.end_char, c.claim_text
FROM claims c JOIN documents d USING (doc_id)
WHERE substring(d.text, c.start_char + 1, c.end_char - c.start_char) <> c.claim_text
