"""Generate the synthetic demo case in data/demo/: the Veldhoen family in Noorderhaven, 2001-2019.

Run from the project root:  .venv/bin/python data/make_demo.py

Everything is invented: the family, the town Noorderhaven and its local organisations. The script
is deterministic (a fixed random seed, fixed timestamps inside the Excel files), so every run
rewrites data/demo/ byte for byte. Its shape:

1. the storyline: the true events of the family's life, each with the entries the organisations
   made of it (the same event may be written down by several organisations);
2. per source, the rows its dossier holds: the storyline's entries plus routine contacts, with the
   deliberately dirty rows declared where they occur;
3. one writer per source, each in that organisation's own export format and date habit;
4. a ledger of row numbers, written out as expected.yaml (for tests) and README.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import yaml

OUT = Path(__file__).resolve().parent / "demo"
SOURCES = OUT / "sources"
PROFILES = OUT / "profiles"
SEED = 2019
CASE_END = dt.date(2019, 4, 14)  # the calamity; routine contacts stop here
ZIP_TIME = (2019, 12, 31, 0, 0, 0)
XLSX_TIME = dt.datetime(2019, 12, 31, 0, 0, 0)

MONTHS = (
    "",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_SHORT = (
    "",
    "jan.",
    "feb.",
    "mrt.",
    "apr.",
    "mei",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)

# Periods in which the family kept help at a distance: routine appointments then fail.
AVOIDANCE = (
    (dt.date(2002, 3, 1), dt.date(2002, 12, 31)),
    (dt.date(2005, 1, 1), dt.date(2006, 6, 30)),
    (dt.date(2008, 9, 1), dt.date(2009, 6, 30)),
    (dt.date(2010, 6, 1), dt.date(2010, 12, 31)),
    (dt.date(2013, 6, 1), dt.date(2015, 6, 30)),
    (dt.date(2017, 1, 1), dt.date(2019, 4, 14)),
)

CHILDREN = {
    "Jesse": dt.date(2001, 2, 17),
    "Lotte": dt.date(2004, 9, 23),
    "Milan": dt.date(2006, 6, 30),
    "Noa": dt.date(2013, 11, 5),
}

# Spellings of organisations that are not the canonical name (for the ledger).
VARIANTS = {
    "Advies- en Meldpunt Kindermishandeling": "AMK",
    "A.M.K.": "AMK",
    "Wadland GGZ": "GGZ Wadland",
    "BJZ": "Bureau Jeugdzorg",
    "GGV Lauwerland": "Thuiszorg Lauwerland",
    "Thuiszorg Lauwerland (GGV)": "Thuiszorg Lauwerland",
    "De Hoven": "Woonstichting De Hoven",
    "Gemeentelijke Kredietbank": "Kredietbank",
}
UNRESOLVED = "Stichting Buurtmaatjes"


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def avoiding(day: dt.date) -> bool:
    return any(a <= day <= b for a, b in AVOIDANCE)


def workday(day: dt.date) -> dt.date:
    """Professionals plan appointments on working days: skip weekends, Christmas and New Year."""
    while day.weekday() >= 5 or (day.month, day.day) in ((12, 25), (12, 26), (1, 1)):
        day += dt.timedelta(days=1)
    return day


# --- 1. The storyline -------------------------------------------------------------------------


@dataclass
class Entry:
    """One organisation's record of a moment, before it is written in that source's format."""

    source: str
    kind: str = ""
    who: object = ""
    text: str = ""
    extra: dict = field(default_factory=dict)
    on: dt.date | None = None  # the day the organisation recorded it (default: the event's day)
    date_text: str | None = None  # the date as written when not in the source's habit; "" = none
    dirty: str | None = None  # kind of deliberate dirt: missing_date, impossible_date, ...
    dup: str | None = None  # key shared by records of one real event in different sources
    after: str | None = None  # an artefact the export put after this row: "empty" or "repeat"
    routine: bool = False
    seq: int = 0


@dataclass
class Happening:
    day: dt.date
    summary: str
    entries: list[Entry]


def entry(source: str, kind: str, who, text: str, extra: dict | None = None, **kw) -> Entry:
    return Entry(source, kind, who, text, extra or {}, **kw)


def jgz(kind, who, text, staff="wijkverpleegkundige", **kw):
    return entry("jgz", kind, who, text, {"staff": staff}, **kw)


def zh(sheet, kind, who, text, staff="kinderarts", end=None, ward="Kindergeneeskunde", **kw):
    return entry(
        "ziekenhuis",
        kind,
        who,
        text,
        {"sheet": sheet, "staff": staff, "end": end, "ward": ward},
        **kw,
    )


def pol(kind, prio, who, text, unit="Basisteam Noorderhaven", **kw):
    return entry("politie", kind, who, text, {"prio": prio, "unit": unit}, **kw)


def ggz(text, **kw):
    return entry("ggz", "", "", text, **kw)


def amk(aard, melder, who, text, conclusie="", org=None, **kw):
    return entry(
        "amk", aard, who, text, {"melder": melder, "conclusie": conclusie, "org": org}, **kw
    )


def school(kind, who, text, by="groepsleerkracht", **kw):
    return entry("school", kind, who, text, {"by": by}, **kw)


def krb(org, text, **kw):
    return entry("kredietbank", "", "", text, {"org": org}, **kw)


def oggz(kind, melder, text, status="lopend", **kw):
    return entry("oggz", kind, "", text, {"melder": melder, "status": status}, **kw)


def gezin(kind, who, text, **kw):
    return entry("gezin", kind, who, text, **kw)


def note(org, who, text, **kw):
    return entry("notities", "", who, text, {"org": org}, **kw)


def storyline() -> list[Happening]:
    """The true events, 2001-2019, each with the records the organisations made of it."""
    story: list[Happening] = []

    def h(day: dt.date, summary: str, *entries: Entry) -> None:
        for e in entries:
            e.on = e.on or day
        story.append(Happening(day, summary, list(entries)))

    # 2001 -- Jesse is born; the consultatiebureau and the paediatrician see him fail to grow.
    h(
        d(2001, 2, 17),
        "Jesse wordt te vroeg geboren",
        gezin(
            "Geboorte",
            "Jesse, Sanne, Dennis",
            "Geboorte Jesse, zoon van Sanne en Dennis; 34 weken, 2100 gram.",
        ),
        zh(
            "Opnames",
            "Opname",
            "J. Veldhoen",
            "Prematuur (34 wk), voedingsproblemen. Moeder kwetsbaar: onder behandeling bij GGZ, "
            "vader weinig aanwezig. Kraamzorg thuis geregeld.",
            end=d(2001, 3, 6),
            ward="Neonatologie",
        ),
    )
    h(
        d(2001, 3, 14),
        "Eerste huisbezoek consultatiebureau",
        jgz(
            "Huisbezoek",
            "Jesse, Sanne",
            "Eerste huisbezoek. Sanne (21) maakt een onzekere indruk, weinig steun uit familie. "
            "Dennis werkt wisselende diensten. Sanne vertelt dat ze bij GGZ Wadland loopt. "
            "Afgesproken: extra contactmoment over twee weken.",
        ),
    )
    h(
        d(2001, 3, 20),
        "Sanne somber na de bevalling",
        ggz(
            "Na de bevalling is de somberheid toegenomen. Sanne slaapt slecht en huilt veel.\n"
            "Psychiater ingeschakeld, medicatie gestart. Dennis komt niet mee naar gesprek.",
            date_text="maart 2001",
        ),
    )
    h(
        d(2001, 4, 20),
        "Kinderbijslag in het budgetplan",
        krb(
            "Kredietbank",
            "Na geboorte Jesse kinderbijslag toegevoegd aan budgetplan. "
            "Leefgeld verhoogd naar € 95 per week.",
        ),
    )
    h(
        d(2001, 6, 5),
        "Burenmelding: ruzie Sanne en Dennis",
        pol(
            "Ruzie/twist",
            "laag",
            ["Sanne Veldhoen", "Dennis Kloosterman", "Jesse Veldhoen"],
            "Melding buren: luide ruzie in woning Oosterkwartier. Bij aankomst rustig. "
            "Betrokkenen verklaren woordenwisseling over geld. Baby aanwezig, sliep.",
        ),
    )
    h(
        d(2001, 9, 12),
        "Jesse groeit slecht",
        jgz(
            "Zorgsignaal",
            "Jesse",
            "Groeicurve buigt af: gewicht van P25 naar P3. Sanne geeft flesvoeding onregelmatig, "
            "'hij wil niet'. Verwezen naar kinderarts Ziekenhuis Noorderhaven.",
            staff="consultatiebureauarts",
        ),
    )
    h(
        d(2001, 10, 2),
        "Kinderarts: geen medische oorzaak",
        zh(
            "Poli",
            "Polibezoek",
            "J. Veldhoen",
            "Verwezen door CB wegens afbuigende groei. Lichamelijk onderzoek zonder afwijkingen. "
            "Voedingsdagboek meegegeven.",
        ),
    )
    h(
        d(2001, 10, 23),
        "No-show kinderarts",
        zh(
            "Poli",
            "Niet verschenen",
            "J. Veldhoen",
            "Controle groei; niet verschenen, geen bericht.",
        ),
    )
    h(
        d(2001, 11, 6),
        "Observatieopname Jesse",
        zh(
            "Opnames",
            "Opname",
            "J. Veldhoen",
            "Observatieopname wegens afbuigende groei. Op de afdeling goede groei bij normale "
            "voeding. Conclusie: voedingsprobleem in de thuissituatie, eerder pedagogisch dan "
            "medisch. Brief aan huisarts en consultatiebureau.",
            end=d(2001, 11, 12),
        ),
    )
    h(
        d(2001, 11, 20),
        "Huisarts krijgt brief kinderarts",
        note(
            "Huisarts",
            "Jesse",
            "Brief kinderarts ontvangen: groeiprobleem Jesse lijkt pedagogisch. Sanne ziet dat "
            "niet zo. Afgesproken dat het consultatiebureau de groei volgt.",
        ),
    )

    # 2002 -- first round of home help, broken off; Dennis hits Sanne.
    h(
        d(2002, 1, 14),
        "Start gezinsverzorging (eerste keer)",
        note(
            "Thuiszorg Lauwerland",
            "mw. Veldhoen",
            "Start gespecialiseerde gezinsverzorging (GGV), twee keer per week, op verwijzing "
            "van het consultatiebureau. Doel: dagstructuur en voeding Jesse.",
        ),
    )
    h(
        d(2002, 2, 15),
        "Sanne komt minder bij de GGZ",
        ggz(
            "Sanne komt minder op afspraken. Zegt dat de thuiszorg genoeg is.",
            date_text="begin 2002",
        ),
    )
    h(
        d(2002, 6, 17),
        "Sanne zegt de gezinsverzorging op",
        note(
            "GGV Lauwerland",
            "mw. Veldhoen",
            "Sanne zegt de gezinsverzorging op: 'ik wil geen pottenkijkers'. Hulp beëindigd, "
            "consultatiebureau per brief geïnformeerd.",
        ),
    )
    h(
        d(2002, 6, 28),
        "GGZ sluit af op verzoek van Sanne",
        ggz(
            "Behandeling afgesloten op verzoek van Sanne. Huisarts geïnformeerd.\n"
            "Geen contact gehad met consultatiebureau of gezinsverzorging."
        ),
    )
    h(
        d(2002, 8, 24),
        "Dennis slaat Sanne, Jesse aanwezig",
        pol(
            "Huiselijk geweld",
            "hoog",
            ["Sanne Veldhoen", "Dennis Kloosterman", "Jesse Veldhoen"],
            "Melding Sanne Veldhoen: partner Dennis Kloosterman heeft haar geslagen tijdens ruzie. "
            "Zichtbare zwelling linkerwang. Kind (1 jr) aanwezig in woning. Geen aangifte. "
            "Geen zorgmelding opgemaakt.",
        ),
    )
    h(
        d(2002, 9, 10),
        "Consult: Sanne vertelt over de ruzie",
        jgz(
            "Consult",
            "Jesse, Sanne",
            "Sanne vertelt over ruzie met Dennis, 'het is weer goed'. Jesse loopt nog niet "
            "(19 mnd), zegt geen woordjes. Fysiotherapie besproken, Sanne twijfelt.",
            staff="consultatiebureauarts",
        ),
    )
    h(
        d(2002, 11, 12),
        "Kinderarts: ontwikkelingsachterstand Jesse",
        zh(
            "Poli",
            "Polibezoek",
            "J. Veldhoen",
            "Algehele ontwikkelingsachterstand. Geen syndromale kenmerken. Verwezen naar MEE en "
            "kinderdagcentrum. Groei nu P10.",
        ),
    )
    h(
        d(2002, 12, 5),
        "Aanmelding MEE",
        note(
            "MEE",
            "Jesse",
            "Aanmelding via kinderarts: Jesse (21 mnd) heeft een ontwikkelingsachterstand. "
            "Intake gepland in januari.",
        ),
    )

    # 2003 -- Dennis leaves; MEE, De Vlinder and the Raad (access arrangement) come in.
    h(
        d(2003, 1, 16),
        "Intake MEE",
        note(
            "MEE",
            "mw. Veldhoen",
            "Intakegesprek thuis. Sanne wil hulp voor Jesse, niet voor zichzelf. MEE vraagt "
            "dagbehandeling aan bij De Vlinder.",
        ),
    )
    h(
        d(2003, 3, 15),
        "Dennis vertrekt",
        gezin(
            "Relatie beëindigd",
            "Sanne, Dennis, Jesse",
            "Dennis vertrekt uit de woning; Sanne blijft met Jesse achter.",
        ),
    )
    h(
        d(2003, 3, 20),
        "Budgetplan zonder Dennis",
        krb(
            "Kredietbank",
            "Dennis uit budgetplan gehaald; inkomen nu alleen bijstand Sanne. "
            "Huurachterstand twee maanden.",
        ),
    )
    h(
        d(2003, 4, 7),
        "Jesse start bij De Vlinder",
        note(
            "Kinderdagcentrum De Vlinder",
            "Jesse",
            "Jesse start drie dagdelen per week. Taxi haalt op. Jesse is stil en eet gulzig.",
        ),
    )
    h(
        d(2003, 6, 23),
        "Raad: onderzoek omgangsregeling",
        note(
            "Raad voor de Kinderbescherming",
            "Jesse, D. Kloosterman",
            "Verzoek rechtbank: advies over omgangsregeling Jesse op verzoek van vader. "
            "Onderzoek gestart.",
        ),
    )
    h(
        d(2003, 11, 18),
        "Blauwe plek bij Jesse op De Vlinder",
        note(
            "Kinderdagcentrum De Vlinder",
            "Jesse",
            "Jesse komt regelmatig niet; moeder belt niet af. Vandaag blauwe plek op linkerwang, "
            "moeder: 'gevallen tegen de tafel'.",
        ),
    )
    h(
        d(2003, 11, 25),
        "CB en De Vlinder overleggen",
        jgz(
            "Overleg",
            "Jesse",
            "Telefonisch overleg met De Vlinder over blauwe plek en verzuim. Afgesproken: "
            "afwachten, CB let op bij volgend consult.",
        ),
    )
    h(
        d(2003, 12, 8),
        "Raad adviseert; geen beschermingsonderzoek",
        note(
            "Raad voor de Kinderbescherming",
            "Jesse, mw. Veldhoen, D. Kloosterman",
            "Gesprekken met moeder en vader. Vader wil omgang, moeder vreest geweld. Advies: "
            "begeleide omgang. Zorgen over opvoeding gezien, geen aanleiding voor "
            "beschermingsonderzoek.",
        ),
    )

    h(
        d(2003, 5, 10),
        "Dennis staat aan de deur voor Jesse",
        pol(
            "Ruzie/twist",
            "middel",
            ["Dennis Kloosterman", "Sanne Veldhoen"],
            "Melding Sanne Veldhoen: ex-partner Dennis Kloosterman bonkt op de deur en eist Jesse "
            "te zien. Bij aankomst vertrokken. Geadviseerd omgang via de rechter te regelen.",
        ),
    )
    h(
        d(2003, 5, 20),
        "Controle ontwikkeling Jesse",
        zh(
            "Poli",
            "Polibezoek",
            "J. Veldhoen",
            "Controle ontwikkeling: Jesse zegt enkele woordjes, loopt sinds kort. Start bij "
            "De Vlinder positief. Over een jaar terug.",
        ),
    )
    # 2004 -- grandmother reports to the AMK; investigation, conditions, closed. Lotte is born.
    h(
        d(2004, 2, 9),
        "Oma meldt bij het AMK",
        amk(
            "Melding",
            "grootmoeder (moeder van Sanne)",
            "Jesse",
            "Grootmoeder maakt zich zorgen: Jesse heeft regelmatig blauwe plekken, huis is "
            "vervuild, Sanne is zwanger en 'kan het niet aan'.",
            "Melding aangenomen; onderzoek.",
        ),
    )
    h(
        d(2004, 2, 11),
        "AMK vraagt informatie bij CB",
        jgz(
            "Telefonisch",
            "Jesse",
            "AMK belt: melding ontvangen over Jesse. Informatie gegeven over groei en gemiste "
            "afspraken. Niet gevraagd naar de blauwe plek van november.",
        ),
    )
    h(
        d(2004, 2, 16),
        "AMK start onderzoek",
        amk(
            "Onderzoek",
            "",
            "Jesse",
            "Onderzoek gestart. Informatie opgevraagd bij CB, De Vlinder, huisarts en MEE.",
            org="Advies- en Meldpunt Kindermishandeling",
        ),
    )
    h(
        d(2004, 3, 2),
        "AMK op huisbezoek",
        amk(
            "Onderzoek",
            "",
            "Jesse, Sanne",
            "Huisbezoek: woning rommelig maar niet vervuild. Sanne (20 weken zwanger) erkent dat "
            "ze het zwaar heeft. Jesse schrikachtig; blauwe plekken op bovenarm, volgens Sanne "
            "van stoeien.",
        ),
    )
    h(
        d(2004, 3, 10),
        "MEE informeert het AMK",
        note(
            "MEE",
            "mw. Veldhoen",
            "AMK vraagt informatie. Gedeeld dat Sanne hulp vaak afhoudt en afspraken vergeet.",
        ),
    )
    h(
        d(2004, 4, 19),
        "AMK overweegt raadsmelding (1)",
        amk(
            "Overweging Raad",
            "",
            "Jesse",
            "Collegiale consultatie: verzoek tot onderzoek bij de Raad overwogen.",
            "Niet gedaan: eerst vrijwillig kader, moeder stemt in met hulp.",
            org="A.M.K.",
        ),
    )
    h(
        d(2004, 4, 26),
        "AMK: voorwaarden vrijwillig kader",
        amk(
            "Conclusie",
            "",
            "Jesse",
            "Conclusie onderzoek: verwaarlozing aannemelijk.",
            "Voorwaarden: gezinsverzorging hervat, MEE coördineert, CB extra contactmomenten. "
            "Rappel over drie maanden.",
        ),
    )
    h(
        d(2004, 5, 3),
        "Gezinsverzorging opnieuw gestart",
        note(
            "Thuiszorg Lauwerland (GGV)",
            "mw. Veldhoen",
            "GGV opnieuw gestart op voorwaarde van het AMK, drie ochtenden per week.",
        ),
    )
    h(
        d(2004, 9, 23),
        "Lotte wordt geboren",
        gezin(
            "Geboorte", "Lotte, Sanne", "Geboorte Lotte. Vader (kortdurende relatie) niet in beeld."
        ),
    )
    h(
        d(2004, 10, 5),
        "Kraamhuisbezoek Lotte",
        jgz(
            "Huisbezoek",
            "Lotte, Jesse",
            "Huisbezoek na geboorte Lotte. Sanne moe, woning vol was. Jesse zit voor de tv. "
            "GGV komt drie keer per week.",
        ),
    )
    h(
        d(2004, 10, 12),
        "AMK-rappel",
        amk(
            "Rappel",
            "",
            "Jesse, Lotte",
            "Rappel: GGV loopt, MEE betrokken. CB: twee afspraken gemist.",
            "Geen contact met Sanne zelf gehad.",
        ),
    )
    h(
        d(2004, 10, 20),
        "AMK sluit af",
        amk(
            "Afsluiting",
            "",
            "Jesse, Lotte",
            "Dossier gesloten.",
            "Zorg belegd in vrijwillig kader (GGV, MEE, CB).",
        ),
    )
    h(
        d(2004, 6, 15),
        "Controle ontwikkeling Jesse",
        zh(
            "Poli",
            "Polibezoek",
            "J. Veldhoen",
            "Controle: ontwikkelingsachterstand blijft, vermoedelijk verstandelijke beperking. "
            "Advies zmlk-onderwijs. Moeder hoogzwanger, weinig vragen.",
        ),
    )
    h(
        d(2004, 7, 3),
        "Feest en herrie",
        pol(
            "Overlast",
            "laag",
            ["Sanne Veldhoen"],
            "Geluidsoverlast na middernacht, feest in woning. Bewoonster Sanne Veldhoen "
            "aangesproken; muziek uit. Peuter wakker in de woonkamer.",
        ),
    )
    h(
        d(2004, 11, 15),
        "Ontruiming aangezegd en ingetrokken",
        krb(
            "Woonstichting De Hoven",
            "Aanzegging ontruiming wegens huurachterstand van vier maanden; ingetrokken na "
            "betalingsregeling via Kredietbank.",
        ),
        note(
            "De Hoven",
            "S. Veldhoen",
            "Aanzegging ontruiming verstuurd (huurachterstand vier maanden). Na regeling met "
            "Kredietbank ingetrokken.",
            on=d(2004, 11, 12),
        ),
    )

    # 2005 -- help broken off again, nuisance, first case conference.
    h(
        d(2005, 1, 24),
        "Sanne stopt weer met de gezinsverzorging",
        note(
            "Thuiszorg Lauwerland",
            "mw. Veldhoen",
            "Sanne stopt opnieuw met GGV: 'ze bemoeien zich overal mee'. Afgesloten, "
            "MEE geïnformeerd.",
        ),
    )
    h(
        d(2005, 6, 2),
        "Overlast en vervuiling",
        note(
            "Woonstichting De Hoven",
            "S. Veldhoen",
            "Klachten buren over geluidsoverlast en stank uit de woning. Huisbezoek: veel afval "
            "op het balkon. Gesprek met Sanne, schoonmaakafspraak gemaakt.",
        ),
    )
    h(
        d(2005, 6, 20),
        "Politie bij burenruzie",
        pol(
            "Overlast",
            "laag",
            ["Sanne Veldhoen"],
            "Burenruzie over afval op balkon. Partijen gesproken. Woonstichting De Hoven "
            "geïnformeerd.",
        ),
    )
    h(
        d(2005, 9, 1),
        "Verhuizing binnen het Oosterkwartier",
        gezin(
            "Verhuizing",
            "Sanne, Jesse, Lotte",
            "Verhuizing naar een andere flat van De Hoven in het Oosterkwartier, na "
            "overlastklachten.",
        ),
    )
    h(
        d(2005, 9, 27),
        "No-show controle Jesse",
        zh("Poli", "Niet verschenen", "J. Veldhoen", "Controle ontwikkeling; niet verschenen."),
    )
    h(
        d(2005, 7, 4),
        "UWV-traject",
        note(
            "UWV",
            "S. Veldhoen",
            "Re-integratietraject gestart: werkervaringsplaats in kringloopwinkel, 16 uur.",
        ),
    )
    h(
        d(2005, 11, 15),
        "Zorgoverleg bij MEE (1)",
        note(
            "MEE",
            "mw. Veldhoen, Jesse, Lotte",
            "Zorgoverleg met GGV, CB, De Vlinder en De Hoven. Afspraken: MEE coördineert, Sanne "
            "wordt aangemeld bij de GGZ, CB doet binnen vier weken huisbezoek. Wie controleert "
            "is niet vastgelegd.",
        ),
        jgz(
            "Overleg",
            "Jesse, Lotte",
            "Zorgoverleg bij MEE. Afspraak: CB doet huisbezoek binnen vier weken.",
        ),
    )
    h(
        d(2005, 12, 13),
        "Deur blijft dicht voor het CB",
        jgz(
            "Niet thuis",
            "Lotte",
            "Huisbezoek: niet opengedaan, wel geluid in huis. Kaartje achtergelaten.",
        ),
    )

    # 2006 -- Milan is born; Bureau Jeugdzorg; Jesse to De Kompasschool; the peak begins.
    h(
        d(2006, 2, 13),
        "UWV-traject beëindigd",
        note(
            "UWV",
            "S. Veldhoen",
            "Traject beëindigd: Sanne is sinds december niet meer op de werkplek verschenen.",
        ),
    )
    h(
        d(2006, 2, 28),
        "Lotte valt af",
        jgz(
            "Huisbezoek",
            "Lotte",
            "Huisbezoek: gewicht Lotte gedaald (P10 naar P3). Sanne zegt dat Lotte slecht eet. "
            "Terugkomen over twee weken.",
            date_text="31-02-2006",
            dirty="impossible_date",
        ),
    )
    h(
        d(2006, 5, 16),
        "Controle ontwikkeling Jesse",
        zh(
            "Poli",
            "Polibezoek",
            "J. Veldhoen",
            "Controle na gemiste afspraak. Jesse (5) geschikt voor zmlk-school. Gewicht P3. "
            "Afgesloten bij kinderarts; terugverwezen naar huisarts.",
        ),
    )
    h(
        d(2006, 6, 30),
        "Milan wordt geboren",
        gezin("Geboorte", "Milan, Sanne", "Geboorte Milan. Vader niet in beeld."),
    )
    h(
        d(2006, 7, 10),
        "Gezinsverzorging voor de derde keer",
        note(
            "Thuiszorg Lauwerland",
            "mw. Veldhoen",
            "GGV voor de derde keer gestart, nu op verzoek van Sanne zelf na de geboorte van "
            "Milan. Twee ochtenden per week.",
        ),
    )
    h(
        d(2006, 8, 21),
        "Jesse naar De Kompasschool",
        school(
            "Inschrijving",
            "Jesse Veldhoen",
            "Jesse (5) ingeschreven in de onderbouw. Overdracht van De Vlinder ontvangen: "
            "taal en motoriek ver achter.",
            by="directeur",
        ),
    )
    h(
        d(2006, 9, 19),
        "Zorgmelding CB bij Bureau Jeugdzorg",
        jgz(
            "Zorgmelding",
            "Lotte, Milan, Jesse",
            "Zorgmelding bij Bureau Jeugdzorg: Lotte drie consulten gemist, Milan nog niet "
            "gezien op het CB, Sanne somber en overbelast.",
        ),
    )
    h(
        d(2006, 10, 2),
        "Bureau Jeugdzorg: intake",
        note(
            "Bureau Jeugdzorg",
            "mw. Veldhoen",
            "Aanmelding via CB (zorgmelding): drie jonge kinderen, moeder overbelast, eerdere "
            "AMK-melding in 2004. Intake vrijwillige hulp gepland.",
        ),
    )
    h(
        d(2006, 10, 26),
        "Kennismaking wijkagent",
        pol(
            "Contact wijkagent",
            "laag",
            ["Sanne Veldhoen"],
            "Kennismaking wijkagent na klachten van De Hoven. Sanne vriendelijk, huis chaotisch, "
            "drie kleine kinderen.",
            unit="Wijkagent Oosterkwartier",
        ),
    )
    h(
        d(2006, 11, 9),
        "Kennismakingsgesprek school",
        school(
            "Gesprek ouders",
            "Jesse Veldhoen",
            "Kennismakingsgesprek. Sanne komt met Milan (baby) op schoot. Jesse praat weinig.",
            by="intern begeleider",
        ),
    )

    # 2007 -- Jesse's fracture, Lotte's weight loss, raadsmelding considered, case conference.
    h(
        d(2007, 1, 22),
        "Gezinsplan Bureau Jeugdzorg",
        note(
            "BJZ",
            "mw. Veldhoen",
            "Gezinsplan opgesteld: opvoedondersteuning, GGV, aanmelding GGZ voor moeder. "
            "Sanne tekent.",
        ),
    )
    h(
        d(2007, 3, 18),
        "Jesse breekt zijn arm",
        zh(
            "Poli",
            "SEH letsel",
            "J. Veldhoen",
            "Jesse (6) met moeder op SEH: fractuur onderarm links. Volgens moeder van de trap "
            "gevallen. SPUTOVAMO-screening niet volledig ingevuld.",
            staff="arts SEH",
            ward="SEH",
            dup="fracture_2007",
        ),
        school(
            "Zorgsignaal",
            "Jesse Veldhoen",
            "Jesse komt met gips aan zijn linkerarm. Moeder: van de trap gevallen. Jesse zegt "
            "er zelf niets over. Intern besproken.",
            on=d(2007, 3, 19),
            dup="fracture_2007",
        ),
    )
    h(
        d(2007, 4, 16),
        "CB hoort van de fractuur",
        jgz(
            "Consult",
            "Jesse",
            "Fractuur onderarm Jesse bekend via school. Sanne: 'hij is zo onhandig'. Geen "
            "verdere vragen gesteld.",
            staff="jeugdarts GGD",
        ),
    )
    h(
        d(2007, 5, 12),
        "Burenklacht over de kinderen",
        pol(
            "Overlast",
            "laag",
            ["Sanne Veldhoen"],
            "Burenklacht: kinderen 's avonds laat buiten, geschreeuw. Wijkagent spreekt Sanne aan.",
            unit="Wijkagent Oosterkwartier",
        ),
    )
    h(
        d(2007, 6, 11),
        "Opname Lotte wegens gewichtsverlies",
        zh(
            "Opnames",
            "Opname",
            "L. Veldhoen",
            "Lotte (2,5 jr) 1,5 kg afgevallen in drie maanden. Op de afdeling goede "
            "gewichtstoename. Probleem is niet medisch maar pedagogisch. Brief aan huisarts, "
            "CB en BJZ.",
            end=d(2007, 6, 19),
        ),
    )
    h(
        d(2007, 6, 25),
        "CB: gewichtsverlies Lotte",
        jgz(
            "Zorgsignaal",
            "Lotte",
            "Lotte opgenomen geweest wegens gewichtsverlies. Sanne zegt dat Lotte thuis 'niets "
            "lust'. Brief kinderarts ontvangen; afgesproken maandelijks wegen.",
            staff="consultatiebureauarts",
        ),
    )
    h(
        d(2007, 8, 14),
        "Controle gewicht Lotte",
        zh(
            "Poli",
            "Polibezoek",
            "L. Veldhoen",
            "Controle na opname: gewicht weer gedaald. Moeder zegt dat Lotte 'moeilijk eet'. "
            "Nogmaals gewezen op pedagogische aanpak; brief aan BJZ.",
        ),
    )
    h(
        d(2007, 11, 6),
        "No-show controle Lotte",
        zh("Poli", "Niet verschenen", "L. Veldhoen", "Controle gewicht; niet verschenen."),
    )
    h(
        d(2007, 9, 3),
        "Lotte naar De Vlinder",
        note(
            "Kinderdagcentrum De Vlinder",
            "Lotte",
            "Lotte (3) start twee dagen per week. Spraak beperkt, schrikt van harde geluiden.",
        ),
    )
    h(
        d(2007, 10, 15),
        "BJZ overweegt raadsmelding (2)",
        note(
            "Bureau Jeugdzorg",
            "Jesse, Lotte, Milan",
            "MDO: raadsmelding overwogen vanwege gewichtsverlies Lotte, fractuur Jesse en "
            "zorgmijding. Besloten van niet: moeder werkt mee aan het gezinsplan.",
        ),
    )
    h(
        d(2007, 11, 20),
        "Zorgconferentie Bureau Jeugdzorg (2)",
        note(
            "Bureau Jeugdzorg",
            "mw. Veldhoen, Jesse, Lotte, Milan",
            "Zorgconferentie met CB, GGV, De Vlinder, De Kompasschool, MEE; kinderarts "
            "schriftelijk. Afspraken: BJZ meldt Sanne aan bij GGZ, GGV wekelijks, school meldt "
            "verzuim. Evaluatie over drie maanden.",
            dup="conference_2007",
        ),
        school(
            "ZAT-overleg",
            "Jesse Veldhoen",
            "Zorgconferentie bij Bureau Jeugdzorg bijgewoond. School meldt verzuim van Jesse "
            "voortaan aan BJZ.",
            by="intern begeleider",
            dup="conference_2007",
        ),
    )
    h(
        d(2007, 12, 17),
        "Gezinsverzorging stopt weer",
        note(
            "Thuiszorg Lauwerland",
            "mw. Veldhoen",
            "GGV beëindigd: Sanne was bij vijf van de laatste acht afspraken niet thuis.",
        ),
    )

    # 2008 -- GGZ Wadland intensive; sexual behaviour Jesse; OGGZ report; BJZ closes.
    h(
        d(2008, 2, 25),
        "Evaluatie zorgconferentie gaat niet door",
        note(
            "BJZ",
            "mw. Veldhoen",
            "Evaluatie zorgconferentie verschoven: niet alle partijen beschikbaar. Nieuwe datum "
            "volgt.",
        ),
    )
    h(
        d(2008, 3, 12),
        "Intake GGZ Wadland",
        ggz(
            "Intake na aanmelding door BJZ. Sanne (28) somber, weinig energie, drie kinderen "
            "thuis.\nAfgesproken: ambulant verpleegkundige komt eens per twee weken op huisbezoek."
        ),
    )
    h(
        d(2008, 5, 20),
        "Tweede aanzegging ontruiming",
        note(
            "De Hoven",
            "S. Veldhoen",
            "Tweede aanzegging ontruiming wegens vervuiling en achterstand. Schoonmaakplicht "
            "opgelegd, controle over zes weken.",
        ),
    )
    h(
        d(2008, 3, 11),
        "Controle gewicht Lotte",
        zh(
            "Poli",
            "Polibezoek",
            "L. Veldhoen",
            "Gewicht P10, stabiel. Lotte gaat naar De Vlinder. Controle over een half jaar; "
            "moeder wil dat niet.",
        ),
    )
    h(
        d(2008, 5, 6),
        "Moeder belt het CB",
        jgz(
            "Telefonisch",
            "Milan",
            "Sanne belt: Milan valt veel en heeft 'overal bulten'. Advies gegeven; geen afspraak "
            "gemaakt om Milan te zien.",
        ),
    )
    h(
        d(2008, 6, 3),
        "Jesse: seksueel grensoverschrijdend gedrag",
        school(
            "Zorgsignaal",
            "Jesse Veldhoen",
            "Jesse vertoont seksueel grensoverschrijdend gedrag naar een klasgenoot. Moeder "
            "gebeld. Overleg met zedenpolitie.",
            by="intern begeleider",
            dup="sexual_2008",
        ),
        pol(
            "Zeden",
            "middel",
            ["Jesse Veldhoen", "Sanne Veldhoen"],
            "Melding De Kompasschool: leerling Jesse Veldhoen (7) seksueel getint gedrag naar "
            "klasgenoot. Geen strafbaar feit vastgesteld. Geen vervolg.",
            unit="Zedenpolitie",
            on=d(2008, 6, 4),
            dup="sexual_2008",
        ),
    )
    h(
        d(2008, 9, 15),
        "Sanne zegt GGZ-afspraken af",
        ggz("Sanne zegt afspraken af, 'te druk met de kinderen'.", date_text="september 2008"),
    )
    h(
        d(2008, 9, 22),
        "Energieschuld",
        krb("Kredietbank", "Energieschuld € 1.240; afsluiting dreigt. Noodfonds aangevraagd."),
    )
    h(
        d(2008, 10, 6),
        "OGGZ-melding door De Hoven (1)",
        oggz(
            "Melding",
            "Woonstichting De Hoven",
            "Melding vervuiling en overlast: woning stinkt, ongedierte. Verzoek om bemoeizorg.",
        ),
    )
    h(
        d(2008, 10, 14),
        "OGGZ: deur blijft dicht",
        oggz("Geen gehoor", "", "Huisbezoek samen met wijkagent. Niet opengedaan."),
    )
    h(
        d(2008, 10, 28),
        "OGGZ binnen",
        oggz(
            "Huisbezoek",
            "",
            "Tweede poging, Sanne laat ons binnen. Woning vervuild; Lotte en Milan in luier op "
            "de bank. Sanne zegt dat GGZ en BJZ al komen.",
        ),
    )
    h(
        d(2008, 11, 10),
        "OGGZ stemt af met BJZ",
        oggz("Ketenoverleg", "", "Telefonisch afgestemd met BJZ: BJZ is betrokken."),
    )
    h(
        d(2008, 12, 15),
        "BJZ sluit af",
        note(
            "Bureau Jeugdzorg",
            "mw. Veldhoen",
            "Afsluiting: Sanne weer gemotiveerd, GGZ betrokken. Geen grond voor drang of "
            "dwang. Overdracht aan GGZ en MEE; evaluatie zorgconferentie niet gehouden.",
        ),
    )
    h(
        d(2009, 1, 12),
        "OGGZ sluit af",
        oggz(
            "Afsluiting", "", "Afgesloten: hulpverlening betrokken (BJZ, GGZ).", status="afgesloten"
        ),
    )

    # 2009-2010 -- quieter; MEE stops; Erwin under probation elsewhere; GGZ stops.
    h(
        d(2009, 3, 2),
        "Reclassering: toezicht Erwin (eerste keer)",
        note(
            "Reclassering Nederland",
            "E. Bosma",
            "Toezicht gestart: voorwaardelijke straf wegens mishandeling van stiefzoon uit "
            "eerdere relatie. Bijzondere voorwaarde: behandeling forensische polikliniek.",
        ),
    )
    h(
        d(2009, 5, 18),
        "Wijkagent vertrekt",
        pol(
            "Contact wijkagent",
            "laag",
            ["Sanne Veldhoen"],
            "Laatste contact: wijkagent vertrekt uit de wijk. Opvolger niet geïnformeerd over "
            "het gezin.",
            unit="Wijkagent Oosterkwartier",
        ),
    )
    h(
        d(2009, 7, 15),
        "Zomer zonder afspraken",
        ggz(
            "Sanne gaat met de kinderen naar een camping bij haar zus; afspraken vervallen.",
            date_text="zomer 2009",
        ),
    )
    h(
        d(2009, 12, 14),
        "MEE sluit af",
        note(
            "MEE",
            "mw. Veldhoen",
            "MEE sluit af: geen indicatie meer voor gezinsbrede ondersteuning. Coördinatie niet "
            "overgedragen.",
        ),
    )
    h(
        d(2010, 3, 8),
        "CJG: opvoedcursus",
        note(
            "CJG",
            "mw. Veldhoen, Milan",
            "Sanne vraagt opvoedondersteuning voor Milan (driftbuien). Cursus 'Positief "
            "opvoeden' aangeboden.",
        ),
    )
    h(
        d(2010, 5, 31),
        "Sanne stopt met de cursus",
        note(
            "CJG",
            "mw. Veldhoen",
            "Sanne na twee van de acht bijeenkomsten gestopt. Telefonisch niet bereikbaar.",
        ),
    )
    h(
        d(2010, 9, 18),
        "Burenruzie in Zuidwijk",
        pol(
            "Overlast",
            "laag",
            ["Sanne Veldhoen"],
            "Burenruzie over geluid en honden. Nieuwe bewoners (Veldhoen) sinds juli. "
            "Bemiddeling aangeboden.",
        ),
    )
    h(
        d(2010, 7, 1),
        "Verhuizing naar Zuidwijk",
        gezin(
            "Verhuizing",
            "Sanne, Jesse, Lotte, Milan",
            "Verhuizing naar een eengezinswoning van De Hoven in Zuidwijk.",
        ),
    )
    h(
        d(2010, 8, 23),
        "Lotte naar De Kompasschool",
        school(
            "Inschrijving",
            "Lotte Veldhoen",
            "Lotte (5) ingeschreven, overgekomen van De Vlinder.",
            by="directeur",
        ),
    )
    h(
        d(2010, 11, 22),
        "GGZ sluit af na no-shows",
        ggz(
            "Behandeling afgesloten wegens herhaald niet verschijnen (vier keer).\n"
            "Brief aan huisarts. De kinderen zijn in tweeënhalf jaar niet gezien."
        ),
    )

    # 2011 -- GGZ again; Erwin's first probation ends; Sanne meets Erwin.
    h(
        d(2011, 1, 17),
        "Huisarts verwijst opnieuw naar GGZ",
        note(
            "Huisarts",
            "mw. Veldhoen",
            "Sanne somber, slaapt slecht. Opnieuw verwezen naar Wadland GGZ.",
        ),
    )
    h(
        d(2011, 2, 10),
        "GGZ opnieuw gestart",
        ggz(
            "Opnieuw aangemeld door huisarts (somberheid, slaapproblemen). Intake bij ambulant "
            "verpleegkundige.",
            date_text="begin 2011",
        ),
    )
    h(
        d(2011, 2, 28),
        "Reclassering: toezicht Erwin beëindigd",
        note(
            "Reclassering Nederland",
            "E. Bosma",
            "Toezicht beëindigd. Behandeling bij forensische polikliniek niet afgerond "
            "(drie keer niet verschenen).",
            date_text="30-02-2011",
            dirty="impossible_date",
        ),
    )
    h(
        d(2011, 9, 15),
        "Sanne leert Erwin kennen",
        gezin("Nieuwe partner", "Sanne, Erwin", "Sanne leert Erwin Bosma kennen via internet."),
    )
    h(
        d(2011, 10, 18),
        "Sanne vertelt over Erwin",
        ggz(
            "Sanne vertelt over haar nieuwe vriend Erwin: 'hij is goed voor de kinderen'.\n"
            "Verpleegkundige vraagt niet door naar zijn achtergrond."
        ),
    )

    # 2012 -- Erwin moves in; AMK investigation and OGGZ report overlap without meeting.
    h(
        d(2012, 3, 1),
        "Erwin trekt in",
        gezin(
            "Partner komt inwonen",
            "Erwin, Sanne, Jesse, Lotte, Milan",
            "Erwin Bosma trekt in bij Sanne en de kinderen.",
        ),
    )
    h(
        d(2012, 3, 24),
        "Ruzie op straat",
        pol(
            "Ruzie/twist",
            "middel",
            ["Erwin Bosma", "Sanne Veldhoen"],
            "Melding voorbijganger: man en vrouw ruziën luid op straat, man duwt vrouw. "
            "Betrokkenen (Bosma, Veldhoen) verklaren 'gewoon een woordenwisseling'. Geen aangifte.",
        ),
    )
    h(
        d(2012, 3, 13),
        "GGZ ziet Erwin thuis",
        ggz(
            "Erwin woont nu bij Sanne in. Hij is bij het huisbezoek aanwezig en voert het "
            "woord.\nSanne stil. Kinderen op school."
        ),
    )
    h(
        d(2012, 4, 2),
        "Tante meldt bij het AMK",
        amk(
            "Melding",
            "zus van moeder",
            "Lotte, Milan, Jesse",
            "Tante maakt zich zorgen: nieuwe partner Erwin is eerder veroordeeld voor "
            "mishandeling van een kind. Lotte (7) zegt bang voor hem te zijn.",
            "Melding aangenomen; onderzoek.",
            org="Advies- en Meldpunt Kindermishandeling",
        ),
    )
    h(
        d(2012, 4, 10),
        "AMK start onderzoek",
        amk(
            "Onderzoek",
            "",
            "Lotte, Milan, Jesse",
            "Onderzoek gestart. Informanten: GGZ Wadland, De Kompasschool, GGD, huisarts. "
            "Reclassering en OGGZ niet bevraagd.",
        ),
    )
    h(
        d(2012, 5, 12),
        "Erwin duwt Sanne tegen de muur",
        pol(
            "Huiselijk geweld",
            "hoog",
            ["Sanne Veldhoen", "Erwin Bosma", "Lotte Veldhoen", "Milan Veldhoen", "Jesse Veldhoen"],
            "Melding buren: geschreeuw en gestommel. Ter plaatse: Sanne Veldhoen met rode plekken "
            "in de hals, verklaart dat partner Erwin Bosma haar tegen de muur duwde. Drie kinderen "
            "thuis. Bosma aangehouden, na verhoor heengezonden. Zorgmelding naar AMK.",
            dup="dv_2012",
        ),
        ggz(
            "Sanne belt: zaterdagavond ruzie met Erwin, hij duwde haar tegen de muur en de "
            "politie kwam.\nDe kinderen sliepen volgens haar. Sanne wil bij hem blijven.",
            on=d(2012, 5, 14),
            dup="dv_2012",
        ),
        amk(
            "Melding",
            "politie (zorgmelding)",
            "Lotte, Milan, Jesse",
            "Politiemelding huiselijk geweld van 12-05: partner duwde moeder tegen de muur, "
            "kinderen thuis.",
            "Toegevoegd aan lopend onderzoek.",
            on=d(2012, 5, 14),
            dup="dv_2012",
        ),
    )
    h(
        d(2012, 6, 4),
        "OGGZ-melding door De Hoven (2)",
        oggz(
            "Melding",
            "Woonstichting De Hoven",
            "Melding overlast: harde ruzies, agressieve man spreekt buren aan, tuin vol afval.",
        ),
    )
    h(
        d(2012, 6, 12),
        "OGGZ: geen gehoor",
        oggz("Geen gehoor", "", "Huisbezoek: niemand doet open."),
    )
    h(
        d(2012, 6, 18),
        "Reclassering: nieuw toezicht Erwin",
        note(
            "Reclassering Nederland",
            "dhr. Bosma",
            "Nieuw toezicht na veroordeling voor mishandeling van zijn broer en diens partner. "
            "Woont bij partner met drie kinderen; niet doorgegeven aan jeugdhulp.",
        ),
    )
    h(
        d(2012, 6, 20),
        "AMK op huisbezoek",
        amk(
            "Onderzoek",
            "",
            "Lotte, Milan, Jesse",
            "Huisbezoek: Erwin aanwezig, Sanne bevestigt het incident. Lotte op school gesproken: "
            "'Erwin schreeuwt veel'.",
        ),
    )
    h(
        d(2012, 6, 26),
        "OGGZ: Erwin houdt de deur dicht",
        oggz(
            "Weigering",
            "",
            "Erwin doet open, laat ons niet binnen: 'we hebben al hulp genoeg'. Sanne op de "
            "achtergrond, mager.",
        ),
    )
    h(
        d(2012, 7, 9),
        "OGGZ vraagt na bij GGZ, niet bij AMK",
        oggz(
            "Ketenoverleg",
            "",
            "Navraag bij GGZ Wadland: Sanne in begeleiding. Niet bekend dat het AMK onderzoek "
            "doet.",
        ),
    )
    h(
        d(2012, 7, 16),
        "AMK overweegt raadsmelding (3)",
        amk(
            "Overweging Raad",
            "",
            "Lotte, Milan, Jesse",
            "Verzoek tot onderzoek bij de Raad overwogen.",
            "Niet gedaan: moeder en partner stemmen in met hulp via BJZ en behandeling partner.",
        ),
    )
    h(
        d(2012, 7, 23),
        "AMK: voorwaarden",
        amk(
            "Conclusie",
            "",
            "Lotte, Milan, Jesse",
            "Conclusie: huiselijk geweld en onveilige opvoedsituatie.",
            "Voorwaarden: partner start behandeling, gezinsbegeleiding via BJZ, gezinstherapie "
            "voordat partner alleen met de kinderen is. Rappel over drie maanden.",
        ),
    )
    h(
        d(2012, 8, 20),
        "BJZ opnieuw",
        note(
            "BJZ",
            "mw. Veldhoen, Lotte, Milan",
            "Overdracht van AMK ontvangen. Gezinsbegeleiding gestart, een keer per week.",
        ),
    )
    h(
        d(2012, 9, 3),
        "OGGZ sluit af",
        oggz(
            "Afsluiting",
            "",
            "Melding afgesloten: hulpverlening betrokken, geen bemoeizorg nodig.",
            status="afgesloten",
        ),
    )
    h(
        d(2012, 11, 26),
        "AMK-rappel: voorwaarden niet nagekomen",
        amk(
            "Rappel",
            "",
            "Lotte, Milan, Jesse",
            "Rappel: behandeling partner niet gestart, gezinstherapie niet gestart.",
            "BJZ: gezin houdt afspraken af.",
        ),
    )
    h(
        d(2013, 1, 14),
        "AMK sluit toch af",
        amk(
            "Afsluiting",
            "",
            "Lotte, Milan, Jesse",
            "Dossier afgesloten ondanks niet nagekomen voorwaarden.",
            "BJZ blijft betrokken. Geen verzoek tot onderzoek.",
            org="A.M.K.",
        ),
    )

    # 2013-2014 -- Noa is born; conditions never checked; GGZ stops; raadsmelding considered.
    h(
        d(2013, 5, 14),
        "Zorgoverleg CJG (3)",
        note(
            "CJG",
            "mw. Veldhoen, dhr. Bosma",
            "Zorgoverleg met BJZ, GGZ, school en GGD; reclassering niet uitgenodigd. Afspraak: "
            "gezinstherapie is voorwaarde voordat Erwin alleen met de kinderen is. Niet "
            "afgesproken wie dat controleert.",
        ),
    )
    h(
        d(2013, 9, 16),
        "Lotte zonder ontbijt",
        school(
            "Zorgsignaal",
            "Lotte Veldhoen",
            "Lotte komt vaak zonder ontbijt, kleding vies. Moeder gebeld, niet opgenomen.",
            by="groepsleerkracht",
        ),
    )
    h(
        d(2013, 9, 24),
        "Buurvrouw belt het AMK",
        amk(
            "Advies",
            "buurvrouw (anoniem)",
            "Lotte, Milan",
            "Buurvrouw belt over geschreeuw in huis en een mager kind; wil anoniem blijven.",
            "Behandeld als adviesvraag: buurvrouw zou een getuige vragen zelf te bellen. "
            "Niet nagevraagd of dat gebeurde.",
        ),
    )
    h(
        d(2013, 8, 17),
        "Erwin slaat een buurman",
        pol(
            "Mishandeling",
            "middel",
            ["Erwin Bosma"],
            "Erwin Bosma slaat buurman na ruzie over parkeerplaats. Aangifte door buurman. "
            "Reclassering geïnformeerd.",
        ),
    )
    h(
        d(2013, 10, 28),
        "Sanne zegt de GGZ op",
        ggz(
            "Sanne zegt de begeleiding op: 'Erwin helpt me nu'. Afgesloten.\n"
            "Geen overdracht aan BJZ.",
            date_text="eind 2013",
        ),
    )
    h(
        d(2013, 11, 5),
        "Noa wordt geboren",
        gezin("Geboorte", "Noa, Sanne, Erwin", "Geboorte Noa, dochter van Sanne en Erwin."),
    )
    h(
        d(2013, 11, 20),
        "Kraamhuisbezoek Noa",
        jgz(
            "Huisbezoek",
            "Noa, Sanne",
            "Huisbezoek na geboorte Noa. Erwin voert het woord, Sanne zegt weinig. Lotte en Milan "
            "niet thuis.",
        ),
    )
    h(
        d(2014, 2, 3),
        "Huisarts ziet blauwe plek bij Sanne",
        note(
            "Huisarts",
            "mw. Veldhoen",
            "Sanne met blauwe plek op jukbeen, 'deur tegengelopen'. Slaapmedicatie gevraagd. "
            "Niet doorgevraagd naar de thuissituatie.",
        ),
    )
    h(
        d(2014, 3, 18),
        "Noa groeit slecht",
        jgz(
            "Zorgsignaal",
            "Noa",
            "Noa groeit slecht: gewicht van P50 naar P3. Verwezen naar kinderarts.",
            staff="consultatiebureauarts",
        ),
    )
    h(
        d(2014, 4, 8),
        "No-show kinderarts Noa",
        zh("Poli", "Niet verschenen", "N. Bosma", "Eerste consult; niet verschenen."),
    )
    h(
        d(2014, 5, 1),
        "Voedselbank",
        krb("Voedselbank", "Intake: gezin met vier kinderen, wekelijks voedselpakket."),
    )
    h(
        d(2014, 5, 6),
        "No-show kinderarts Noa (2)",
        zh(
            "Poli",
            "Niet verschenen",
            "N. Bosma",
            "Tweede oproep; niet verschenen. Huisarts gebeld.",
        ),
    )
    h(
        d(2014, 5, 20),
        "Leerplicht: verzuim Lotte",
        school(
            "Melding leerplicht",
            "Lotte Veldhoen",
            "Melding leerplicht: Lotte veertien dagen afwezig in zes weken, steeds ziek gemeld "
            "door moeder.",
            by="intern begeleider",
            date_text="mei 2014",
        ),
    )
    h(
        d(2014, 5, 26),
        "Leerplicht spreekt moeder",
        note(
            "Leerplicht",
            "Lotte, mw. Veldhoen",
            "Gesprek met moeder over verzuim Lotte. Moeder belooft verbetering.",
        ),
    )
    h(
        d(2014, 6, 2),
        "Opname Noa",
        zh(
            "Opnames",
            "Opname",
            "N. Bosma",
            "Observatie wegens afbuigende groei. Op de afdeling goede groei. Zelfde patroon als "
            "bij Jesse (2001) en Lotte (2007). Brief aan huisarts en JGZ.",
            end=d(2014, 6, 10),
        ),
    )
    h(
        d(2014, 6, 30),
        "Reclassering: toezicht beëindigd",
        note(
            "Reclassering Nederland",
            "E. Bosma",
            "Toezicht beëindigd. Behandeling niet gevolgd. Geen contact gehad met jeugdhulp.",
        ),
    )
    h(
        d(2014, 6, 10),
        "ZAT over Lotte",
        school(
            "ZAT-overleg",
            "Lotte Veldhoen",
            "ZAT: Lotte besproken met GGD en leerplicht. Afspraak: GGD roept Lotte op, "
            "school houdt verzuim bij.",
            by="intern begeleider",
        ),
    )
    h(
        d(2014, 7, 15),
        "Controle Noa",
        zh(
            "Poli",
            "Polibezoek",
            "N. Bosma",
            "Controle na opname: gewicht stijgt langzaam. Erwin aanwezig, geïrriteerd over "
            "'al die afspraken'.",
        ),
    )
    h(
        d(2014, 8, 9),
        "Erwin gooit met spullen",
        pol(
            "Huiselijk geweld",
            "middel",
            ["Sanne Veldhoen", "Erwin Bosma", "Noa Bosma"],
            "Melding Sanne Veldhoen: partner gooit met spullen. Bij aankomst rustig, geen letsel "
            "zichtbaar. Baby aanwezig. Geen zorgmelding opgemaakt.",
        ),
    )
    h(
        d(2014, 10, 14),
        "No-show controle Noa",
        zh("Poli", "Niet verschenen", "N. Bosma", "Controle groei; niet verschenen."),
    )
    h(
        d(2014, 9, 15),
        "BJZ overweegt raadsmelding (4)",
        note(
            "BJZ",
            "Noa, Lotte, Milan",
            "MDO: raadsmelding overwogen (gewicht Noa, verzuim Lotte, partner met "
            "geweldsverleden). Niet gedaan: moeder stemt in met hulp via het wijkteam.",
        ),
    )
    h(
        d(2014, 12, 15),
        "BJZ sluit af (transitie)",
        note(
            "Bureau Jeugdzorg",
            "mw. Veldhoen",
            "Afsluiting in verband met transitie jeugdzorg. Overdracht aan Sociaal Wijkteam "
            "Noorderhaven; warme overdracht niet gelukt.",
        ),
    )

    # 2015-2016 -- the wijkteam on paper; Jesse to De Linde; violence again; debts.
    h(
        d(2015, 2, 9),
        "Wijkteam: gezin reageert niet",
        note(
            "Sociaal Wijkteam Noorderhaven",
            "mw. Veldhoen",
            "Overdracht BJZ ontvangen. Gezin reageert niet op twee brieven.",
        ),
    )
    h(
        d(2015, 4, 14),
        "Wijkteam: kennismaking",
        note(
            "Sociaal Wijkteam Noorderhaven",
            "mw. Veldhoen, dhr. Bosma",
            "Huisbezoek, kennismaking. Erwin: 'we redden ons'. Geen plan gemaakt.",
        ),
    )
    h(
        d(2015, 3, 10),
        "Noa afgesloten bij kinderarts",
        zh(
            "Poli",
            "Brief",
            "N. Bosma",
            "Na twee gemiste controles afgesloten. Brief aan huisarts en JGZ: groei Noa graag "
            "blijven volgen.",
        ),
    )
    h(
        d(2015, 6, 13),
        "Overlast in Zuidwijk",
        pol(
            "Overlast",
            "laag",
            ["Erwin Bosma"],
            "Klacht buren: Erwin Bosma scheldt buren uit en dreigt. Gesprek wijkagent.",
        ),
    )
    h(
        d(2015, 7, 11),
        "Milan met hoofdwond op de SEH",
        zh(
            "Poli",
            "SEH letsel",
            "M. Veldhoen",
            "Milan (9) met hoofdwond, volgens moeder van het stapelbed gevallen. Gehecht. "
            "Kindcheck: niet ingevuld.",
            staff="arts SEH",
            ward="SEH",
        ),
    )
    h(
        d(2015, 9, 1),
        "Jesse woont doordeweeks bij De Linde",
        gezin("Verhuizing", "Jesse", "Jesse gaat doordeweeks wonen bij Zorggroep De Linde."),
        note(
            "Zorggroep De Linde",
            "Jesse",
            "Jesse (14) woont doordeweeks op de woongroep. Weekenden en vakanties thuis.",
        ),
    )
    h(
        d(2016, 2, 6),
        "Erwin slaat Sanne; Lotte belt 112",
        pol(
            "Huiselijk geweld",
            "hoog",
            ["Sanne Veldhoen", "Erwin Bosma", "Lotte Veldhoen", "Milan Veldhoen", "Noa Bosma"],
            "Melding Lotte (11) via 112: stiefvader slaat moeder. Ter plaatse: Sanne Veldhoen met "
            "bloedneus, verklaart gevallen te zijn. Erwin Bosma aangehouden, volgende dag "
            "heengezonden. Kinderen aanwezig. Melding Veilig Thuis.",
            dup="dv_2016",
        ),
        amk(
            "Melding",
            "politie",
            "Lotte, Milan, Noa",
            "Politiemelding huiselijk geweld van 06-02: partner sloeg moeder, kinderen aanwezig.",
            "Triage: veiligheid voldoende geborgd met hulp wijkteam.",
            on=d(2016, 2, 8),
            dup="dv_2016",
        ),
    )
    h(
        d(2016, 2, 15),
        "Veilig Thuis draagt over aan wijkteam",
        amk(
            "Overdracht",
            "",
            "Lotte, Milan, Noa",
            "Overdracht aan Sociaal Wijkteam Noorderhaven.",
            "Geen onderzoek.",
        ),
    )
    h(
        d(2016, 2, 17),
        "Wijkteam hoort het van Veilig Thuis",
        note(
            "Sociaal Wijkteam Noorderhaven",
            "mw. Veldhoen",
            "Overdracht Veilig Thuis ontvangen. Telefonisch contact met Sanne: 'het was een "
            "ongelukje'. Huisbezoek gepland.",
        ),
    )
    h(
        d(2016, 3, 1),
        "Wijkteam: deur dicht",
        note(
            "Sociaal Wijkteam Noorderhaven",
            "mw. Veldhoen",
            "Huisbezoek: niet opengedaan. Briefje achtergelaten.",
        ),
    )
    h(
        d(2016, 4, 12),
        "Noa na maanden gezien",
        jgz(
            "Consult",
            "Noa",
            "Noa (2,5) eindelijk gezien na herhaalde oproepen. Gewicht P3, blauwe plek op het "
            "voorhoofd, volgens Erwin 'van de bank gevallen'. Erwin voert het woord.",
            staff="consultatiebureauarts",
        ),
    )
    h(
        d(2016, 3, 21),
        "Wijkteam vraagt JGZ",
        jgz(
            "Overleg",
            "Noa",
            "Wijkteam vraagt of JGZ Noa heeft gezien: laatste contact 2014. Afgesproken dat JGZ "
            "Noa oproept.",
        ),
    )
    h(
        d(2016, 5, 10),
        "Ontruimingsprocedure",
        note(
            "De Hoven",
            "S. Veldhoen, E. Bosma",
            "Huurachterstand drie maanden; procedure ontruiming gestart.",
        ),
        krb(
            "De Hoven",
            "Huurachterstand drie maanden gemeld; procedure ontruiming gestart.",
            on=d(2016, 5, 12),
        ),
    )
    h(
        d(2016, 6, 14),
        "Schuldsanering geweigerd",
        krb(
            "Schuldhulpverlening",
            "Schuldsanering (WSNP) aangeboden; Sanne en Erwin weigeren. "
            "Schuldenlast ruim € 17.000.",
        ),
    )
    h(
        d(2016, 10, 3),
        "Jesse over de weekenden",
        school(
            "Zorgsignaal",
            "Jesse Veldhoen",
            "Jesse vertelt dat hij in het weekend niet mag eten 'als Erwin boos is'. Genoteerd; "
            "De Linde niet gebeld.",
            by="groepsleerkracht",
            on=d(2016, 10, 4),
        ),
    )
    h(
        d(2016, 9, 12),
        "OGGZ-melding door de Voedselbank (3)",
        oggz(
            "Melding",
            "Voedselbank",
            "Voedselbank meldt: moeder sterk vermagerd, kinderen onverzorgd, gezin haalt pakket "
            "niet meer op.",
        ),
    )
    h(
        d(2016, 9, 19),
        "OGGZ: geen gehoor",
        oggz("Geen gehoor", "", "Huisbezoek: niet opengedaan, gordijnen dicht."),
    )
    h(
        d(2016, 10, 3),
        "OGGZ: telefonisch contact",
        oggz(
            "Telefonisch contact",
            "",
            "Sanne: 'alles gaat goed, het wijkteam komt'. Navraag wijkteam: betrokken.",
        ),
    )
    h(
        d(2016, 10, 10),
        "OGGZ sluit af",
        oggz("Afsluiting", "", "Afgesloten: wijkteam betrokken.", status="afgesloten"),
    )

    # 2017-2018 -- bruises and weight loss at school; advice, no report; the door stays shut.
    h(
        d(2017, 1, 20),
        "Erwin vertrekt na ruzie",
        pol(
            "Ruzie/twist",
            "middel",
            ["Erwin Bosma", "Sanne Veldhoen"],
            "Ruzie in woning, Erwin Bosma vertrekt op advies van de politie voor een paar dagen "
            "naar een vriend. Kinderen op bovenverdieping.",
            dup="partner_out_2017",
        ),
        gezin(
            "Relatie beëindigd",
            "Erwin, Sanne",
            "Erwin vertrekt na een ruzie tijdelijk naar een vriend.",
            on=d(2017, 1, 21),
            dup="partner_out_2017",
        ),
    )
    h(
        d(2017, 5, 1),
        "Erwin terug",
        gezin("Partner komt inwonen", "Erwin, Sanne", "Erwin woont weer bij Sanne en de kinderen."),
    )
    h(
        d(2017, 3, 13),
        "Blauwe plekken Lotte",
        school(
            "Zorgsignaal",
            "Lotte Veldhoen",
            "Lotte heeft blauwe plekken op beide bovenarmen. Zegt gevallen met de fiets. "
            "Intern begeleider belt Veilig Thuis voor advies.",
            by="intern begeleider",
        ),
    )
    h(
        d(2017, 3, 14),
        "Veilig Thuis geeft advies",
        amk(
            "Advies",
            "school (intern begeleider)",
            "Lotte",
            "Adviesvraag school over blauwe plekken Lotte.",
            "Advies: gesprek met moeder, signalen vastleggen, zo nodig melden. Geen melding.",
        ),
    )
    h(
        d(2017, 3, 20),
        "School spreekt moeder",
        school(
            "Gesprek ouders",
            "Lotte Veldhoen",
            "Gesprek met moeder: 'Lotte is onhandig'. Moeder wil geen hulp via school.",
            by="intern begeleider",
        ),
    )
    h(
        d(2017, 10, 9),
        "Buurtmaatje bij Sanne",
        note(
            UNRESOLVED,
            "Sanne",
            "Maatje bezoekt Sanne wekelijks. Sanne vertelt dat Erwin 'snel boos' wordt. Lotte "
            "mag niet naar buiten.",
            dirty="unresolved_organisation",
        ),
    )
    h(
        d(2018, 3, 4),
        "Lotte met polsbreuk op de SEH",
        zh(
            "Poli",
            "SEH letsel",
            "L. Veldhoen",
            "Lotte (13) met polsfractuur rechts, 'gevallen met de fiets'. Eerdere letsels bij "
            "broers (2007, 2015) niet opgemerkt. Gips, controle via huisarts.",
            staff="arts SEH",
            ward="SEH",
        ),
    )
    h(
        d(2018, 7, 28),
        "Lotte weggelopen",
        pol(
            "Vermissing",
            "middel",
            ["Lotte Veldhoen", "Sanne Veldhoen"],
            "Lotte Veldhoen (13) door moeder als vermist opgegeven; 's nachts aangetroffen bij een "
            "vriendin. Lotte wil niet naar huis, 'thuis is het niet leuk'. Teruggebracht.",
        ),
    )
    h(
        d(2018, 6, 11),
        "Buurtmaatje ziet Lotte mager",
        note(
            UNRESOLVED,
            "Sanne, Lotte",
            "Sanne komt niet meer naar de koffieochtend. Lotte ziet er mager uit.",
            dirty="unresolved_organisation",
        ),
    )
    h(
        d(2018, 10, 8),
        "GGD: Lotte fors afgevallen",
        jgz(
            "Zorgsignaal",
            "Lotte",
            "Lotte (14) fors afgevallen (BMI 15,1). Stil, draagt lange mouwen. Moeder niet "
            "bereikbaar. Huisarts per brief geïnformeerd.",
            staff="jeugdarts GGD",
        ),
    )
    h(
        d(2018, 10, 15),
        "Huisarts krijgt brief GGD",
        note(
            "Huisarts",
            "Lotte",
            "Brief GGD over gewichtsverlies Lotte ontvangen. Lotte opgeroepen; niet verschenen.",
        ),
    )
    h(
        d(2018, 11, 19),
        "Wijkteam: deur dicht",
        note(
            "Sociaal Wijkteam Noorderhaven",
            "mw. Veldhoen",
            "Huisbezoek: deur niet open, wel iemand thuis. Geen vervolgactie afgesproken.",
        ),
    )
    h(
        d(2018, 11, 26),
        "Leerplicht overweegt proces-verbaal",
        note(
            "Leerplicht",
            "Lotte, mw. Veldhoen",
            "Proces-verbaal overwogen wegens verzuim Lotte; eerst gesprek. Moeder verschijnt niet.",
        ),
    )

    # 2019 -- the calamity.
    h(
        d(2019, 2, 18),
        "Jesse (18) wil naar huis",
        note(
            "Zorggroep De Linde",
            "Jesse",
            "Jesse (18) wil thuis gaan wonen; De Linde heeft bezwaar. Geen curatele geregeld.",
        ),
    )
    h(
        d(2019, 2, 17),
        "Jesse wordt 18",
        gezin("Meerderjarig", "Jesse", "Jesse wordt 18. Geen curatele of mentorschap geregeld."),
    )
    h(
        d(2019, 3, 2),
        "Buren horen gegil",
        pol(
            "Overlast",
            "laag",
            ["Erwin Bosma"],
            "Buren horen gegil. Ter plaatse Erwin Bosma: 'de tv stond hard'. Niet binnen geweest.",
        ),
    )
    h(
        d(2019, 4, 14),
        "Calamiteit: Lotte zwaar mishandeld door Erwin",
        pol(
            "Zware mishandeling",
            "hoog",
            ["Lotte Veldhoen", "Erwin Bosma", "Sanne Veldhoen", "Milan Veldhoen", "Noa Bosma"],
            "Melding 112: Lotte Veldhoen (14) zwaar mishandeld in de woning. Verdachte Erwin "
            "Bosma aangehouden. Sanne Veldhoen verklaart niets gezien te hebben. Milan en Noa "
            "aanwezig, ondergebracht bij tante.",
            dup="calamity_2019",
        ),
        zh(
            "Opnames",
            "Opname kinder-IC",
            "L. Veldhoen",
            "Lotte (14) opgenomen met schedelletsel, gebroken ribben en oude, niet behandelde "
            "fracturen (onderarm). Ondergewicht. Melding Veilig Thuis en politie.",
            end=d(2019, 5, 21),
            ward="Kinder-IC",
            dup="calamity_2019",
        ),
        gezin(
            "Calamiteit",
            "Lotte, Erwin",
            "Lotte ernstig mishandeld door Erwin; opgenomen in Ziekenhuis Noorderhaven.",
            dup="calamity_2019",
        ),
        amk(
            "Melding",
            "kinderarts Ziekenhuis Noorderhaven",
            "Lotte, Milan, Noa",
            "Ernstig letsel bij Lotte, vermoeden mishandeling door partner moeder.",
            "Direct onderzoek; veiligheid Milan en Noa niet gewaarborgd.",
            on=d(2019, 4, 15),
            dup="calamity_2019",
        ),
    )
    h(
        d(2019, 4, 15),
        "Erwin in voorlopige hechtenis",
        gezin("Detentie", "Erwin", "Erwin Bosma in voorlopige hechtenis."),
    )
    h(
        d(2019, 4, 16),
        "Veilig Thuis doet verzoek tot onderzoek",
        amk(
            "Verzoek tot onderzoek Raad",
            "",
            "Lotte, Milan, Noa",
            "Verzoek tot onderzoek bij de Raad voor de Kinderbescherming.",
            "Spoed: voorlopige ondertoezichtstelling en machtiging uithuisplaatsing gevraagd.",
        ),
    )
    h(
        d(2019, 4, 17),
        "Raad: spoedverzoek",
        note(
            "Raad voor de Kinderbescherming",
            "Lotte, Milan, Noa",
            "Verzoek tot onderzoek van Veilig Thuis. Spoedverzoek voorlopige "
            "ondertoezichtstelling en machtiging uithuisplaatsing Milan en Noa.",
        ),
    )
    h(
        d(2019, 4, 18),
        "Milan en Noa uit huis geplaatst",
        gezin("Uithuisplaatsing", "Milan, Noa", "Milan en Noa crisisgeplaatst in een pleeggezin."),
        note(
            "Jeugdbescherming Wadland",
            "Milan, Noa, Lotte",
            "Voorlopige ondertoezichtstelling Lotte, Milan en Noa uitgesproken; crisisplaatsing "
            "Milan en Noa in pleeggezin.",
        ),
    )
    h(
        d(2019, 4, 23),
        "JGZ deelt het dossier",
        jgz(
            "Overleg",
            "Lotte, Milan, Noa",
            "Veilig Thuis vraagt informatie. Dossiers Lotte, Milan en Noa gedeeld.",
            staff="jeugdarts GGD",
        ),
    )
    h(
        d(2019, 5, 6),
        "Budgetbeheer zonder Erwin",
        krb("Kredietbank", "Erwin uit huishouden (detentie). Leefgeld Sanne aangepast."),
    )
    h(
        d(2019, 5, 13),
        "De Linde: curatele aangevraagd",
        note(
            "Zorggroep De Linde",
            "Jesse",
            "Jesse blijft voorlopig op De Linde. Curatele aangevraagd.",
        ),
    )
    h(
        d(2019, 6, 4),
        "Controle Lotte",
        zh(
            "Poli",
            "Polibezoek",
            "L. Veldhoen",
            "Controle na ontslag. Fracturen genezen, gewicht stijgt. "
            "Lotte woont in een pleeggezin.",
        ),
    )
    h(
        d(2019, 9, 2),
        "Lotte terug op school",
        school(
            "Gesprek ouders",
            "Lotte Veldhoen",
            "Lotte start weer op school na revalidatie; woont in pleeggezin. Gesprek met "
            "pleegmoeder en gezinsvoogd.",
            by="intern begeleider",
            date_text="sept 2019",
        ),
    )

    # Deliberately undated records (the export lost the date).
    h(
        d(2009, 4, 6),
        "Consult Milan (datum ontbreekt in export)",
        jgz(
            "Consult",
            "Milan",
            "Milan (2) spreekt weinig; verwijzing logopedie besproken. "
            "Sanne zegt dat hij 'lui' is.",
            staff="consultatiebureauarts",
            date_text="",
            dirty="missing_date",
        ),
    )
    h(
        d(2012, 10, 1),
        "Oudergesprek zonder datum",
        school(
            "Ouders niet verschenen",
            "Lotte Veldhoen",
            "Oudergesprek over Lotte; moeder en partner niet verschenen, niet afgemeld.",
            date_text="",
            dirty="missing_date",
        ),
    )
    h(
        d(2015, 11, 16),
        "Toeslagen zonder datum",
        krb(
            "Kredietbank",
            "Terugvordering zorgtoeslag ontvangen (€ 1.120); in schuldenlijst opgenomen.",
            date_text="",
            dirty="missing_date",
        ),
    )
    h(
        d(2006, 3, 20),
        "Thuiszorg-notitie zonder datum",
        note(
            "Thuiszorg Lauwerland",
            "mw. Veldhoen",
            "Telefonisch contact met Sanne over hervatten GGV; Sanne wil eerst nadenken.",
            date_text="",
            dirty="missing_date",
        ),
    )
    return story


# --- 2. Routine rows ----------------------------------------------------------------------------

CB_SCHEDULE = (
    (14, "Huisbezoek", "twee weken"),
    (28, "Consult", "4 weken"),
    (61, "Consult", "2 maanden"),
    (91, "Consult", "3 maanden"),
    (122, "Consult", "4 maanden"),
    (183, "Consult", "6 maanden"),
    (274, "Consult", "9 maanden"),
    (335, "Consult", "11 maanden"),
    (426, "Consult", "14 maanden"),
    (548, "Consult", "18 maanden"),
    (730, "Consult", "2 jaar"),
    (1095, "Consult", "3 jaar"),
    (1369, "Consult", "3 jaar en 9 maanden"),
    (1900, "PGO", "5 jaar"),
    (3650, "PGO", "10 jaar"),
    (4750, "PGO", "13 jaar"),
)
REMARKS = {
    "baby": (
        "Vaccinaties gegeven.",
        "Drinkt wisselend, voeding besproken.",
        "Sanne stelt weinig vragen, kind oogt stil.",
        "Vaccinaties gegeven, huid droog en rood.",
    ),
    "peuter": (
        "Vaccinaties gegeven, ontwikkeling besproken.",
        "Motoriek achter, afwachten.",
        "Spraak nog beperkt. Voorlezen besproken.",
        "Sanne stelt weinig vragen, kind oogt stil.",
    ),
    "kleuter": (
        "Spraak-taalachterstand, logopedie geadviseerd.",
        "Peuterspeelzaal besproken; Sanne wil dat niet.",
        "Druk gedrag, moeder oogt moe.",
    ),
    "school": (
        "Moeder aanwezig, weinig vragen.",
        "Kind kwam alleen met de taxi; moeder telefonisch gesproken.",
        "Gebit verwaarloosd, verwijzing tandarts meegegeven.",
        "Kleding te dun voor het seizoen. Besproken met moeder.",
    ),
}


def _near(entries: list[Entry], child: str, day: dt.date, days: int) -> bool:
    return any(child in str(e.who) and abs((e.on - day).days) <= days for e in entries)


def _weight(child: str, day: dt.date, rng: random.Random) -> int:
    """Weight percentile as the storyline has it: Jesse, Lotte and Noa fall behind."""
    if child == "Milan":
        return rng.choice([10, 25, 50])
    thriving = {"Jesse": d(2001, 8, 1), "Lotte": d(2006, 1, 1), "Noa": d(2014, 2, 1)}
    return rng.choice([25, 50] if day < thriving[child] else [3, 3, 10])


def routine_jgz(story: list[Happening], rng: random.Random) -> list[Happening]:
    """Scheduled consultatiebureau and GGD contacts; they fail when the family avoids care."""
    written = [e for h in story for e in h.entries if e.source == "jgz"]
    out = []
    for child, born in CHILDREN.items():
        for offset, kind, age in CB_SCHEDULE:
            day = workday(born + dt.timedelta(days=offset + rng.randrange(-4, 5)))
            if day >= CASE_END or _near(written, child, day, 30):
                continue
            ggd = kind == "PGO"
            staff = (
                rng.choice(["jeugdarts GGD", "jeugdverpleegkundige GGD"])
                if ggd
                else ("wijkverpleegkundige" if offset < 20 else "consultatiebureauarts")
            )
            if avoiding(day):
                if kind == "Huisbezoek":
                    kind, text = "Niet thuis", "Huisbezoek: niet opengedaan. Kaartje achtergelaten."
                else:
                    kind = rng.choice(["Niet verschenen", "Afgezegd", "Niet verschenen"])
                    text = (
                        "Niet verschenen, geen bericht. Nieuwe oproep verstuurd."
                        if kind == "Niet verschenen"
                        else rng.choice(
                            [
                                f"Moeder belt af: {child} ziek. Nieuwe afspraak gemaakt.",
                                "Afgezegd door moeder, 'geen vervoer'. Nieuwe afspraak volgt.",
                                "Moeder zegt af, te druk. Geen nieuwe datum kunnen prikken.",
                            ]
                        )
                    )
            elif kind == "Huisbezoek":
                text = (
                    f"Huisbezoek {age}: {child} drinkt wisselend. Sanne "
                    f"{rng.choice(['moe', 'onzeker', 'prikkelbaar'])}. Uitleg voeding en slapen."
                )
            else:
                if ggd:
                    stage = "school"
                elif offset < 183:
                    stage = "baby"
                else:
                    stage = "peuter" if offset < 1095 else "kleuter"
                what = "Periodiek onderzoek" if ggd else "Consult"
                weight = _weight(child, day, rng)
                text = f"{what} {age}. Gewicht P{weight}. " + rng.choice(REMARKS[stage])
                kind = "Consult"
            e = jgz(kind, child, text, staff=staff, on=day, routine=True)
            out.append(Happening(day, f"Routinecontact JGZ {child}", [e]))
    return out


def routine_ggz(story: list[Happening], rng: random.Random) -> list[Happening]:
    """Home visits of GGZ Wadland in the three treatment periods."""
    written = [e for h in story for e in h.entries if e.source == "ggz"]
    windows = (
        (d(2001, 4, 20), d(2002, 5, 31)),
        (d(2008, 4, 8), d(2010, 10, 31)),
        (d(2011, 3, 15), d(2013, 9, 30)),
    )
    out = []
    for start, end in windows:
        day = start
        while day <= end:
            day = workday(day)
            if not any(abs((e.on - day).days) <= 20 for e in written):
                if avoiding(day) and rng.random() < 0.7:
                    text = rng.choice(
                        [
                            "Huisbezoek: niemand thuis. Briefje met nieuwe afspraak.",
                            "Afspraak poli, Sanne niet verschenen. Brief gestuurd.",
                            "Sanne belt af, 'kinderen ziek'. Nieuwe afspraak over drie weken.",
                        ]
                    )
                elif day < d(2003, 1, 1):
                    text = rng.choice(
                        [
                            "Huisbezoek. Sanne oogt vermoeid, Jesse huilt veel.\n"
                            "Voeding en slaapritme besproken.",
                            "Huisbezoek. Dennis aanwezig en spreekt voor Sanne. Sanne stil.",
                            "Telefonisch contact. Sanne zegt dat het beter gaat, medicatie helpt.",
                            "Huisbezoek. Sanne huilt, slaapt slecht. Psychiater gevraagd de "
                            "medicatie te herzien.",
                        ]
                    )
                elif day >= d(2012, 3, 1):
                    text = rng.choice(
                        [
                            "Huisbezoek. Erwin aanwezig en doet het woord.\n"
                            "Sanne zegt dat het goed gaat. Kinderen niet gezien.",
                            "Huisbezoek. Sanne oogt moe en mager. Erwin komt halverwege binnen,\n"
                            "daarna wordt het gesprek kort.",
                            "Telefonisch contact. Sanne kort van stof, 'geen tijd'.",
                        ]
                    )
                else:
                    text = rng.choice(
                        [
                            "Huisbezoek. Sanne oogt vermoeid, huis rommelig.\n"
                            "Dagstructuur en medicatie besproken.",
                            "Huisbezoek. Stemming iets beter. Sanne vertelt over geldzorgen\n"
                            "en over de school van Jesse.",
                            "Telefonisch contact. Sanne zegt dat het goed gaat. Kinderen niet "
                            "gesproken.",
                            "Huisbezoek. Sanne huilt, slaapt slecht. Psychiater gevraagd de "
                            "medicatie te herzien.",
                            "Huisbezoek. Lotte en Milan thuis, ziek gemeld. Sanne geprikkeld.",
                        ]
                    )
                e = ggz(text, on=day, routine=True)
                out.append(Happening(day, "Routinecontact GGZ", [e]))
            day += dt.timedelta(days=rng.randrange(50, 71))
    return out


def routine_school(story: list[Happening], rng: random.Random) -> list[Happening]:
    """A report meeting each June, and Lotte's many sick reports in 2018."""
    out = []
    pupils = (("Jesse Veldhoen", 2007, 2018), ("Lotte Veldhoen", 2011, 2018))
    for pupil, first, last in pupils:
        for year in range(first, last + 1):
            day = workday(d(year, 6, rng.randrange(8, 26)))
            name = pupil.split()[0]
            if avoiding(day):
                kind = "Ouders niet verschenen"
                text = f"Rapportgesprek {name}; moeder niet verschenen. Rapport per post."
            else:
                kind = "Gesprek ouders"
                text = f"Rapportgesprek {name}. " + rng.choice(
                    [
                        "Kleine vooruitgang in lezen. Moeder tevreden.",
                        "Werkhouding wisselend, vaak moe in de ochtend.",
                        "Sociaal-emotioneel kwetsbaar; moeder herkent het niet.",
                        "Moeder kwam te laat, gesprek kort gehouden.",
                    ]
                )
            e = school(kind, pupil, text, by="groepsleerkracht", on=day, routine=True)
            out.append(Happening(day, f"Rapportgesprek {name}", [e]))
    for month, day_no in ((1, 15), (2, 5), (3, 12), (4, 9), (5, 28), (9, 24)):
        day = d(2018, month, day_no)
        e = school(
            "Ziekmelding",
            "Lotte Veldhoen",
            rng.choice(
                [
                    "Moeder meldt Lotte ziek (buikpijn).",
                    "Lotte ziek gemeld door moeder, geen reden gegeven.",
                    "Ziekmelding Lotte via telefoon, door partner van moeder.",
                ]
            ),
            by="administratie",
            on=day,
            routine=True,
        )
        out.append(Happening(day, "Ziekmelding Lotte", [e]))
    e = school(
        "Verzuim",
        "Lotte Veldhoen",
        "Verzuim Lotte dit schooljaar 31 dagen, bijna alles ziekmeldingen. Leerplicht "
        "geïnformeerd.",
        by="intern begeleider",
        on=d(2018, 10, 15),
    )
    out.append(Happening(d(2018, 10, 15), "Verzuim Lotte gemeld", [e]))
    return out


def routine_kredietbank(rng: random.Random) -> list[Happening]:
    """The yearly budget plan of the Kredietbank; the debts grow."""
    out = []
    debt = 2800
    for year in range(2002, 2020):
        debt += rng.randrange(400, 2200) if year < 2019 else 0
        allowance = 95 + (year - 2002) * 3 + (25 if year >= 2005 else 0)
        org = "Gemeentelijke Kredietbank" if year in (2007, 2013) else "Kredietbank"
        text = (
            f"Budgetplan {year} vastgesteld. Leefgeld € {allowance} per week. Openstaande "
            f"schulden € {debt:,}.".replace(",", ".")
            + rng.choice(
                [
                    "",
                    " Moeder niet op afspraak; plan per post.",
                    " Nieuwe schulden buiten budgetbeheer om.",
                    " Achterstand zorgverzekering.",
                ]
            )
        )
        day = workday(d(year, 1, rng.randrange(8, 29)))
        out.append(Happening(day, f"Budgetplan {year}", [krb(org, text, on=day, routine=True)]))
    extra = (
        (d(2006, 4, 18), "Woonstichting De Hoven", "Huurachterstand opnieuw twee maanden."),
        (d(2009, 8, 3), "Kredietbank", "Boete CJIB van Sanne toegevoegd aan schuldenlijst."),
        (
            d(2012, 4, 23),
            "Kredietbank",
            "Erwin Bosma wil niet in budgetbeheer; eigen inkomen (WW) buiten beheer.",
        ),
        (d(2012, 9, 10), "UWV", "WW Erwin Bosma beëindigd; geen inkomen meer van partner."),
        (d(2013, 12, 2), "Kredietbank", "Kinderbijslag Noa toegevoegd aan budgetplan."),
        (d(2015, 3, 16), "Voedselbank", "Herbeoordeling: pakket nog een jaar toegekend."),
        (
            d(2016, 8, 29),
            "Voedselbank",
            "Gezin haalt pakket drie weken niet op; telefonisch niet bereikbaar.",
        ),
        (
            d(2017, 5, 8),
            "De Hoven",
            "Ontruiming opgeschort na betaling achterstand door Kredietbank uit noodfonds.",
        ),
        (
            d(2018, 2, 26),
            "Kredietbank",
            "Sanne vraagt extra leefgeld voor 'eten voor de kinderen'; toegekend voor vier weken.",
        ),
        (d(2018, 9, 17), "Kredietbank", "Sanne niet op afspraak; telefonisch niet bereikbaar."),
    )
    for day, org, text in extra:
        out.append(Happening(day, text, [krb(org, text, on=day)]))
    return out


def routine_ziekenhuis(rng: random.Random) -> list[Happening]:
    """Milan's asthma controls at the outpatient clinic."""
    out = []
    day = d(2008, 2, 12)
    while day < d(2012, 12, 31):
        day = workday(day)
        if avoiding(day):
            e = zh(
                "Poli",
                "Niet verschenen",
                "M. Veldhoen",
                "Astmacontrole; niet verschenen.",
                on=day,
                routine=True,
            )
        else:
            e = zh(
                "Poli",
                "Polibezoek",
                "M. Veldhoen",
                "Astmacontrole. "
                + rng.choice(
                    [
                        "Puffers niet goed gebruikt, uitleg herhaald.",
                        "Rustig beeld. Moeder rookt in huis, besproken.",
                        "Veel nachtelijk hoesten. Medicatie opgehoogd.",
                    ]
                ),
                on=day,
                routine=True,
            )
        out.append(Happening(day, "Astmacontrole Milan", [e]))
        day += dt.timedelta(days=rng.randrange(160, 200))
    return out


def routine_politie(rng: random.Random) -> list[Happening]:
    """The community officer's regular visits, 2006-2009."""
    out = []
    day = d(2007, 1, 15)
    while day < d(2009, 4, 1):
        day = workday(day)
        text = rng.choice(
            [
                "Wijkagent loopt langs. Sanne praat graag, kinderen spelen buiten zonder toezicht.",
                "Wijkagent spreekt Sanne over klachten buren. Belooft beterschap.",
                "Wijkagent langs na klacht De Hoven. Niet opengedaan.",
                "Kort contact op straat. Sanne vertelt dat BJZ 'weer eens' langs is geweest.",
            ]
        )
        e = pol(
            "Contact wijkagent",
            "laag",
            ["Sanne Veldhoen"],
            text,
            unit="Wijkagent Oosterkwartier",
            on=day,
            routine=True,
        )
        out.append(Happening(day, "Contact wijkagent", [e]))
        day += dt.timedelta(days=rng.randrange(100, 140))
    return out


# --- Involvement overview (the inspectors' own table) -----------------------------------------


@dataclass
class Period:
    org: str
    start: str
    end: str
    who: str
    note: str
    malformed: bool = False


INVOLVEMENT = (
    Period(
        "Consultatiebureau",
        "feb. 2001",
        "2017",
        "Jesse, Lotte, Milan, Noa",
        "Consultatiebureau vanaf geboorte Jesse; per kind tot 4 jaar.",
    ),
    Period(
        "GGD",
        "2006",
        "",
        "Jesse, Lotte, Milan, Noa",
        "JGZ 4-19 jaar: periodieke onderzoeken op school.",
    ),
    Period(
        "Ziekenhuis Noorderhaven",
        "2001",
        "",
        "Jesse, Lotte, Milan, Noa",
        "Kinderartsen vanaf geboorte Jesse.\nOpnames 2001, 2007, 2014 en 2019.",
    ),
    Period(
        "Huisarts",
        "2001",
        "",
        "Sanne, Jesse, Lotte, Milan, Noa",
        "Vaste huisarts; Erwin ingeschreven vanaf 2012.",
    ),
    Period(
        "GGZ Wadland",
        "2001",
        "zomer 2002",
        "Sanne",
        "Behandeling moeder (somberheid na bevalling).\nAl eerder in behandeling.",
    ),
    Period(
        "GGZ Wadland",
        "01-03-2008",
        "nov. 2010",
        "Sanne",
        "Ambulant verpleegkundige, huisbezoek eens per twee weken.\nAfgesloten na no-shows.",
    ),
    Period(
        "Wadland GGZ",
        "begin 2011",
        "eind 2013",
        "Sanne",
        "Opnieuw aangemeld door huisarts. Door Sanne opgezegd.",
    ),
    Period("Kredietbank", "2001", "", "Sanne", "Budgetbeheer; al vanaf 2000."),
    Period(
        "Thuiszorg Lauwerland (GGV)",
        "jan. 2002",
        "juni 2002",
        "Sanne, Jesse",
        "Gespecialiseerde gezinsverzorging. Door Sanne afgebroken.",
    ),
    Period(
        "Thuiszorg Lauwerland (GGV)",
        "voorjaar 2004",
        "jan. 2005",
        "Sanne, Jesse, Lotte",
        "Hervat als voorwaarde van het AMK. Opnieuw afgebroken.",
    ),
    Period(
        "Thuiszorg Lauwerland (GGV)",
        "medio 2006",
        "eind 2007",
        "Sanne, Lotte, Milan",
        "Derde keer, op verzoek van Sanne.",
    ),
    Period(
        "MEE",
        "eind 2002",
        "eind 2009",
        "Sanne, Jesse",
        "Ondersteuning en (beperkte) coördinatie.\nCoördinatie niet overgedragen.",
    ),
    Period(
        "Kinderdagcentrum De Vlinder",
        "voorjaar 2003",
        "zomer 2006",
        "Jesse",
        "Dagbehandeling Jesse tot De Kompasschool.",
    ),
    Period("Kinderdagcentrum De Vlinder", "sept. 2007", "zomer 2010", "Lotte", "Dagbehandeling."),
    Period(
        "Raad voor de Kinderbescherming",
        "medio 2003",
        "dec. 2003",
        "Jesse",
        "Advies omgangsregeling; geen beschermingsonderzoek.",
    ),
    Period(
        "Raad voor de Kinderbescherming",
        "april 2019",
        "",
        "Lotte, Milan, Noa",
        "Verzoek tot onderzoek na de calamiteit.",
    ),
    Period(
        "AMK",
        "feb. 2004",
        "okt. 2004",
        "Jesse",
        "Melding grootmoeder; onderzoek.\nAfgesloten met voorwaarden.",
    ),
    Period(
        "Advies- en Meldpunt Kindermishandeling",
        "april 2012",
        "jan. 2013",
        "Jesse, Lotte, Milan",
        "Melding tante; onderzoek. Afgesloten zonder raadsmelding.",
    ),
    Period(
        "Veilig Thuis",
        "feb. 2016",
        "feb. 2016",
        "Lotte, Milan, Noa",
        "Politiemelding; overdracht aan wijkteam.",
    ),
    Period("Veilig Thuis", "april 2019", "", "Lotte, Milan, Noa", "Melding na de calamiteit."),
    Period(
        "Woonstichting De Hoven",
        "2001",
        "",
        "Sanne",
        "Verhuurder. Overlast, vervuiling en huurachterstand.",
    ),
    Period(
        "Politie", "2006", "2009", "Sanne", "Wijkagent frequent contact; opvolger niet ingelicht."
    ),
    Period(
        "Bureau Jeugdzorg",
        "najaar 2006",
        "dec. 2008",
        "Sanne, Jesse, Lotte, Milan",
        "Vrijwillige hulp na zorgmelding CB.",
    ),
    Period(
        "BJZ",
        "Q3 2012",
        "eind 2014",
        "Sanne, Lotte, Milan, Noa",
        "Gezinsbegeleiding na AMK-onderzoek.\nAfgesloten bij de transitie.",
    ),
    Period("De Kompasschool", "aug. 2006", "", "Jesse, Lotte", "Zmlk-school (SO en VSO)."),
    Period("UWV", "medio 2005", "2006", "Sanne", "Re-integratietraject, afgebroken."),
    Period("OGGZ", "okt. 2008", "jan. 2009", "Sanne", "Melding De Hoven; afgesloten."),
    Period(
        "OGGZ",
        "juni 2012",
        "sept. 2012",
        "Sanne, Erwin",
        "Melding De Hoven; liep gelijk met het AMK-onderzoek.",
    ),
    Period("OGGZ", "najaar 2016", "najaar 2016", "Sanne", "Melding Voedselbank; afgesloten."),
    Period("CJG", "2010", "2010", "Sanne, Milan", "Opvoedcursus, afgebroken."),
    Period("CJG", "medio 2013", "medio 2013", "Sanne, Erwin", "Zorgoverleg."),
    Period(
        "Reclassering Nederland",
        "2009",
        "begin 2011",
        "Erwin",
        "Toezicht (mishandeling stiefzoon), vóór de relatie met Sanne.",
    ),
    Period("Reclassering Nederland", "juni 2012", "juni 2014", "Erwin", "Tweede toezicht."),
    Period("Leerplicht", "mei 2014", "2015", "Lotte", "Verzuim Lotte."),
    Period(
        "Voedselbank", "2014", "2017", "Sanne", "Wekelijks pakket, via Kredietbank", malformed=True
    ),
    Period("Leerplicht", "2018", "", "Lotte", "Verzuim Lotte."),
    Period(
        "Sociaal Wijkteam Noorderhaven",
        "jan. 2015",
        "",
        "Sanne, Erwin, Lotte, Milan, Noa",
        "Na de transitie. Weinig contact ('op papier').",
    ),
    Period("Zorggroep De Linde", "sept. 2015", "", "Jesse", "Jesse woont er doordeweeks."),
    Period(
        "Jeugdbescherming Wadland",
        "april 2019",
        "",
        "Lotte, Milan, Noa",
        "Voorlopige ondertoezichtstelling.",
    ),
)


# --- 3. Writers -------------------------------------------------------------------------------


@dataclass
class FileReport:
    """What was written to one source file and where each record ended up."""

    name: str
    fmt: str
    encoding: str | None
    dates: str
    profile: str | None
    row_unit: str = "line"
    separator: str | None = None
    header_row: int | None = 1
    rows: int = 0
    sheet_rows: dict[str, int] = field(default_factory=dict)
    empty_rows: list[dict] = field(default_factory=list)
    malformed_rows: list[dict] = field(default_factory=list)
    repeated: list[dict] = field(default_factory=list)
    where: dict[int, dict] = field(default_factory=dict)  # id(entry) -> {"row": n[, "sheet"]}

    def place(self, e: Entry | None, row: int, sheet: str | None = None) -> dict:
        loc = {"row": row} if sheet is None else {"sheet": sheet, "row": row}
        if e is not None:
            self.where.setdefault(id(e), loc)
        return loc


class TextTable:
    """Builds a delimited text file line by line and knows each record's first line number."""

    def __init__(self, sep: str, eol: str = "\r\n", first_line: int = 1):
        self.sep, self.eol, self.next_line = sep, eol, first_line
        self.parts: list[str] = []

    def add(self, fields: list[str]) -> int:
        buf = io.StringIO()
        csv.writer(buf, delimiter=self.sep, lineterminator=self.eol).writerow(fields)
        return self.raw(buf.getvalue())

    def raw(self, text: str) -> int:
        line = self.next_line
        self.parts.append(text)
        self.next_line += text.count("\n")
        return line

    def text(self) -> str:
        return "".join(self.parts)


def dmy(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def date_as(e: Entry, habit: Callable[[dt.date], str]) -> str:
    return e.date_text if e.date_text is not None else habit(e.on)


def write_delimited(rep: FileReport, table: TextTable, encoding: str, bom: bool = False) -> None:
    """Encode strictly (a character the export's encoding lacks is a bug here) and write."""
    rep.separator = table.sep
    data = table.text().encode(encoding, errors="strict")
    (SOURCES / rep.name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def add_row(rep: FileReport, table: TextTable, e: Entry, fields: list[str]) -> None:
    row = table.add(fields)
    rep.place(e, row)
    rep.rows += 1
    if e.after == "repeat":
        again = table.add(fields)
        rep.rows += 1
        rep.repeated.append({"rows": [row, again]})
    elif e.after == "empty":
        rep.empty_rows.append({"row": table.raw(table.sep * (len(fields) - 1) + table.eol)})


def write_jgz(entries: list[Entry]) -> FileReport:
    rep = FileReport("jgz_contactmomenten.csv", "csv", "cp1252", "15-05-2014", "jgz.yaml")
    t = TextTable(";")
    t.add(["Datum contact", "Soort contact", "Betreft", "Medewerker", "Verslag"])
    for e in entries:
        add_row(rep, t, e, [date_as(e, dmy), e.kind, e.who, e.extra["staff"], e.text])
    write_delimited(rep, t, "cp1252")
    return rep


def write_school(entries: list[Entry]) -> FileReport:
    rep = FileReport(
        "school_kompas.tsv", "csv (tab)", "latin-1", "1-2-03; sept 2019", "school.yaml"
    )
    t = TextTable("\t", eol="\n")
    t.add(["Datum", "Leerling", "Soort", "Notitie", "Door"])
    for e in entries:
        date = date_as(e, lambda x: f"{x.day}-{x.month}-{x:%y}")
        add_row(rep, t, e, [date, e.who, e.kind, e.text, e.extra["by"]])
    write_delimited(rep, t, "latin-1")
    return rep


def write_kredietbank(entries: list[Entry]) -> FileReport:
    rep = FileReport("kredietbank.csv", "csv", "utf-8", "01.03.2009", None)
    t = TextTable(";")
    t.add(["Datum", "Organisatie", "Omschrijving"])
    for e in entries:
        add_row(rep, t, e, [date_as(e, lambda x: f"{x:%d.%m.%Y}"), e.extra["org"], e.text])
    write_delimited(rep, t, "utf-8")
    return rep


def write_notities(entries: list[Entry]) -> FileReport:
    rep = FileReport("hulpverlening_notities.csv", "csv", "utf-8", "3-4-2012", None)
    t = TextTable(",")
    t.add(["Datum", "Instelling", "Cliënt", "Notitie"])
    for e in entries:
        date = date_as(e, lambda x: f"{x.day}-{x.month}-{x.year}")
        add_row(rep, t, e, [date, e.extra["org"], e.who, e.text])
    write_delimited(rep, t, "utf-8")
    return rep


def write_gezin(entries: list[Entry]) -> FileReport:
    rep = FileReport("gezinsgebeurtenissen.csv", "csv", "utf-8", "17 februari 2001", "gezin.yaml")
    t = TextTable(";", eol="\n")
    t.add(["Datum", "Omschrijving", "Betreft", "Soort"])
    for e in entries:
        date = date_as(e, lambda x: f"{x.day} {MONTHS[x.month]} {x.year}")
        add_row(rep, t, e, [date, e.text, e.who, e.kind])
    write_delimited(rep, t, "utf-8")
    return rep


def write_betrokkenheid(periods: tuple[Period, ...]) -> FileReport:
    rep = FileReport(
        "betrokkenheid_overzicht.csv",
        "csv",
        "utf-8-sig",
        "voorjaar 2003, Q3 2012, eind 2009, ...",
        "betrokkenheid.yaml",
    )
    t = TextTable(",")
    t.add(["Instelling", "Begindatum", "Einddatum", "Betreft", "Toelichting"])
    for p in periods:
        if p.malformed:
            # Written by hand in the spreadsheet: a comma in the note, the field left unquoted.
            row = t.raw(",".join([p.org, p.start, p.end, p.who.replace(",", ""), p.note]) + t.eol)
            fields = 1 + p.note.count(",") + 4
            rep.malformed_rows.append(
                {"row": row, "reason": f"rij heeft {fields} velden, de kopregel 5"}
            )
            rep.where[id(p)] = {"row": row}
            continue
        row = t.add([p.org, p.start, p.end, p.who, p.note])
        rep.where[id(p)] = {"row": row}
        rep.rows += 1
    write_delimited(rep, t, "utf-8", bom=True)
    return rep


def write_politie(entries: list[Entry]) -> FileReport:
    rep = FileReport(
        "politie_registraties.json",
        "json",
        "utf-8",
        "2014-05-15 (ISO)",
        "politie.yaml",
        row_unit="record",
        header_row=None,
    )
    records = []
    for n, e in enumerate(entries, start=1):
        records.append(
            {
                "registratienummer": f"PL01-{e.on:%Y%m%d}-{n:03d}",
                "registratiedatum": date_as(e, dt.date.isoformat),
                "incidentsoort": e.kind,
                "prioriteit": e.extra["prio"],
                "eenheid": e.extra["unit"],
                "omschrijving": e.text,
                "betrokkenen": list(e.who),
            }
        )
        rep.place(e, n)
        rep.rows += 1
    text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    (SOURCES / rep.name).write_text(text, "utf-8", newline="\n")
    return rep


def write_amk(entries: list[Entry]) -> FileReport:
    rep = FileReport(
        "amk_meldingen.jsonl", "jsonl", "utf-8", "09/02/2004", "amk.yaml", header_row=None
    )
    lines = []
    for n, e in enumerate(entries, start=1):
        vt = e.on >= d(2015, 1, 1)
        org = e.extra["org"] or ("Veilig Thuis" if vt else "AMK")
        record = {
            "kenmerk": f"{'VT' if vt else 'AMK'}-{e.on.year}-{n:03d}",
            "meldingsdatum": date_as(e, lambda x: f"{x:%d/%m/%Y}"),
            "instelling": org,
            "aard": e.kind,
            "melder": e.extra["melder"],
            "betreft": e.who,
            "omschrijving": e.text,
            "conclusie": e.extra["conclusie"],
        }
        lines.append(json.dumps(record, ensure_ascii=False))
        rep.place(e, n)
        rep.rows += 1
    (SOURCES / rep.name).write_text("\n".join(lines) + "\n", "utf-8", newline="\n")
    return rep


def write_ggz(entries: list[Entry]) -> FileReport:
    rep = FileReport(
        "ggz_wadland_journaal.txt",
        "journal",
        "utf-8",
        "12-03-2008: / maart 2008 - / begin 2011",
        "ggz_wadland.yaml",
        header_row=None,
    )
    lines = [
        "GGZ Wadland — journaal ambulante zorg",
        "Cliënt: S. Veldhoen (geb. 12-04-1979)",
        "Afdrukdatum: 03-09-2019",
        "",
    ]
    year = None
    for n, e in enumerate(entries):
        if year is not None and e.on.year != year:
            lines.append("")
        year = e.on.year
        first, *rest = e.text.split("\n")
        if e.date_text is None:
            head = f"{dmy(e.on)}: {first}"
        elif e.date_text[0].isdigit() or e.date_text.split()[0] in MONTHS:
            head = f"{e.date_text} - {first}"
        else:
            head = f"{e.date_text} {first}"
        rep.place(e, len(lines) + 1)
        rep.rows += 1
        lines.append(head)
        indent = "  " if n % 3 else ""  # some continuation lines are indented, some are not
        lines.extend(indent + r for r in rest)
    (SOURCES / rep.name).write_text("\n".join(lines) + "\n", "utf-8", newline="\n")
    return rep


def _save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed timestamps (inside and on the zip entries) so the bytes never change."""
    wb.properties.creator = "Ziekenhuis export"
    wb.properties.created = XLSX_TIME
    buf = io.BytesIO()
    wb.save(buf)
    stamp = XLSX_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                start = text.index("<dcterms:modified")
                end = text.index("</dcterms:modified>")
                body = text[start:end]
                text = text.replace(body, body[: body.index(">") + 1] + stamp)
                data = text.encode("utf-8")
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=ZIP_TIME),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    path.write_bytes(out.getvalue())


def write_ziekenhuis(entries: list[Entry]) -> FileReport:
    rep = FileReport(
        "ziekenhuis_noorderhaven.xlsx",
        "xlsx",
        None,
        "Opnames: Excel-datums; Poli: tekst '3 okt. 2011'",
        "ziekenhuis.yaml",
        row_unit="excel_row",
        header_row=4,
    )
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    headers = {
        "Opnames": [
            "Datum",
            "Ontslagdatum",
            "Patiënt",
            "Soort",
            "Afdeling",
            "Behandelaar",
            "Verslag",
        ],
        "Poli": ["Datum", "Patiënt", "Soort", "Behandelaar", "Verslag"],
    }
    for sheet, header in headers.items():
        ws = wb.create_sheet(sheet)
        ws.append(["Rapport kindergeneeskunde — Ziekenhuis Noorderhaven"])
        ws.append(["Exportdatum: 02-09-2019"])
        ws.append([])
        ws.append(header)
        row = 4
        count = 0
        for e in (x for x in entries if x.extra["sheet"] == sheet):
            x = e.extra
            if sheet == "Opnames":
                values = [
                    dt.datetime.combine(e.on, dt.time()),
                    dt.datetime.combine(x["end"], dt.time()) if x["end"] else None,
                    e.who,
                    e.kind,
                    x["ward"],
                    x["staff"],
                    e.text,
                ]
            else:
                text_date = f"{e.on.day} {MONTHS_SHORT[e.on.month]} {e.on.year}"
                date = e.date_text if e.date_text is not None else text_date
                values = [date, e.who, e.kind, x["staff"], e.text]
            ws.append(values)
            row += 1
            count += 1
            rep.place(e, row, sheet)
            if sheet == "Opnames":
                for col in "AB":
                    ws[f"{col}{row}"].number_format = "dd-mm-yyyy"
            if e.after == "empty":
                ws.append([])
                row += 1
                rep.empty_rows.append({"sheet": sheet, "row": row})
        rep.sheet_rows[sheet] = count
        rep.rows += count
        for col, width in zip("ABCDEFG", (12, 13, 14, 16, 16, 14, 80), strict=True):
            ws.column_dimensions[col].width = width
    _save_workbook(wb, SOURCES / rep.name)
    return rep


EXCEL_EPOCH = dt.date(1899, 12, 30)


def write_oggz(entries: list[Entry]) -> FileReport:
    rep = FileReport(
        "oggz_meldingen.xlsx",
        "xlsx",
        None,
        "Excel-volgnummers als getal (40210)",
        "oggz.yaml",
        row_unit="excel_row",
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Meldingen"
    ws.append(["Registratienr", "Datum", "Melder", "Soort", "Omschrijving", "Status"])
    case_no = 0
    for n, e in enumerate(entries, start=2):
        if e.kind == "Melding":
            case_no += 1
        serial = (e.on - EXCEL_EPOCH).days
        ws.append(
            [
                f"OG-{e.on.year}-{case_no:02d}{n:02d}",
                serial,
                e.extra["melder"] or None,
                e.kind,
                e.text,
                e.extra["status"],
            ]
        )
        rep.place(e, n, "Meldingen")
        rep.rows += 1
    rep.sheet_rows["Meldingen"] = rep.rows
    ws.column_dimensions["E"].width = 80
    info = wb.create_sheet("Toelichting")
    info.append(
        [
            "Export meldpunt OGGZ. Na de systeemconversie van 2013 staan datums als "
            "Excel-volgnummer in de kolom Datum."
        ]
    )
    _save_workbook(wb, SOURCES / rep.name)
    return rep


# --- Case files, organisations and profiles ---------------------------------------------------

CASE_YAML = """\
name: Demo — gezin Veldhoen (synthetisch)
description: >-
  Synthetische casus voor demonstratie en tests. Alle personen en lokale organisaties zijn
  verzonnen. Gezin in de (verzonnen) plaats Noorderhaven, van de geboorte van het oudste kind
  (2001) tot de calamiteit (april 2019).
period: {start: 2001-01-01, end: 2019-12-31}
persons:
  - {name: Sanne Veldhoen, pseudonym: Moeder, role: moeder, birth_date: 1979-04-12,
     aliases: [Sanne, mw. Veldhoen, S. Veldhoen, moeder]}
  - {name: Jesse Veldhoen, pseudonym: Kind A, role: kind, birth_date: 2001-02-17,
     aliases: [Jesse, J. Veldhoen, Jes]}
  - {name: Lotte Veldhoen, pseudonym: Kind B, role: kind, birth_date: 2004-09-23,
     aliases: [Lotte, L. Veldhoen]}
  - {name: Milan Veldhoen, pseudonym: Kind C, role: kind, birth_date: 2006-06-30,
     aliases: [Milan, M. Veldhoen]}
  - {name: Noa Bosma, pseudonym: Kind D, role: kind, birth_date: 2013-11-05,
     aliases: [Noa, N. Bosma]}
  - {name: Dennis Kloosterman, pseudonym: Vader Kind A, role: ex-partner, birth_date: 1976-08-02,
     aliases: [Dennis, D. Kloosterman, dhr. Kloosterman, vader van Jesse]}
  - {name: Erwin Bosma, pseudonym: Partner, role: partner, birth_date: 1974-01-19,
     aliases: [Erwin, E. Bosma, dhr. Bosma, stiefvader, partner van moeder]}
"""

LOCAL_ORGANISATIONS = (
    {
        "canonical": "Ziekenhuis Noorderhaven",
        "full_name": "Ziekenhuis Noorderhaven, afdeling kindergeneeskunde",
        "aliases": [
            "ZH Noorderhaven",
            "Noorderhaven ziekenhuis, afd. kindergeneeskunde",
            "kinderarts Ziekenhuis Noorderhaven",
        ],
        "sector": "ziekenhuis",
        "domain": "gezondheid",
        "coordinating": False,
        "description": "Regionaal ziekenhuis; kinderartsen, SEH en kinder-IC.",
    },
    {
        "canonical": "GGZ Wadland",
        "full_name": "GGZ Wadland, ambulante volwassenenzorg",
        "aliases": ["Wadland GGZ", "GGZ-Wadland", "GGZ Wadland ambulant"],
        "sector": "ggz",
        "domain": "gezondheid",
        "coordinating": False,
        "description": "Regionale GGZ-instelling; behandeling en ambulante begeleiding moeder.",
    },
    {
        "canonical": "Woonstichting De Hoven",
        "full_name": "Woonstichting De Hoven Noorderhaven",
        "aliases": ["De Hoven", "Woonst. De Hoven", "woningcorporatie De Hoven"],
        "sector": "woningcorporatie",
        "domain": "wonen",
        "coordinating": False,
        "description": "Verhuurder van de woningen van het gezin.",
    },
    {
        "canonical": "Kinderdagcentrum De Vlinder",
        "full_name": "Kinderdagcentrum De Vlinder",
        "aliases": ["De Vlinder", "KDC De Vlinder"],
        "sector": "kinderdagcentrum",
        "domain": "onderwijs",
        "coordinating": False,
        "description": "Dagcentrum voor jonge kinderen met een ontwikkelingsachterstand.",
    },
    {
        "canonical": "De Kompasschool",
        "full_name": "De Kompasschool, school voor zeer moeilijk lerende kinderen (SO/VSO)",
        "aliases": ["Kompasschool", "De Kompasschool (zmlk)", "Kompasschool zmlk"],
        "sector": "speciaal onderwijs",
        "domain": "onderwijs",
        "coordinating": False,
        "description": "Zmlk-school met een afdeling speciaal en voortgezet speciaal onderwijs.",
    },
    {
        "canonical": "Thuiszorg Lauwerland",
        "full_name": "Thuiszorg Lauwerland, gespecialiseerde gezinsverzorging",
        "aliases": ["Thuiszorg Lauwerland (GGV)", "GGV Lauwerland"],
        "sector": "thuiszorg",
        "domain": "gezin",
        "coordinating": False,
        "description": "Gespecialiseerde gezinsverzorging (GGV) in het gezin.",
    },
    {
        "canonical": "Zorggroep De Linde",
        "full_name": "Zorggroep De Linde, wonen voor mensen met een verstandelijke beperking",
        "aliases": ["De Linde", "Zorggroep De Linde, woongroep"],
        "sector": "gehandicaptenzorg",
        "domain": "gezondheid",
        "coordinating": False,
        "description": "Woonvoorziening; Jesse woont er doordeweeks vanaf 2015.",
    },
    {
        "canonical": "Sociaal Wijkteam Noorderhaven",
        "full_name": "Sociaal Wijkteam Noorderhaven (gemeente Noorderhaven)",
        "aliases": ["Wijkteam Noorderhaven", "SWT Noorderhaven"],
        "sector": "wijkteam",
        "domain": "gezin",
        "coordinating": True,
        "description": "Gemeentelijk wijkteam na de transitie van 2015.",
    },
    {
        "canonical": "Jeugdbescherming Wadland",
        "full_name": "Jeugdbescherming Wadland (gecertificeerde instelling)",
        "aliases": ["JB Wadland"],
        "sector": "jeugdbescherming",
        "domain": "veiligheid",
        "coordinating": True,
        "description": "Gecertificeerde instelling; voert de ondertoezichtstellingen van 2019 uit.",
    },
)


def organisations_yaml() -> str:
    header = (
        "# Lokale organisaties van de demo-casus (allemaal verzonnen).\n"
        "# Landelijke namen (JGZ, AMK, Politie, Kredietbank, ...) staan in het register van het\n"
        "# hulpmiddel.\n"
        "# 'Stichting Buurtmaatjes' staat hier bewust niet in: die blijft onherkend.\n"
    )
    body = yaml.safe_dump(
        {"organisations": list(LOCAL_ORGANISATIONS)},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return header + body.replace("\n- ", "\n\n- ")


PROFILE_TEXT = {
    "jgz.yaml": """\
# JGZ (consultatiebureau en GGD): export contactmomenten, Windows-codering, puntkomma's.
name: JGZ contactmomenten export
source: jgz
match: ["jgz_*.csv"]
read:
  format: csv
  encoding: cp1252
  separator: ";"
  header_row: 1
columns:
  date: Datum contact
  description: [Soort contact, Verslag]
  event_type: Soort contact
  subtype: Soort contact
  persons: Betreft
values:
  event_type:
    "Niet verschenen": care_avoidance
    "Afgezegd": care_avoidance
    "Niet thuis": care_avoidance
    "Huisbezoek": contact
    "Consult": contact
    "Telefonisch": contact
    "Overleg": consultation
    "Zorgsignaal": signal
    "Zorgmelding": referral
  subtype:
    "Niet verschenen": no_show
    "Afgezegd": cancelled
    "Niet thuis": door_closed
    "Huisbezoek": home_visit
    "Consult": consult
    "Telefonisch": phone
    "Overleg": coordination
    "Zorgsignaal": concern
    "Zorgmelding": zorgmelding
defaults:
  organisation: JGZ
  domain: gezondheid
  event_type: contact
""",
    "ziekenhuis.yaml": """\
# Ziekenhuis Noorderhaven, kindergeneeskunde: twee tabbladen met twee titelregels en een lege
# regel boven de kop (kop op rij 4). Opnames heeft Excel-datums, Poli tekstdatums ("3 okt. 2011").
name: Ziekenhuis Noorderhaven kindergeneeskunde
source: ziekenhuis_noorderhaven
match: ["ziekenhuis_noorderhaven*.xlsx"]
read:
  format: xlsx
  header_row: 4
  sheets: [Opnames, Poli]
columns:
  date: Datum
  date_end: Ontslagdatum
  description: [Soort, Verslag]
  event_type: Soort
  subtype: Soort
  persons: Patiënt
values:
  event_type:
    "Opname": contact
    "Polibezoek": contact
    "Niet verschenen": care_avoidance
    "SEH letsel": signal
    "Opname kinder-IC": calamity
    "Brief": note
  subtype:
    "Opname": admission
    "Polibezoek": outpatient_visit
    "Niet verschenen": no_show
    "SEH letsel": injury
    "Opname kinder-IC": injury
    "Brief": letter
defaults:
  organisation: Ziekenhuis Noorderhaven
  domain: gezondheid
  event_type: contact
""",
    "politie.yaml": """\
# Politie: registraties als JSON-lijst; ISO-datums; betrokkenen als lijst van namen.
name: Politie registraties (BVH-extract)
source: politie
match: ["politie_*.json"]
read:
  format: json
columns:
  date: registratiedatum
  description: [incidentsoort, omschrijving]
  event_type: incidentsoort
  subtype: incidentsoort
  severity: prioriteit
  persons: betrokkenen
  record_id: registratienummer
values:
  event_type:
    "Huiselijk geweld": signal
    "Ruzie/twist": signal
    "Overlast": signal
    "Mishandeling": signal
    "Zeden": signal
    "Contact wijkagent": contact
    "Zware mishandeling": calamity
    "Vermissing": signal
  subtype:
    "Huiselijk geweld": domestic_violence
    "Ruzie/twist": domestic_violence
    "Overlast": nuisance
    "Mishandeling": violent_partner
    "Zeden": sexual_behaviour
    "Contact wijkagent": community_officer
    "Zware mishandeling": injury
    "Vermissing": runaway
  severity: {"hoog": 3, "middel": 2, "laag": 1}
defaults:
  organisation: Politie
  domain: veiligheid
  event_type: signal
""",
    "ggz_wadland.yaml": """\
# GGZ Wadland: tekstjournaal; elke notitie begint met een datum aan het begin van een regel
# ("12-03-2008: ...", "maart 2008 - ...", "begin 2011 ..."). De lezer levert de kolommen
# 'datum' en 'tekst'.
name: GGZ Wadland journaal
source: ggz_wadland
match: ["ggz_wadland*.txt"]
read:
  format: journal
  encoding: utf-8
columns:
  date: datum
  description: tekst
defaults:
  organisation: GGZ Wadland
  domain: gezondheid
  event_type: contact
  persons: [Moeder]
""",
    "amk.yaml": """\
# AMK / Veilig Thuis: JSON Lines, één melding of stap per regel; de instelling staat per regel
# (AMK tot 2015, daarna Veilig Thuis, in wisselende schrijfwijzen).
name: AMK en Veilig Thuis meldingen
source: amk
match: ["amk_*.jsonl"]
read:
  format: jsonl
columns:
  date: meldingsdatum
  organisation: instelling
  description: [aard, omschrijving, conclusie]
  event_type: aard
  subtype: aard
  persons: betreft
  record_id: kenmerk
values:
  event_type:
    "Advies": consultation
    "Melding": referral
    "Onderzoek": risk_assessment
    "Overweging Raad": consultation
    "Conclusie": agreement
    "Rappel": consultation
    "Afsluiting": note
    "Overdracht": referral
    "Verzoek tot onderzoek Raad": referral
  subtype:
    "Advies": advice
    "Melding": amk_report
    "Onderzoek": amk_investigation
    "Overweging Raad": raadsmelding_considered
    "Conclusie": conditions
    "Rappel": rappel
    "Afsluiting": closure
    "Overdracht": handover
    "Verzoek tot onderzoek Raad": raadsmelding
defaults:
  organisation: AMK
  domain: veiligheid
  event_type: referral
""",
    "betrokkenheid.yaml": """\
# Eigen overzicht van de inspecteurs: per rij een periode van betrokkenheid van een organisatie.
# Begindatum wordt involvement_start, Einddatum involvement_end (leeg = nog betrokken).
name: Overzicht betrokkenheid organisaties
source: betrokkenheid
match: ["betrokkenheid_*.csv"]
read:
  format: csv
  encoding: utf-8
  separator: ","
  header_row: 1
columns:
  date: Begindatum
  date_end: Einddatum
  organisation: Instelling
  description: Toelichting
  persons: Betreft
defaults:
  event_type: involvement
""",
    "school.yaml": """\
# De Kompasschool (zmlk): leerlingvolgsysteem, tab-gescheiden, Latin-1, datums als "1-2-03",
# soms alleen een maand ("mei 2014", "sept 2019").
name: De Kompasschool leerlingdossier
source: kompasschool
match: ["school_kompas*.tsv"]
read:
  format: csv
  encoding: latin-1
  separator: "\\t"
  header_row: 1
columns:
  date: Datum
  description: [Soort, Notitie]
  event_type: Soort
  subtype: Soort
  persons: Leerling
values:
  event_type:
    "Inschrijving": note
    "Gesprek ouders": contact
    "Ouders niet verschenen": care_avoidance
    "Ziekmelding": note
    "Verzuim": signal
    "Zorgsignaal": signal
    "ZAT-overleg": consultation
    "Melding leerplicht": referral
  subtype:
    "Inschrijving": school_start
    "Gesprek ouders": parent_meeting
    "Ouders niet verschenen": no_show
    "Ziekmelding": sick_report
    "Verzuim": absence
    "Zorgsignaal": concern
    "ZAT-overleg": case_conference
    "Melding leerplicht": leerplicht
defaults:
  organisation: De Kompasschool
  domain: onderwijs
  event_type: note
""",
    "oggz.yaml": """\
# OGGZ-meldpunt: één tabblad 'Meldingen' (het tabblad 'Toelichting' is geen tabel); de datum
# staat als Excel-volgnummer (een getal als 40210) sinds een systeemconversie.
name: OGGZ meldingen
source: oggz
match: ["oggz_*.xlsx"]
read:
  format: xlsx
  sheets: [Meldingen]
columns:
  date: Datum
  description: [Soort, Omschrijving, Melder]
  event_type: Soort
  subtype: Soort
  record_id: Registratienr
values:
  event_type:
    "Melding": referral
    "Huisbezoek": contact
    "Geen gehoor": care_avoidance
    "Weigering": care_avoidance
    "Telefonisch contact": contact
    "Ketenoverleg": consultation
    "Afsluiting": note
  subtype:
    "Melding": zorgmelding
    "Huisbezoek": home_visit
    "Geen gehoor": door_closed
    "Weigering": refused_entry
    "Telefonisch contact": phone
    "Ketenoverleg": coordination
    "Afsluiting": closure
defaults:
  organisation: OGGZ
  domain: gezondheid
  event_type: contact
  persons: [Moeder]
""",
    "gezin.yaml": """\
# Gebeurtenissen in het gezin zelf (geboorten, verhuizingen, partners), door de inspecteurs uit
# de dossiers verzameld. Datums voluit: "17 februari 2001".
name: Gezinsgebeurtenissen
source: gezin
match: ["gezinsgebeurtenissen*.csv"]
read:
  format: csv
  encoding: utf-8
  separator: ";"
columns:
  date: Datum
  description: Omschrijving
  event_type: Soort
  subtype: Soort
  persons: Betreft
values:
  event_type:
    "Geboorte": note
    "Verhuizing": note
    "Relatie beëindigd": note
    "Nieuwe partner": note
    "Partner komt inwonen": signal
    "Detentie": note
    "Calamiteit": calamity
    "Uithuisplaatsing": placement
    "Meerderjarig": note
  subtype:
    "Geboorte": birth
    "Verhuizing": move
    "Relatie beëindigd": partner_out
    "Nieuwe partner": new_partner
    "Partner komt inwonen": partner_in
    "Detentie": detention
    "Calamiteit": injury
    "Uithuisplaatsing": placement
    "Meerderjarig": coming_of_age
defaults:
  organisation: "(gezin)"
  domain: gezin
  event_type: note
""",
}


# --- 4. Ledger: expected.yaml and README.md ---------------------------------------------------


def collect(story: list[Happening]) -> dict[str, list[Entry]]:
    """Per source, its entries in the order the export lists them (by recorded day)."""
    per: dict[str, list[Entry]] = {}
    n = 0
    for h in story:
        for e in h.entries:
            n += 1
            e.seq = n
            per.setdefault(e.source, []).append(e)
    for entries in per.values():
        entries.sort(key=lambda e: (e.on, e.seq))
    return per


def mark_artefacts(per: dict[str, list[Entry]]) -> None:
    """The export glitches: an empty row and a repeated line in the JGZ file, an empty Poli row."""
    jgz_rows = per["jgz"]
    next(e for e in jgz_rows if e.on >= d(2009, 6, 1) and e.routine).after = "empty"
    next(e for e in jgz_rows if e.on >= d(2011, 6, 1) and e.routine).after = "repeat"
    poli = [e for e in per["ziekenhuis"] if e.extra["sheet"] == "Poli"]
    next(e for e in poli if e.on >= d(2010, 1, 1)).after = "empty"


def ledger(story, reports: dict[str, FileReport]) -> dict:
    """Where every deliberate irregularity and every cross-source duplicate ended up."""

    def loc(e: Entry) -> dict:
        rep = reports[e.source]
        return {"file": rep.name, **rep.where[id(e)]}

    entries = sorted((e for h in story for e in h.entries), key=lambda e: (e.on, e.seq))
    dirty: dict[str, list] = {
        "missing_date": [],
        "impossible_date": [],
        "empty_row": [],
        "malformed_row": [],
        "duplicate_line": [],
        "unresolved_organisation": [],
        "spelling_variant": [],
    }
    for e in entries:
        if e.dirty == "missing_date":
            dirty["missing_date"].append(loc(e))
        elif e.dirty == "impossible_date":
            dirty["impossible_date"].append({**loc(e), "value": e.date_text})
        elif e.dirty == "unresolved_organisation":
            dirty["unresolved_organisation"].append({**loc(e), "value": e.extra["org"]})
        org = e.extra.get("org")
        if org in VARIANTS:
            dirty["spelling_variant"].append({**loc(e), "value": org, "canonical": VARIANTS[org]})
    betr = reports["betrokkenheid"]
    for p in INVOLVEMENT:
        if p.org in VARIANTS and not p.malformed:
            dirty["spelling_variant"].append(
                {
                    "file": betr.name,
                    **betr.where[id(p)],
                    "value": p.org,
                    "canonical": VARIANTS[p.org],
                }
            )
    for rep in sorted(reports.values(), key=lambda r: r.name):
        for r in rep.empty_rows:
            dirty["empty_row"].append({"file": rep.name, **r})
        for r in rep.malformed_rows:
            dirty["malformed_row"].append({"file": rep.name, **r})
        for r in rep.repeated:
            dirty["duplicate_line"].append({"file": rep.name, **r})
    for items in dirty.values():
        items.sort(
            key=lambda x: (x["file"], x.get("sheet", ""), x.get("row", x.get("rows", [0])[0]))
        )
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if e.dup:
            groups.setdefault(e.dup, []).append(e)
    summaries = {e.dup: h.summary for h in story for e in h.entries if e.dup}
    duplicates = []
    for key, group in groups.items():
        first, *others = group
        for other in others:
            duplicates.append(
                {"event": key, "summary": summaries[key], "a": loc(first), "b": loc(other)}
            )
    return {"dirty": dirty, "duplicates": duplicates}


def expected_yaml(reports: dict[str, FileReport], led: dict) -> str:
    files = {}
    for rep in sorted(reports.values(), key=lambda r: r.name):
        info = {
            "format": rep.fmt.split()[0],
            "encoding": rep.encoding,
            "separator": rep.separator,
            "profile": rep.profile or "auto",
            "row_unit": rep.row_unit,
            "header_row": rep.header_row,
            "rows": rep.rows,
            "empty_rows": [r["row"] for r in rep.empty_rows],
            "malformed_rows": [r["row"] for r in rep.malformed_rows],
        }
        if rep.sheet_rows:
            info["sheets"] = dict(rep.sheet_rows)
            info["empty_rows"] = [dict(r) for r in rep.empty_rows]
        files[rep.name] = info
    doc = {
        "case": "Demo — gezin Veldhoen (synthetisch)",
        "persons": ["Moeder", "Kind A", "Kind B", "Kind C", "Kind D", "Vader Kind A", "Partner"],
        "row_numbers": (
            "csv/tsv: regelnummer in een teksteditor (kopregel = 1; een rij met een veld over "
            "meerdere regels telt vanaf de eerste); xlsx: Excel-rijnummer met tabblad; json: "
            "volgnummer van het object (1 = eerste); jsonl: regelnummer; journal: regel waarop "
            "de notitie begint."
        ),
        "rows_note": (
            "rows = records die een lezer oplevert: zonder kop-, titel-, lege en misvormde rijen; "
            "de herhaalde regel telt mee."
        ),
        "files": files,
        "totals": {"files": len(files), "rows": sum(r.rows for r in reports.values())},
        "unresolved_organisations": [UNRESOLVED],
        "organisation_variants": {
            canon: sorted({v for v, c in VARIANTS.items() if c == canon})
            for canon in sorted(set(VARIANTS.values()))
        },
        "involvement": {
            "file": "betrokkenheid_overzicht.csv",
            "periods": sum(1 for p in INVOLVEMENT if not p.malformed),
            "with_end": sum(1 for p in INVOLVEMENT if not p.malformed and p.end),
        },
        "dirty": led["dirty"],
        "duplicates": led["duplicates"],
        "raadsmelding_considered": 4,
        "calamity": {"date": "2019-04-14", "person": "Kind B"},
    }
    header = (
        "# Gegenereerd door data/make_demo.py; niet met de hand bewerken.\n"
        "# Feiten over de demo-bronnen voor tests: aantallen rijen, vuile rijen, dubbelingen.\n"
    )
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


STORY_SUMMARY = """\
Sanne Veldhoen (1979) krijgt in 2001 in Noorderhaven haar eerste kind, Jesse, van Dennis
Kloosterman; daarna Lotte (2004) en Milan (2006), en met haar latere partner Erwin Bosma Noa
(2013). Sanne heeft een kwetsbare psychische gezondheid; Jesse en Lotte hebben een
ontwikkelingsachterstand. Er zijn problemen op alle zes leefgebieden: groeiproblemen en
gewichtsverlies (2001, 2007, 2014, 2018), verzuim, huiselijk geweld (2002, 2012, 2016), overlast en
huurachterstand, schulden. Hulp wordt steeds opnieuw gestart en afgebroken (gezinsverzorging drie
keer, GGZ drie keer); de deur blijft vaak dicht. Het AMK onderzoekt na meldingen van oma (2004) en
tante (2012); in 2012 loopt tegelijk een OGGZ-melding zonder dat die twee elkaar treffen. Een
raadsmelding wordt vier keer overwogen (2004, 2007, 2012, 2014) en nooit gedaan; voorwaarden worden
niet gecontroleerd. Rond 2006-2008 zijn veel organisaties tegelijk betrokken. In 2012 trekt Erwin
in, die al een toezicht bij de reclassering had wegens kindermishandeling. Op 14 april 2019 wordt
Lotte (14) met ernstig letsel door Erwin in het ziekenhuis opgenomen.
"""


def readme(reports: dict[str, FileReport], led: dict) -> str:
    def where(x: dict) -> str:
        sheet = f", tabblad {x['sheet']}" if "sheet" in x else ""
        unit = {"json": "record", "jsonl": "regel"}.get(x["file"].rsplit(".", 1)[-1], "rij")
        if x["file"].endswith(".txt") or x["file"].endswith((".csv", ".tsv")):
            unit = "regel"
        return f"`{x['file']}`{sheet} {unit} {x['row']}"

    out = [
        "# Demo-casus: gezin Veldhoen (synthetisch)",
        "",
        "Gegenereerd door `data/make_demo.py` (`.venv/bin/python data/make_demo.py`); elke run "
        "schrijft dezelfde bytes. Alles is verzonnen: het gezin, de plaats Noorderhaven en de "
        "lokale organisaties (`organisations.yaml`). Pseudoniemen staan in `case.yaml`.",
        "",
        "## Het verhaal",
        "",
        STORY_SUMMARY.rstrip(),
        "",
        "## Bronbestanden (`sources/`)",
        "",
        "| bestand | formaat | codering | datumgewoonte | profiel | rijen |",
        "|---|---|---|---|---|---|",
    ]
    for rep in sorted(reports.values(), key=lambda r: r.name):
        profile = f"`profiles/{rep.profile}`" if rep.profile else "geen (kolomkoppen)"
        rows = str(rep.rows)
        if len(rep.sheet_rows) > 1:
            rows += " (" + ", ".join(f"{k} {v}" for k, v in rep.sheet_rows.items()) + ")"
        out.append(
            f"| `{rep.name}` | {rep.fmt} | {rep.encoding or '–'} | {rep.dates} | {profile} "
            f"| {rows} |"
        )
    total = sum(r.rows for r in reports.values())
    out += [
        f"| **totaal** | | | | | **{total}** |",
        "",
        "Rijnummers: CSV/TSV/journaal = regelnummer in een teksteditor (kopregel = regel 1; een "
        "veld met een regeleinde telt door); XLSX = Excel-rijnummer; JSON = volgnummer van het "
        "object; JSONL = regelnummer.",
        "",
        "## Bewust vuile rijen",
        "",
    ]
    labels = {
        "missing_date": "Datum ontbreekt",
        "impossible_date": "Onmogelijke datum",
        "empty_row": "Volledig lege rij",
        "malformed_row": "Misvormde rij (te veel velden; moet geweigerd worden)",
        "duplicate_line": "Dezelfde regel twee keer in één bestand",
        "unresolved_organisation": "Organisatie in geen enkel register",
        "spelling_variant": "Andere schrijfwijze van een organisatie",
    }
    for kind, items in led["dirty"].items():
        out.append(f"- **{labels[kind]}**:")
        for x in items:
            if kind == "duplicate_line":
                out.append(f"  - `{x['file']}` regels {x['rows'][0]} en {x['rows'][1]}")
                continue
            extra = ""
            if "value" in x:
                extra = f": `{x['value']}`"
                if "canonical" in x:
                    extra += f" (= {x['canonical']})"
            if "reason" in x:
                extra = f" ({x['reason']})"
            out.append(f"  - {where(x)}{extra}")
    out += [
        "",
        "## Dezelfde gebeurtenis bij twee organisaties",
        "",
    ]
    for dup in led["duplicates"]:
        out.append(f"- {dup['summary']}: {where(dup['a'])} en {where(dup['b'])}")
    out += [
        "",
        "## Overige bestanden",
        "",
        "- `case.yaml`: naam, periode 2001-2019, personen met pseudoniem en schrijfwijzen.",
        "- `organisations.yaml`: de verzonnen lokale organisaties; landelijke namen komen uit het "
        "register van het hulpmiddel. `Stichting Buurtmaatjes` staat bewust nergens.",
        "- `profiles/*.yaml`: één mappingprofiel per bron; `kredietbank.csv` en "
        "`hulpverlening_notities.csv` worden zonder profiel herkend aan hun kolomkoppen.",
        "- `expected.yaml`: dezelfde feiten machineleesbaar, voor tests.",
        "",
    ]
    return "\n".join(out)


# --- Main --------------------------------------------------------------------------------------


def build() -> None:
    """Write data/demo/ from scratch."""
    story = storyline()
    story += routine_jgz(story, random.Random(SEED + 1))
    story += routine_ggz(story, random.Random(SEED + 2))
    story += routine_school(story, random.Random(SEED + 3))
    story += routine_kredietbank(random.Random(SEED + 4))
    story += routine_ziekenhuis(random.Random(SEED + 5))
    story += routine_politie(random.Random(SEED + 6))
    per = collect(story)
    mark_artefacts(per)

    SOURCES.mkdir(parents=True, exist_ok=True)
    PROFILES.mkdir(parents=True, exist_ok=True)
    reports = {
        "jgz": write_jgz(per["jgz"]),
        "ziekenhuis": write_ziekenhuis(per["ziekenhuis"]),
        "politie": write_politie(per["politie"]),
        "ggz": write_ggz(per["ggz"]),
        "amk": write_amk(per["amk"]),
        "betrokkenheid": write_betrokkenheid(INVOLVEMENT),
        "school": write_school(per["school"]),
        "kredietbank": write_kredietbank(per["kredietbank"]),
        "oggz": write_oggz(per["oggz"]),
        "gezin": write_gezin(per["gezin"]),
        "notities": write_notities(per["notities"]),
    }
    led = ledger(story, reports)
    (OUT / "case.yaml").write_text(CASE_YAML, "utf-8", newline="\n")
    (OUT / "organisations.yaml").write_text(organisations_yaml(), "utf-8", newline="\n")
    for name, text in PROFILE_TEXT.items():
        (PROFILES / name).write_text(text, "utf-8", newline="\n")
    (OUT / "expected.yaml").write_text(expected_yaml(reports, led), "utf-8", newline="\n")
    (OUT / "README.md").write_text(readme(reports, led), "utf-8", newline="\n")
    total = sum(r.rows for r in reports.values())
    print(f"{OUT}: {len(reports)} bronbestanden, {total} rijen")


if __name__ == "__main__":
    build()
