"""The words of benchmarks/sources.py: the synthetic family, organisations, dossier phrases and
the mapping profiles of its case (all invented). Vocabulary is data; the writer is code."""

from __future__ import annotations

MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
MONTHS_SHORT = "jan. feb. mrt apr. mei jun. jul. aug. sept. okt. nov. dec.".split()
WEEKDAYS = "ma di wo do vr za zo".split()
SEASONS = {"voorjaar": 3, "zomer": 6, "najaar": 9, "winter": 12}

PRECISION_SHARES = {
    "day": 0.86,
    "month": 0.05,
    "season": 0.01,
    "quarter": 0.01,
    "year": 0.02,
    "period": 0.04,
}

PERSONS = (
    # name, pseudonym, role, birth date, aliases (all invented)
    ("Mirjam Oosterveld", "Moeder", "moeder", "1978-06-02", ["Mirjam", "mw. Oosterveld"]),
    ("Daan Oosterveld", "Kind A", "kind", "2001-03-11", ["Daan", "D. Oosterveld"]),
    ("Fenna Oosterveld", "Kind B", "kind", "2004-10-27", ["Fenna", "F. Oosterveld"]),
    ("Stijn Oosterveld", "Kind C", "kind", "2008-01-19", ["Stijn"]),
    ("Ruud Brinkhorst", "Partner", "partner", "1975-02-14", ["Ruud", "dhr. Brinkhorst"]),
)
FIRST_NAMES = [p[4][0] for p in PERSONS]
CHILDREN = FIRST_NAMES[1:4]

LOCAL_ORGANISATIONS = """\
# Lokale organisaties van de synthetische benchmarkcasus (allemaal verzonnen).
organisations:
- canonical: Ziekenhuis Zuiderhaven
  full_name: Ziekenhuis Zuiderhaven, afdeling kindergeneeskunde
  aliases: [ZH Zuiderhaven, kinderarts Zuiderhaven]
  sector: ziekenhuis
  domain: gezondheid
- canonical: GGZ Duinland
  aliases: [Duinland GGZ, GGZ-Duinland]
  sector: ggz
  domain: gezondheid
- canonical: Wijkteam Noord
  aliases: [Sociaal wijkteam Noord, WT Noord]
  sector: wijkteam
  domain: gezin
  coordinating: true
"""

# Spellings in the notes file: registry names as written, plus a few the registry lacks.
NOTE_ORGANISATIONS = [
    "Huisarts",
    "huisartsenpraktijk",
    "Schuldhulpverlening",
    "Kredietbank",
    "Leerplicht",
    "Basisschool",
    "MEE",
    "Gezinscoach",
    "Algemeen maatschappelijk werk",
    "AMW",
    "Woningcorporatie",
    "Sociale dienst",
    "Consultatiebureau",
    "Jeugd-GGZ",
    "Wijkteam Noord",
    "GGZ Duinland",
    "Bureau Jeugdzorg",
    "Raad voor de Kinderbescherming",
]
UNKNOWN_ORGANISATIONS = ["Stichting Buurtmaatjes", "Sportclub De Zwaluwen", "Kerkelijke diaconie"]

PHRASES = {
    "contact": (
        ["Huisbezoek", "Telefonisch contact", "Consult", "Gesprek op kantoor", "Oudergesprek"]
        + ["Spreekuur", "Controle", "Evaluatiegesprek", "Intakegesprek", "Mailcontact"],
        [" met {m}.", " met {m} en {p}.", " met {k}.", " met {m} en de kinderen."]
        + [" met {k} en {m}.", " met {p}.", " met de mentor van {k}."],
        [
            " Afspraken doorgenomen, {m} oogt vermoeid.",
            " {k} slaapt slecht, advies gegeven over ritme.",
            " Financiën besproken; er liggen nog onbetaalde rekeningen.",
            " Woning rommelig, koelkast vrijwel leeg.",
            " {m} vertelt over spanningen met {p}.",
            " Gewicht en lengte van {k} gemeten, groeicurve vlakt af.",
            " Schoolverzuim van {k} besproken.",
            " {m} staat open voor hulp, vervolgafspraak over twee weken.",
            " {k} is teruggetrokken en zegt weinig.",
            " Medicatie doorgenomen, puffers worden niet goed gebruikt.",
            " Geen bijzonderheden.",
            " Gesprek verloopt moeizaam; {m} wil geen bemoeienis.",
        ],
    ),
    "signal": (
        ["Zorgsignaal: ", "Zorg: ", "Signaal: ", ""],
        [
            "{k} heeft blauwe plekken op de bovenarm",
            "{k} komt regelmatig zonder ontbijt op school",
            "buren melden harde ruzie en geschreeuw in de woning",
            "{m} onder invloed bij het ophalen van de kinderen",
            "{k} vertelt dat {p} hem hard heeft vastgepakt",
            "ernstige verwaarlozing van het gebit bij {k}",
            "kinderen 's avonds laat alleen op straat aangetroffen",
            "{k} heeft schrammen in het gezicht, uitleg wisselt",
        ],
        [".", "; besproken met {m}.", "; doorgegeven aan de gezinscoach.", ". Uitleg klopt niet."],
    ),
    "care_avoidance": (
        ["Afgezegd: ", "Niet verschenen: ", "Geen contact: ", ""],
        [
            "{m} zegt af, te druk met werk",
            "niemand thuis bij huisbezoek, briefje achtergelaten",
            "{m} weigert de verwijzing naar de GGZ",
            "telefoon wordt niet opgenomen na drie pogingen",
            "vaccinatie van {k} niet gehaald ondanks herinnering",
            "deur niet opengedaan terwijl er iemand thuis was",
        ],
        [".", "; nieuwe afspraak gepland.", "; geen nieuwe datum kunnen prikken."],
    ),
    "referral": (
        ["Verwijzing: ", "Melding: ", "Overdracht: "],
        [
            "doorverwezen naar de schuldhulpverlening",
            "melding gedaan bij Veilig Thuis over {k}",
            "{k} aangemeld bij de jeugd-GGZ voor onderzoek",
            "dossier overgedragen aan het wijkteam",
            "{k} verwezen naar de kinderarts voor groeiachterstand",
        ],
        [".", ", {m} akkoord.", ", {m} niet akkoord maar geïnformeerd."],
    ),
    "consultation": (
        ["Zorgconferentie", "Multidisciplinair overleg", "Casusoverleg"],
        [" met school, wijkteam en JGZ", " in het ZAT", " met de huisarts en de gezinscoach"],
        [". Afspraken over regie gemaakt.", ". Evaluatie over drie maanden.", "; geen regie."],
    ),
    "note": (
        ["Dossiernotitie:", "Brief verstuurd:", "Interne notitie:", "Aantekening:"],
        [
            " {m} telefonisch niet bereikbaar",
            " rapportage over {k} ontvangen van school",
            " gegevens bijgewerkt na verhuizing",
            " uitnodiging voor gesprek verstuurd aan {m}",
            " overdracht aan collega geregeld",
        ],
        [".", "; volgt.", ", zie bijlage.", ", terugkoppeling gevraagd."],
    ),
}
TYPE_SHARES = {
    "contact": 0.58,
    "note": 0.14,
    "signal": 0.1,
    "care_avoidance": 0.08,
    "referral": 0.05,
    "consultation": 0.05,
}
DETAILS = [
    "",
    "",
    " Volgende afspraak op {d}-{mo}.",
    " Afspraak om {h}:{mi} uur.",
    " Gewicht {k} {kg},{g} kg.",
    " Duur gesprek {n} minuten.",
    " Medewerker {n2}.",
    " Kenmerk {n}{n2}.",
]

# What each source's type column says, per event type (values of the profiles below).
JGZ_KIND = {
    "contact": ["Huisbezoek", "Consult", "Telefonisch"],
    "note": ["Consult"],
    "signal": ["Zorgsignaal"],
    "care_avoidance": ["Niet verschenen", "Afgezegd", "Niet thuis"],
    "referral": ["Zorgmelding"],
    "consultation": ["Overleg"],
}
WIJKTEAM_KIND = {
    "contact": ["Gesprek", "Huisbezoek"],
    "note": ["Notitie"],
    "signal": ["Zorgsignaal"],
    "care_avoidance": ["Afspraak niet nagekomen"],
    "referral": ["Doorverwijzing"],
    "consultation": ["Casusoverleg"],
}
POLITIE_KIND = ["Huiselijk geweld", "Ruzie/twist", "Overlast", "Contact wijkagent"]
VT_KIND = ["Melding", "Advies", "Onderzoek", "Rappel", "Afsluiting"]

PROFILES = {
    "jgz.yaml": """\
name: JGZ contactmomenten export
source: jgz
match: ["jgz_contactmomenten*.csv"]
read: {format: csv, encoding: cp1252, separator: ";", header_row: 1}
columns:
  date: Datum contact
  description: [Soort contact, Verslag]
  event_type: Soort contact
  subtype: Soort contact
  persons: Betreft
values:
  event_type: {"Niet verschenen": care_avoidance, "Afgezegd": care_avoidance,
    "Niet thuis": care_avoidance, "Huisbezoek": contact, "Consult": contact,
    "Telefonisch": contact, "Overleg": consultation, "Zorgsignaal": signal,
    "Zorgmelding": referral}
  subtype: {"Niet verschenen": no_show, "Afgezegd": cancelled, "Niet thuis": door_closed,
    "Huisbezoek": home_visit, "Consult": consult, "Telefonisch": phone,
    "Overleg": coordination, "Zorgsignaal": concern, "Zorgmelding": zorgmelding}
defaults: {organisation: JGZ, domain: gezondheid, event_type: contact}
""",
    "wijkteam.yaml": """\
name: Wijkteam Noord registraties
source: wijkteam
match: ["wijkteam_registraties*.csv"]
read: {format: csv, encoding: utf-8, separator: ";"}
columns:
  date: Registratiedatum
  description: [Soort, Samenvatting]
  event_type: Soort
  subtype: Soort
  severity: Ernst
  persons: Betreft
values:
  event_type: {"Gesprek": contact, "Huisbezoek": contact, "Notitie": note,
    "Zorgsignaal": signal, "Afspraak niet nagekomen": care_avoidance,
    "Doorverwijzing": referral, "Casusoverleg": consultation}
  subtype: {"Gesprek": conversation, "Huisbezoek": home_visit, "Zorgsignaal": concern,
    "Afspraak niet nagekomen": no_show, "Doorverwijzing": referral,
    "Casusoverleg": case_conference}
  severity: {"hoog": 3, "middel": 2, "laag": 1}
defaults: {organisation: Wijkteam Noord, event_type: note}
""",
    "betrokkenheid.yaml": """\
name: Overzicht betrokkenheid organisaties
source: betrokkenheid
match: ["betrokkenheid_*.csv"]
read: {format: csv, encoding: utf-8, separator: ",", header_row: 1}
columns:
  date: Begindatum
  date_end: Einddatum
  organisation: Instelling
  description: Toelichting
  persons: Betreft
defaults: {event_type: involvement}
""",
    "politie.yaml": """\
name: Politie registraties
source: politie
match: ["politie_*.json"]
read: {format: json}
columns:
  date: registratiedatum
  description: [incidentsoort, omschrijving]
  event_type: incidentsoort
  subtype: incidentsoort
  severity: prioriteit
  persons: betrokkenen
  record_id: registratienummer
values:
  event_type: {"Huiselijk geweld": signal, "Ruzie/twist": signal, "Overlast": signal,
    "Contact wijkagent": contact}
  subtype: {"Huiselijk geweld": domestic_violence, "Ruzie/twist": domestic_violence,
    "Overlast": nuisance, "Contact wijkagent": community_officer}
  severity: {"hoog": 3, "middel": 2, "laag": 1}
defaults: {organisation: Politie, domain: veiligheid, event_type: signal}
""",
    "veilig_thuis.yaml": """\
name: Veilig Thuis meldingen
source: veilig_thuis
match: ["veilig_thuis_*.jsonl"]
read: {format: jsonl}
columns:
  date: meldingsdatum
  organisation: instelling
  description: [aard, omschrijving]
  event_type: aard
  subtype: aard
  persons: betreft
  record_id: kenmerk
values:
  event_type: {"Advies": consultation, "Melding": referral, "Onderzoek": risk_assessment,
    "Rappel": consultation, "Afsluiting": note}
  subtype: {"Advies": advice, "Melding": vt_report, "Onderzoek": vt_investigation,
    "Rappel": rappel, "Afsluiting": closure}
defaults: {organisation: Veilig Thuis, domain: veiligheid, event_type: referral}
""",
    "ziekenhuis.yaml": """\
name: Ziekenhuis Zuiderhaven kindergeneeskunde
source: ziekenhuis_zuiderhaven
match: ["ziekenhuis_*.xlsx"]
read: {format: xlsx, header_row: 4, sheets: [Opnames, Poli]}
columns:
  date: Datum
  description: [Soort, Verslag]
  event_type: Soort
  subtype: Soort
  persons: Patiënt
values:
  event_type: {"Opname": contact, "Polibezoek": contact, "Niet verschenen": care_avoidance,
    "SEH letsel": signal, "Brief": note}
  subtype: {"Opname": admission, "Polibezoek": outpatient_visit, "Niet verschenen": no_show,
    "SEH letsel": injury, "Brief": letter}
defaults: {organisation: Ziekenhuis Zuiderhaven, domain: gezondheid, event_type: contact}
""",
    "ggz.yaml": """\
name: GGZ Duinland journaal
source: ggz_duinland
match: ["ggz_journaal*.txt"]
read: {format: journal, encoding: utf-8}
columns: {date: datum, description: tekst}
defaults: {organisation: GGZ Duinland, domain: gezondheid, event_type: contact,
  persons: [Moeder]}
""",
}


STEMS = (
    "school werk huis geld zorg gezin brief plan dienst huur bank buurt wijk sport club kerk "
    "klas les taal reken lees speel tuin keuken slaap kamer fiets auto bus trein straat winkel "
    "markt pakket voedsel kleding schoen jas tas boek computer telefoon scherm spel muziek "
    "teken zwem voetbal dans hond kat water licht energie rekening schuld toeslag uitkering "
    "loon baan stage diploma examen toets cijfer vakantie feest familie opa oma tante oom "
    "vriend buur tand oog oor huid arm been rug buik hoofd griep koorts pijn dokter "
    "medicijn apotheek afspraak formulier aanvraag bezwaar contract sleutel deur trap zolder"
).split()
CONNECTORS = (  # eight words go between these nine pieces
    ("Besproken: ", ", ", " en ", ". Verder ", ", ", ", ", ", ", " en ", "."),
    ("Aandacht voor ", " en ", "; ook ", ", ", " en ", ". Nog open: ", ", ", " en ", "."),
    ("Over ", ", ", " en ", " gesproken; daarnaast ", ", ", ", ", ", ", " en ", "."),
)
