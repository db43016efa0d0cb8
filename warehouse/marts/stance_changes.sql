-- Stance changes a journalist would print. A row is a claim whose stance on a
-- topic differs from the same actor's previous statement on that topic, where
--   * both claims are dated (statement date, else publication date) and at least
--     ${stance_change_min_days} day(s) apart (REDLINE_STANCE_CHANGE_DAYS): the previous statement
--     is the latest one of the actor on the topic dated that long before;
--   * they come from different articles (never two sentences of one report),
--     near-duplicate copies of an article being left out (claims_timeline);
--   * both stances were given with a confidence of at least ${stance_min_confidence}
--     (REDLINE_STANCE_CONFIDENCE), read as ${stance_confidence}.
-- An actor is a speaker (change_kind = 'speaker') or a whole affiliation such as
-- a country (change_kind = 'affiliation'), whose statements may come from
-- different speakers. Each row links both sources.
CREATE OR REPLACE VIEW stance_changes AS
WITH stanced AS (
    SELECT t.*, ${stance_confidence} AS stance_confidence
    FROM claims_timeline AS t
    JOIN claims AS c USING (claim_id)
    WHERE t.topic IS NOT NULL AND t.stance IS NOT NULL AND t.claim_date IS NOT NULL
      AND ${stance_confidence} >= ${stance_min_confidence}
),
by_actor AS (
    SELECT 'speaker' AS change_kind, speaker_key AS actor_key, speaker_name AS actor, *
    FROM stanced WHERE speaker_key IS NOT NULL
    UNION ALL
    SELECT 'affiliation', speaker_affiliation, speaker_affiliation, *
    FROM stanced WHERE speaker_affiliation IS NOT NULL
),
sequenced AS (
    SELECT
        *,
        -- The latest earlier statement at least the gap before (ties broken by claim_id).
        arg_max(struct_pack(stance, claim_date, claim_id, claim_text, speaker_name, source_link, doc_id, outlet,
                            stance_confidence), strftime(claim_date, '%Y-%m-%d') || claim_id) OVER (
            PARTITION BY change_kind, actor_key, topic ORDER BY claim_date
            RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL (${stance_change_min_days}) DAY PRECEDING
        ) AS previous
    FROM by_actor
)
SELECT
    change_kind,
    actor_key,
    actor,
    topic,
    previous.stance AS previous_stance,
    previous.claim_date AS previous_date,
    previous.claim_id AS previous_claim_id,
    previous.claim_text AS previous_claim_text,
    previous.speaker_name AS previous_speaker_name,
    previous.source_link AS previous_source_link,
    stance,
    claim_date AS date,
    claim_id,
    claim_text,
    speaker_name,
    source_link,
    date_diff('day', previous.claim_date, claim_date) AS days_apart,
    previous.doc_id AS previous_doc_id,
    doc_id,
    previous.outlet AS previous_outlet,
    outlet,
    previous.stance_confidence AS previous_stance_confidence,
    stance_confidence
FROM sequenced
WHERE previous IS NOT NULL AND stance <> previous.stance AND doc_id <> previous.doc_id
ORDER BY change_kind DESC, date, claim_id;

COMMENT ON VIEW stance_changes IS 'A speaker or affiliation whose stance on a topic differs from its previous statement on it: dated at least ${stance_change_min_days} day(s) apart, in different articles, both stances with confidence >= ${stance_min_confidence} (${stance_confidence}); both sources linked.';
COMMENT ON COLUMN stance_changes.change_kind IS 'speaker: one person changed; affiliation: statements from one country or organisation differ.';
COMMENT ON COLUMN stance_changes.actor_key IS 'speaker_key for speakers, the affiliation for affiliations.';
COMMENT ON COLUMN stance_changes.actor IS 'Speaker name or affiliation whose stance changed.';
COMMENT ON COLUMN stance_changes.topic IS 'Topic on which the stance changed.';
COMMENT ON COLUMN stance_changes.previous_stance IS 'Stance of the previous statement.';
COMMENT ON COLUMN stance_changes.previous_date IS 'Date of the previous statement.';
COMMENT ON COLUMN stance_changes.previous_claim_id IS 'The previous statement.';
COMMENT ON COLUMN stance_changes.previous_claim_text IS 'Text of the previous statement.';
COMMENT ON COLUMN stance_changes.previous_speaker_name IS 'Speaker of the previous statement.';
COMMENT ON COLUMN stance_changes.previous_source_link IS 'Source (URL or file) of the previous statement.';
COMMENT ON COLUMN stance_changes.stance IS 'The new stance.';
COMMENT ON COLUMN stance_changes.date IS 'Date of the statement with the new stance.';
COMMENT ON COLUMN stance_changes.claim_id IS 'The statement with the new stance.';
COMMENT ON COLUMN stance_changes.claim_text IS 'Text of the statement with the new stance.';
COMMENT ON COLUMN stance_changes.speaker_name IS 'Speaker of the statement with the new stance.';
COMMENT ON COLUMN stance_changes.source_link IS 'Source (URL or file) of the statement with the new stance.';
COMMENT ON COLUMN stance_changes.days_apart IS 'Days between the two statements (at least ${stance_change_min_days}).';
COMMENT ON COLUMN stance_changes.previous_doc_id IS 'Article of the previous statement.';
COMMENT ON COLUMN stance_changes.doc_id IS 'Article of the new statement (never the previous one''s).';
COMMENT ON COLUMN stance_changes.previous_outlet IS 'Outlet of the previous statement.';
COMMENT ON COLUMN stance_changes.outlet IS 'Outlet of the new statement.';
COMMENT ON COLUMN stance_changes.previous_stance_confidence IS 'Confidence of the previous stance (${stance_confidence}).';
COMMENT ON COLUMN stance_changes.stance_confidence IS 'Confidence of the new stance (${stance_confidence}).';
