"""Pure figure builders: event table -> plotly swimlane of organisations over time. No Dash here.

Time is sent as epoch milliseconds (float64 arrays, which plotly serialises as compact typed
arrays); each marker's customdata is its row number in the table given, so a click can fetch the
details on the server. Hover text is rich for ordinary cases and trimmed above HOVER_TEXT_LIMIT
markers so that 10^5 events stay a small payload.
"""

from reconstruct.figures.lanes import Lanes, build_lanes
from reconstruct.figures.style import (
    DOMAIN_COLOURS,
    FAMILY_EVENT,
    FAMILY_LABEL,
    HOVER_TEXT_LIMIT,
    MARKERS,
    MarkerStyle,
)
from reconstruct.figures.timeline import TimelineOptions, build_timeline

__all__ = [
    "DOMAIN_COLOURS",
    "FAMILY_EVENT",
    "FAMILY_LABEL",
    "HOVER_TEXT_LIMIT",
    "MARKERS",
    "Lanes",
    "MarkerStyle",
    "TimelineOptions",
    "build_lanes",
    "build_timeline",
]
