"""The baseline: the timeline as a straightforward plotly.express implementation would draw it.

Involvement periods as `px.timeline` bars plus every event as an SVG `px.scatter` marker with
its organisation, description, date as written and type in the hover. Same events, same
involvement periods (reconstruct's own), no trimming, no WebGL.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from reconstruct.analysis.involvement import involvement_periods

HOVER = ["organisation", "description", "date_raw", "event_type"]


def naive_timeline(events: pd.DataFrame) -> go.Figure:
    """Bars per involvement period and one SVG marker per dated event, lanes by organisation."""
    periods = involvement_periods(events)
    fig = px.timeline(
        periods,
        x_start="start",
        x_end="end",
        y="organisation",
        color="domain",
        hover_data=["kind", "events"],
        opacity=0.35,
    )
    dated = events.assign(date=events["date_start"].fillna(events["date_end"]))
    dated = dated[dated["date"].notna() & dated["organisation"].notna()]
    scatter = px.scatter(
        dated,
        x="date",
        y="organisation",
        color="event_type",
        hover_data=HOVER,
        render_mode="svg",
    )
    fig.add_traces(list(scatter.data))
    fig.update_yaxes(categoryorder="category ascending", title=None)
    fig.update_layout(height=max(600, 30 * dated["organisation"].nunique() + 200))
    return fig
