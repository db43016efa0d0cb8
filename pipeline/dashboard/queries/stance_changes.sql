SELECT change_kind, actor, topic, previous_stance, previous_date, previous_claim_text, previous_speaker_name,
       stance, date, claim_text, speaker_name
FROM stance_changes
ORDER BY date DESC NULLS LAST, change_kind DESC, claim_id
