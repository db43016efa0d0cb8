-- Claims pointing at a speaker id the speakers table does not have.
SELECT c.claim_id, c.speaker_id
FROM claims c LEFT JOIN speakers s USING (speaker_id)
WHERE c.speaker_id IS NOT NULL AND s.speaker_id IS NULL
