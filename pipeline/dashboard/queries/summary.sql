SELECT
    count(*) AS n_claims,
    count(DISTINCT speaker_key) AS n_speakers,
    count(DISTINCT doc_id) AS n_documents,
    count(DISTINCT outlet) AS n_outlets,
    min(claim_date) AS first_date,
    max(claim_date) AS last_date,
    (SELECT count(*) FROM stance_changes WHERE change_kind = 'speaker') AS n_changes
FROM claims_timeline
