"""Synthetic case SOURCE FILES of any size, for the ingest benchmark: a real case folder that
`python -m reconstruct ingest` reads, with a realistic mix of formats and a little dirt.

`write_source_case(folder, rows=100_000, seed=0)` writes `case.yaml`, `organisations.yaml`,
`profiles/*.yaml`, `sources/*` and `manifest.json` (what was written: raw rows and expected
rejections per file, the precision of every written date, the date column of every CSV row).
Deterministic per seed; 10^6 rows take about a minute to write.

One family over 20 years (2000-2019), nine organisations and a hand-kept overview, in:

| file                             | format                                  | share of rows       |
|----------------------------------|-----------------------------------------|---------------------|
| jgz_contactmomenten_N.csv        | CSV `;`, cp1252, profile                | 45% of the CSV rows |
| hulpverlening_notities_N.csv     | CSV `,`, UTF-8 with BOM, no profile     | 40% of the CSV rows |
| wijkteam_registraties_N.csv      | CSV `;`, UTF-8, title rows, profile     | 15% of the CSV rows |
| betrokkenheid_overzicht.csv      | CSV `,`, UTF-8, periods (two date cols) | min(5%, 40 rows)    |
| politie_registraties.json        | JSON list, ISO dates, names as lists    | min(4%, 40,000)     |
| veilig_thuis_meldingen.jsonl     | JSON Lines                              | min(4%, 40,000)     |
| ziekenhuis_kindergeneeskunde.xlsx| XLSX, two sheets, title rows, real dates| min(3%, 10,000)     |
| ggz_journaal.txt                 | plain-text journal                      | min(3%, 30,000)     |

XLSX and JSON shares are bounded because writing and reading 10^6 rows of XLSX takes minutes
(openpyxl) and a 10^6-record JSON list is one 300 MB document; the rest is CSV, as large
extracts are in practice. A CSV larger than 200,000 rows is split into parts (`_1`, `_2`...).

Dates are written as dossiers write them, with their precision: "15-05-2014", "15/5/2014",
"2014-05-15", "15 mei 2014", "3 okt. 2011", "ma 15-05-2014", "1-2-03" (day); "mei 2014",
"05-2014", "mei '14" (month); "voorjaar 1998", "winter 2010/2011" (season); "Q3 2012",
"3e kwartaal 2012" (quarter); "2014" (year); "eind 2009", "begin 2011", "1993-2003",
"rond 2002", "rond mei 2014", "eerste helft 2005", "begin mei 2014" (period). About 1% of the
rows are dirty: impossible or unreadable dates ("31-02-2004", "z.d."), empty rows, rows with
too many fields, broken JSON lines, empty records (these are rejected, with a reason), and
organisation names the registry does not know (kept, with a warning). About 2% of the
events are also recorded by a second organisation (linked as duplicates on ingest).

python benchmarks/sources.py OUT_DIR [--rows 100000] [--seed 0]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from source_words import (  # noqa: E402  (benchmarks/ is on sys.path)
    CHILDREN,
    CONNECTORS,
    DETAILS,
    FIRST_NAMES,
    JGZ_KIND,
    LOCAL_ORGANISATIONS,
    MONTHS,
    MONTHS_SHORT,
    NOTE_ORGANISATIONS,
    PERSONS,
    PHRASES,
    POLITIE_KIND,
    PRECISION_SHARES,
    PROFILES,
    STEMS,
    TYPE_SHARES,
    UNKNOWN_ORGANISATIONS,
    VT_KIND,
    WEEKDAYS,
    WIJKTEAM_KIND,
)

FIRST_YEAR = 2000
YEARS = 20
CSV_PART_ROWS = 200_000
MANIFEST_FILE = "manifest.json"
FLOOR_FILE = "floor_other_formats.csv"
"""Beside case.yaml (not in sources/): the JSON, XLSX and journal rows again as one CSV, so
that bare pandas.read_csv can read all the rows of the case for the benchmark's floor."""
DIRTY_SHARE = 0.01
BAD_DATE, EMPTY, BROKEN = 1, 2, 3
"""Dirty rows: an unusable date (kept with a warning), an empty row or record, a row with too
many fields or a broken JSON line (both rejected with their reason)."""
DUPLICATE_SHARE = 0.02


class _Dates:
    """Dutch date strings with the precision they carry, drawn for true days."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def day(self, d: dt.date, style: int) -> str:
        if style == 0:
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        if style == 1:
            return f"{d.day}-{d.month}-{d.year}"
        if style == 2:
            return f"{d.day}/{d.month}/{d.year}"
        if style == 3:
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        if style == 4:
            return d.isoformat()
        if style == 5:
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if style == 6:
            return f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year}"
        if style == 7:
            return f"{WEEKDAYS[d.weekday()]} {d.day:02d}-{d.month:02d}-{d.year}"
        return f"{d.day}-{d.month}-{d.year % 100:02d}"

    def vague(self, d: dt.date, precision: str, k: int) -> str:
        y, m = d.year, d.month
        if precision == "month":
            return (
                f"{MONTHS[m - 1]} {y}",
                f"{m:02d}-{y}",
                f"{MONTHS_SHORT[m - 1]} '{y % 100:02d}",
            )[k % 3]
        if precision == "season":
            season = ("winter", "voorjaar", "zomer", "najaar")[(m % 12) // 3]
            if season == "winter":
                first = y if m == 12 else y - 1
                return f"winter {first}/{first + 1}" if k % 2 else f"winter {first}"
            return f"{season} {y}"
        if precision == "quarter":
            q = (m - 1) // 3 + 1
            return f"Q{q} {y}" if k % 2 else f"{q}e kwartaal {y}"
        if precision == "year":
            return str(y)
        form = k % 8
        if form == 0:
            return f"{('begin', 'medio', 'eind')[(m - 1) // 4]} {y}"
        if form == 1:
            return f"{y - 1 - k % 5}-{y + k % 3}"
        if form == 2:
            return f"rond {y}"
        if form == 3:
            return f"rond {MONTHS[m - 1]} {y}"
        if form == 4:
            return f"{('eerste', 'tweede')[(m - 1) // 6]} helft {y}"
        if form == 5:
            return f"{('begin', 'medio', 'eind')[min(2, (d.day - 1) // 10)]} {MONTHS[m - 1]} {y}"
        if form == 6:
            return f"van {y - 1} tot {y}"
        return f"ca. {y}"

    def column(self, days: list[dt.date], dirty: np.ndarray, day_styles: list[int]):
        """(texts, precisions) for `days`; rows marked BAD_DATE get an unusable date."""
        n = len(days)
        kinds = list(PRECISION_SHARES)
        p = np.array(list(PRECISION_SHARES.values()))
        precision = np.array(kinds, dtype=object)[self.rng.choice(len(kinds), n, p=p / p.sum())]
        style = np.array(day_styles)[self.rng.integers(0, len(day_styles), n)]
        k = self.rng.integers(0, 1000, n)
        bad = ["31-02-2004", "2014-13-01", "onbekend", "z.d.", "datum onbekend", ""]
        texts, precisions = [], []
        for d, prec, s, kk, is_dirty in zip(days, precision, style, k, dirty, strict=True):
            if is_dirty == BAD_DATE:
                texts.append(bad[kk % len(bad)])
                precisions.append("unknown")
            elif prec == "day":
                texts.append(self.day(d, int(s)))
                precisions.append("day")
            else:
                texts.append(self.vague(d, prec, int(kk)))
                precisions.append(prec)
        return texts, precisions


def _compounds() -> list[str]:
    """About 9,000 Dutch-looking compound nouns (schoolrekening, huurbrief...): the free words
    of the dossier sentences, drawn with a mild Zipf skew so that few texts share them."""
    return [a + b for a in STEMS for b in STEMS if a != b]


class _Texts:
    """Dossier sentences: a short opening of the event's kind (the words the lexicon reads:
    "niet verschenen", "blauwe plekken"...) with names, then eight free words from a large
    vocabulary and a detail. Nearly every text is distinct, as in real dossiers, and two
    unrelated texts share few distinctive words."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.words = np.array(_compounds(), dtype=object)
        rank = np.arange(1, len(self.words) + 1)
        weight = 1.0 / rank**0.6
        self.p = weight / weight.sum()

    def kinds(self, n: int) -> np.ndarray:
        kinds = list(TYPE_SHARES)
        p = np.array(list(TYPE_SHARES.values()))
        return np.array(kinds, dtype=object)[self.rng.choice(len(kinds), n, p=p / p.sum())]

    def make(self, kinds: np.ndarray) -> list[str]:
        n = len(kinds)
        r = self.rng.integers(0, 1 << 30, size=(n, 8)).tolist()
        free = self.words[self.rng.choice(len(self.words), size=(n, 8), p=self.p)].tolist()
        out = []
        for kind, rr, ww in zip(kinds, r, free, strict=True):
            a, b, _ = PHRASES[kind]
            opening = a[rr[0] % len(a)] + b[rr[1] % len(b)]
            mother = "moeder" if rr[3] % 3 == 0 else FIRST_NAMES[0]
            partner = "partner" if rr[3] % 4 == 0 else FIRST_NAMES[4]
            glue = CONNECTORS[rr[2] % len(CONNECTORS)]
            text = (
                opening.rstrip(".") + ". " + "".join(g + w for g, w in zip(glue, ww, strict=False))
            )
            text += glue[-1]
            text += DETAILS[rr[5] % len(DETAILS)]
            text = text.format(
                m=mother,
                p=partner,
                k=CHILDREN[rr[4] % 3],
                d=rr[6] % 28 + 1,
                mo=rr[7] % 12 + 1,
                h=8 + rr[6] % 10,
                mi=("00", "15", "30", "45")[rr[7] % 4],
                kg=10 + rr[6] % 30,
                g=rr[7] % 10,
                n=10 + rr[6] % 80,
                n2=100 + rr[7] % 900,
            )
            out.append(text[0].upper() + text[1:])
        return out


def _days(rng: np.random.Generator, n: int) -> list[dt.date]:
    """`n` days over the case's years, sorted (extracts are mostly in date order)."""
    first = dt.date(FIRST_YEAR, 1, 1).toordinal()
    last = dt.date(FIRST_YEAR + YEARS - 1, 12, 31).toordinal()
    return [dt.date.fromordinal(int(x)) for x in np.sort(rng.integers(first, last + 1, n))]


def _persons_cell(rng_value: int, sep: str = ", ") -> str:
    options = [
        [FIRST_NAMES[0]],
        [CHILDREN[0]],
        [CHILDREN[1]],
        [FIRST_NAMES[0], CHILDREN[0]],
        [FIRST_NAMES[0], CHILDREN[2]],
        [CHILDREN[0], CHILDREN[1]],
        [PERSONS[0][0]],
        ["mw. Oosterveld", CHILDREN[1]],
        [FIRST_NAMES[0], FIRST_NAMES[4]],
    ]
    return sep.join(options[rng_value % len(options)])


def _shares(rows: int) -> dict[str, int]:
    """Raw rows per source kind; CSV takes what the bounded formats leave."""
    out = {
        "betrokkenheid": min(40, max(4, rows // 20)),
        "xlsx": min(10_000, rows * 3 // 100),
        "json": min(40_000, rows * 4 // 100),
        "jsonl": min(40_000, rows * 4 // 100),
        "journal": min(30_000, rows * 3 // 100),
    }
    rest = rows - sum(out.values())
    out["jgz"] = rest * 45 // 100
    out["wijkteam"] = rest * 15 // 100
    out["notities"] = rest - out["jgz"] - out["wijkteam"]
    return out


class _Writer:
    """Writes the files of one case and keeps the manifest."""

    def __init__(self, folder: Path, rows: int, seed: int):
        self.folder = folder
        self.sources = folder / "sources"
        self.rng = np.random.default_rng(seed)
        self.dates = _Dates(self.rng)
        self.texts = _Texts(self.rng)
        self.rows = rows
        self.files: dict[str, dict] = {}
        self.duplicates: list[tuple[dt.date, str]] = []  # (day, text) to record twice
        self.other: list[list[str]] = []  # the non-CSV rows as CSV fields, for the floor

    def _entry(self, name: str, rows: int, rejected: Counter, precisions: Counter, **extra):
        self.files[name] = {
            "rows": rows,
            "rejected": sum(rejected.values()),
            "rejected_reasons": dict(rejected),
            "precisions": dict(precisions),
            **extra,
        }

    def _dirty(self, n: int) -> np.ndarray:
        """Per row: 0 clean, else BAD_DATE, EMPTY or BROKEN (taking turns), for about
        DIRTY_SHARE of the rows and at least one of each kind from 20 rows on. The first and
        last rows stay clean (blank lines at the end of a file are no rows)."""
        out = np.zeros(n, dtype=int)
        if n < 20:
            return out
        count = max(3, round(n * DIRTY_SHARE))
        where = np.sort(self.rng.choice(np.arange(1, n - 1), size=count, replace=False))
        out[where] = np.arange(count) % 3 + 1
        return out

    def _parts(self, stem: str, n: int) -> list[tuple[str, int]]:
        parts = max(1, -(-n // CSV_PART_ROWS))
        sizes = [n // parts + (i < n % parts) for i in range(parts)]
        if parts == 1:
            return [(f"{stem}.csv", n)]
        return [(f"{stem}_{i + 1}.csv", s) for i, s in enumerate(sizes)]

    def _csv(
        self,
        name: str,
        header: list[str],
        records: list[tuple[list[str] | None, str | None]],
        *,
        sep: str,
        encoding: str,
        title: list[str] = (),
    ) -> None:
        """Write (fields, precision) records: fields None is an empty row, fields longer than
        the header a row with too many fields (both rejected on ingest)."""
        rejected = Counter()
        precisions = Counter()
        path = self.sources / name
        with path.open("w", encoding=encoding, newline="") as fh:
            for line in title:
                fh.write(line + "\r\n")
            if title:
                fh.write("\r\n")
            w = csv.writer(fh, delimiter=sep)
            w.writerow(header)
            for fields, precision in records:
                if fields is None:
                    w.writerow([""] * len(header))
                    rejected["lege rij"] += 1
                    continue
                if len(fields) > len(header):
                    rejected[f"rij heeft {len(fields)} velden, de kopregel {len(header)}"] += 1
                else:
                    precisions[precision] += 1
                w.writerow(fields)
        read = {
            "separator": sep,
            "encoding": encoding,
            "header_line": len(title) + 1 + bool(title),
            "date_column": header[0],
        }
        self._entry(name, len(records), rejected, precisions, csv=read)

    def _dirty_record(self, fields: list[str], kind: int, precision: str):
        """A dirty row as (fields, precision): an unusable date (kept, precision unknown), an
        empty row or a row with an extra filled field (both rejected)."""
        if kind == EMPTY:
            return None, None
        if kind == BROKEN:
            return fields + ["extra veld"], None
        return fields, precision

    # --- the organisations ----------------------------------------------------------------

    def _rows(self, n: int, day_styles: list[int]):
        """n logical rows: (days, date texts, precisions, kinds, texts, dirty mask)."""
        days = _days(self.rng, n)
        dirty = self._dirty(n)
        date_texts, precisions = self.dates.column(days, dirty, day_styles)
        kinds = self.texts.kinds(n)
        texts = self.texts.make(kinds)
        return days, date_texts, precisions, kinds, texts, dirty

    def _pick_duplicates(self, days, texts, kinds) -> None:
        take = self.rng.random(len(days)) < DUPLICATE_SHARE
        for i in np.flatnonzero(take & np.isin(kinds, ["signal", "care_avoidance", "referral"])):
            self.duplicates.append((days[i], texts[i]))

    def jgz(self, n: int) -> None:
        header = ["Datum contact", "Soort contact", "Betreft", "Medewerker", "Verslag"]
        for name, size in self._parts("jgz_contactmomenten", n):
            days, dates, precs, kinds, texts, dirty = self._rows(size, [0, 0, 1, 3, 8])
            self._pick_duplicates(days, texts, kinds)
            staff = ["wijkverpleegkundige", "jeugdarts", "consultatiebureauarts", "assistent"]
            r = self.rng.integers(0, 1 << 20, size=(size, 3)).tolist()
            records = []
            for i in range(size):
                kind = JGZ_KIND[kinds[i]][r[i][0] % len(JGZ_KIND[kinds[i]])]
                text = texts[i]
                if r[i][2] % 200 == 0:  # a note typed over two lines
                    text = text.replace(". ", ".\n", 1)
                rec = [dates[i], kind, _persons_cell(r[i][1]), staff[r[i][2] % 4], text]
                if dirty[i]:
                    records.append(self._dirty_record(rec, dirty[i], precs[i]))
                else:
                    records.append((rec, precs[i]))
            self._csv(name, header, records, sep=";", encoding="cp1252")

    def notities(self, n: int) -> None:
        header = ["Datum", "Instelling", "Cliënt", "Notitie"]
        dup = list(self.duplicates)
        for name, size in self._parts("hulpverlening_notities", n):
            days, dates, precs, kinds, texts, dirty = self._rows(size, [1, 1, 2, 5, 6, 4])
            r = self.rng.integers(0, 1 << 20, size=(size, 3)).tolist()
            # a share of the rows are another organisation's record of a JGZ event
            records = []
            for i in range(size):
                org = NOTE_ORGANISATIONS[r[i][0] % len(NOTE_ORGANISATIONS)]
                if r[i][1] % 97 == 0:
                    org = UNKNOWN_ORGANISATIONS[r[i][2] % len(UNKNOWN_ORGANISATIONS)]
                text, date, prec = texts[i], dates[i], precs[i]
                if dup and not dirty[i] and r[i][2] % 40 == 0:
                    day, original = dup.pop()
                    text = "Bericht van JGZ: " + original
                    date, prec = self.dates.day(day, 5), "day"
                rec = [date, org, _persons_cell(r[i][1]), text]
                if dirty[i]:
                    records.append(self._dirty_record(rec, dirty[i], prec))
                else:
                    records.append((rec, prec))
            self._csv(name, header, records, sep=",", encoding="utf-8-sig")

    def wijkteam(self, n: int) -> None:
        header = ["Registratiedatum", "Soort", "Ernst", "Betreft", "Samenvatting"]
        title = ["Wijkteam Noord — registratie-export", "Exportdatum: 03-02-2020"]
        for name, size in self._parts("wijkteam_registraties", n):
            days, dates, precs, kinds, texts, dirty = self._rows(size, [0, 4, 5, 7])
            r = self.rng.integers(0, 1 << 20, size=(size, 3)).tolist()
            records = []
            for i in range(size):
                kind = WIJKTEAM_KIND[kinds[i]][r[i][0] % len(WIJKTEAM_KIND[kinds[i]])]
                sev = ("laag", "middel", "hoog")[r[i][1] % 3] if kinds[i] == "signal" else ""
                rec = [dates[i], kind, sev, _persons_cell(r[i][1], "; "), texts[i]]
                if dirty[i]:
                    records.append(self._dirty_record(rec, dirty[i], precs[i]))
                else:
                    records.append((rec, precs[i]))
            self._csv(name, header, records, sep=";", encoding="utf-8", title=title)

    def betrokkenheid(self, n: int) -> None:
        header = ["Instelling", "Begindatum", "Einddatum", "Betreft", "Toelichting"]
        orgs = ["JGZ", "Wijkteam Noord", "GGZ Duinland", "Politie", "Veilig Thuis"]
        orgs += ["Ziekenhuis Zuiderhaven", "Leerplicht", "Schuldhulpverlening", "MEE", "Huisarts"]
        rejected, precisions, records = Counter(), Counter(), []
        for i in range(n):
            start = _days(self.rng, 1)[0]
            end = start + dt.timedelta(days=int(self.rng.integers(200, 2500)))
            first = str(start.year) if i % 3 == 0 else self.dates.vague(start, "month", i)
            last = "" if i % 5 == 4 or end.year >= FIRST_YEAR + YEARS else str(end.year)
            org = orgs[i % len(orgs)]
            records.append([org, first, last, _persons_cell(i), f"Betrokken: {org.lower()}."])
            precisions["year" if i % 3 == 0 else "month"] += 1
            if last:
                precisions["year"] += 1
        path = self.sources / "betrokkenheid_overzicht.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            w.writerows(records)
        read = {"separator": ",", "encoding": "utf-8", "header_line": 1, "date_column": header[1]}
        self._entry(path.name, n, rejected, precisions, csv=read)

    def politie(self, n: int) -> None:
        days, dates, precs, kinds, texts, dirty = self._rows(n, [4])
        r = self.rng.integers(0, 1 << 20, size=(n, 3)).tolist()
        items, rejected, precisions = [], Counter(), Counter()
        for i in range(n):
            self.other.append([dates[i], "politie", PERSONS[0][0], texts[i]])
            if dirty[i] in (EMPTY, BROKEN):
                if dirty[i] == EMPTY:
                    items.append({})
                    rejected["leeg record"] += 1
                else:
                    items.append("record verwijderd")
                    rejected[f"record {i + 1} is geen object"] += 1
                continue
            date = dates[i]
            if precs[i] == "day" and r[i][0] % 3 == 0:
                date = f"{days[i].isoformat()}T{8 + r[i][1] % 14:02d}:{r[i][2] % 60:02d}:00"
            items.append(
                {
                    "registratienummer": f"PL{days[i]:%Y%m%d}-{i:06d}",
                    "registratiedatum": date,
                    "incidentsoort": POLITIE_KIND[r[i][0] % len(POLITIE_KIND)],
                    "prioriteit": ("laag", "middel", "hoog")[r[i][1] % 3],
                    "eenheid": {"team": "Basisteam Zuiderhaven", "wijk": f"wijk {r[i][1] % 9}"},
                    "omschrijving": texts[i],
                    "betrokkenen": [PERSONS[0][0]] + ([PERSONS[4][0]] if r[i][2] % 2 else []),
                }
            )
            precisions[precs[i]] += 1
        path = self.sources / "politie_registraties.json"
        path.write_text(json.dumps(items, ensure_ascii=False, indent=1), "utf-8")
        self._entry(path.name, n, rejected, precisions)

    def veilig_thuis(self, n: int) -> None:
        days, dates, precs, kinds, texts, dirty = self._rows(n, [2, 0])
        r = self.rng.integers(0, 1 << 20, size=(n, 3)).tolist()
        lines, rejected, precisions = [], Counter(), Counter()
        spellings = ["Veilig Thuis", "VT", "Veilig Thuis Zuiderhaven", "AMK", "A.M.K."]
        for i in range(n):
            self.other.append([dates[i], "veilig thuis", _persons_cell(r[i][2]), texts[i]])
            rec = {
                "kenmerk": f"VT-{days[i].year}-{i:05d}",
                "meldingsdatum": dates[i],
                "instelling": spellings[r[i][0] % len(spellings)],
                "aard": VT_KIND[r[i][1] % len(VT_KIND)],
                "betreft": _persons_cell(r[i][2]),
                "omschrijving": texts[i],
            }
            if dirty[i] in (EMPTY, BROKEN):
                if dirty[i] == EMPTY:
                    lines.append("")
                    rejected["lege regel"] += 1
                else:
                    text = json.dumps(rec, ensure_ascii=False)
                    lines.append(text[: len(text) // 2])
                    rejected["ongeldige JSON"] += 1
                continue
            lines.append(json.dumps(rec, ensure_ascii=False))
            precisions[precs[i]] += 1
        path = self.sources / "veilig_thuis_meldingen.jsonl"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        self._entry(path.name, n, rejected, precisions)

    def ziekenhuis(self, n: int) -> None:
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        rejected, precisions = Counter(), Counter()
        header = ["Datum", "Soort", "Patiënt", "Verslag"]
        kinds_by_sheet = {
            "Opnames": ["Opname", "SEH letsel", "Brief"],
            "Poli": ["Polibezoek", "Niet verschenen"],
        }
        sizes = {"Opnames": n // 3, "Poli": n - n // 3}
        for sheet, size in sizes.items():
            ws = wb.create_sheet(sheet)
            ws.append(["Ziekenhuis Zuiderhaven — kindergeneeskunde"])
            ws.append([f"Rapport {sheet.lower()}, aangemaakt 12-01-2020"])
            ws.append([])
            ws.append(header)
            days, dates, precs, kinds, texts, dirty = self._rows(size, [6, 5])
            r = self.rng.integers(0, 1 << 20, size=(size, 3)).tolist()
            for i in range(size):
                self.other.append([dates[i], "ziekenhuis", CHILDREN[r[i][1] % 3], texts[i]])
                kind = kinds_by_sheet[sheet][r[i][0] % len(kinds_by_sheet[sheet])]
                date = dates[i]
                if precs[i] == "day" and sheet == "Opnames":
                    date = dt.datetime.combine(days[i], dt.time())  # a real Excel date
                elif precs[i] == "day" and r[i][1] % 5 == 0:
                    date = float((days[i] - dt.date(1899, 12, 30)).days)  # a serial number
                if dirty[i] in (EMPTY, BROKEN):
                    if dirty[i] == EMPTY:
                        ws.append([None] * 4)
                        rejected["lege rij"] += 1
                    else:
                        ws.append([date, kind, CHILDREN[r[i][1] % 3], texts[i], None, "los"])
                        rejected["rij heeft waarden buiten de 4 kolommen"] += 1
                    continue
                ws.append([date, kind, CHILDREN[r[i][1] % 3], texts[i]])
                precisions[precs[i]] += 1
        ws = wb.create_sheet("Toelichting")
        ws.append(["Dit tabblad is geen tabel."])
        path = self.sources / "ziekenhuis_kindergeneeskunde.xlsx"
        wb.save(path)
        self._entry(path.name, n, rejected, precisions)

    def journal(self, n: int) -> None:
        days, dates, precs, kinds, texts, dirty = self._rows(n, [0, 5, 7])
        lines = ["GGZ Duinland — journaal ambulante zorg", "Cliënt: M. Oosterveld", ""]
        precisions = Counter()
        for i in range(n):
            # an unusable date at the start of a line is not an entry: keep journal dates clean
            date = self.dates.day(days[i], 0) if dirty[i] or not dates[i] else dates[i]
            prec = "day" if dirty[i] or not dates[i] else precs[i]
            self.other.append([date, "ggz", FIRST_NAMES[0], texts[i]])
            lines.append(f"{date} - {texts[i]}" if i % 2 else f"{date}: {texts[i]}")
            if i % 7 == 0:
                lines.append("  Vervolg: afspraken vastgelegd in het behandelplan.")
            precisions[prec] += 1
        path = self.sources / "ggz_journaal.txt"
        path.write_text("\n".join(lines) + "\n", "utf-8")
        self._entry(path.name, n, Counter(), precisions)

    def write(self) -> dict:
        shares = _shares(self.rows)
        self.jgz(shares["jgz"])
        self.wijkteam(shares["wijkteam"])
        self.notities(shares["notities"])
        self.betrokkenheid(shares["betrokkenheid"])
        self.politie(shares["json"])
        self.veilig_thuis(shares["jsonl"])
        self.ziekenhuis(shares["xlsx"])
        self.journal(shares["journal"])
        with (self.folder / FLOOR_FILE).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(["Datum", "Bron", "Betreft", "Tekst"])
            w.writerows(self.other)
        floor = {"separator": ";", "encoding": "utf-8", "header_line": 1, "date_column": "Datum"}
        floor["rows"] = len(self.other)
        return {"rows": self.rows, "shares": shares, "files": self.files, "floor": floor}


def _case_yaml(name: str) -> str:
    lines = [f"name: {name}", "period: {start: 2000-01-01, end: 2019-12-31}", "persons:"]
    for full, pseudo, role, born, aliases in PERSONS:
        lines.append(
            f"  - {{name: {full}, pseudonym: {pseudo}, role: {role}, birth_date: {born}, "
            f"aliases: [{', '.join(aliases)}]}}"
        )
    return "\n".join(lines) + "\n"


def write_source_case(folder: Path | str, rows: int = 100_000, seed: int = 0) -> dict:
    """Write a case folder with `rows` raw rows of source files (see the module docstring) and
    return its manifest (also written to FOLDER/manifest.json, beside case.yaml)."""
    folder = Path(folder)
    if rows < 100:
        raise ValueError("at least 100 rows: every source gets some")
    for sub in ("sources", "profiles", "derived"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "case.yaml").write_text(_case_yaml(f"Benchmark {rows} rijen (synthetisch)"), "utf-8")
    (folder / "organisations.yaml").write_text(LOCAL_ORGANISATIONS, "utf-8")
    for name, text in PROFILES.items():
        (folder / "profiles" / name).write_text(text, "utf-8")
    manifest = _Writer(folder, rows, seed).write()
    manifest["seed"] = seed
    text = json.dumps(manifest, ensure_ascii=False, indent=1)
    (folder / MANIFEST_FILE).write_text(text, "utf-8")
    return manifest


def delimited_files(folder: Path | str) -> list[tuple[Path, dict]]:
    """Every CSV of a written case with how to read it (separator, encoding, header_line):
    the extracts in sources/ and the floor file of the other formats."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
    out = [(folder / "sources" / k, v["csv"]) for k, v in manifest["files"].items() if "csv" in v]
    return out + [(folder / FLOOR_FILE, manifest["floor"])]


def main(argv: list[str] | None = None) -> None:
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    t = time.perf_counter()
    manifest = write_source_case(args.folder, args.rows, args.seed)
    print(f"{args.rows} rows in {time.perf_counter() - t:.1f} s -> {args.folder}")
    for name, entry in manifest["files"].items():
        print(f"  {name}: {entry['rows']} rows, {entry['rejected']} to be rejected")


if __name__ == "__main__":
    sys.exit(main())
