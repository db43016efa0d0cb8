"""What a sentence means, as a vector: ``embed(texts)`` (embedding.py)."""
from pipeline.meaning.embedding import embed, load_embedding

__all__ = ["embed", "load_embedding"]
