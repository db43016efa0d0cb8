SELECT speaker_key, topic, first_stance, first_date, latest_stance, latest_date, n_claims, stance_changed
FROM speaker_stances
ORDER BY speaker_key, n_claims DESC, topic
