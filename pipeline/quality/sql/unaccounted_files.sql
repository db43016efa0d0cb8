-- Files in the raw folder (registered as _scanned_files) that the ingest's own
-- bookkeeping does not account for: a file is accounted for when source_files
-- lists documents of it that all exist (or were quarantined in rejected_rows), or
-- when ingest_errors has a row about it (keyed by source_file, the file itself).
WITH listed AS (
    SELECT source_path, unnest(doc_ids) AS doc_id FROM source_files
), quarantined AS (
    SELECT DISTINCT json_extract_string(row_json, '$.doc_id') AS doc_id FROM rejected_rows
    WHERE table_name IN ('raw_documents', 'documents')
), incomplete AS (
    SELECT DISTINCT l.source_path FROM listed l
    WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = l.doc_id)
      AND NOT EXISTS (SELECT 1 FROM quarantined q WHERE q.doc_id = l.doc_id)
)
SELECT f.source_path
FROM _scanned_files f
LEFT JOIN source_files s USING (source_path)
WHERE NOT (len(coalesce(s.doc_ids, [])) > 0
           AND NOT EXISTS (SELECT 1 FROM incomplete i WHERE i.source_path = f.source_path))
  AND NOT EXISTS (SELECT 1 FROM ingest_errors e WHERE e.source_file = f.source_path)
