"""Command line: python -m reconstruct init|ingest|profile suggest|export|orgs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reconstruct.case import CaseError, init_case, load_case
from reconstruct.export import FORMATS, export_events
from reconstruct.ingest import format_report, ingest_case, load_events, write_result
from reconstruct.organisations import OrganisationRegistry, RegistryError
from reconstruct.sources import SourceError


def _init(args) -> int:
    case = init_case(args.case, args.name)
    print(
        f"Casus aangemaakt in {case.root}: zet de extracten in {case.sources_dir}, "
        f"profielen in {case.profiles_dir}, personen in {case.root / 'case.yaml'}."
    )
    return 0


def _ingest(args) -> int:
    case = load_case(args.case)
    result = ingest_case(case)
    print(format_report(result, all_warnings=args.all_warnings))
    stored = write_result(case, result)
    if not result.ok:
        print(
            f"\nNiet alles kon gelezen worden; de vorige gebeurtenistabel is behouden. "
            f"Rapport: {case.derived_dir / 'ingest_report.json'}",
            file=sys.stderr,
        )
        return 1
    if args.strict and len(result.rejected):
        print(f"\n{len(result.rejected)} rij(en) afgewezen (--strict).", file=sys.stderr)
        return 1
    if stored:
        print(f"\nOpgeslagen: {case.derived_dir / 'events.parquet'}")
    return 0


def _events(case):
    events = load_events(case)
    if len(events) == 0:
        result = ingest_case(case)
        if not result.ok:
            raise SourceError("de bronnen konden niet gelezen worden; draai eerst 'ingest'")
        events = result.events
    return events


def _export(args) -> int:
    case = load_case(args.case)
    path = export_events(_events(case), args.out, args.format)
    print(f"{path} geschreven.")
    return 0


def _orgs(args) -> int:
    case = load_case(args.case)
    events = _events(case)
    registry = OrganisationRegistry.load(case.organisations_file)
    found = events[events["organisation"].notna()]
    known = found[found["organisation"].map(lambda o: o in registry)]
    print("Organisaties in de casus:")
    grouped = known.groupby("organisation", sort=True)
    for name, g in grouped:
        org = registry.get(name)
        spellings = sorted(set(g["organisation_raw"].dropna()))
        lineage = registry.lineage(name)
        line = f"  {name}  [{org.domain or '?'}; {org.sector or '?'}]  {len(g)} gebeurtenissen"
        if len(lineage) > 1:
            line += f"  (reeks: {' -> '.join(lineage)})"
        print(line)
        print(f"      geschreven als: {'; '.join(spellings)}")
    unresolved = found[~found.index.isin(known.index)]
    unresolved = unresolved[unresolved["organisation"] != "(gezin)"]
    if len(unresolved):
        print(
            "\nNiet herkend (staan niet in het register; voeg ze toe aan "
            f"{case.organisations_file}):"
        )
        for name, g in unresolved.groupby("organisation"):
            files = ", ".join(sorted(set(g["source_file"])))
            print(f"  {name}  {len(g)} gebeurtenissen  ({files})")
    else:
        print("\nAlle organisatienamen herkend.")
    return 0


def _profile(args) -> int:
    from reconstruct.suggest import suggest_profile

    print(suggest_profile(args.file))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m reconstruct",
        description="Levensloopreconstructie: bronnen tot één tijdlijn.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("init", help="maak een nieuwe casusmap")
    s.add_argument("case", type=Path)
    s.add_argument("--name", help="naam van de casus")
    s.set_defaults(func=_init)
    s = sub.add_parser("ingest", help="lees alle bronnen in en maak de gebeurtenistabel")
    s.add_argument("case", type=Path)
    s.add_argument("--all-warnings", action="store_true", help="toon elke waarschuwing")
    s.add_argument("--strict", action="store_true", help="afgewezen rijen geven een foutcode")
    s.set_defaults(func=_ingest)
    s = sub.add_parser("profile", help="mappingprofielen")
    psub = s.add_subparsers(dest="profile_command", required=True)
    ps = psub.add_parser("suggest", help="conceptprofiel voor een onbekend bestand")
    ps.add_argument("file", type=Path)
    ps.set_defaults(func=_profile)
    s = sub.add_parser("export", help="exporteer de gebeurtenistabel")
    s.add_argument("case", type=Path)
    s.add_argument("--format", choices=FORMATS, help="standaard: uit de extensie van --out")
    s.add_argument("--out", type=Path, required=True)
    s.set_defaults(func=_export)
    s = sub.add_parser("orgs", help="gevonden organisaties en niet-herkende namen")
    s.add_argument("case", type=Path)
    s.set_defaults(func=_orgs)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CaseError, RegistryError, SourceError, ValueError, OSError) as err:
        print(f"Fout: {err}", file=sys.stderr)
        return 2
