-- Dates after today, or statements dated after their article was published.
SELECT claim_id, statement_date, published_date
FROM claims
WHERE statement_date > current_date
   OR (published_date IS NOT NULL AND statement_date > published_date)
UNION ALL
SELECT doc_id, published_date, NULL FROM documents WHERE published_date > current_date
