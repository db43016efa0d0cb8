-- Claims whose document is gone.
SELECT c.claim_id, c.doc_id
FROM claims c LEFT JOIN documents d USING (doc_id)
WHERE d.doc_id IS NULL
