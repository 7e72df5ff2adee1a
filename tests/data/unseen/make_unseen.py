"""Generate the synthetic 'unseen' acceptance case: an activity export of the fictional
Stichting Schuldhulp Noord (debt counselling) about the invented family Brouwer.

Run: .venv/bin/python tests/data/unseen/make_unseen.py
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

CASE = Path(__file__).resolve().parent / "case"
OUT = CASE / "sources" / "SHN_activiteiten_dossier_2009-0417.xlsx"

HEADER = [
    "Reg.nr.",
    "Reg.datum",
    "Periode t/m",
    "Type activiteit",
    "Cliëntnaam",
    "Omschr. activiteit",
    "Medewerker",
    "Urgentie",
]

M = "Brouwer-de Haan, M."
R = "Brouwer, R."

# Each entry is one Excel row starting at row 5 (header is row 4). None = empty row.
ROWS: list[list | None] = [
    # r5: real Excel date
    [
        90001,
        datetime(2009, 10, 12),
        None,
        "Aanmelding",
        M,
        "Aanmelding via wijkteam; achterstanden huur en energie, ca. € 14.000 schuld.",
        "J. Kuipers",
        "normaal",
    ],
    # r6: 'eind 2009'
    [
        90002,
        "eind 2009",
        None,
        "Huisbezoek",
        M,
        "Huisbezoek: post ongeopend in la, Ronald niet aanwezig. Jesse en Lotte thuis.",
        "J. Kuipers",
        None,
    ],
    # r7: period in two columns, mapped to 'involvement'
    [
        90003,
        "01-03-2010",
        "31-08-2012",
        "Traject budgetbeheer",
        f"{R} / {M}",
        "Start budgetbeheer; inkomen loopt via beheerrekening.",
        "J. Kuipers",
        None,
    ],
    # r8: season
    [
        90004,
        "voorjaar 2011",
        None,
        "Geen gehoor",
        R,
        "Afspraak om 10.00 uur, niemand thuis. Briefkaart achtergelaten.",
        "P. de Wit",
        None,
    ],
    # r9: quarter, empty client column, alias in text
    [
        90005,
        "Q3 2012",
        None,
        "Overleg ketenpartners",
        None,
        "Overleg met wijkteam en woningcorporatie over dreigende ontruiming; "
        "mw. Brouwer op de hoogte gebracht.",
        "J. Kuipers",
        "hoog",
    ],
    # r10: empty row
    None,
    # r11: real date, severity hoog
    [
        90006,
        datetime(2012, 11, 5),
        None,
        "Zorgmelding gedaan",
        "Jesse Brouwer",
        "Zorgmelding bij Veilig Thuis: Jesse (5) vertelt dat er vaak geen eten in huis is.",
        "P. de Wit",
        "hoog",
    ],
    # r12: impossible date
    [
        90007,
        "31-02-2013",
        None,
        "Telefonisch contact",
        M,
        "Mw. belt: beslag op loon van Ronald door deurwaarder.",
        "J. Kuipers",
        "normaal",
    ],
    # r13: single-digit month
    [
        90008,
        "12-3-2013",
        None,
        "Afspraak afgezegd door cliënt",
        R,
        "Dhr. heeft afgezegd i.v.m. werk.",
        "P. de Wit",
        None,
    ],
    # r14: month name
    [
        90009,
        "december 2013",
        None,
        "Huisbezoek",
        M,
        "Huisbezoek samen met wijkteam, Lotte en Jesse aanwezig; sfeer gespannen.",
        "J. Kuipers",
        "normaal",
    ],
    # r15: text date, hoog
    [
        90010,
        "03-02-2014",
        None,
        "Zorgmelding gedaan",
        "Lotte Brouwer",
        "Lotte met blauwe plek op arm gezien bij huisbezoek; melding bij Veilig Thuis.",
        "P. de Wit",
        "hoog",
    ],
    # r16: month name
    [
        90011,
        "mei 2014",
        None,
        "Betalingsregeling getroffen",
        f"{R} / {M}",
        "Betalingsregeling met energieleverancier, € 75 per maand.",
        "J. Kuipers",
        None,
    ],
    # r17: a period (not involvement) in two columns
    [
        90012,
        "15-05-2014",
        "15-11-2014",
        "Minnelijk traject",
        f"{R} / {M}",
        "Minnelijk schuldregelingstraject, zes maanden.",
        "J. Kuipers",
        None,
    ],
    # r18: lower-case type value (value maps are case-insensitive)
    [
        90013,
        "15-05-2014",
        None,
        "huisbezoek",
        "Lotte Brouwer",
        "Lotte (4) had geen schoenen die pasten; mw. schaamt zich.",
        "J. Kuipers",
        None,
    ],
    # r19: type with trailing space, real date; 'Jessica' must not be read as Jesse
    [
        90014,
        datetime(2015, 1, 20),
        None,
        "Geen gehoor ",
        R,
        "Tweede keer geen gehoor; brief gestuurd. Dossier naar collega Jessica.",
        "P. de Wit",
        None,
    ],
    # r20: year only, type not in value map -> defaults.event_type
    [
        90015,
        "2015",
        None,
        "Post verwerkt",
        M,
        "Post van het afgelopen jaar samen met mw. geordend.",
        "F. Mulder",
        None,
    ],
    # r21: consultation, names only in the text
    [
        90016,
        datetime(2015, 6, 8),
        None,
        "Overleg ketenpartners",
        None,
        "Overleg met school van Jesse en Lotte over schoolreiskosten; "
        "Jessica van Dam (IB'er) aanwezig.",
        "J. Kuipers",
        "normaal",
    ],
    # r22: exact duplicate of r21 (double export line)
    [
        90016,
        datetime(2015, 6, 8),
        None,
        "Overleg ketenpartners",
        None,
        "Overleg met school van Jesse en Lotte over schoolreiskosten; "
        "Jessica van Dam (IB'er) aanwezig.",
        "J. Kuipers",
        "normaal",
    ],
    # r23: season
    [
        90017,
        "zomer 2016",
        None,
        "Dreigende huisuitzetting",
        M,
        "Vonnis ontruiming; Ronald inmiddels vertrokken uit de woning.",
        "J. Kuipers",
        "hoog",
    ],
    # r24: stray remark in a column without header -> more fields than header
    [
        90018,
        "09-09-2016",
        None,
        "Telefonisch contact",
        M,
        "Mw. meldt dat zij met de kinderen bij haar zus verblijft.",
        "F. Mulder",
        None,
        "let op: nieuw adres nog niet bekend",
    ],
    # r25: empty description
    [90019, "14-11-2016", None, "Geen gehoor", M, None, "F. Mulder", None],
    # r26: end of involvement, real date
    [
        90020,
        datetime(2017, 3, 1),
        None,
        "Afsluiting",
        M,
        "Dossier gesloten: verhuisd buiten werkgebied, overgedragen aan gemeente.",
        "J. Kuipers",
        None,
    ],
]


def main() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Activiteiten"
    ws["A1"] = "Stichting Schuldhulp Noord — Activiteitenoverzicht dossier 2009-0417"
    ws["A2"] = "Exportdatum: 03-02-2020 09:14, gebruiker: f.mulder"
    ws.append([])  # row 3 stays empty
    ws.append(HEADER)  # row 4
    for row in ROWS:
        ws.append(row if row is not None else [])
    for r in range(5, ws.max_row + 1):
        ws.cell(row=r, column=2).number_format = "DD-MM-YYYY"
    notes = wb.create_sheet("Toelichting")
    notes["A1"] = "Toelichting bij dit overzicht"
    notes["A3"] = "Urgentie: hoog / normaal / laag, zoals vastgelegd door de medewerker."
    notes["A4"] = "Datums die niet exact bekend waren zijn in tekst ingevoerd."
    OUT.parent.mkdir(parents=True, exist_ok=True)
    wb.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
