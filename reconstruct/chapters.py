"""Presentation chapters of a case (presentation.yaml) and the timeline figure of each chapter.

```yaml
chapters:
  - title: Het hele beeld
    caption: Achttien jaar, negentien organisaties.
    view: "van=2005&tot=2012&domein=veiligheid"   # the app's URL query: filters
    highlight: ev-80e9a0e37d81bb5c                  # an event ringed on the timeline
    finding: fi-1a2b3c4d5e6f                        # a finding: its period and evidence
    snapshot: true                                  # kept as it is when data changes
    created: 2024-05-01
```
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pandas as pd
import plotly.graph_objects as go
import yaml

from reconstruct.analysis.involvement import involvement_periods
from reconstruct.case import Case, CaseError
from reconstruct.figures import TimelineOptions, build_timeline
from reconstruct.filters import FilterState, apply, structural
from reconstruct.pseudonymise import Pseudonymiser
from reconstruct.schema import DOMAIN_LABELS, DOMAINS, EVENT_TYPE_LABELS, EVENT_TYPES

PRESENTATION_FILE = "presentation.yaml"
_KEYS = {"title", "caption", "view", "highlight", "finding", "snapshot", "created"}
_EVENT_ID = re.compile(r"^ev-[0-9a-f]{16}$")
_FINDING_ID = re.compile(r"^fi-[0-9a-f]+$")


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

    @property
    def state(self) -> FilterState:
        """The view as filters; `highlight` and `finding` win over event/bevinding in it."""
        state = FilterState.from_query(self.view)
        state.event = self.highlight or state.event
        state.finding = self.finding or state.finding
        return state

    def as_dict(self) -> dict:
        out = {"title": self.title}
        for key in ("caption", "view", "highlight", "finding"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["snapshot"] = self.snapshot
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
    created = raw.get("created")
    if isinstance(created, str):
        try:
            created = dt.date.fromisoformat(created)
        except ValueError as err:
            raise CaseError(f"{where}.created: '{created}' is geen datum (JJJJ-MM-DD)") from err
    elif isinstance(created, dt.datetime):
        created = created.date()
    elif created is not None and not isinstance(created, dt.date):
        raise CaseError(f"{where}.created: verwacht een datum (JJJJ-MM-DD)")
    return Chapter(
        title=raw["title"].strip(),
        caption=(raw.get("caption") or "").strip(),
        view=view,
        highlight=raw.get("highlight"),
        finding=raw.get("finding"),
        snapshot=raw.get("snapshot", False),
        created=created or dt.date.today(),
    )


def load_chapters(case: Case) -> list[Chapter]:
    """The chapters of the case's presentation.yaml ([] when there is none); CaseError names
    the file and the chapter number on bad content."""
    path = case.root / PRESENTATION_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (yaml.YAMLError, ValueError) as err:
        raise CaseError(f"{path}: ongeldige YAML ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("chapters"), list):
        raise CaseError(f"{path}: verwacht 'chapters:' met een lijst hoofdstukken")
    return [_chapter(c, path, i) for i, c in enumerate(data["chapters"], start=1)]


def save_chapters(case: Case, chapters: list[Chapter]) -> None:
    """Write presentation.yaml; every chapter is validated first, as load_chapters would."""
    path = case.root / PRESENTATION_FILE
    raw = [c.as_dict() for c in chapters]
    for i, c in enumerate(raw, start=1):
        _chapter(c, path, i)
    text = yaml.safe_dump(
        {"chapters": raw}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    path.write_text("# Presentatie: hoofdstukken voor de reflectiebijeenkomst.\n" + text, "utf-8")


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
    `findings`: the case's findings; only the chosen one (`state.finding`) is drawn."""
    shown, lanes_source = apply(events, state), structural(events, state)
    persons = case.persons
    if pseudonymiser is not None:
        safe = pseudonymiser.events(events)
        shown, lanes_source = safe.loc[shown.index], safe.loc[lanes_source.index]
        persons = pseudonymiser.persons_for_figures()
    x_range = None
    if state.start_year or state.end_year:
        first, last = _years(events)
        x_range = (
            pd.Timestamp(year=state.start_year or first, month=1, day=1),
            pd.Timestamp(year=(state.end_year or last) + 1, month=1, day=1),
        )
    chosen = [f for f in findings or [] if f.get("finding_id") == state.finding]
    return build_timeline(
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
