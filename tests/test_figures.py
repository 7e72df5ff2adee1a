"""Figure builders as pure functions on small frames: lanes, bars, markers, spans, strips."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reconstruct.analysis.care_avoidance import episodes
from reconstruct.analysis.involvement import (
    concurrency,
    involvement_periods,
    peak,
    quarterly_activity,
)
from reconstruct.case import Person
from reconstruct.figures import (
    FAMILY_LABEL,
    HOVER_TEXT_LIMIT,
    TimelineOptions,
    build_lanes,
    build_timeline,
)
from reconstruct.schema import coerce_dtypes

T = pd.Timestamp
_n = iter(range(10_000))


def ev(
    org,
    start,
    end=None,
    etype="contact",
    domain="gezondheid",
    precision=None,
    sev=None,
    text="tekst",
    dup=None,
    raw=None,
):
    end = end or start
    if precision is None:
        precision = "day" if start == end else "period"
    i = next(_n)
    return {
        "event_id": f"ev-{i:016x}",
        "date_start": T(start),
        "date_end": T(end),
        "date_precision": precision,
        "date_raw": raw or start,
        "organisation": org,
        "organisation_raw": org,
        "domain": domain,
        "event_type": etype,
        "severity": sev,
        "description": text,
        "source_file": "t.csv",
        "source_row": i + 2,
        "duplicate_of": dup,
    }


def table(*rows):
    return coerce_dtypes(pd.DataFrame(list(rows)))


def test_lanes_family_first_then_domains_then_first_involvement():
    events = table(
        ev("(gezin)", "2001-01-01", etype="note", domain="gezin"),
        ev("Politie", "2005-01-01", domain="veiligheid"),
        ev("JGZ", "2003-01-01"),
        ev("Huisarts", "2001-06-01"),
        ev("AMK", "2002-01-01", domain="veiligheid"),
    )
    lanes = build_lanes(events, involvement_periods(events))
    assert lanes.names == [
        FAMILY_LABEL,
        "Gezondheid",
        "Huisarts",
        "JGZ",
        "Veiligheid",
        "AMK",
        "Politie",
    ]
    assert lanes.header_rows == {1, 4}
    assert lanes.domain_rows["gezondheid"] == (1, 3)


def test_explicit_periods_pair_starts_and_ends_and_stay_open_without_end():
    events = table(
        ev(
            "MEE",
            "2003-03-01",
            "2003-05-31",
            etype="involvement_start",
            precision="season",
            raw="voorjaar 2003",
        ),
        ev("MEE", "2004-02-01"),
        ev("MEE", "2009-09-01", "2009-12-31", etype="involvement_end", raw="eind 2009"),
        ev("MEE", "2011-01-01", "2011-12-31", etype="involvement_start", precision="year"),
        ev("MEE", "2012-05-01"),
    )
    p = involvement_periods(events)
    assert p["kind"].tolist() == ["explicit", "explicit"]
    first, second = p.iloc[0], p.iloc[1]
    assert (first["start"], first["end"]) == (T("2003-03-01"), T("2009-12-31"))
    assert (first["start_raw"], first["end_raw"]) == ("voorjaar 2003", "eind 2009")
    assert not first["open_end"] and second["open_end"]
    assert second["end"] == T("2012-05-01")  # open: until the organisation's last event


def test_inferred_periods_split_on_long_silence():
    events = table(ev("GGD", "2002-01-01"), ev("GGD", "2002-06-01"), ev("GGD", "2007-01-01"))
    p = involvement_periods(events)
    assert p["kind"].tolist() == ["inferred", "inferred"]
    assert p[["start", "end"]].values.tolist() == [
        [T("2002-01-01"), T("2002-06-01")],
        [T("2007-01-01"), T("2007-01-01")],
    ]


def test_concurrency_counts_each_organisation_once_and_finds_the_peak():
    events = table(
        ev("A", "2001-01-01"),
        ev("A", "2002-06-01"),
        ev("A", "2003-12-31"),
        ev("B", "2002-01-01"),
        ev("B", "2002-12-31"),
        ev("C", "2002-06-01"),
        ev("C", "2004-01-01"),
    )
    conc = concurrency(involvement_periods(events))
    at = dict(zip(conc["time"], conc["count"], strict=True))
    assert at[T("2002-06-01")] == 3 and at[T("2003-01-01")] == 2
    assert peak(conc) == (T("2002-06-01"), T("2002-12-31"), 3)


def test_quarterly_activity_ignores_vague_dates_and_involvement_marks():
    events = table(
        ev("A", "2002-01-05"),
        ev("A", "2002-03-30"),
        ev("A", "2002-04-02"),
        ev("A", "2002-01-01", "2002-12-31", precision="year"),
        ev("A", "2002-01-01", etype="involvement_start"),
    )
    q = quarterly_activity(events)
    assert q["events"].tolist() == [2, 1]
    assert q["quarter_start"].tolist() == [T("2002-01-01"), T("2002-04-01")]


def test_care_avoidance_episodes_group_by_gap_and_keep_evidence():
    events = table(
        ev("JGZ", "2005-01-01", etype="care_avoidance"),
        ev("GGZ", "2005-03-01", etype="care_avoidance", domain="gezondheid"),
        ev("JGZ", "2008-01-01", etype="care_avoidance"),
        ev("JGZ", "2008-01-02", etype="care_avoidance", dup="ev-x"),  # a duplicate: not twice
    )
    eps = episodes(events)
    assert eps["events"].tolist() == [2, 1]
    assert eps.iloc[0]["organisations"] == ["GGZ", "JGZ"]
    assert eps.iloc[0]["event_ids"] == events["event_id"].tolist()[:2]


def _traces(fig, name):
    return [t for t in fig.data if t.name == name]


def test_markers_by_type_exact_filled_vague_open_with_span():
    events = table(
        ev("Politie", "2005-05-15", etype="signal", domain="veiligheid", sev=3),
        ev(
            "Politie",
            "2002-01-01",
            "2002-12-31",
            etype="signal",
            domain="veiligheid",
            precision="year",
            raw="2002",
        ),
        ev("JGZ", "2006-01-01", etype="care_avoidance"),
    )
    fig = build_timeline(events)
    signals = _traces(fig, "Signaal van onveiligheid")
    assert [t.marker.symbol for t in signals] == ["circle", "circle-open"]
    exact, vague = signals
    assert list(exact.marker.size) == [16]  # severity 3
    assert list(exact.customdata) == [0]  # the row in the table given, as a plain list
    # The '2002' signal is drawn over its whole year, not as a false exact point.
    span = _traces(fig, "Signaal van onveiligheid (periode)")[0]
    x = [v for v in span.x if v == v]
    assert x[0] == T("2002-01-01").value / 1e6 and x[1] == T("2003-01-01").value / 1e6
    assert vague.x[0] == pytest.approx((x[0] + x[1]) / 2)
    assert _traces(fig, "Zorgmijding")[0].marker.symbol == "x"


def test_bars_distinguish_explicit_and_inferred_involvement():
    events = table(
        ev("MEE", "2003-01-01", etype="involvement_start", domain="gezin"),
        ev("MEE", "2004-01-01", etype="involvement_end", domain="gezin"),
        ev("GGD", "2002-01-01"),
        ev("GGD", "2002-06-01"),
    )
    fig = build_timeline(events)
    explicit = _traces(fig, "Betrokkenheid (uit dossier)")[0]
    inferred = _traces(fig, "Betrokkenheid (afgeleid)")[0]
    assert explicit.orientation == "h" and inferred.marker.pattern.shape == "/"
    assert explicit.base[0] == T("2003-01-01").value / 1e6
    assert explicit.x[0] == (T("2004-01-02") - T("2003-01-01")).total_seconds() * 1000


def test_duplicates_are_not_drawn_twice_and_calamity_is_a_star():
    events = table(
        ev("Politie", "2019-04-14", etype="calamity", domain="veiligheid"),
        ev("Ziekenhuis", "2019-04-14", etype="calamity", dup="ev-0000000000000000"),
    )
    stars = _traces(fig := build_timeline(events), "Calamiteit")
    assert sum(len(t.x) for t in stars) == 1 and stars[0].marker.symbol == "star"
    assert fig.layout.yaxis.ticktext[0] == "<b>Gezondheid</b>"


def test_highlight_ages_and_episode_spans():
    events = table(
        ev("JGZ", "2005-01-01", etype="care_avoidance"),
        ev("JGZ", "2005-02-01", etype="care_avoidance"),
        ev("JGZ", "2009-02-01"),
    )
    kids = [Person("x", "Kind A", role="kind", birth_date=dt.date(2001, 5, 1))]
    fig = build_timeline(
        events, TimelineOptions(persons=kids, highlight=events["event_id"].iloc[1])
    )
    assert _traces(fig, "Geselecteerd")
    texts = [a.text for a in fig.layout.annotations]
    assert "Kind A geboren" in texts and "A: 5" in texts  # 2006: first full year shown
    rects = [s for s in fig.layout.shapes if s.fillcolor and "255, 140, 0" in s.fillcolor]
    assert len(rects) == 1  # one care-avoidance episode


def test_hover_text_is_rich_for_small_cases_and_trimmed_for_huge_ones(monkeypatch):
    events = table(ev("JGZ", "2005-01-01", etype="signal", sev=2, text="Blauwe plekken " * 20))
    fig = build_timeline(events)
    t = _traces(fig, "Signaal van onveiligheid")[0]
    assert "<b>JGZ</b>" in t.hovertext[0] and "(ernst 2)" in t.hovertext[0]
    assert t.hovertext[0].endswith("…")
    monkeypatch.setattr("reconstruct.figures.style.HOVER_TEXT_LIMIT", 0)
    t = _traces(build_timeline(events), "Signaal van onveiligheid")[0]
    assert t.hovertext is None and "klik voor details" in t.hovertemplate
    assert HOVER_TEXT_LIMIT >= 10_000


def test_empty_table_gives_an_empty_figure():
    fig = build_timeline(table())
    assert len(fig.data) == 0
