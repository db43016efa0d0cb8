"""Cleaning raw articles: page furniture out, metadata and language in."""
from pipeline.clean.article import clean_article, extraction_skip_reason

__all__ = ["clean_article", "extraction_skip_reason"]
