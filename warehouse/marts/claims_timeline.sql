-- One row per claim, joined to its document, for timelines and tables.
-- Claims from documents marked as near-duplicates of an earlier article are
-- left out so that a syndicated story is not counted twice.
CREATE OR REPLACE VIEW claims_timeline AS
SELECT
    c.claim_id,
    c.doc_id,
    coalesce(c.statement_date, c.published_date, d.published_date) AS claim_date,
    c.statement_date,
    c.date_basis,
    coalesce(c.published_date, d.published_date) AS published_date,
    -- Unresolved speakers still need a stable key for per-speaker marts.
    coalesce(c.speaker_id, c.speaker_name) AS speaker_key,
    c.speaker_id,
    c.speaker_name,
    c.speaker_role,
    c.speaker_affiliation,
    c.topic,
    c.stance,
    c.condition,
    c.kind,
    c.claim_text,
    c.cue,
    c.confidence,
    c.cluster_id,
    coalesce(c.outlet, d.outlet) AS outlet,
    d.title,
    d.url,
    d.source_path,
    coalesce(d.url, d.source_path) AS source_link,
    coalesce(c.corrected, false) AS corrected,
    c.original_values,
    json_extract_string(c.original_values, '$.speaker_name') AS original_speaker_name,
    json_extract_string(c.original_values, '$.topic') AS original_topic,
    json_extract_string(c.original_values, '$.stance') AS original_stance
FROM claims AS c
-- LEFT JOIN: a claim whose document row is missing still shows up.
LEFT JOIN documents AS d ON d.doc_id = c.doc_id
WHERE d.duplicate_of IS NULL
ORDER BY claim_date NULLS LAST, c.claim_id;

COMMENT ON VIEW claims_timeline IS 'One row per claim with speaker, topic, stance, date and source; claims from duplicate documents are excluded.';
COMMENT ON COLUMN claims_timeline.claim_id IS 'Stable id of the claim (claims.claim_id).';
COMMENT ON COLUMN claims_timeline.doc_id IS 'Document the claim was found in.';
COMMENT ON COLUMN claims_timeline.claim_date IS 'Best known date of the claim: statement date, else publication date.';
COMMENT ON COLUMN claims_timeline.statement_date IS 'When the statement was made, if known.';
COMMENT ON COLUMN claims_timeline.date_basis IS 'How statement_date was found: explicit, relative or published.';
COMMENT ON COLUMN claims_timeline.published_date IS 'Publication date of the document.';
COMMENT ON COLUMN claims_timeline.speaker_key IS 'speaker_id, else speaker_name: the key the per-speaker views group by.';
COMMENT ON COLUMN claims_timeline.speaker_id IS 'Canonical speaker id, see the speakers table.';
COMMENT ON COLUMN claims_timeline.speaker_name IS 'Canonical speaker name.';
COMMENT ON COLUMN claims_timeline.speaker_role IS 'Speaker''s role as the article gives it.';
COMMENT ON COLUMN claims_timeline.speaker_affiliation IS 'Speaker''s country or organisation.';
COMMENT ON COLUMN claims_timeline.topic IS 'Topic from the taxonomy, if any.';
COMMENT ON COLUMN claims_timeline.stance IS 'Stance from the taxonomy, if any.';
COMMENT ON COLUMN claims_timeline.condition IS 'Condition a conditional statement sets.';
COMMENT ON COLUMN claims_timeline.kind IS 'direct (quoted) or indirect (reported speech).';
COMMENT ON COLUMN claims_timeline.claim_text IS 'The statement, verbatim from the article.';
COMMENT ON COLUMN claims_timeline.cue IS 'Reporting verb or phrase.';
COMMENT ON COLUMN claims_timeline.confidence IS 'Extractor confidence in [0, 1].';
COMMENT ON COLUMN claims_timeline.cluster_id IS 'Cluster of the same claim made again, see claim_clusters.';
COMMENT ON COLUMN claims_timeline.outlet IS 'Publishing outlet.';
COMMENT ON COLUMN claims_timeline.title IS 'Headline of the document.';
COMMENT ON COLUMN claims_timeline.url IS 'Source URL, if the input gives one.';
COMMENT ON COLUMN claims_timeline.source_path IS 'Input file, relative to the raw folder.';
COMMENT ON COLUMN claims_timeline.source_link IS 'Link to the source: the URL, else the input file path.';
COMMENT ON COLUMN claims_timeline.corrected IS 'True when a user correction changed or added the claim (see the corrections table).';
COMMENT ON COLUMN claims_timeline.original_values IS 'The corrected fields as extracted, as JSON ({} for a claim the user added).';
COMMENT ON COLUMN claims_timeline.original_speaker_name IS 'Speaker as extracted, when a correction changed it.';
COMMENT ON COLUMN claims_timeline.original_topic IS 'Topic as extracted, when a correction changed it.';
COMMENT ON COLUMN claims_timeline.original_stance IS 'Stance as extracted, when a correction changed it.';
