-- NULL topics and stances get a visible label so the bars still add up.
SELECT day, coalesce(topic, '(none)') AS topic, coalesce(stance, '(none)') AS stance, n_claims
FROM topic_stance_daily
ORDER BY day, topic, stance
