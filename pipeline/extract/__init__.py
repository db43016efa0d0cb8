"""Attribution extraction: quotations and reported speech with their speakers."""
from pipeline.extract.extractor import extract_claims

__all__ = ["extract_claims"]
