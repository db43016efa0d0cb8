-- Corrections the last run could not apply: their document or quote is gone, or no claim stands there.
SELECT correction_id, kind, document, quote, status, corrected_by, reason
FROM corrections
WHERE status IS DISTINCT FROM 'applied'
ORDER BY correction_id
