-- The claims of the most quoted speakers, for their pages: the newest $per_speaker of
-- each (so a prolific speaker cannot swell the page), oldest first; n_total counts them all.
WITH top_speakers AS (
    SELECT speaker_key, count(*) AS n_total
    FROM claims_timeline
    WHERE speaker_key IS NOT NULL AND speaker_name IS NOT NULL
    GROUP BY speaker_key
    ORDER BY n_total DESC, speaker_key
    LIMIT $max_speakers
),
newest AS (
    SELECT t.*, s.n_total
    FROM claims_timeline AS t
    JOIN top_speakers AS s USING (speaker_key)
    QUALIFY row_number() OVER (PARTITION BY t.speaker_key ORDER BY t.claim_date DESC NULLS LAST, t.claim_id DESC)
            <= $per_speaker
)
SELECT speaker_key, speaker_name, speaker_role, speaker_affiliation, claim_id, claim_date, topic, stance, kind,
       claim_text, outlet, title, url, source_path, doc_id, n_total
FROM newest
ORDER BY speaker_key, claim_date NULLS LAST, claim_id
