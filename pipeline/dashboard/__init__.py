"""The self-contained HTML dashboard, rendered from the mart views."""
from pipeline.dashboard.render import render_dashboard
from pipeline.dashboard.write import write_dashboard

__all__ = ["render_dashboard", "write_dashboard"]
