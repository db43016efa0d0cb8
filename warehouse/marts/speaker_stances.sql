-- Per speaker and topic: the first and the latest stance, so an analyst sees
-- at a glance who holds which position and whether it moved.
CREATE OR REPLACE VIEW speaker_stances AS
WITH ordered AS (
    SELECT
        *,
        -- Ties on date are broken by claim_id so the result is deterministic.
        row_number() OVER w AS seq,
        count(*) OVER (PARTITION BY speaker_key, topic) AS n
    FROM claims_timeline
    WHERE speaker_key IS NOT NULL AND topic IS NOT NULL AND stance IS NOT NULL
    WINDOW w AS (PARTITION BY speaker_key, topic ORDER BY claim_date NULLS LAST, claim_id)
)
SELECT
    speaker_key,
    max(speaker_id) FILTER (WHERE seq = n) AS speaker_id,
    max(speaker_name) FILTER (WHERE seq = n) AS speaker_name,
    max(speaker_role) FILTER (WHERE seq = n) AS speaker_role,
    max(speaker_affiliation) FILTER (WHERE seq = n) AS speaker_affiliation,
    topic,
    max(stance) FILTER (WHERE seq = 1) AS first_stance,
    max(claim_date) FILTER (WHERE seq = 1) AS first_date,
    max(claim_id) FILTER (WHERE seq = 1) AS first_claim_id,
    max(stance) FILTER (WHERE seq = n) AS latest_stance,
    max(claim_date) FILTER (WHERE seq = n) AS latest_date,
    max(claim_id) FILTER (WHERE seq = n) AS latest_claim_id,
    count(*) AS n_claims,
    count(DISTINCT stance) AS n_stances,
    count(DISTINCT stance) > 1 AS stance_changed
FROM ordered
GROUP BY speaker_key, topic
ORDER BY speaker_name, topic;

COMMENT ON VIEW speaker_stances IS 'Per speaker and topic: first and latest stance with their dates, number of claims, and whether the stance changed.';
COMMENT ON COLUMN speaker_stances.speaker_key IS 'speaker_id, else speaker_name.';
COMMENT ON COLUMN speaker_stances.speaker_id IS 'Canonical speaker id.';
COMMENT ON COLUMN speaker_stances.speaker_name IS 'Canonical speaker name.';
COMMENT ON COLUMN speaker_stances.speaker_role IS 'Role given at the latest claim.';
COMMENT ON COLUMN speaker_stances.speaker_affiliation IS 'Affiliation given at the latest claim.';
COMMENT ON COLUMN speaker_stances.topic IS 'Topic from the taxonomy.';
COMMENT ON COLUMN speaker_stances.first_stance IS 'Stance of the earliest claim on the topic.';
COMMENT ON COLUMN speaker_stances.first_date IS 'Date of the earliest claim on the topic.';
COMMENT ON COLUMN speaker_stances.first_claim_id IS 'The earliest claim on the topic.';
COMMENT ON COLUMN speaker_stances.latest_stance IS 'Stance of the latest claim on the topic.';
COMMENT ON COLUMN speaker_stances.latest_date IS 'Date of the latest claim on the topic.';
COMMENT ON COLUMN speaker_stances.latest_claim_id IS 'The latest claim on the topic.';
COMMENT ON COLUMN speaker_stances.n_claims IS 'Number of claims with a stance on the topic.';
COMMENT ON COLUMN speaker_stances.n_stances IS 'Number of distinct stances taken on the topic.';
COMMENT ON COLUMN speaker_stances.stance_changed IS 'True when the speaker took more than one stance on the topic.';
