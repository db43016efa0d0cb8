"""Safe embedding of untrusted values in the page."""
from __future__ import annotations

from urllib.parse import urlsplit

import plotly.io

# Characters that could end a <script> element or open an HTML comment when
# JSON sits inside one; as \u escapes they mean the same to JSON.parse.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value) -> str:
    """JSON (Plotly-aware: figures, dates, numpy) safe to place inside <script>."""
    text = plotly.io.json.to_json_plotly(value)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def safe_href(url: str | None) -> str | None:
    """The URL if it is a web link; never javascript:, data: or the like."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None
