"""Across articles: one speaker per person or institution, and the same claim made again, grouped."""
