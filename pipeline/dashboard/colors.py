"""One colour per label, never shared: topics and stances take the colours of a
fixed palette in the order of the taxonomy, so a page always shows the same
topic in the same colour and two labels never look alike."""
from __future__ import annotations

import colorsys
from collections.abc import Iterable
from dataclasses import dataclass

NONE_LABEL = "(none)"
NONE_COLOR = "#95a5a6"  # grey: no topic or no stance, whatever the taxonomy
# Hostile stances warm, open ones cool, so the matrix reads at a glance.
STANCE_COLORS = {
    "non_negotiable": "#c0392b",
    "threat": "#8e44ad",
    "demand": "#e67e22",
    "conditional": "#2980b9",
    "willing": "#27ae60",
}
# Okabe-Ito and Tol's colour-blind-safe qualitative sets, then Plotly's Dark24 hues;
# no greys (grey is "none") and no colour twice.
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#332288", "#117733",
    "#882255", "#44aa99", "#999933", "#aa4499", "#6699cc", "#dd7788", "#2e91e5", "#e15f99", "#1ca71c",
    "#fb0d0d", "#da16ff", "#b68100", "#750d86", "#eb663b", "#511cfb", "#00a08b", "#fb00d1", "#fc0080",
)


def _extra(n: int) -> str:
    """The n-th colour past the palette: hues a golden angle apart."""
    r, g, b = colorsys.hls_to_rgb((n * 0.618033988749895) % 1.0, 0.45, 0.65)
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in (r, g, b)))


def assign(order: Iterable[str], present: Iterable[str], fixed: dict[str, str] | None = None) -> dict[str, str]:
    """A colour for every label: ``fixed`` ones keep theirs, then the labels of ``order``
    (the taxonomy), then any other ``present`` label (sorted) take the palette's
    colours in turn, skipping colours already used."""
    fixed = dict(fixed or {})
    labels = list(dict.fromkeys([*order, *sorted(set(present) - set(order) - {NONE_LABEL, None})]))
    colors = {label: fixed[label] for label in labels if label in fixed}
    used = set(colors.values()) | {NONE_COLOR}
    spare = (c for c in PALETTE if c not in used)
    extra = 0
    for label in labels:
        if label in colors:
            continue
        color = next(spare, None)
        while color is None or color in used:
            color, extra = _extra(extra), extra + 1
        colors[label] = color
        used.add(color)
    return colors | {NONE_LABEL: NONE_COLOR}


@dataclass(frozen=True)
class Colors:
    """The page's colours of topics and of stances."""

    topics: dict[str, str]
    stances: dict[str, str]

    def topic(self, name: str | None) -> str:
        return self.topics.get(name or NONE_LABEL, NONE_COLOR)

    def stance(self, name: str | None) -> str:
        return self.stances.get(name or NONE_LABEL, NONE_COLOR)


def page_colors(topic_order: Iterable[str], stance_order: Iterable[str], topics: Iterable[str],
                stances: Iterable[str]) -> Colors:
    """Colours for a page whose taxonomy lists ``topic_order`` and ``stance_order`` and
    whose data holds ``topics`` and ``stances`` (older labels a taxonomy has dropped too)."""
    return Colors(assign(topic_order, topics), assign(stance_order, stances, STANCE_COLORS))
