"""Enrichment of extracted claims: statement dates, topic, stance and condition."""
