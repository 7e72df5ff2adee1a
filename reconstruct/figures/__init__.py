"""Pure figure builders: event table -> plotly swimlane of organisations over time. No Dash here.

Time is sent as epoch milliseconds (float64 arrays, which plotly serialises as compact typed
arrays), lanes as small integers; each marker's customdata is its row number in the table given,
so a click can fetch the details on the server. Hover text is rich for ordinary cases and
trimmed above HOVER_TEXT_LIMIT markers so that 10^5 events stay a small payload. A table is
prepared once (`TimelineData`) and every filtered view of it drawn from those arrays
(`timeline_figure`); the figure is assembled as plain dicts, without plotly's validation.
"""

from reconstruct.figures.data import TimelineData
from reconstruct.figures.lanes import Lanes, build_lanes
from reconstruct.figures.style import (
    CONTACT_HOVER_LIMIT,
    DOMAIN_COLOURS,
    FAMILY_EVENT,
    FAMILY_LABEL,
    HOVER_TEXT_LIMIT,
    MARKERS,
    MarkerStyle,
)
from reconstruct.figures.timeline import TimelineOptions, build_timeline, timeline_figure

__all__ = [
    "CONTACT_HOVER_LIMIT",
    "DOMAIN_COLOURS",
    "FAMILY_EVENT",
    "FAMILY_LABEL",
    "HOVER_TEXT_LIMIT",
    "MARKERS",
    "Lanes",
    "MarkerStyle",
    "TimelineData",
    "TimelineOptions",
    "build_lanes",
    "build_timeline",
    "timeline_figure",
]
