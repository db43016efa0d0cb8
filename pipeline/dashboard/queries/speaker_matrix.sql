SELECT speaker_name, speaker_affiliation, topic, first_stance, first_date, latest_stance, latest_date,
       n_claims, stance_changed
FROM speaker_stances
WHERE speaker_name IS NOT NULL
ORDER BY speaker_name, topic
