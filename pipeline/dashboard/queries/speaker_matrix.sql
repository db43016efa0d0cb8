-- The most quoted speakers only: beyond a few dozen rows the matrix stops
-- being readable, and the table below lists everyone.
WITH top_speakers AS (
    SELECT speaker_key
    FROM speaker_stances
    GROUP BY speaker_key
    ORDER BY sum(n_claims) DESC, speaker_key
    LIMIT $max_speakers
)
SELECT speaker_name, speaker_affiliation, topic, first_stance, first_date, latest_stance, latest_date,
       n_claims, stance_changed
FROM speaker_stances
JOIN top_speakers USING (speaker_key)
WHERE speaker_name IS NOT NULL
ORDER BY speaker_name, topic
