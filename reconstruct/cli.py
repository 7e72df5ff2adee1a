"""Command line: python -m reconstruct init|ingest|profile suggest|export|orgs|analyse|review,
and the case store's edit|add|delete|restore|merge|unlink|confirm|reject|undo|annotate|tag|
history|audit|unresolved|resolve|sources|users|views (reconstruct/store/commands.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from reconstruct.case import CaseError, init_case, load_case
from reconstruct.export import EXPORT_FORMATS, export_case
from reconstruct.ingest import format_report, ingest_case, load_events, write_result
from reconstruct.mapping import FAMILY
from reconstruct.organisations import OrganisationRegistry, RegistryError
from reconstruct.sources import SourceError
from reconstruct.store import StoreError
from reconstruct.store.commands import add_commands


def _init(args) -> int:
    case = init_case(args.case, args.name)
    print(
        f"Casus aangemaakt in {case.root}: zet de extracten in {case.sources_dir}, "
        f"profielen in {case.profiles_dir}, personen in {case.root / 'case.yaml'}."
    )
    return 0


def _ingest(args) -> int:
    case = load_case(args.case)
    result = ingest_case(case, workers=args.workers)
    print(format_report(result, all_warnings=args.all_warnings))
    received = dt.date.fromisoformat(args.received) if args.received else None
    stored = write_result(case, result, db=args.db, user=args.user, received=received)
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
        _report_store(case, args.db)
    return 0


def _report_store(case, db) -> None:
    from reconstruct.store import open_store
    from reconstruct.store.commands import print_unresolved
    from reconstruct.store.engine import database_url, safe_url

    with open_store(case, db) as store:
        last = store.imports().iloc[-1]
        vanished = store.unresolved()
    print(
        f"Casusdatabase {safe_url(database_url(case.root, db))}: import {last['id']}, "
        f"{last['added']} nieuw, {last['changed']} gewijzigd, {last['removed']} verdwenen."
    )
    if vanished:
        print_unresolved(vanished)


def _events(case, db: str | None = None):
    """The effective event table: the case store's (with the inspector's edits), else the
    table of the last ingest, else the sources read now."""
    from reconstruct.store import has_database, open_store

    if has_database(case.root, db):
        with open_store(case, db) as store:
            if store.has_events():
                return store.events()
    events = load_events(case)
    if len(events) == 0:
        result = ingest_case(case)
        if not result.ok:
            raise SourceError("de bronnen konden niet gelezen worden; draai eerst 'ingest'")
        events = result.events
    return events


def _export(args) -> int:
    from reconstruct.export import record_export
    from reconstruct.images import SIZES, ImageExportError
    from reconstruct.store import has_database, resolve_user

    case = load_case(args.case)
    fmt = (args.format or args.out.suffix.lstrip(".")).lower()
    user = resolve_user(args.user)
    if has_database(case.root, args.db):
        from reconstruct.store import open_store

        with open_store(case, args.db) as store:
            store.check_access(user, "viewer")  # refused before anything is written
    try:
        result = export_case(
            case,
            args.out,
            fmt,
            events=_events(case, args.db),
            pseudonymise=args.pseudonymise,
            view=args.view or "",
            size=args.size,
            coarsen_dates=args.coarsen_dates,
        )
    except ImageExportError as err:
        print(f"Fout: {err}", file=sys.stderr)
        return 1
    default = " (standaard voor dit formaat)" if args.pseudonymise is None else ""
    if result.pseudonymised:
        print(f"Gepseudonimiseerd{default}: namen vervangen door rollen.")
    else:
        print(f"Niet gepseudonimiseerd{default}: de export bevat persoonsgegevens.")
    for warning in result.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    if has_database(case.root, args.db):
        record_export(case, result, user, db=args.db, view=args.view or "")
    extra = f", {SIZES[args.size].label}" if fmt in ("png", "svg", "pdf") else ""
    print(f"{result.path} geschreven ({result.events} gebeurtenissen{extra}).")
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
    unresolved = unresolved[unresolved["organisation"] != FAMILY]
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


def _analyse(args) -> int:
    from reconstruct.findings import analyse_case, orphaned_reviews
    from reconstruct.findings_report import as_table, records, write

    case = load_case(args.case)
    events = _events(case, getattr(args, "db", None))
    frame = analyse_case(case, events, only=args.only or None)
    if args.out:
        write(frame, events, args.out, case.name)
        print(f"{args.out} geschreven ({len(frame)} bevindingen).")
    elif args.format == "json":
        print(json.dumps(records(frame), ensure_ascii=False, indent=1))
    else:
        print(as_table(frame))
    lost = orphaned_reviews(case, frame) if not args.only else {}
    for fid, e in lost.items():
        print(
            f"Let op: beoordeling van {fid} ({e['analysis']}: {e['sentence']}) hoort bij geen "
            "bevinding meer; het bewijs is veranderd.",
            file=sys.stderr,
        )
    return 0


def _review(args) -> int:
    from reconstruct.findings import analyse_case, set_review

    case = load_case(args.case)
    frame = analyse_case(case, _events(case))
    hit = frame[frame["finding_id"] == args.finding]
    if hit.empty:
        print(f"Fout: geen bevinding {args.finding} (zie 'analyse')", file=sys.stderr)
        return 2
    entry = set_review(case, hit.iloc[0].to_dict(), args.state, args.note or "")
    print(f"{args.finding}: {entry['state']}" + (f" — {entry['note']}" if entry["note"] else ""))
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
    s.add_argument("--db", metavar="URL", help="casusdatabase (standaard: CASUS/case.db)")
    s.add_argument("--user", help="wie importeert (standaard: $RECONSTRUCT_USER of loginnaam)")
    s.add_argument("--received", metavar="JJJJ-MM-DD", help="ontvangstdatum van nieuwe extracten")
    s.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processen die bestanden tegelijk lezen (standaard: een per processor bij grote "
        "bronnen; 1 = geen)",
    )
    s.set_defaults(func=_ingest)
    s = sub.add_parser("profile", help="mappingprofielen")
    psub = s.add_subparsers(dest="profile_command", required=True)
    ps = psub.add_parser("suggest", help="conceptprofiel voor een onbekend bestand")
    ps.add_argument("file", type=Path)
    ps.set_defaults(func=_profile)
    s = sub.add_parser(
        "export", help="exporteer de gebeurtenistabel, de tijdlijn of de presentatie"
    )
    s.add_argument("case", type=Path)
    s.add_argument("--format", choices=EXPORT_FORMATS, help="standaard: uit de extensie van --out")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument(
        "--pseudonymise",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="namen vervangen door rollen, vrije tekst verbergen (standaard: ja voor "
        "html/png/svg/pdf, nee voor csv/xlsx/json)",
    )
    s.add_argument(
        "--view",
        metavar="QUERY",
        help="alleen deze weergave, zoals in de adresbalk: 'van=2005&tot=2012&domein=veiligheid'",
    )
    s.add_argument(
        "--size",
        choices=("projector", "a3"),
        default="projector",
        help="afbeeldingen: beamer 1920x1080 of A3 liggend (300 dpi)",
    )
    s.add_argument(
        "--coarsen-dates", action="store_true", help="met --pseudonymise: datums per maand"
    )
    s.add_argument("--db", metavar="URL", help="casusdatabase (standaard: CASUS/case.db)")
    s.add_argument("--user", help="wie exporteert (standaard: $RECONSTRUCT_USER of loginnaam)")
    s.set_defaults(func=_export)
    s = sub.add_parser("orgs", help="gevonden organisaties en niet-herkende namen")
    s.add_argument("case", type=Path)
    s.set_defaults(func=_orgs)
    s = sub.add_parser("analyse", help="zoek de patronen (bevindingen) met hun bewijs")
    s.add_argument("case", type=Path)
    s.add_argument(
        "--only", action="append", metavar="NAAM", help="alleen deze analyse (herhaalbaar)"
    )
    s.add_argument("--format", choices=("table", "json"), default="table")
    s.add_argument("--out", type=Path, help="schrijf naar .csv, .json, .md of .html")
    s.set_defaults(func=_analyse)
    s = sub.add_parser("review", help="beoordeel een bevinding: bevestigd, verworpen of open")
    s.add_argument("case", type=Path)
    s.add_argument("finding", help="id van de bevinding (fi-...)")
    s.add_argument("--state", choices=("confirmed", "rejected", "open"), required=True)
    s.add_argument("--note", help="toelichting")
    s.set_defaults(func=_review)
    add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (CaseError, RegistryError, SourceError, StoreError, ValueError, OSError) as err:
        print(f"Fout: {err}", file=sys.stderr)
        return 2
