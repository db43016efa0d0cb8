"""Stable colours for stances and topics, shared by the charts and the tables."""
from __future__ import annotations

import hashlib

from plotly.colors import qualitative

# Hostile stances warm, open ones cool, so the matrix reads at a glance.
STANCE_COLORS = {
    "non_negotiable": "#c0392b",
    "threat": "#8e44ad",
    "demand": "#e67e22",
    "conditional": "#2980b9",
    "willing": "#27ae60",
    "(none)": "#95a5a6",
}
_PALETTE = qualitative.Safe + qualitative.Vivid


def _pick(value: str) -> str:
    # A hash, not list order, so a value keeps its colour as the taxonomy grows.
    digest = hashlib.sha1(value.encode("utf-8")).digest()
    return _PALETTE[digest[0] % len(_PALETTE)]


def stance_color(stance: str | None) -> str:
    return STANCE_COLORS.get(stance or "(none)") or _pick(stance)


def topic_color(topic: str | None) -> str:
    return _pick(topic or "(none)")
