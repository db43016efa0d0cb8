-- Counted from claims_timeline rather than the stored cluster counts, so that
-- claims in duplicate documents are left out here as everywhere else.
SELECT
    k.cluster_id,
    k.label,
    k.topic,
    k.stance,
    count(*) AS n_claims,
    string_agg(DISTINCT t.speaker_name, ', ' ORDER BY t.speaker_name) AS speakers,
    string_agg(DISTINCT t.outlet, ', ' ORDER BY t.outlet) AS outlets,
    min(t.claim_date) AS first_date,
    max(t.claim_date) AS last_date
FROM claims_timeline AS t
JOIN claim_clusters AS k ON k.cluster_id = t.cluster_id
GROUP BY k.cluster_id, k.label, k.topic, k.stance
HAVING count(*) > 1
ORDER BY n_claims DESC, last_date DESC, k.cluster_id
