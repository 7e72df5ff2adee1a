"""Presentation chapters of a case (presentation.yaml) and the timeline figure of each chapter.

```yaml
chapters:
  - title: Het hele beeld
    caption: Achttien jaar, negentien organisaties.
    view: "van=2005&tot=2012&domein=veiligheid"   # the app's URL query: filters
    highlight: ev-80e9a0e37d81bb5c                  # an event ringed on the timeline
    finding: fi-1a2b3c4d5e6f                        # a finding: its period and evidence
    snapshot: true                                  # kept as it is when data changes
    key: h-3f2a9c1b7d4e                             # names the snapshot files
    taken: 2024-05-02                               # when the snapshot was taken
    created: 2024-05-01
options: {pseudonymise: true, hide_text: true, coarsen_dates: false}
```

A snapshot (`take_snapshot`) keeps what a chapter shows, so the meeting sees the same picture
however the data changes later, until the inspector refreshes it. It stores the events that
decide the chapter's lanes (the view's domains and organisations, `structural`) as they are,
in `presentation/<key>.parquet` in the case folder, with the chosen finding and the years of
the whole table in `presentation/<key>.json`. They are stored with their real text, like
`derived/`, and pseudonymised when shown: a name added to pseudonyms.yaml later, or a
different choice of options, then reaches the snapshot too, which a pseudonymised copy would
freeze forever. The case folder is never exported.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs

import pandas as pd
import plotly.graph_objects as go
import yaml

from reconstruct.analysis.involvement import involvement_periods
from reconstruct.case import Case, CaseError
from reconstruct.figures import TimelineOptions, build_timeline
from reconstruct.filters import FilterState, apply, structural
from reconstruct.pseudonymise import Pseudonymiser
from reconstruct.schema import (
    DOMAIN_LABELS,
    DOMAINS,
    EVENT_TYPE_LABELS,
    EVENT_TYPES,
    coerce_dtypes,
)

PRESENTATION_FILE = "presentation.yaml"
SNAPSHOT_DIR = "presentation"
_KEYS = {"title", "caption", "view", "highlight", "finding", "snapshot", "created", "key", "taken"}
_EVENT_ID = re.compile(r"^ev-[0-9a-f]{16}$")
_FINDING_ID = re.compile(r"^fi-[0-9a-f]+$")
_CHAPTER_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass
class Snapshot:
    """What a chapter showed when it was taken: the events that decide its lanes (real text),
    the chosen finding, and the first and last year of the whole table then."""

    events: pd.DataFrame
    taken: dt.date
    years: tuple[int, int]
    finding: dict | None = None


@dataclass
class Chapter:
    """One step of a presentation: a title, a caption and a view of the timeline."""

    title: str
    caption: str = ""
    view: str = ""  # query string, as in the app's URL: "van=2005&tot=2012&domein=veiligheid"
    highlight: str | None = None  # event id
    finding: str | None = None  # finding id
    snapshot: bool = False
    created: dt.date = field(default_factory=dt.date.today)
    key: str | None = None  # names the snapshot files: presentation/<key>.parquet
    taken: dt.date | None = None  # when the snapshot was taken
    frozen: Snapshot | None = field(default=None, compare=False, repr=False)
    """The snapshot, once loaded (`with_snapshots`); view_figure then draws it."""

    @property
    def state(self) -> FilterState:
        """The view as filters; `highlight` and `finding` win over event/bevinding in it. A
        loaded snapshot travels along as `state.frozen`, so view_figure draws the snapshot."""
        state = FilterState.from_query(self.view)
        state.event = self.highlight or state.event
        state.finding = self.finding or state.finding
        if self.frozen is not None:
            state.frozen = self.frozen
        return state

    def as_dict(self) -> dict:
        out = {"title": self.title}
        for key in ("caption", "view", "highlight", "finding"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["snapshot"] = self.snapshot
        for key in ("key", "taken"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["created"] = self.created
        return out


DEFAULT_CHAPTER = Chapter(
    title="Overzicht", caption="De hele tijdlijn: alle organisaties en gebeurtenissen."
)


_EVERY_FILTER = FilterState(
    start_year=1,
    end_year=1,
    domains=["x"],
    organisations=["x"],
    persons=["x"],
    types=["x"],
    min_severity=1,
    text="x",
    event="x",
    finding="x",
)
_KNOWN_PARAMS = set(parse_qs(_EVERY_FILTER.to_query()))


def normalise_view(view: str | None) -> str:
    """'http://127.0.0.1:8050/?van=2005&tot=2012' or '?van=2005&tot=2012' -> 'van=2005&tot=2012':
    the address bar of the app can be pasted as it is."""
    view = (view or "").strip()
    return view.split("?", 1)[1] if "?" in view else view


def check_view(view: str, where: str) -> None:
    """Unknown parameters, values that do not parse, and unknown domains or event types are
    errors: a typo would otherwise show an empty timeline without saying why."""
    given = {k: v[-1] for k, v in parse_qs(view.lstrip("?")).items()}
    state = FilterState.from_query(view)
    kept = set(parse_qs(state.to_query()))
    wrong = sorted(k for k in given if k not in _KNOWN_PARAMS)
    wrong += sorted(
        f"{k}={v}" for k, v in given.items() if k in _KNOWN_PARAMS - kept and v.strip("0")
    )
    wrong += [f"domein={d}" for d in state.domains if d not in DOMAINS]
    wrong += [f"soort={t}" for t in state.types if t not in EVENT_TYPES]
    if wrong:
        raise CaseError(
            f"{where}: onbekende of ongeldige filter(s) {', '.join(wrong)} in '{view}' "
            f"(gebruik de parameters uit de adresbalk van de tijdlijn: "
            f"{', '.join(sorted(_KNOWN_PARAMS))})"
        )


def _chapter(raw, path, number: int) -> Chapter:
    where = f"{path}: hoofdstuk {number}"
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: verwacht sleutels title, caption, view, ...")
    unknown = set(raw) - _KEYS
    if unknown:
        raise CaseError(f"{where}: onbekende sleutel(s) {', '.join(sorted(unknown))}")
    if not isinstance(raw.get("title"), str) or not raw["title"].strip():
        raise CaseError(f"{where}: een hoofdstuk heeft een title")
    for key in ("caption", "view"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise CaseError(f"{where}.{key}: verwacht tekst")
    view = normalise_view(raw.get("view"))
    check_view(view, f"{where}.view")
    for key, pattern, example in (
        ("highlight", _EVENT_ID, "ev-0123456789abcdef"),
        ("finding", _FINDING_ID, "fi-0123456789ab"),
    ):
        if raw.get(key) is not None and not pattern.match(str(raw[key])):
            raise CaseError(f"{where}.{key}: '{raw[key]}' is geen id zoals {example}")
    if not isinstance(raw.get("snapshot", False), bool):
        raise CaseError(f"{where}.snapshot: verwacht true of false")
    key = raw.get("key")
    if key is not None and not _CHAPTER_KEY.match(str(key)):
        raise CaseError(f"{where}.key: '{key}' is geen sleutel (kleine letters, cijfers, -)")
    return Chapter(
        title=raw["title"].strip(),
        caption=(raw.get("caption") or "").strip(),
        view=view,
        highlight=raw.get("highlight"),
        finding=raw.get("finding"),
        snapshot=raw.get("snapshot", False),
        created=_date(raw.get("created"), f"{where}.created") or dt.date.today(),
        key=key,
        taken=_date(raw.get("taken"), f"{where}.taken"),
    )


def _date(value, where: str) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as err:
            raise CaseError(f"{where}: '{value}' is geen datum (JJJJ-MM-DD)") from err
    if isinstance(value, dt.datetime):
        return value.date()
    if value is not None and not isinstance(value, dt.date):
        raise CaseError(f"{where}: verwacht een datum (JJJJ-MM-DD)")
    return value


def _read(case: Case) -> dict:
    path = case.root / PRESENTATION_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (yaml.YAMLError, ValueError) as err:
        raise CaseError(f"{path}: ongeldige YAML ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        raise CaseError(f"{path}: verwacht 'chapters:' met een lijst hoofdstukken")
    return data


def load_chapters(case: Case) -> list[Chapter]:
    """The chapters of the case's presentation.yaml ([] when there is none); CaseError names
    the file and the chapter number on bad content."""
    path = case.root / PRESENTATION_FILE
    data = _read(case)
    return [_chapter(c, path, i) for i, c in enumerate(data.get("chapters", []), start=1)]


def _write(case: Case, chapters: list[Chapter], options: PresentationOptions) -> None:
    path = case.root / PRESENTATION_FILE
    raw = [c.as_dict() for c in chapters]
    for i, c in enumerate(raw, start=1):
        _chapter(c, path, i)
    data = {"chapters": raw}
    if options != PresentationOptions():
        data["options"] = options.__dict__
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    path.write_text("# Presentatie: hoofdstukken voor de reflectiebijeenkomst.\n" + text, "utf-8")


def save_chapters(case: Case, chapters: list[Chapter]) -> None:
    """Write presentation.yaml (its options kept); every chapter is validated first, as
    load_chapters would."""
    _write(case, chapters, load_options(case))


@dataclass
class PresentationOptions:
    """How a presentation protects the family: on by default, as for every meeting export."""

    pseudonymise: bool = True
    hide_text: bool = True
    coarsen_dates: bool = False

    def pseudonymiser(self, case: Case) -> Pseudonymiser | None:
        if not self.pseudonymise:
            return None
        return Pseudonymiser.from_case(
            case, hide_text=self.hide_text, coarsen_dates=self.coarsen_dates
        )


def load_options(case: Case) -> PresentationOptions:
    """The `options:` of presentation.yaml (defaults when absent)."""
    raw = _read(case).get("options") or {}
    known = PresentationOptions.__dataclass_fields__
    if not isinstance(raw, dict) or set(raw) - set(known):
        raise CaseError(f"{case.root / PRESENTATION_FILE}.options: verwacht {', '.join(known)}")
    if not all(isinstance(v, bool) for v in raw.values()):
        raise CaseError(f"{case.root / PRESENTATION_FILE}.options: verwacht true of false")
    return PresentationOptions(**raw)


def save_options(case: Case, options: PresentationOptions) -> None:
    """Write the options to presentation.yaml, its chapters kept."""
    _write(case, load_chapters(case), options)


def chapters_or_default(case: Case) -> list[Chapter]:
    return load_chapters(case) or [DEFAULT_CHAPTER]


def describe_view(state: FilterState) -> str:
    """'2005-2012 · Veiligheid · Signaal · ernst 2 of hoger' (empty for everything)."""
    parts = []
    if state.start_year and state.end_year:
        parts.append(f"{state.start_year}-{state.end_year}")
    elif state.start_year or state.end_year:
        parts.append(f"vanaf {state.start_year}" if state.start_year else f"tot {state.end_year}")
    parts += [", ".join(DOMAIN_LABELS.get(d, d) for d in state.domains)]
    parts += [", ".join(state.organisations), ", ".join(state.persons)]
    parts += [", ".join(EVENT_TYPE_LABELS.get(t, t) for t in state.types)]
    if state.min_severity:
        parts.append(f"ernst {state.min_severity} of hoger")
    if state.text.strip():
        parts.append(f"zoekterm '{state.text.strip()}'")
    return " · ".join(p for p in parts if p)


def _years(events: pd.DataFrame) -> tuple[int, int]:
    t = pd.concat([events["date_start"], events["date_end"]]).dropna()
    return (t.min().year, t.max().year) if len(t) else (2000, 2020)


def view_figure(
    case: Case,
    events: pd.DataFrame,
    state: FilterState,
    pseudonymiser: Pseudonymiser | None = None,
    findings: list[dict] | None = None,
) -> go.Figure:
    """The timeline of `events` under `state`, as the app draws it: filters select the events,
    lanes come from the chosen domains and organisations, the period sets the time axis. With
    a pseudonymiser, every text in the figure is pseudonymised (filters use the real text).
    `findings`: the case's findings; only the chosen one (`state.finding`) is drawn. A state
    carrying a snapshot (`state.frozen`, see Chapter.state) draws the snapshot instead."""
    frozen: Snapshot | None = getattr(state, "frozen", None)
    if frozen is not None:
        events = frozen.events
        if frozen.finding:
            findings = [frozen.finding]
    shown, lanes_source = apply(events, state), structural(events, state)
    persons = case.persons
    if pseudonymiser is not None:
        safe = pseudonymiser.events(events)
        shown, lanes_source = safe.loc[shown.index], safe.loc[lanes_source.index]
        persons = pseudonymiser.persons_for_figures()
    x_range = None
    if state.start_year or state.end_year:
        first, last = frozen.years if frozen is not None else _years(events)
        x_range = (
            pd.Timestamp(year=state.start_year or first, month=1, day=1),
            pd.Timestamp(year=(state.end_year or last) + 1, month=1, day=1),
        )
    chosen = [f for f in findings or [] if f.get("finding_id") == state.finding]
    fig = build_timeline(
        shown,
        TimelineOptions(
            highlight=state.event,
            x_range=x_range,
            persons=persons,
            findings=chosen or None,
            selected_finding=state.finding,
        ),
        periods=involvement_periods(lanes_source),
    )
    for trace in fig.data:  # the peak label above the concurrency line, not struck through
        if trace.yaxis == "y2" and trace.mode == "markers+text" and trace.y:
            trace.textposition = "top right"
            fig.update_yaxes(range=[0, max(trace.y) * 1.7], nticks=4, row=2, col=1)
    return fig


def missing_references(chapters: list[Chapter], events: pd.DataFrame, findings) -> list[str]:
    """Warnings for chapters whose highlighted event or finding is not (or no longer) there."""
    ids = set(events["event_id"])
    fids = {f.get("finding_id") for f in findings or []}
    out = []
    for i, c in enumerate(chapters, start=1):
        state = c.state
        if state.event and state.event not in ids:
            out.append(f"hoofdstuk {i} ({c.title}): gebeurtenis {state.event} bestaat niet")
        if state.finding and state.finding not in fids:
            out.append(f"hoofdstuk {i} ({c.title}): bevinding {state.finding} bestaat niet")
    return out


def case_findings(case: Case, events: pd.DataFrame) -> tuple[list[dict], list[str]]:
    """The case's findings with the inspector's review, rejected ones left out, and warnings.
    Nothing is written (the app's analyse_case also stores them). A failing analysis costs
    the presentation its finding overlays, not the whole export: it becomes a warning."""
    from reconstruct.analysis.base import findings_frame, run_analyses
    from reconstruct.analysis.builtin import load_builtins
    from reconstruct.findings import attach_review, load_review

    try:
        load_builtins()
        frame = attach_review(findings_frame(run_analyses(events)), load_review(case))
    except Exception as err:  # noqa: BLE001 - any analysis bug; reported, never hidden
        return [], [f"bevindingen niet berekend ({type(err).__name__}: {err})"]
    return frame[frame["state"] != "rejected"].to_dict(orient="records"), []


# ---------------------------------------------------------------------------- snapshots


def _snapshot_paths(case: Case, chapter: Chapter):
    folder = case.root / SNAPSHOT_DIR
    return folder / f"{chapter.key}.parquet", folder / f"{chapter.key}.json"


def take_snapshot(
    case: Case, chapter: Chapter, events: pd.DataFrame, findings: list[dict] | None = None
) -> Chapter:
    """Keep what `chapter` shows of `events` now (and its finding, from `findings`), under
    presentation/<key> in the case folder; refreshing is taking it again. The chapter is
    updated in place (snapshot, key, taken, frozen) and returned; save_chapters stores it."""
    chapter.key = chapter.key or f"h-{secrets.token_hex(6)}"
    chapter.snapshot, chapter.taken = True, dt.date.today()
    state = FilterState.from_query(chapter.view)
    kept = structural(events, state).reset_index(drop=True)
    chosen = next((f for f in findings or [] if f.get("finding_id") == chapter.state.finding), None)
    first, last = _years(events)
    table, about = _snapshot_paths(case, chapter)
    table.parent.mkdir(parents=True, exist_ok=True)
    info = {"taken": chapter.taken, "years": [first, last], "finding": chosen}
    kept.to_parquet(table.with_name(f".{table.name}.tmp"), index=False)
    about.with_name(f".{about.name}.tmp").write_text(json.dumps(info, default=str), "utf-8")
    for path in (table, about):  # the table first: json present means the pair is complete
        os.replace(path.with_name(f".{path.name}.tmp"), path)
    chapter.frozen = Snapshot(kept, chapter.taken, (first, last), chosen)
    return chapter


def load_snapshot(case: Case, chapter: Chapter) -> Snapshot | None:
    """The chapter's stored snapshot; None when it has none or its files are gone."""
    if not chapter.snapshot or not chapter.key:
        return None
    table, about = _snapshot_paths(case, chapter)
    if not table.is_file() or not about.is_file():
        return None
    info = json.loads(about.read_text("utf-8"))
    return Snapshot(
        coerce_dtypes(pd.read_parquet(table)),
        dt.date.fromisoformat(info["taken"]),
        tuple(info["years"]),
        info.get("finding"),
    )


def snapshot_events(case: Case, chapter: Chapter) -> pd.DataFrame | None:
    """The events a chapter's snapshot keeps (None without a snapshot)."""
    snap = load_snapshot(case, chapter)
    return None if snap is None else snap.events


def drop_snapshot(case: Case, chapter: Chapter) -> None:
    """Remove the chapter's snapshot files (a deleted chapter leaves nothing behind)."""
    if chapter.key:
        for path in _snapshot_paths(case, chapter):
            path.unlink(missing_ok=True)


def with_snapshots(case: Case, chapters: list[Chapter]) -> list[Chapter]:
    """The chapters with their snapshots loaded (`frozen`), ready to present or export; a
    snapshot chapter whose files are missing shows the live data (snapshot_changes says so)."""
    return [replace(c, frozen=load_snapshot(case, c)) if c.snapshot else c for c in chapters]


def snapshot_changes(case: Case, chapter: Chapter, events: pd.DataFrame) -> str | None:
    """A Dutch warning when the live `events` differ from what the chapter's snapshot keeps
    (other events, or other versions of them: an event id changes with its record), or when
    the snapshot is missing; None when nothing changed or the chapter has no snapshot."""
    if not chapter.snapshot:
        return None
    snap = load_snapshot(case, chapter)
    if snap is None:
        return "De momentopname ontbreekt: dit hoofdstuk toont nu de actuele gegevens."
    old = set(snap.events["event_id"])
    new = set(structural(events, FilterState.from_query(chapter.view))["event_id"])
    if old == new:
        return None
    return (
        f"De gegevens zijn veranderd sinds de momentopname: nu {len(new)} gebeurtenissen, "
        f"toen {len(old)} ({len(new - old)} nieuw of gewijzigd, {len(old - new)} niet meer). "
        "Vernieuwen neemt de actuele gegevens over."
    )


def add_chapter(
    case: Case,
    events: pd.DataFrame,
    query: str,
    title: str | None = None,
    findings: list[dict] | None = None,
) -> int:
    """Append the timeline's view (`query`, as in its URL, with event/bevinding selected) as
    a new chapter with a snapshot; returns its number. The title defaults to the view."""
    state = FilterState.from_query(normalise_view(query))
    view = state.without_selection().to_query()
    check_view(view, "weergave")
    chapters = load_chapters(case)
    chapter = Chapter(
        title=(title or "").strip() or describe_view(state) or "De hele tijdlijn",
        view=view,
        highlight=state.event if state.event and _EVENT_ID.match(state.event) else None,
        finding=state.finding if state.finding and _FINDING_ID.match(state.finding) else None,
    )
    chapters.append(take_snapshot(case, chapter, events, findings))
    save_chapters(case, chapters)
    return len(chapters)
