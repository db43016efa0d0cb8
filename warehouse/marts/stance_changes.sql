-- Every claim whose stance on a topic differs from the previous claim of the
-- same actor on that topic. An actor is a speaker (change_kind = 'speaker') or
-- a whole affiliation such as a country (change_kind = 'affiliation'), where
-- consecutive claims may come from different speakers.
CREATE OR REPLACE VIEW stance_changes AS
WITH stanced AS (
    SELECT * FROM claims_timeline WHERE topic IS NOT NULL AND stance IS NOT NULL
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
        lag(stance) OVER w AS previous_stance,
        lag(claim_date) OVER w AS previous_date,
        lag(claim_id) OVER w AS previous_claim_id,
        lag(claim_text) OVER w AS previous_claim_text,
        lag(speaker_name) OVER w AS previous_speaker_name,
        lag(source_link) OVER w AS previous_source_link
    FROM by_actor
    WINDOW w AS (PARTITION BY change_kind, actor_key, topic ORDER BY claim_date NULLS LAST, claim_id)
)
SELECT
    change_kind,
    actor_key,
    actor,
    topic,
    previous_stance,
    previous_date,
    previous_claim_id,
    previous_claim_text,
    previous_speaker_name,
    previous_source_link,
    stance,
    claim_date AS date,
    claim_id,
    claim_text,
    speaker_name,
    source_link
FROM sequenced
WHERE previous_stance IS NOT NULL AND stance <> previous_stance
ORDER BY change_kind DESC, date NULLS LAST, claim_id;

COMMENT ON VIEW stance_changes IS 'A speaker or affiliation whose stance on a topic differs from its previous claim on that topic, with both statements.';
COMMENT ON COLUMN stance_changes.change_kind IS 'speaker: one person changed; affiliation: consecutive claims from one country or organisation differ.';
COMMENT ON COLUMN stance_changes.actor_key IS 'speaker_key for speakers, the affiliation for affiliations.';
COMMENT ON COLUMN stance_changes.actor IS 'Speaker name or affiliation whose stance changed.';
COMMENT ON COLUMN stance_changes.topic IS 'Topic on which the stance changed.';
COMMENT ON COLUMN stance_changes.previous_stance IS 'Stance of the previous claim.';
COMMENT ON COLUMN stance_changes.previous_date IS 'Date of the previous claim.';
COMMENT ON COLUMN stance_changes.previous_claim_id IS 'The previous claim.';
COMMENT ON COLUMN stance_changes.previous_claim_text IS 'Text of the previous claim.';
COMMENT ON COLUMN stance_changes.previous_speaker_name IS 'Speaker of the previous claim.';
COMMENT ON COLUMN stance_changes.previous_source_link IS 'Source (URL or file) of the previous claim.';
COMMENT ON COLUMN stance_changes.stance IS 'The new stance.';
COMMENT ON COLUMN stance_changes.date IS 'Date of the claim with the new stance.';
COMMENT ON COLUMN stance_changes.claim_id IS 'The claim with the new stance.';
COMMENT ON COLUMN stance_changes.claim_text IS 'Text of the claim with the new stance.';
COMMENT ON COLUMN stance_changes.speaker_name IS 'Speaker of the claim with the new stance.';
COMMENT ON COLUMN stance_changes.source_link IS 'Source (URL or file) of the claim with the new stance.';
