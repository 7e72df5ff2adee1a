"""Colours, marker styles and sizes of the timeline: one place to change the look."""

from __future__ import annotations

from dataclasses import dataclass

DOMAIN_COLOURS = {
    "gezondheid": "#3B75AF",
    "onderwijs": "#E3A21A",
    "gezin": "#519E3E",
    "veiligheid": "#8E5EA2",
    "wonen": "#8C6D31",
    "werk_inkomen": "#3A9E9E",
}
NO_DOMAIN = "#8A8A8A"
FAMILY_LABEL = "Gezin (levensgebeurtenissen)"
DAY_MS = 86_400_000.0
HOVER_TEXT_LIMIT = 20_000
"""Up to this many drawn events every marker carries its hover text; beyond, a click shows it."""
CONTACT_HOVER_LIMIT = 2_000
"""Contacts and notes (hidden until their legend entry is clicked) carry hover texts up to this
many; beyond, their hover says the date and type and a click shows the rest."""
SHORT_TEXT = 90
EPISODE_COLOUR = "rgba(255, 140, 0, 0.13)"
LANE_PX = 30
FONT = "Segoe UI, Noto Sans, DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class MarkerStyle:
    label: str
    symbol: str
    colour: str
    size: int
    types: tuple[str, ...]


MARKERS = (
    MarkerStyle("Calamiteit", "star", "#111111", 22, ("calamity",)),
    MarkerStyle("Signaal van onveiligheid", "circle", "#C62828", 11, ("signal",)),
    MarkerStyle("Zorgmijding", "x", "#EF6C00", 11, ("care_avoidance",)),
    MarkerStyle("Melding / verwijzing", "triangle-right", "#6A1B9A", 12, ("referral",)),
    MarkerStyle("Overleg / zorgconferentie", "diamond", "#00838F", 11, ("consultation",)),
    MarkerStyle("Risicotaxatie", "square", "#1A237E", 10, ("risk_assessment",)),
    MarkerStyle("Maatregel / plaatsing", "hexagon", "#37474F", 12, ("measure", "placement")),
    MarkerStyle("Afspraak", "hourglass", "#2E7D32", 10, ("agreement",)),
    MarkerStyle("Gebeurtenis in het gezin", "circle", "#37474F", 9, ("family_event",)),
    MarkerStyle("Contact / notitie", "circle", "#9E9E9E", 5, ("contact", "note")),
)
FAMILY_EVENT = "family_event"
"""Drawing category of the family's own life events (a birth, a move), always shown."""
SIGNAL_SHADES = {0: "#EF9A9A", 1: "#E57373", 2: "#C62828", 3: "#7F0000"}
SIGNAL_SCALE = [[i / 3, SIGNAL_SHADES[i]] for i in range(4)]
"""Severity 0-3 as a discrete colour scale: one number per marker instead of a colour string
(plotly validates each colour string separately, which is slow at 10^5 markers)."""
