-- Every claim of the most quoted speakers, for their pages: oldest first.
WITH top_speakers AS (
    SELECT speaker_key, count(*) AS n
    FROM claims_timeline
    WHERE speaker_key IS NOT NULL AND speaker_name IS NOT NULL
    GROUP BY speaker_key
    ORDER BY n DESC, speaker_key
    LIMIT $max_speakers
)
SELECT t.speaker_key, t.speaker_name, t.speaker_role, t.speaker_affiliation, t.claim_id, t.claim_date, t.topic,
       t.stance, t.kind, t.claim_text, t.outlet, t.title, t.url, t.source_path, t.doc_id
FROM claims_timeline AS t
JOIN top_speakers USING (speaker_key)
ORDER BY t.speaker_key, t.claim_date NULLS LAST, t.claim_id
