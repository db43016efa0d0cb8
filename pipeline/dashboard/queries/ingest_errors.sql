-- The files that still fail (a file read again successfully has no error left), newest first.
SELECT e.source_path, e.error_kind, e.message, e.seen_at
FROM ingest_errors AS e
ORDER BY e.seen_at DESC, e.source_path
LIMIT $limit
