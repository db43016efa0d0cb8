SELECT claim_id, claim_date, speaker_name, speaker_role, speaker_affiliation, topic, stance, kind,
       claim_text, outlet, title, url, source_path
FROM claims_timeline
ORDER BY claim_date DESC NULLS LAST, claim_id DESC
LIMIT $limit
