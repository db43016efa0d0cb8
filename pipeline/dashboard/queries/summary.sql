SELECT
    count(*) AS n_claims,
    count(DISTINCT speaker_key) AS n_speakers,
    count(DISTINCT doc_id) AS n_documents,
    count(DISTINCT outlet) AS n_outlets,
    min(claim_date) AS first_date,
    max(claim_date) AS last_date,
    -- Claims with neither a statement nor a publication date: in the tables, not on a time axis.
    count(*) FILTER (WHERE claim_date IS NULL) AS n_undated,
    (SELECT count(*) FROM stance_changes WHERE change_kind = 'speaker') AS n_changes,
    -- Files that could not become a document: nothing of theirs is anywhere on the page.
    (SELECT count(*) FROM source_files WHERE status = 'error') AS n_unreadable
FROM claims_timeline
