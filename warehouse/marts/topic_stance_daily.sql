-- Daily counts for time-series charts; claims without any date cannot be
-- placed on a day and are left out.
CREATE OR REPLACE VIEW topic_stance_daily AS
SELECT
    claim_date AS day,
    topic,
    stance,
    count(*) AS n_claims,
    count(DISTINCT speaker_key) AS n_speakers,
    count(DISTINCT doc_id) AS n_documents
FROM claims_timeline
WHERE claim_date IS NOT NULL
GROUP BY claim_date, topic, stance
ORDER BY day, topic NULLS LAST, stance NULLS LAST;

COMMENT ON VIEW topic_stance_daily IS 'Number of claims per day, topic and stance (duplicates excluded).';
COMMENT ON COLUMN topic_stance_daily.day IS 'Claim date: statement date, else publication date.';
COMMENT ON COLUMN topic_stance_daily.topic IS 'Topic from the taxonomy; NULL for claims without one.';
COMMENT ON COLUMN topic_stance_daily.stance IS 'Stance from the taxonomy; NULL for claims without one.';
COMMENT ON COLUMN topic_stance_daily.n_claims IS 'Number of claims.';
COMMENT ON COLUMN topic_stance_daily.n_speakers IS 'Number of distinct speakers.';
COMMENT ON COLUMN topic_stance_daily.n_documents IS 'Number of distinct documents.';
