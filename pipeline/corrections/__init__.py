"""The user's corrections: a file beside the raw folder (and rows added to the
``corrections`` table), anchored by document and quoted text, applied on every run."""
