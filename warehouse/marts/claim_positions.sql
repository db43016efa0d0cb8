-- Positions: every claim of one topic and one stance, across speakers, outlets
-- and years ("the missile programme is non-negotiable"). A position is not a
-- statement made again: that is claim_clusters (the same words, or one actor's
-- paraphrase close in time). Both are kept so that a story can ask either
-- "who has taken this position, and since when?" or "how often was this said?".
CREATE OR REPLACE VIEW claim_positions AS
SELECT
    topic || ':' || stance AS position_id,
    topic,
    stance,
    count(*) AS n_claims,
    -- A statement made again (one cluster) counts once.
    count(DISTINCT coalesce(cluster_id, claim_id)) AS n_statements,
    count(DISTINCT speaker_key) AS n_speakers,
    count(DISTINCT outlet) AS n_outlets,
    list(DISTINCT speaker_name ORDER BY speaker_name) FILTER (WHERE speaker_name IS NOT NULL) AS speakers,
    list(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet IS NOT NULL) AS outlets,
    min(claim_date) AS first_date,
    max(claim_date) AS last_date,
    arg_min(claim_text, (claim_date IS NULL, claim_date, claim_id)) AS first_claim_text,
    arg_max(claim_text, (claim_date IS NOT NULL, claim_date, claim_id)) AS latest_claim_text
FROM claims_timeline
WHERE topic IS NOT NULL AND stance IS NOT NULL
GROUP BY topic, stance
ORDER BY n_claims DESC, topic, stance;

COMMENT ON VIEW claim_positions IS 'One row per position (topic and stance) across speakers, outlets and years; repeated statements are claim_clusters.';
COMMENT ON COLUMN claim_positions.position_id IS 'topic:stance, a stable key of the position.';
COMMENT ON COLUMN claim_positions.topic IS 'Topic from the taxonomy.';
COMMENT ON COLUMN claim_positions.stance IS 'Stance from the taxonomy.';
COMMENT ON COLUMN claim_positions.n_claims IS 'Claims taking the position (duplicate documents excluded).';
COMMENT ON COLUMN claim_positions.n_statements IS 'Distinct statements: a claim cluster (the same statement made again) counts once.';
COMMENT ON COLUMN claim_positions.n_speakers IS 'Distinct speakers (speaker_key) who took it.';
COMMENT ON COLUMN claim_positions.n_outlets IS 'Distinct outlets that reported it.';
COMMENT ON COLUMN claim_positions.speakers IS 'Names of the speakers who took it.';
COMMENT ON COLUMN claim_positions.outlets IS 'Outlets that reported it.';
COMMENT ON COLUMN claim_positions.first_date IS 'Earliest claim date (statement date, else publication date).';
COMMENT ON COLUMN claim_positions.last_date IS 'Latest claim date.';
COMMENT ON COLUMN claim_positions.first_claim_text IS 'Text of the earliest claim (undated ones last).';
COMMENT ON COLUMN claim_positions.latest_claim_text IS 'Text of the latest dated claim (an undated one only when none is dated).';
