"""Attribution extraction: quotations and reported speech with their speakers.

Nothing is imported here: the package also holds the run function and the
worker pool, which the Dagster process imports without spaCy (a no-op run
never pays for it); ``extract_claims`` is in ``pipeline.extract.extractor``.
"""
