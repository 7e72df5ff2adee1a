"""Tests for reconstruct.lexicon: a table of dossier lines, suggest_many, the YAML's validation,
and the measured precision and recall on tests/data/lexicon_labelled.csv.

The labelled set: one synthetic line per row (`text;event_type;subtype`), labelled with what a
careful inspector would give; `none` where no suggestion should be made (neutral contacts,
negated or past events). Where a line records two things, the label follows the lexicon's
documented `priority` (a signal named in a zorgmelding makes the line a signal). Every 4th
line (0-based index 3, 7, ...) is held out; the floors below are asserted on that part.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from reconstruct.lexicon import (
    LEXICON_FILE,
    Lexicon,
    LexiconError,
    Suggestion,
    load_lexicon,
    suggest,
    suggest_many,
)
from reconstruct.schema import EVENT_TYPES

LABELLED = Path(__file__).parent / "data" / "lexicon_labelled.csv"
FLOORS = {"precision": 0.90, "recall": 0.90}  # held-out split; measured 0.95 / 0.95

# (text, event_type, subtype, severity); None: no suggestion at all
CASES = [
    # --- signals and their inflections
    ("Blauwe plekken op beide armen", "signal", "injury", 2),
    ("blauwe plek op de wang, moeder: gevallen", "signal", "injury", 2),
    ("Bij het uitkleden: striemen op de rug", "signal", "injury", 2),
    ("KA: spiraalfractuur rechter onderarm", "signal", "injury", 3),
    ("Jesse is 500 gram afgevallen", "signal", "weight_loss", 2),
    ("Lotte valt af en eet slecht", "signal", "weight_loss", 2),
    ("Gewichtsverlies sinds de vorige meting", "signal", "weight_loss", 2),
    ("Gewicht is sterk gedaald", "signal", "weight_loss", 2),
    ("Woning ernstig vervuild", "signal", "neglect", 2),
    ("Geen eten in huis, koelkast leeg", "signal", "neglect", 2),
    ("Huiselijk geweld: partner sloeg moeder", "signal", "domestic_violence", 2),
    ("Partner heeft moeder mishandeld", "signal", "abuse", 2),
    ("Vermoeden van seksueel misbruik", "signal", "sexual_behaviour", 3),
    ("Nieuwe partner heeft een strafblad voor geweld", "signal", "violent_partner", 2),
    ("Geluidsoverlast gemeld door de buren", "signal", "nuisance", 1),
    ("Huurachterstand van drie maanden", "signal", "debt", 1),
    ("Aanzegging ontruiming verstuurd", "signal", "eviction", 2),
    # --- negation, history, stops
    ("Geen blauwe plekken gezien", None, None, None),
    ("geen blauwe plekken of ander letsel", None, None, None),
    ("Er is geen sprake van huiselijk geweld", None, None, None),
    ("Moeder zegt dat ze niet afgevallen is", None, None, None),
    ("Lotte valt niet af", None, None, None),
    ("Kind zonder letsel aangetroffen", None, None, None),
    ("Moeder ontkent mishandeling", None, None, None),
    ("Blauwe plekken: nee.", None, None, None),
    ("Blauwe plekken zijn niet gezien", None, None, None),
    ("Schulden inmiddels afgelost", None, None, None),
    ("Moeder is vroeger zelf uit huis geplaatst", None, None, None),
    ("Geen koorts, wel blauwe plekken", "signal", "injury", 2),
    ("Niet thuis. Blauwe plek op arm", "signal", "injury", 2),
    # --- care avoidance
    ("Moeder niet verschenen op het CB", "care_avoidance", "no_show", None),
    ("n.v. op CB, nieuwe oproep", "care_avoidance", "no_show", None),
    ("Sanne verscheen niet op de afspraak", "care_avoidance", "no_show", None),
    ("Moeder komt weer niet opdagen", "care_avoidance", "no_show", None),
    ("Derde keer no-show", "care_avoidance", "no_show", None),
    ("Moeder zegt de afspraak af", "care_avoidance", "cancelled", None),
    ("Afspraak afgezegd door vader", "care_avoidance", "cancelled", None),
    ("Hulp afgebroken door moeder", "care_avoidance", "broke_off_help", None),
    ("Moeder breekt de behandeling af", "care_avoidance", "broke_off_help", None),
    ("Sanne brak de therapie abrupt af", "care_avoidance", "broke_off_help", None),
    ("Sanne brak de therapie na twee lange weken af", None, None, None),  # past `gap_words`
    ("Moeder wil de hulp afbreken", "care_avoidance", "broke_off_help", None),
    ("Moeder heeft de hulp voortijdig beëindigd", "care_avoidance", "broke_off_help", None),
    ("Vader laat ons niet binnen", "care_avoidance", "refused_entry", None),
    ("Moeder wil geen hulp", "care_avoidance", "declined_help", None),
    ("HB: deur bleef dicht", "care_avoidance", "door_closed", None),
    ("Deur blijft dicht", "care_avoidance", "door_closed", None),
    ("Deur werd niet opengedaan", "care_avoidance", "door_closed", None),
    ("Huisbezoek: deur ging open na lang aanbellen", None, None, None),
    ("Afspraak verzet op verzoek van school", None, None, None),
    ("Moeder belt om af te spreken", None, None, None),
    ("Moeder zegt af en toe dat het zwaar is", None, None, None),
    # --- reports, consultation, agreements, measures
    ("Zorgmelding gedaan bij BJZ", "referral", "zorgmelding", None),
    ("Melding bij Veilig Thuis door de huisarts", "referral", "amk_report", None),
    ("Raadsmelding gedaan", "referral", "raadsmelding", None),
    ("Raadsmelding overwogen, niet gedaan", "consultation", "raadsmelding_considered", None),
    (
        "Besproken of een melding bij de Raad nodig is",
        "consultation",
        "raadsmelding_considered",
        None,
    ),
    ("Zorgconferentie met school en CB", "consultation", "case_conference", None),
    ("Risicotaxatie uitgevoerd", "risk_assessment", "risk_assessment", None),
    ("Afspraken gemaakt over bedtijden", "agreement", "agreement", None),
    ("Afspraak gemaakt voor volgende week", None, None, None),
    ("Kinderrechter spreekt een OTS uit", "measure", "ots", None),
    ("Uithuisplaatsing van Noa", "placement", "placement", None),
    ("Start gezinsbegeleiding", "involvement_start", "start", None),
    ("Dossier gesloten", "involvement_end", "end", None),
    ("Lotte overleden in het ziekenhuis", "calamity", "calamity", None),
    ("Oma is overleden", None, None, None),
    # --- priority: the first type in `priority` wins, the terms show all
    ("Zorgmelding i.v.m. blauwe plekken", "signal", "injury", 2),
    ("Moeder komt niet opdagen bij het MDO", "care_avoidance", "no_show", None),
    ("Ernstig mishandeld, opgenomen", "calamity", "calamity", None),
    # --- ignored phrases
    ("Advies- en Meldpunt Kindermishandeling belt", None, None, None),
    ("Jesse slaat een klas over", None, None, None),
    ("", None, None, None),
    ("   ", None, None, None),
]


@pytest.mark.parametrize(("text", "event_type", "subtype", "severity"), CASES)
def test_suggest(text, event_type, subtype, severity):
    got = suggest(text)
    assert (got.event_type, got.subtype, got.severity) == (event_type, subtype, severity)
    assert bool(got.terms) == (event_type is not None)


def test_suggest_none_and_defaults():
    assert suggest(None) == Suggestion()
    assert Suggestion().terms == ()


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("HB: deur bleef dicht, blauwe plek bij Jesse gezien", ("deur bleef dicht", "blauwe plek")),
        ("Zorgmelding i.v.m. blauwe plekken", ("Zorgmelding", "blauwe plekken")),
        ("Moeder BREEKT de hulp AF", ("BREEKT de hulp AF",)),
        ("Hulp beëindigd: voortijdig beëindigd", ("Hulp beëindigd", "voortijdig beëindigd")),
        ("Straße 1: Blauwe\n  plekken", ("Blauwe plekken",)),  # folding changes the length
        ("Bewoners klagen over drugsoverlast", ("drugsoverlast",)),  # a compound, whole word
    ],
)
def test_terms_are_shown_as_written(text, terms):
    assert suggest(text).terms == terms


def test_suggest_many_is_aligned_and_analyses_each_text_once(monkeypatch):
    texts = pd.Series(
        ["Blauwe plek op arm", None, "Geen bijzonderheden", "Blauwe plek op arm", float("nan"), 7],
        index=[10, 3, 99, 4, 5, 6],
    )
    calls = []
    original = Lexicon.suggest
    monkeypatch.setattr(Lexicon, "suggest", lambda self, t: calls.append(t) or original(self, t))
    out = suggest_many(texts)
    assert sorted(calls) == ["Blauwe plek op arm", "Geen bijzonderheden"]
    assert list(out.index) == [10, 3, 99, 4, 5, 6]
    assert list(out.columns) == [
        "suggested_event_type",
        "suggested_subtype",
        "suggested_severity",
        "suggested_terms",
    ]
    assert str(out["suggested_severity"].dtype) == "Int8"
    assert out.loc[10].tolist() == ["signal", "injury", 2, "Blauwe plek"]
    assert out.loc[4].tolist() == out.loc[10].tolist()
    for i in (3, 99, 5, 6):
        row = out.loc[i]
        assert row["suggested_event_type"] is None and row["suggested_terms"] is None
        assert row["suggested_severity"] is pd.NA


def test_suggest_many_terms_are_joined_and_empty_input_works():
    out = suggest_many(pd.Series(["Zorgmelding i.v.m. blauwe plekken"]))
    assert out.loc[0, "suggested_terms"] == "Zorgmelding; blauwe plekken"
    empty = suggest_many(pd.Series([], dtype=object))
    assert empty.empty and str(empty["suggested_severity"].dtype) == "Int8"


# --- the YAML: loading, a case's own entries, validation


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lexicon_case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_lexicon_loads_once_and_covers_the_types():
    lexicon = load_lexicon()
    assert lexicon is load_lexicon()
    assert lexicon.sources == (LEXICON_FILE,)
    used = {e.event_type for e in lexicon.entries}
    assert used == set(EVENT_TYPES) - {"contact", "note"}


def test_case_file_extends_and_replaces_entries(tmp_path):
    path = _write(
        tmp_path,
        "entries:\n"
        "  poli_refused:\n"
        "    event_type: care_avoidance\n"
        "    subtype: declined_help\n"
        "    patterns: [weigert ... controle* (bij|op) de poli]\n"
        "  nuisance:\n"  # replaces the shipped entry of that name
        "    event_type: note\n"
        "    patterns: [overlast]\n",
    )
    lexicon = load_lexicon(path)
    assert lexicon.sources == (LEXICON_FILE, path.resolve())
    got = suggest("Moeder weigert de controles op de poli", lexicon)
    assert (got.event_type, got.subtype) == ("care_avoidance", "declined_help")
    assert suggest("Overlast gemeld", lexicon).event_type == "note"
    assert suggest("Geluidsoverlast", lexicon).event_type is None  # no longer "*overlast*"
    assert suggest("Blauwe plek", lexicon).event_type == "signal"  # the rest still shipped
    assert suggest("Overlast gemeld").event_type == "signal"  # the shipped one is untouched


def test_a_changed_case_file_is_read_again(tmp_path):
    path = _write(tmp_path, "entries: {x: {event_type: note, patterns: [aap]}}\n")
    assert suggest("aap", load_lexicon(path)).event_type == "note"
    path.write_text("entries: {x: {event_type: contact, patterns: [aap]}}\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert suggest("aap", load_lexicon(path)).event_type == "contact"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "entries:\n  my_entry:\n    event_type: signaal\n    patterns: [klap]\n",
            "entry 'my_entry': unknown event_type 'signaal'; expected one of involvement_start",
        ),
        ("entries:\n  e:\n    patterns: [klap]\n", "entry 'e': unknown event_type None"),
        ("entries:\n  e:\n    event_type: signal\n", "entry 'e': `patterns` must be"),
        ("entries:\n  e: {event_type: signal, patterns: []}\n", "`patterns` must be"),
        ("entries:\n  e: {event_type: signal, severity: 5, patterns: [x]}\n", "severity 5"),
        ("entries:\n  e: {event_type: signal, subtype: Blauw Oog, patterns: [x]}\n", "snake_case"),
        ("entries:\n  e: {event_type: signal, patroon: [x]}\n", "entry 'e': expected a mapping"),
        ("entries:\n  e: {event_type: signal, patterns: ['(a|b']}\n", "entry 'e': pattern '(a|b'"),
        ("entries:\n  e: {event_type: signal, patterns: ['{nope} x']}\n", "unknown group {nope}"),
        ("woorden: [a]\n", "unknown section(s) ['woorden']"),
        ("priority: [signal]\n", "`priority` must list every event type once"),
        ("entries: [a, b]\n", "`entries` must map entry names"),
        ("entries: {e: {event_type: signal\n", "cannot be read"),
    ],
)
def test_invalid_lexicon_names_file_and_entry(tmp_path, yaml_text, message):
    path = _write(tmp_path, yaml_text)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert str(path.resolve()) in str(info.value)
    assert message in str(info.value)


def test_missing_case_file(tmp_path):
    with pytest.raises(LexiconError, match="cannot be read"):
        load_lexicon(tmp_path / "absent.yaml")


# --- the measurement


def _labelled() -> pd.DataFrame:
    frame = pd.read_csv(LABELLED, sep=";", dtype=str, keep_default_na=False)
    frame["label"] = frame["event_type"].replace({"none": ""})
    frame["held_out"] = [i % 4 == 3 for i in range(len(frame))]
    got = suggest_many(frame["text"])
    frame["got"] = got["suggested_event_type"].fillna("")
    frame["got_subtype"] = got["suggested_subtype"].fillna("")
    return frame


def _scores(frame: pd.DataFrame, event_type: str | None = None) -> dict:
    """Micro precision and recall of the suggested event type: a suggestion equal to the label
    is a true positive, any other suggestion a false positive (on a neutral line too), a
    labelled line without the right suggestion a false negative."""
    got, label = frame["got"], frame["label"]
    if event_type is not None:
        got, label = got.where(got == event_type, ""), label.where(label == event_type, "")
    tp = int(((got != "") & (got == label)).sum())
    fp = int(((got != "") & (got != label)).sum())
    fn = int(((label != "") & (got != label)).sum())
    return {
        "n": int((label != "").sum()),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
    }


def test_labelled_set_is_well_formed():
    frame = pd.read_csv(LABELLED, sep=";", dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["text", "event_type", "subtype"]
    assert len(frame) >= 320
    assert frame["text"].is_unique and (frame["text"].str.strip() != "").all()
    assert set(frame["event_type"]) <= set(EVENT_TYPES) | {"none", ""}
    typed = frame[~frame["event_type"].isin(["none", ""])]
    assert typed["subtype"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert (frame["event_type"] == "none").sum() >= 100  # many neutral lines


def test_precision_and_recall_on_the_labelled_set():
    frame = _labelled()
    held = frame[frame["held_out"]]
    lines = []
    for name, part in (("held-out", held), ("all", frame)):
        s = _scores(part)
        lines.append(
            f"{name:9} lines={len(part):4} P={s['precision']:.3f} R={s['recall']:.3f} "
            f"tp={s['tp']} fp={s['fp']} fn={s['fn']}"
        )
    for part_name, part in (("held-out", held), ("all", frame)):
        lines.append(f"per event type ({part_name}):")
        for event_type in EVENT_TYPES:
            s = _scores(part, event_type)
            if s["n"] or s["fp"]:
                lines.append(
                    f"  {event_type:18} n={s['n']:3} P={s['precision']:.2f} R={s['recall']:.2f}"
                )
    right = frame[(frame["got"] != "") & (frame["got"] == frame["label"])]
    lines.append(
        f"subtype agrees on {(right['got_subtype'] == right['subtype']).mean():.1%} "
        f"of the {len(right)} lines with the right type"
    )
    print("\n" + "\n".join(lines))
    scores = _scores(held)
    assert scores["precision"] >= FLOORS["precision"], "\n".join(lines)
    assert scores["recall"] >= FLOORS["recall"], "\n".join(lines)
