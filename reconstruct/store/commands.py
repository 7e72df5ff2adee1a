"""The case store on the command line: edit, add, delete, restore, merge, unlink, confirm,
reject, annotate, tag, undo, history, audit, unresolved, resolve, sources, users and views
(registered by reconstruct.cli).

The acting user is `--user`, else $RECONSTRUCT_USER, else the login name; the database is
`--db URL`, else $RECONSTRUCT_DB, else CASE/case.db. Exit codes: 0 done; 1 refused (someone
else changed the event, no access, nothing to resolve); 2 bad input (unknown event or field,
a value that does not fit).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from reconstruct.store import (
    EDITABLE_FIELDS,
    MANUAL_SOURCE,
    ROLES,
    FieldError,
    NotFoundError,
    StoreError,
    open_store,
    resolve_user,
)
from reconstruct.store.report import audit_line, format_history, local_time, print_unresolved


def _pairs(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise FieldError(f"'{item}' is geen veld=waarde")
        out[name.strip()] = value
    return out


def _open(args):
    return open_store(args.case, args.db), resolve_user(args.user)


def _edit(args) -> int:
    store, user = _open(args)
    with store:
        expect = store.version(args.event) if args.expect_version is None else args.expect_version
        version = store.edit(args.event, _pairs(args.changes), user=user, expect_version=expect)
        if version == expect:
            print(f"{args.event}: niets gewijzigd (versie {version})")
            return 0
        print(f"{args.event}: opgeslagen als versie {version} door {user}")
        if "date_raw" in _pairs(args.changes):
            row = store.events(include_deleted=True).set_index("event_id").loc[args.event]
            start, end = row["date_start"], row["date_end"]
            print(
                f"  datum: {start:%Y-%m-%d} t/m {end:%Y-%m-%d} ({row['date_precision']})"
                if start == start and end == end
                else f"  datum: {row['date_precision']}"
            )
    return 0


def _add(args) -> int:
    fields = _pairs(args.fields)
    source = fields.pop("source", None) or args.source
    who = fields.pop("who", None) or args.who
    when = fields.pop("when", None) or args.when
    store, user = _open(args)
    with store:
        event_id = store.add_event(fields, user=user, source=source, who=who, when=when)
    print(f"{event_id}: toegevoegd door {user} (bron: {source})")
    return 0


def _delete(args) -> int:
    store, user = _open(args)
    with store:
        expect = store.version(args.event) if args.expect_version is None else args.expect_version
        version = store.delete(args.event, user=user, reason=args.reason, expect_version=expect)
    print(f"{args.event}: verwijderd (versie {version}); 'restore' zet het terug")
    return 0


def _restore(args) -> int:
    store, user = _open(args)
    with store:
        expect = store.version(args.event) if args.expect_version is None else args.expect_version
        version = store.restore(args.event, user=user, expect_version=expect)
    print(f"{args.event}: teruggezet (versie {version})")
    return 0


def _expected(store, args) -> int:
    return store.version(args.event) if args.expect_version is None else args.expect_version


def _merge(args) -> int:
    store, user = _open(args)
    with store:
        expect = _expected(store, args)
        version = store.merge(args.event, args.into, user=user, expect_version=expect)
    if version == expect:
        print(f"{args.event}: was al gekoppeld als dubbel van {args.into} (versie {version})")
    else:
        print(f"{args.event}: dubbel van {args.into} (versie {version}); 'unlink' maakt het los")
    return 0


def _unlink(args) -> int:
    store, user = _open(args)
    with store:
        version = store.unlink(args.event, user=user, expect_version=_expected(store, args))
    print(f"{args.event}: ontkoppeld, geen dubbel meer (versie {version})")
    return 0


def _confirm(args) -> int:
    store, user = _open(args)
    with store:
        expect = _expected(store, args)
        version = store.confirm(args.event, user=user, expect_version=expect)
        current = store.history(args.event)["current"]
    what = " · ".join(
        str(current[f]) for f in ("event_type", "subtype", "severity") if current[f] is not None
    )
    done = "overgenomen" if version != expect else "was al overgenomen"
    print(f"{args.event}: suggestie {done}: {what} (versie {version})")
    return 0


def _reject(args) -> int:
    store, user = _open(args)
    with store:
        expect = _expected(store, args)
        version = store.reject(args.event, user=user, expect_version=expect)
    done = "afgewezen" if version != expect else "was al afgewezen"
    print(f"{args.event}: suggestie {done} (versie {version})")
    return 0


def _undo(args) -> int:
    store, user = _open(args)
    with store:
        done = store.undo(user=user, steps=args.steps)
    for d in done:
        print(f"ongedaan gemaakt: {d['description']}")
    return 0


def _annotate(args) -> int:
    store, user = _open(args)
    with store:
        number = store.annotate(args.event, args.text, user=user)
    print(f"{args.event}: notitie {number} toegevoegd")
    return 0


def _tag(args) -> int:
    store, user = _open(args)
    with store:
        changed = store.tag(args.event, args.tag, user=user, remove=args.remove)
    what = "verwijderd" if args.remove else "toegevoegd"
    print(f"{args.event}: label '{args.tag}' {what if changed else 'ongewijzigd'}")
    return 0


def _history(args) -> int:
    store, user = _open(args)
    with store:
        store.check_access(user, "viewer")
        print(format_history(store.history(args.event)))
    return 0


def _audit(args) -> int:
    store, user = _open(args)
    with store:
        store.check_access(user, "viewer")
        log = store.audit(event_id=args.event, limit=args.limit)
    rows = log.astype(object).where(log.notna(), None).to_dict("records")
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        for r in rows:
            print(audit_line(r))
    return 0


def _unresolved(args) -> int:
    store, user = _open(args)
    with store:
        store.check_access(user, "viewer")
        found = store.unresolved()
    print_unresolved(found)
    return 0


def _resolve(args) -> int:
    store, user = _open(args)
    with store:
        store.resolve(args.event, user=user, to=None if args.dismiss else args.to)
    print(f"{args.event}: " + ("afgesloten" if args.dismiss else f"overgezet naar {args.to}"))
    return 0


def _sources(args) -> int:
    store, user = _open(args)
    with store:
        store.check_access(user, "viewer")
        found = store.sources(all_versions=args.all)
    for r in found.itertuples():
        state = "" if r.current else "  (vervangen)"
        print(
            f"{r.file}  {r.size or 0} bytes  sha256 {str(r.content_hash)[:12]}  "
            f"ontvangen {r.received or '?'}  {r.events or 0} gebeurt.  "
            f"{r.organisations or ''}{state}"
        )
    return 0


def _users(args) -> int:
    store, user = _open(args)
    with store:
        if args.users_command == "list":
            store.check_access(user, "viewer")
            for r in store.users().itertuples():
                when = local_time(r.created_at)
                print(f"{r.name}  {r.role}  (toegevoegd door {r.created_by}, {when})")
        elif args.users_command == "add":
            store.add_user(args.name, _password(args), args.role, user=user)
            print(f"{args.name}: {args.role} in deze casus")
        else:
            store.remove_user(args.name, user=user)
            print(f"{args.name}: van de toegangslijst gehaald")
    return 0


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise FieldError("geen terminal om een wachtwoord te vragen; gebruik --password-stdin")
    first = getpass.getpass(f"Wachtwoord voor {args.name}: ")
    if getpass.getpass("Nogmaals: ") != first:
        raise FieldError("de wachtwoorden verschillen")
    return first


def _views(args) -> int:
    store, user = _open(args)
    with store:
        if args.views_command == "list":
            store.check_access(user, "viewer")
            for r in store.views().itertuples():
                print(f"{r.name}  /?{r.query}  ({r.actor}, {local_time(r.at)})")
        elif args.views_command == "save":
            store.save_view(args.name, args.query, user=user)
            print(f"weergave '{args.name}' bewaard")
        else:
            store.delete_view(args.name, user=user)
            print(f"weergave '{args.name}' verwijderd")
    return 0


def run(func, args) -> int:
    """Call a handler; store errors become a Dutch message and an exit code."""
    try:
        return func(args)
    except (FieldError, NotFoundError) as err:
        print(f"Fout: {err}", file=sys.stderr)
        return 2
    except StoreError as err:
        print(f"Geweigerd: {err}", file=sys.stderr)
        return 1


def _common(p: argparse.ArgumentParser, event: bool = True) -> None:
    p.add_argument("case", type=Path, help="casusmap")
    if event:
        p.add_argument("event", metavar="EVENT_ID", help="id van de gebeurtenis (ev-...)")
    p.add_argument("--user", help="wie dit doet (standaard: $RECONSTRUCT_USER of de loginnaam)")
    p.add_argument("--db", metavar="URL", help="database (standaard: CASUS/case.db)")


def _expect(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="de versie waarvan u uitging; geweigerd als iemand anders intussen opsloeg",
    )


def _handler(func):
    return lambda args: run(func, args)


def add_commands(sub) -> None:
    """Register the store's subcommands on the CLI's subparsers."""
    fields = ", ".join(EDITABLE_FIELDS)
    s = sub.add_parser("edit", help="bewerk velden van een gebeurtenis (overlay, met historie)")
    _common(s)
    s.add_argument("changes", nargs="+", metavar="veld=waarde", help=f"velden: {fields}")
    _expect(s)
    s.set_defaults(func=_handler(_edit))

    s = sub.add_parser("add", help="voeg een gebeurtenis toe (bv. uit een gesprek)")
    _common(s, event=False)
    s.add_argument("fields", nargs="+", metavar="veld=waarde", help=f"velden: {fields}")
    s.add_argument("--source", default=MANUAL_SOURCE, help="bron, bv. 'gesprek met professional'")
    s.add_argument("--who", help="met wie (de bron van de informatie)")
    s.add_argument("--when", help="wanneer het gesprek was")
    s.set_defaults(func=_handler(_add))

    s = sub.add_parser("delete", help="verberg een gebeurtenis (blijft bewaard, met reden)")
    _common(s)
    s.add_argument("--reason", required=True, help="waarom")
    _expect(s)
    s.set_defaults(func=_handler(_delete))

    s = sub.add_parser("restore", help="zet een verwijderde gebeurtenis terug")
    _common(s)
    _expect(s)
    s.set_defaults(func=_handler(_restore))

    s = sub.add_parser("merge", help="koppel een gebeurtenis als dubbel van een andere")
    _common(s)
    s.add_argument("--into", required=True, metavar="EVENT_ID", help="de gebeurtenis zelf")
    _expect(s)
    s.set_defaults(func=_handler(_merge))

    s = sub.add_parser("unlink", help="maak een dubbele vastlegging los (ook na een nieuwe import)")
    _common(s)
    _expect(s)
    s.set_defaults(func=_handler(_unlink))

    s = sub.add_parser("confirm", help="neem de voorgestelde soort, subtype en ernst over")
    _common(s)
    _expect(s)
    s.set_defaults(func=_handler(_confirm))

    s = sub.add_parser("reject", help="wijs de voorgestelde soort af (wordt niet meer voorgesteld)")
    _common(s)
    _expect(s)
    s.set_defaults(func=_handler(_reject))

    s = sub.add_parser("undo", help="maak uw laatste actie(s) ongedaan")
    _common(s, event=False)
    s.add_argument("--steps", type=int, default=1, metavar="N", help="hoeveel acties (standaard 1)")
    s.set_defaults(func=_handler(_undo))

    s = sub.add_parser("annotate", help="zet een notitie bij een gebeurtenis")
    _common(s)
    s.add_argument("text", help="de notitie")
    s.set_defaults(func=_handler(_annotate))

    s = sub.add_parser("tag", help="geef een gebeurtenis een label (of haal het weg)")
    _common(s)
    s.add_argument("tag")
    s.add_argument("--remove", action="store_true", help="haal het label weg")
    s.set_defaults(func=_handler(_tag))

    s = sub.add_parser("history", help="bronwaarde en elke wijziging van een gebeurtenis")
    _common(s)
    s.set_defaults(func=_handler(_history))

    s = sub.add_parser("audit", help="het auditlog van de casus: wie, wanneer, wat")
    _common(s, event=False)
    s.add_argument("--event", metavar="EVENT_ID", help="alleen deze gebeurtenis")
    s.add_argument("--limit", type=int, metavar="N", help="alleen de laatste N")
    s.add_argument("--format", choices=("table", "json"), default="table")
    s.set_defaults(func=_handler(_audit))

    s = sub.add_parser("unresolved", help="bewerkte gebeurtenissen die uit de bron verdwenen")
    _common(s, event=False)
    s.set_defaults(func=_handler(_unresolved))

    s = sub.add_parser("resolve", help="zet het werk van een verdwenen gebeurtenis over")
    _common(s)
    how = s.add_mutually_exclusive_group(required=True)
    how.add_argument("--to", metavar="EVENT_ID", help="de gebeurtenis die ervoor in de plaats kwam")
    how.add_argument("--dismiss", action="store_true", help="afsluiten; het werk blijft bewaard")
    s.set_defaults(func=_handler(_resolve))

    s = sub.add_parser("sources", help="de bronbestanden zoals ontvangen (hash, grootte, datum)")
    _common(s, event=False)
    s.add_argument("--all", action="store_true", help="ook vervangen versies")
    s.set_defaults(func=_handler(_sources))

    s = sub.add_parser("users", help="toegangslijst van de casus")
    usub = s.add_subparsers(dest="users_command", required=True)
    u = usub.add_parser("add", help="voeg een gebruiker toe of wijzig rol en wachtwoord")
    _common(u, event=False)
    u.add_argument("name")
    u.add_argument("--role", choices=ROLES, required=True)
    u.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin")
    u = usub.add_parser("list", help="toon de toegangslijst")
    _common(u, event=False)
    u = usub.add_parser("remove", help="haal een gebruiker van de lijst")
    _common(u, event=False)
    u.add_argument("name")
    s.set_defaults(func=_handler(_users))

    s = sub.add_parser("views", help="bewaarde weergaven van de tijdlijn")
    vsub = s.add_subparsers(dest="views_command", required=True)
    v = vsub.add_parser("list", help="toon de bewaarde weergaven")
    _common(v, event=False)
    v = vsub.add_parser("save", help="bewaar een weergave (de query van de tijdlijn-URL)")
    _common(v, event=False)
    v.add_argument("name")
    v.add_argument("query", help="bv. 'van=2005&tot=2012&domein=veiligheid'")
    v = vsub.add_parser("delete", help="verwijder een bewaarde weergave")
    _common(v, event=False)
    v.add_argument("name")
    s.set_defaults(func=_handler(_views))
