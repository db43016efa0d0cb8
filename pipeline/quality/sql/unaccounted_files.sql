-- Files in the raw folder (registered as _scanned_files) that became neither a
-- document nor an ingest error.
WITH file_docs AS (
    SELECT source_path, unnest(doc_ids) AS doc_id FROM source_files
)
SELECT f.source_path
FROM _scanned_files f
WHERE NOT EXISTS (
        SELECT 1 FROM file_docs fd JOIN documents d USING (doc_id)
        WHERE fd.source_path = f.source_path)
  AND NOT EXISTS (
        SELECT 1 FROM ingest_errors e
        WHERE regexp_replace(e.source_path, '#\d+$', '') = f.source_path)
