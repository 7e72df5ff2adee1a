"""Synthetic canonical event tables of any size, for benchmarks: make_events(100_000) in seconds.

The table is built directly in the canonical shape (as `merge` would leave it), not by ingesting
files: organisations and their domains come from the shipped registry, every `date_raw` is
written the way a Dutch dossier writes it and parses back to the same interval with
`reconstruct.dates.parse_date` (`python benchmarks/synthetic.py --check` verifies a sample).

python benchmarks/synthetic.py [--n 100000] [--seed 0] [--check]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reconstruct.mapping import FAMILY  # noqa: E402
from reconstruct.organisations import OrganisationRegistry  # noqa: E402
from reconstruct.schema import DATE_PRECISIONS, coerce_dtypes  # noqa: E402

FIRST_YEAR = 2000
PERSONS = ("Moeder", "Kind A", "Kind B", "Partner")
PERSON_BIRTHS = {"Moeder": "1980-03-14", "Kind A": "2001-02-17", "Kind B": "2004-09-23"}
PERSON_BIRTHS["Partner"] = "1976-08-02"
PERSON_ROLES = {"Moeder": "moeder", "Kind A": "kind", "Kind B": "kind", "Partner": "partner"}

# Ordinary (non-involvement) events: type -> share. Contacts and notes dominate, as in dossiers.
TYPE_SHARES = {
    "contact": 0.56,
    "note": 0.14,
    "signal": 0.10,
    "care_avoidance": 0.06,
    "referral": 0.04,
    "consultation": 0.04,
    "agreement": 0.025,
    "risk_assessment": 0.01,
    "measure": 0.0035,
    "placement": 0.0015,
}
PRECISION_SHARES = {
    "day": 0.855,
    "month": 0.06,
    "season": 0.015,
    "quarter": 0.015,
    "year": 0.03,
    "period": 0.015,
    "unknown": 0.01,
}
SEVERITY_SHARES = (0.2, 0.35, 0.3, 0.15)
DUPLICATE_SHARE = 0.02
OUTSIDE_WINDOWS = 0.03
"""Share of an organisation's events dated anywhere, not inside one of its involvements."""

MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
MONTHS_SHORT = "jan. feb. mrt apr. mei jun. jul. aug. sept. okt. nov. dec.".split()
SEASON_WORD = {3: "voorjaar", 6: "zomer", 9: "najaar", 12: "winter"}

SUBTYPES = {
    "contact": ["consult", "home_visit", "phone", "parent_meeting", "outpatient_visit", None],
    "note": [None, "letter", "closure", "internal"],
    "signal": ["concern", "injury", "domestic_violence", "nuisance", "neglect"],
    "care_avoidance": ["no_show", "cancelled", "door_closed", "refused"],
    "referral": ["handover", "amk_report", "zorgmelding", "advice"],
    "consultation": ["case_conference", "coordination", None],
    "agreement": ["conditions", "plan"],
    "risk_assessment": ["lirik", "delta"],
    "measure": ["ots", "guardianship"],
    "placement": ["foster_care", "residential"],
}

TEXT = {
    "contact": (
        [
            "Huisbezoek",
            "Telefonisch contact",
            "Consult",
            "Gesprek op kantoor",
            "Oudergesprek",
            "Spreekuur",
            "Controle",
            "Evaluatiegesprek",
            "Polibezoek",
            "Mailcontact",
            "Intakegesprek",
        ],
        [
            " met moeder.",
            " met moeder en partner.",
            " met Kind A.",
            " met moeder en de kinderen.",
            " met Kind B en moeder.",
            " met partner.",
            " met de mentor van school.",
            " met de huisarts.",
        ],
        [
            " Afspraken doorgenomen, moeder oogt vermoeid.",
            " Kind A slaapt slecht, advies gegeven over ritme.",
            " Financiën besproken; er liggen nog onbetaalde rekeningen.",
            " Woning rommelig, koelkast vrijwel leeg.",
            " Moeder vertelt over spanningen met partner.",
            " Gewicht en lengte gemeten, groeicurve vlakt af.",
            " Schoolverzuim besproken; leerplicht wordt ingeschakeld.",
            " Moeder staat open voor hulp, vervolgafspraak over twee weken.",
            " Kind B is teruggetrokken en zegt weinig.",
            " Medicatie doorgenomen, puffers worden niet goed gebruikt.",
            " Geen bijzonderheden.",
            " Gesprek verloopt moeizaam; moeder wil geen bemoeienis.",
        ],
    ),
    "note": (
        ["Dossiernotitie:", "Brief verstuurd:", "Interne notitie:", "Aantekening:"],
        [
            " moeder telefonisch niet bereikbaar",
            " rapportage ontvangen van school",
            " gegevens bijgewerkt na verhuizing",
            " uitnodiging voor gesprek verstuurd",
            " verslag van het huisbezoek toegevoegd",
            " overdracht aan collega geregeld",
        ],
        [".", "; volgt.", ", zie bijlage.", ", terugkoppeling gevraagd."],
    ),
    "signal": (
        ["Signaal: ", "Zorg: ", "Melding: ", ""],
        [
            "Kind A heeft blauwe plekken op de bovenarm",
            "Kind B komt regelmatig zonder ontbijt op school",
            "buren melden harde ruzie en geschreeuw in de woning",
            "moeder onder invloed bij het ophalen van de kinderen",
            "Kind A vertelt dat partner hem hard heeft vastgepakt",
            "ernstige verwaarlozing van het gebit bij beide kinderen",
            "kinderen 's avonds laat alleen op straat aangetroffen",
            "politie ter plaatse na melding huiselijk geweld",
            "Kind B heeft schrammen in het gezicht, uitleg wisselt",
        ],
        [
            ".",
            "; besproken met moeder.",
            "; doorgegeven aan de gezinscoach.",
            ". Uitleg van moeder klopt niet met het letsel.",
        ],
    ),
    "care_avoidance": (
        ["Afgezegd — ", "Niet verschenen — ", "Geen contact — ", ""],
        [
            "moeder zegt af, te druk met werk",
            "niemand thuis bij huisbezoek, briefje achtergelaten",
            "moeder weigert de verwijzing naar de GGZ",
            "telefoon wordt niet opgenomen na drie pogingen",
            "vaccinatie niet gehaald ondanks herinnering",
            "deur niet opengedaan terwijl er iemand thuis was",
        ],
        [".", "; nieuwe afspraak gepland.", "; geen nieuwe datum kunnen prikken."],
    ),
    "referral": (
        ["Verwijzing: ", "Melding: ", "Overdracht: ", ""],
        [
            "doorverwezen naar de schuldhulpverlening",
            "melding gedaan bij Veilig Thuis",
            "aangemeld bij de jeugd-GGZ voor onderzoek",
            "dossier overgedragen aan het wijkteam",
            "verwezen naar de kinderarts voor groeiachterstand",
        ],
        [".", ", moeder akkoord.", ", moeder niet akkoord maar geïnformeerd."],
    ),
    "consultation": (
        ["Zorgconferentie", "Multidisciplinair overleg", "Casusoverleg", "Overleg"],
        [
            " met school, wijkteam en JGZ",
            " in het ZAT",
            " met de huisarts en de gezinscoach",
            " met Veilig Thuis en politie",
        ],
        [
            ". Afspraken over regie gemaakt.",
            ". Evaluatie over drie maanden.",
            "; zorgen gedeeld, niemand neemt de regie.",
        ],
    ),
    "agreement": (
        ["Afspraak: ", "Plan van aanpak: "],
        [
            "moeder meldt zich wekelijks bij de gezinscoach",
            "school meldt elk verzuim direct aan leerplicht",
            "partner verlaat de woning tot het onderzoek klaar is",
        ],
        [".", "; evaluatie over zes weken."],
    ),
    "risk_assessment": (
        ["Risicotaxatie afgenomen", "LIRIK ingevuld", "Veiligheidstaxatie"],
        [": verhoogd risico", ": hoog risico", ": risico matig"],
        [" op verwaarlozing.", " op huiselijk geweld.", ", vervolgonderzoek nodig."],
    ),
    "measure": (
        ["Kinderrechter: ", "Maatregel: "],
        ["ondertoezichtstelling uitgesproken voor een jaar", "voorlopige voogdij"],
        [".", "; gezinsvoogd aangewezen."],
    ),
    "placement": (
        ["Plaatsing: "],
        ["Kind A tijdelijk in een pleeggezin", "Kind B in crisisopvang geplaatst"],
        [".", " na escalatie thuis."],
    ),
    "involvement_start": (
        ["Start begeleiding", "Aanmelding ontvangen, dossier geopend", "Start traject"],
        [" na verwijzing", " op eigen verzoek van moeder", " na melding"],
        [".", "; intake gepland."],
    ),
    "involvement_end": (
        ["Dossier gesloten", "Einde begeleiding", "Traject beëindigd"],
        [", doelen deels behaald", " na verhuizing", ", moeder wil niet verder"],
        [".", "; overdracht aan wijkteam."],
    ),
}
TAILS = np.array(
    [
        "",
        "",
        "",
        " Volgende afspraak ingepland.",
        " Overleg met collega volgt; terugkoppeling aan de gezinscoach.",
        " Moeder geeft aan dat het de laatste weken beter gaat, maar de zorgen blijven bestaan.",
        " Zie verslag in het dossier.",
    ],
    dtype=object,
)
FAMILY_TEXT = [
    ("birth", "Geboorte van een kind in het gezin; moeder en kind maken het goed."),
    ("move", "Verhuizing naar een andere huurwoning in de wijk, na overlastklachten."),
    ("partner_in", "Partner trekt in bij moeder en de kinderen."),
    ("partner_out", "Partner vertrekt uit de woning na een ruzie; moeder blijft met kinderen."),
    ("school_start", "Kind A begint op een nieuwe basisschool na de verhuizing."),
]
FILE_KINDS = (("contacten", "csv", None), ("registraties", "xlsx", "Registraties"))
FILE_KINDS += (("meldingen", "jsonl", None), ("journaal", "txt", None))


def registry_organisations(count: int, rng: np.random.Generator) -> list:
    """`count` organisations of the shipped registry, in registry order."""
    orgs = [o for o in OrganisationRegistry.load() if o.domain]
    if count > len(orgs):
        raise ValueError(f"the registry has {len(orgs)} organisations with a domain, not {count}")
    pick = np.sort(rng.choice(len(orgs), size=count, replace=False))
    return [orgs[i] for i in pick]


def _windows(rng: np.random.Generator, days: int) -> list[tuple[int, int]]:
    """1-3 non-overlapping involvement windows (day offsets, end inclusive)."""
    k = int(rng.choice([1, 2, 3], p=[0.45, 0.35, 0.2]))
    starts = np.sort(rng.integers(0, days - 60, size=k))
    out = []
    for i, s in enumerate(starts):
        limit = (starts[i + 1] - 30) if i + 1 < k else days - 1
        length = int(rng.exponential(3 * 365)) + 60
        end = min(int(s) + length, int(limit), days - 1)
        if not out or s > out[-1][1]:
            out.append((int(s), max(end, int(s) + 1)))
    return out


def _parts(day: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = day.astype("M8[Y]").astype(int) + 1970
    m = day.astype("M8[M]").astype(int) % 12 + 1
    d = (day - day.astype("M8[M]").astype("M8[D]")).astype(int) + 1
    return y, m, d


def _month_start(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    return ((y - 1970) * 12 + (m - 1)).astype("M8[M]").astype("M8[D]")


def _month_end(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    return ((y - 1970) * 12 + m).astype("M8[M]").astype("M8[D]") - np.timedelta64(1, "D")


def _day_raw(y, m, d, fmt) -> list[str]:
    out = []
    for yy, mm, dd, f in zip(y.tolist(), m.tolist(), d.tolist(), fmt.tolist(), strict=True):
        if f == 0:
            out.append(f"{dd:02d}-{mm:02d}-{yy}")
        elif f == 1:
            out.append(f"{dd}-{mm}-{yy}")
        elif f == 2:
            out.append(f"{dd:02d}.{mm:02d}.{yy}")
        elif f == 3:
            out.append(f"{dd:02d}/{mm:02d}/{yy}")
        elif f == 4:
            out.append(f"{dd} {MONTHS[mm - 1]} {yy}")
        elif f == 5:
            out.append(f"{dd} {MONTHS_SHORT[mm - 1]} {yy}")
        elif f == 6:
            out.append(f"{dd}-{mm}-{yy % 100:02d}")
        else:
            out.append(f"{yy}-{mm:02d}-{dd:02d}")
    return out


DAY_FORMAT_SHARES = (0.4, 0.15, 0.08, 0.1, 0.08, 0.07, 0.04, 0.08)


def _dates(day: np.ndarray, precision: np.ndarray, rng: np.random.Generator, last: np.datetime64):
    """(start, end, raw, warning) arrays for true days `day` written with `precision`; no
    interval runs past the day `last`."""
    n = len(day)
    start = day.copy()
    end = day.copy()
    raw = np.empty(n, dtype=object)
    warning = np.full(n, None, dtype=object)
    y, m, d = _parts(day)
    one = np.timedelta64(1, "D")

    sel = precision == "day"
    fmt = rng.choice(len(DAY_FORMAT_SHARES), size=sel.sum(), p=DAY_FORMAT_SHARES)
    raw[sel] = _day_raw(y[sel], m[sel], d[sel], fmt)

    sel = precision == "month"
    start[sel], end[sel] = _month_start(y[sel], m[sel]), _month_end(y[sel], m[sel])
    style = rng.integers(0, 3, size=sel.sum())
    raw[sel] = [
        f"{MONTHS_SHORT[mm - 1]} {yy}"
        if s == 0
        else (f"{MONTHS[mm - 1]} {yy}" if s == 1 else f"{mm:02d}-{yy}")
        for yy, mm, s in zip(y[sel].tolist(), m[sel].tolist(), style.tolist(), strict=True)
    ]

    sel = precision == "season"
    sy, sm = y[sel].copy(), m[sel].copy()
    first = np.where(sm >= 12, 12, np.where(sm >= 9, 9, np.where(sm >= 6, 6, 3)))
    sy = np.where(sm <= 2, sy - 1, sy)
    first = np.where(sm <= 2, 12, first)
    last_year = int(last.astype("M8[Y]").astype(int)) + 1970
    first = np.where((first == 12) & (sy >= last_year), 9, first)  # no winter past the end
    start[sel] = _month_start(sy, first)
    last_m = (first + 1) % 12 + 1
    end[sel] = _month_end(np.where(first == 12, sy + 1, sy), last_m)
    raw[sel] = [
        f"winter {yy}/{yy + 1}" if f == 12 and yy % 2 else f"{SEASON_WORD[f]} {yy}"
        for yy, f in zip(sy.tolist(), first.tolist(), strict=True)
    ]

    sel = precision == "quarter"
    q = (m[sel] - 1) // 3 + 1
    start[sel] = _month_start(y[sel], 3 * q - 2)
    end[sel] = _month_end(y[sel], 3 * q)
    raw[sel] = [
        f"Q{qq} {yy}" if yy % 2 else f"{qq}e kwartaal {yy}"
        for yy, qq in zip(y[sel].tolist(), q.tolist(), strict=True)
    ]

    sel = precision == "year"
    start[sel] = _month_start(y[sel], np.ones(sel.sum(), dtype=int))
    end[sel] = _month_end(y[sel], np.full(sel.sum(), 12))
    raw[sel] = [str(v) for v in y[sel].tolist()]

    sel = np.flatnonzero(precision == "period")
    kind = rng.integers(0, 4, size=len(sel))
    span = rng.integers(3, 120, size=len(sel))
    texts = []
    for i, k, s in zip(sel.tolist(), kind.tolist(), span.tolist(), strict=True):
        yy, mm = int(y[i]), int(m[i])
        if k == 0:  # a day range
            end[i] = min(day[i] + s * one, last)
            a, b = pd.Timestamp(day[i]), pd.Timestamp(end[i])
            texts.append(
                f"{a:%d-%m-%Y} t/m {b:%d-%m-%Y}" if s % 2 else f"{a:%Y-%m-%d} – {b:%Y-%m-%d}"
            )
        elif k == 1:  # begin / medio / eind of a year
            third = (mm - 1) // 4
            word = ("begin", "medio", "eind")[third]
            start[i] = np.datetime64(f"{yy}-{1 + 4 * third:02d}-01")
            end[i] = _month_end(np.array([yy]), np.array([4 + 4 * third]))[0]
            texts.append(f"{word} {yy}")
        elif k == 2:  # two calendar years
            yy = min(yy, last_year - 1)
            start[i], end[i] = np.datetime64(f"{yy}-01-01"), np.datetime64(f"{yy + 1}-12-31")
            texts.append(f"{yy}-{yy + 1}")
        else:  # a range of months within a year
            m1 = min(mm, 9)
            m2 = m1 + 1 + s % 3
            start[i] = np.datetime64(f"{yy}-{m1:02d}-01")
            end[i] = _month_end(np.array([yy]), np.array([m2]))[0]
            texts.append(f"{MONTHS[m1 - 1]} – {MONTHS[m2 - 1]} {yy}")
    raw[sel] = texts

    sel = np.flatnonzero(precision == "unknown")
    start[sel] = np.datetime64("NaT")
    end[sel] = np.datetime64("NaT")
    words = np.array([None, "onbekend", "z.d.", "datum onbekend"], dtype=object)
    pick = words[rng.integers(0, len(words), size=len(sel))]
    raw[sel] = pick
    warning[sel] = [
        "geen datum" if w is None else f"datum niet herkend: '{w}'" for w in pick.tolist()
    ]
    return start, end, raw, warning


def _texts(types: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Short Dutch descriptions, 40-200 characters, from per-type phrase pools."""
    out = np.full(len(types), "Gebeurtenis vastgelegd.", dtype=object)
    for kind, (a, b, c) in TEXT.items():
        sel = np.flatnonzero(types == kind)
        if not len(sel):
            continue
        a, b, c = (np.array(x, dtype=object) for x in (a, b, c))
        k = len(sel)
        out[sel] = (
            a[rng.integers(0, len(a), k)]
            + b[rng.integers(0, len(b), k)]
            + c[rng.integers(0, len(c), k)]
            + TAILS[rng.integers(0, len(TAILS), k)]
        )
    short = np.array([len(t) < 40 for t in out])
    out[short] = out[short] + " Verdere toelichting in het dossier."
    return np.array([t if len(t) <= 200 else t[:199] + "…" for t in out], dtype=object)


def _persons(n: int, rng: np.random.Generator) -> np.ndarray:
    """One to three of PERSONS per event, mother and children most often."""
    combos = np.array(
        [
            "Moeder",
            "Kind A",
            "Kind B",
            "Moeder; Kind A",
            "Moeder; Kind B",
            "Kind A; Kind B",
            "Moeder; Kind A; Kind B",
            "Moeder; Partner",
            "Partner",
            "Moeder; Partner; Kind A",
        ],
        dtype=object,
    )
    share = np.array([0.24, 0.14, 0.1, 0.14, 0.1, 0.06, 0.1, 0.06, 0.03, 0.03])
    return combos[rng.choice(len(combos), size=n, p=share / share.sum())]


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name.lower()).strip("_")


def make_events(n: int, *, seed: int = 0, organisations: int = 30, years: int = 20):
    """A canonical event table of `n` events (exactly) for one family over `years` years from
    FIRST_YEAR, with `organisations` organisations of the shipped registry. Deterministic for a
    seed. Returns what `reconstruct.schema.coerce_dtypes` returns (columns and dtypes)."""
    rng = np.random.default_rng(seed)
    orgs = registry_organisations(organisations, rng)
    t_first = np.datetime64(f"{FIRST_YEAR}-01-01")
    days = int((np.datetime64(f"{FIRST_YEAR + years}-01-01") - t_first).astype(int))
    one = np.timedelta64(1, "D")

    # Involvement windows per organisation; two in three record them as start/end events.
    windows = [_windows(rng, days) for _ in orgs]
    explicit = rng.random(len(orgs)) < 2 / 3
    marks = []  # (org index, type, day offset)
    for i, (wins, exp) in enumerate(zip(windows, explicit, strict=True)):
        if not exp:
            continue
        for j, (s, e) in enumerate(wins):
            marks.append((i, "involvement_start", s))
            if j < len(wins) - 1 or rng.random() < 0.75:  # the last one is sometimes open
                marks.append((i, "involvement_end", e))
    n_family = min(20, max(1, n // 200))
    n_marks = min(len(marks), max(0, n - 1 - n_family))
    marks = marks[:n_marks]
    n_ord = max(0, n - n_marks - n_family - 1)

    # Ordinary events: organisation by a skewed weight, day inside one of its windows.
    weight = rng.gamma(0.9, size=len(orgs)) + 0.05
    org = rng.choice(len(orgs), size=n_ord, p=weight / weight.sum())
    offset = rng.integers(0, days, size=n_ord)  # the OUTSIDE_WINDOWS default
    inside = rng.random(n_ord) >= OUTSIDE_WINDOWS
    for i, wins in enumerate(windows):
        sel = np.flatnonzero((org == i) & inside)
        lengths = np.array([e - s + 1 for s, e in wins], dtype=float)
        w = rng.choice(len(wins), size=len(sel), p=lengths / lengths.sum())
        st = np.array([s for s, _ in wins])[w]
        offset[sel] = st + (rng.random(len(sel)) * lengths[w]).astype(int)
    kinds = np.array(list(TYPE_SHARES), dtype=object)
    share = np.array(list(TYPE_SHARES.values()))
    ev_type = kinds[rng.choice(len(kinds), size=n_ord, p=share / share.sum())]
    copies, originals = _pick_duplicates(n_ord, len(orgs), rng)
    org[copies] = (org[originals] + rng.integers(1, len(orgs), size=len(copies))) % len(orgs)
    offset[copies] = offset[originals]
    ev_type[copies] = ev_type[originals]

    mark_org = np.array([m[0] for m in marks], dtype=int)
    mark_type = np.array([m[1] for m in marks], dtype=object)
    mark_off = np.array([m[2] for m in marks], dtype=int)
    cal_org = next(
        (i for i, o in enumerate(orgs) if o.canonical == "Politie"),
        next((i for i, o in enumerate(orgs) if o.domain == "veiligheid"), 0),
    )
    cal_off = days - 1 - int(rng.integers(30, 200))
    fam_off = np.sort(rng.integers(0, days, size=n_family))

    org_ix = np.concatenate([org, mark_org, [cal_org], np.full(n_family, -1)]).astype(int)
    etype = np.concatenate([ev_type, mark_type, ["calamity"], np.full(n_family, "note")])
    etype = etype.astype(object)
    off = np.concatenate([offset, mark_off, [cal_off], fam_off]).astype(int)
    day = t_first + off * one
    total = len(etype)

    names = np.array([o.canonical for o in orgs] + [FAMILY], dtype=object)
    domains = np.array([o.domain for o in orgs] + ["gezin"], dtype=object)
    organisation = names[org_ix]
    domain = domains[org_ix]

    prec_kinds = np.array(list(PRECISION_SHARES), dtype=object)
    p = np.array(list(PRECISION_SHARES.values()))
    precision = prec_kinds[rng.choice(len(prec_kinds), size=total, p=p / p.sum())]
    # Involvement marks: mostly a day, sometimes only a month or a year; the calamity is exact.
    is_mark = np.isin(etype, ["involvement_start", "involvement_end"])
    precision[is_mark] = np.array(["day", "month", "year"], dtype=object)[
        rng.choice(3, size=is_mark.sum(), p=[0.7, 0.2, 0.1])
    ]
    precision[etype == "calamity"] = "day"
    precision[organisation == FAMILY] = "day"
    start, end, raw, warning = _dates(day, precision, rng, t_first + (days - 1) * one)

    severity = np.full(total, np.nan)
    sig = etype == "signal"
    severity[sig] = rng.choice(4, size=sig.sum(), p=SEVERITY_SHARES)
    severity[etype == "calamity"] = 3

    subtype = np.full(total, None, dtype=object)
    for kind, options in SUBTYPES.items():
        sel = np.flatnonzero(etype == kind)
        subtype[sel] = np.array(options, dtype=object)[rng.integers(0, len(options), len(sel))]
    description = _texts(etype, rng)
    fam = np.flatnonzero(organisation == FAMILY)
    pick = rng.integers(0, len(FAMILY_TEXT), len(fam))
    subtype[fam] = [FAMILY_TEXT[k][0] for k in pick]
    description[fam] = [FAMILY_TEXT[k][1] for k in pick]
    calamity = np.flatnonzero(etype == "calamity")
    subtype[calamity] = "injury"
    description[calamity] = (
        "Kind B met ernstig letsel opgenomen; politie en Veilig Thuis ingeschakeld, "
        "onderzoek naar de toedracht gestart."
    )
    persons = _persons(total, rng)
    persons[calamity] = "Kind B; Moeder; Partner"
    # A copy says what its original says, with the same date as written.
    for column in (precision, start, end, raw, warning, severity, subtype, description, persons):
        column[copies] = column[originals]

    # The name as written: mostly the canonical name, sometimes the full name or an alias.
    spellings = [
        [o.canonical, *([o.full_name] if o.full_name else []), *o.aliases[:3]] for o in orgs
    ] + [[FAMILY]]
    organisation_raw = np.empty(total, dtype=object)
    for i, names_i in enumerate(spellings):
        sel = np.flatnonzero(org_ix == (i if i < len(orgs) else -1))
        w = np.array([4.0] + [1.0] * (len(names_i) - 1))
        organisation_raw[sel] = np.array(names_i, dtype=object)[
            rng.choice(len(names_i), size=len(sel), p=w / w.sum())
        ]

    # Provenance: one or two export files per organisation, rows in date order per file.
    files, sheets = [], []
    for o in orgs:
        chosen = rng.choice(len(FILE_KINDS), size=int(rng.integers(1, 3)), replace=False)
        files.append(
            [f"{_slug(o.canonical)}_{FILE_KINDS[k][0]}.{FILE_KINDS[k][1]}" for k in chosen]
        )
        sheets.append([FILE_KINDS[k][2] for k in chosen])
    files.append(["gezinsgebeurtenissen.csv"])
    sheets.append([None])
    which = rng.integers(0, 2, size=total)
    source_file = np.empty(total, dtype=object)
    source_sheet = np.full(total, None, dtype=object)
    for i in range(len(files)):
        sel = np.flatnonzero(org_ix == (i if i < len(orgs) else -1))
        k = which[sel] % len(files[i])
        source_file[sel] = np.array(files[i], dtype=object)[k]
        source_sheet[sel] = np.array(sheets[i], dtype=object)[k]

    events = pd.DataFrame(
        {
            "date_start": start,
            "date_end": end,
            "date_precision": precision,
            "date_raw": raw,
            "organisation": organisation,
            "organisation_raw": organisation_raw,
            "domain": domain,
            "persons": persons,
            "event_type": etype,
            "subtype": subtype,
            "severity": severity,
            "description": description,
            "source_file": source_file,
            "source_sheet": source_sheet,
            "warnings": warning,
        }
    )
    events["source_row"] = (
        events.assign(_d=day)
        .sort_values(["source_file", "_d"], kind="stable")
        .groupby("source_file")
        .cumcount()
        .reindex(events.index)
        + 2  # row 1 is the header
    )
    ids = np.frombuffer(rng.bytes(8 * total), dtype=">u8")
    while len(np.unique(ids)) < total:  # vanishingly rare; stay deterministic anyway
        ids = np.unique(np.concatenate([ids, np.frombuffer(rng.bytes(8 * 16), dtype=">u8")]))
        ids = ids[:total]
    events.insert(0, "event_id", [f"ev-{v:016x}" for v in ids.tolist()])
    duplicate_of = np.full(total, None, dtype=object)
    duplicate_of[copies] = events["event_id"].to_numpy()[originals]
    events["duplicate_of"] = duplicate_of
    events["source_text"] = [
        json.dumps(
            {"Datum": r, "Instelling": o, "Omschrijving": d, "Betreft": p}, ensure_ascii=False
        )
        for r, o, d, p in zip(
            events["date_raw"],
            events["organisation_raw"],
            events["description"],
            events["persons"],
            strict=True,
        )
    ]
    rank = {p: i for i, p in enumerate(DATE_PRECISIONS)}
    events = events.assign(
        _k=events["date_start"].fillna(events["date_end"]),
        _p=events["date_precision"].map(rank),
    )
    events = events.sort_values(
        ["_k", "_p", "source_file", "source_row"], na_position="last", kind="stable"
    ).drop(columns=["_k", "_p"])
    return coerce_dtypes(events.reset_index(drop=True))


def _pick_duplicates(ordinary: int, n_orgs: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """(copies, originals): ~DUPLICATE_SHARE of the ordinary events become another
    organisation's record of another ordinary event."""
    k = int(round(DUPLICATE_SHARE * ordinary))
    if k == 0 or ordinary < 2 * k or n_orgs < 2:
        return np.array([], dtype=int), np.array([], dtype=int)
    chosen = rng.choice(ordinary, size=2 * k, replace=False)
    return chosen[:k], chosen[k:]


def write_case(events: pd.DataFrame, folder: Path, name: str = "Synthetisch") -> Path:
    """A case folder for `events`: case.yaml, derived/events.parquet and an empty sources/."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "derived").mkdir(exist_ok=True)
    persons = "\n".join(
        f"  - {{name: {p} (synthetisch), pseudonym: {p}, role: {PERSON_ROLES[p]}, "
        f"birth_date: {PERSON_BIRTHS[p]}}}"
        for p in PERSONS
    )
    (folder / "case.yaml").write_text(
        f"name: {name}\nperiod: {{start: {FIRST_YEAR}-01-01, end: null}}\npersons:\n{persons}\n",
        "utf-8",
    )
    events.to_parquet(folder / "derived" / "events.parquet", index=False)
    return folder


def check(events: pd.DataFrame, sample: int = 3000, seed: int = 1) -> list[str]:
    """Problems found: schema failures, and raws that do not parse back to their interval."""
    from reconstruct.dates import parse_date
    from reconstruct.schema import validate

    problems = [
        f"schema: {r.column} {r.check} {r.failure_case}"
        for r in validate(events).head(20).itertuples()
    ]
    rows = events.sample(min(sample, len(events)), random_state=seed)
    for r in rows.itertuples():
        parsed = parse_date(r.date_raw)
        start = pd.Timestamp(parsed.start) if parsed.start else pd.NaT
        end = pd.Timestamp(parsed.end) if parsed.end else pd.NaT
        same = (start == r.date_start or (pd.isna(start) and pd.isna(r.date_start))) and (
            end == r.date_end or (pd.isna(end) and pd.isna(r.date_end))
        )
        if not same or parsed.precision != r.date_precision:
            problems.append(
                f"{r.date_raw!r}: parsed {parsed.precision} {start}–{end}, "
                f"table {r.date_precision} {r.date_start}–{r.date_end}"
            )
    return problems


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="validate and re-parse dates")
    args = parser.parse_args(argv)
    t = time.perf_counter()
    events = make_events(args.n, seed=args.seed)
    print(f"{len(events)} events in {time.perf_counter() - t:.2f} s")
    print(events["event_type"].value_counts().to_string())
    print(events["date_precision"].value_counts().to_string())
    if args.check:
        problems = check(events)
        print("\n".join(problems[:30]) or "check: ok")
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
