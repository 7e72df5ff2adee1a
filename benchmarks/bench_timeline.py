"""Benchmark of the timeline at 1k, 10k and 100k events: figure build, filter callback, payload
and first draw in headless Chromium, each beside a naive plotly.express baseline of the same run.

.venv/bin/python benchmarks/bench_timeline.py [--sizes 1000 10000 100000]
    [--out benchmarks/results/timeline.json] [--repeat 3] [--draw-repeat 3] [--no-browser]

Targets (issue): at 100,000 events the filter callback stays under 150 ms server-side, the
figure payload under 2 MB (and at least 4x smaller than the naive figure) and the first draw in
headless Chromium under 2.5 s. They are measured and reported (✓/✗), never asserted: timings
depend on the machine, ratios against the baseline of the same run do not.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import gzip
import os
import pstats
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.runinfo import machine, source_state, write_report  # noqa: E402
from benchmarks.synthetic import make_events, write_case  # noqa: E402

TARGETS = {"callback_ms": 150.0, "payload_mb": 2.0, "draw_s": 2.5, "payload_vs_naive": 0.25}
SEARCH = "blauwe plekken"
PACKAGES = ("dash", "plotly", "pandas", "numpy", "pyarrow", "Flask", "Flask-Compress", "Werkzeug")
PACKAGES += ("playwright", "brotli")


def filter_settings(events) -> dict[str, tuple]:
    """Representative filters as the callback's positional inputs (what the browser sends)."""
    from reconstruct.pages.timeline import _years

    first, last = _years(events)
    domains = events["domain"].value_counts()
    domain = "veiligheid" if "veiligheid" in domains else str(domains.index[0])
    base = {
        "period": [first, last],
        "domains": [],
        "orgs": [],
        "persons": [],
        "types": [],
        "severity": 0,
        "text": "",
        "options": ["ages"],
        "selected": None,
    }
    settings = {
        "alle": base,
        f"domein {domain}": base | {"domains": [domain]},
        "signaal ernst≥2": base | {"types": ["signal"], "severity": 2},
        f"zoek '{SEARCH}'": base | {"text": SEARCH},
        f"{first + 5}-{first + 9}": base | {"period": [first + 5, first + 9]},
    }
    return {name: tuple(s.values()) for name, s in settings.items()}


def timed(fn, repeat: int) -> tuple[float, list[float], object]:
    """(median seconds, every run, last result) after one warm-up call (its time is the first
    of `timed.warmup`)."""
    t = time.perf_counter()
    out = fn()
    timed.warmup = time.perf_counter() - t
    runs = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs, out


def sizes_of(raw: bytes) -> dict:
    """Uncompressed, gzip (level 6) and brotli (quality 4, what Flask-Compress sends Chromium)."""
    out = {"raw_bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, compresslevel=6))}
    with contextlib.suppress(ImportError):
        import brotli

        out["brotli_bytes"] = len(brotli.compress(raw, quality=4))
    return out


def dash_response(fig, summary, query) -> bytes:
    """The callback's response body as Dash serialises it."""
    from dash._utils import to_json

    response = {
        "multi": True,
        "response": {
            "timeline-graph": {"figure": fig},
            "timeline-summary": {"children": summary},
            "filter-store": {"data": query},
        },
    }
    return to_json(response).encode("utf-8")


def payload_breakdown(fig, top: int = 8) -> list[dict]:
    """The biggest parts of the figure JSON: (trace or layout, attribute) -> bytes."""
    from plotly.io.json import to_json_plotly

    parts = []
    for i, trace in enumerate(fig.to_plotly_json()["data"]):
        for key, value in trace.items():
            name = f"{i}:{trace.get('type')}:{trace.get('name', '')}"
            parts.append({"part": name, "key": key, "bytes": len(to_json_plotly(value))})
    for key, value in fig.to_plotly_json()["layout"].items():
        parts.append({"part": "layout", "key": key, "bytes": len(to_json_plotly(value))})
    return sorted(parts, key=lambda p: -p["bytes"])[:top]


def stages(args) -> dict:
    """One callback call with every reconstruct function it calls by name (and those that
    the figure builder calls) wrapped in a timer: ms and calls per step. Nothing is
    re-implemented, so the split follows the code as it is; `<figure>: assembly` is what
    remains of the figure builder itself (dicts of the traces and layout, the plotly Figure)."""
    import importlib
    import inspect

    from reconstruct import app_state
    from reconstruct.pages import timeline as page_module

    builder = getattr(page_module, "timeline_figure", None) or page_module.build_timeline
    figure_module = importlib.import_module(builder.__module__)
    name_of_builder = builder.__name__

    spent: dict[str, list] = {}
    depth = {"callback": 0, name_of_builder: 0}

    def timer(label, fn):
        prefix = label.split(" → ")[0]

        def wrapper(*a, **kw):
            if depth[prefix]:  # called by another wrapped step: already counted there
                return fn(*a, **kw)
            depth[prefix] += 1
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                depth[prefix] -= 1
                cell = spent.setdefault(label, [0.0, 0])
                cell[0] += time.perf_counter() - t
                cell[1] += 1

        return wrapper

    patched = []
    targets = [(page_module, "callback"), (figure_module, name_of_builder)]
    for module, prefix in targets:
        for name, obj in list(vars(module).items()):
            if (
                inspect.isfunction(obj)
                and (obj.__module__ or "").startswith("reconstruct.")
                and name not in ("update_timeline", "layout")
                and not (module is figure_module and name in ("build_timeline", name_of_builder))
            ):
                patched.append((module, name, obj))
                setattr(module, name, timer(f"{prefix} → {name}", obj))
    if hasattr(app_state, "findings"):  # the case's analyses, cached after the first call
        patched.append((app_state, "findings", app_state.findings))
        app_state.findings = timer("callback → app_state.findings", app_state.findings)
    try:
        t = time.perf_counter()
        fig, summary, query = page_module.update_timeline(*args)
        total = time.perf_counter() - t
    finally:
        for module, name, obj in patched:
            setattr(module, name, obj)
    t = time.perf_counter()
    dash_response(fig, summary, query)
    serialise = time.perf_counter() - t
    out = {"callback total": [total, 1]}
    out.update(spent)
    build = spent.get(f"callback → {name_of_builder}", [0.0, 0])[0]
    inner = sum(v[0] for k, v in spent.items() if k.startswith(f"{name_of_builder} → "))
    if build:
        out[f"{name_of_builder}: assembly"] = [build - inner, 1]
    out["dash to_json (after the callback)"] = [serialise, 1]
    return {
        k: {"ms": round(v[0] * 1000, 1), "calls": v[1]}
        for k, v in sorted(out.items(), key=lambda kv: -kv[1][0])
    }


def profile_callback(args, top: int = 12) -> dict:
    """cProfile of one callback call: the top functions inside reconstruct/ by cumulative time,
    and the top functions anywhere by own time."""
    from reconstruct.pages.timeline import update_timeline

    prof = cProfile.Profile()
    prof.enable()
    update_timeline(*args)
    prof.disable()
    stats = pstats.Stats(prof).stats  # {(file, line, func): (cc, nc, tottime, cumtime, callers)}

    def rows(pred, key):
        items = [
            {
                "function": f"{_short(file)}:{line}({func})",
                "calls": nc,
                "own_s": round(tt, 3),
                "cumulative_s": round(ct, 3),
            }
            for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.items()
            if pred(file)
        ]
        return sorted(items, key=lambda r: -r[key])[:top]

    inside = str(ROOT / "reconstruct")
    total = max(v[3] for v in stats.values())
    return {
        "total_s": round(total, 3),
        "reconstruct_cumulative": rows(lambda f: f.startswith(inside), "cumulative_s"),
        "overall_own": rows(lambda f: True, "own_s"),
    }


def _short(file: str) -> str:
    for marker in ("site-packages/", str(ROOT) + "/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def replay(base: str, body: str, repeat: int) -> dict:
    """POST the browser's own timeline callback request again: server time over HTTP with
    Flask-Compress (gzip), median of `repeat` after a warm-up."""

    def once():
        req = urllib.request.Request(
            base + "/_dash-update-component",
            data=body.encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept-Encoding": "gzip"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=120) as res:
            return res.headers.get("Content-Encoding"), len(res.read())

    median, runs, (encoding, size) = timed(once, repeat)
    return {"http_ms": round(median * 1000, 1), "encoding": encoding, "bytes": size}


def bench_size(n: int, work: Path, opts, log) -> dict:
    """Everything measured in Python for one size; the browser part comes later."""
    from plotly.io.json import to_json_plotly

    from benchmarks.naive import naive_timeline
    from reconstruct import app_state
    from reconstruct.figures import TimelineOptions, build_timeline
    from reconstruct.pages.timeline import update_timeline

    t = time.perf_counter()
    events = make_events(n, seed=opts.seed)
    made = time.perf_counter() - t
    case_dir = write_case(events, work / f"case-{n}", name=f"Synthetisch ({n} gebeurtenissen)")
    case = open_case(case_dir, events)
    events = app_state.events()  # as the app reads it back
    out: dict = {"events": n, "make_events_s": round(made, 2)}
    log(f"[{n}] events made in {made:.2f} s")
    out["case_analyses_ms"], out["findings"] = warm_case()
    if out["case_analyses_ms"] is not None:
        log(f"[{n}] case analyses (first callback only) {out['case_analyses_ms'] / 1000:.1f} s")

    median, runs, fig = timed(
        lambda: build_timeline(events, TimelineOptions(persons=case.persons)), opts.repeat
    )
    out["build_ms"] = round(median * 1000, 1)
    out["build_runs_ms"] = [round(r * 1000, 1) for r in runs]
    log(f"[{n}] build_timeline {median * 1000:.0f} ms")

    out["callbacks"] = {}
    figures = {}
    for name, args in filter_settings(events).items():
        median, runs, result = timed(lambda a=args: update_timeline(*a), opts.repeat)
        fig, summary, query = result
        t = time.perf_counter()
        body = dash_response(fig, summary, query)
        serialise = time.perf_counter() - t
        out["callbacks"][name] = {
            "ms": round(median * 1000, 1),
            "first_call_ms": round(timed.warmup * 1000, 1),
            "runs_ms": [round(r * 1000, 1) for r in runs],
            "to_json_ms": round(serialise * 1000, 1),
            "summary": summary,
            "query": query,
            "traces": len(fig.data),
            "payload": sizes_of(body),
        }
        figures[name] = fig
        log(f"[{n}] callback {name}: {median * 1000:.0f} ms, {len(body) / 1e6:.2f} MB")
    first = next(iter(out["callbacks"]))
    out["payload"] = out["callbacks"][first]["payload"]
    out["payload_top"] = payload_breakdown(figures[first])
    out["stages_alle"] = stages(filter_settings(events)[first])

    median, runs, naive = timed(lambda: naive_timeline(events), opts.repeat)
    naive_json = to_json_plotly(naive).encode("utf-8")
    out["naive"] = {
        "build_ms": round(median * 1000, 1),
        "traces": len(naive.data),
        "payload": sizes_of(naive_json),
    }
    log(f"[{n}] naive build {median * 1000:.0f} ms, {len(naive_json) / 1e6:.2f} MB")

    pages = work / f"pages-{n}"
    pages.mkdir(exist_ok=True)
    figures[first].write_html(pages / "ours.html", include_plotlyjs=True)
    naive.write_html(pages / "naive.html", include_plotlyjs=True)
    out["_pages"] = {"ours": pages / "ours.html", "naive": pages / "naive.html"}
    out["_case"] = case_dir
    if n == max(opts.sizes) and not opts.no_profile:
        out["profile_alle"] = profile_callback(filter_settings(events)[first])
        log(f"[{n}] profiled: {out['profile_alle']['total_s']} s under cProfile")
    return out


def open_case(case_dir: Path, table):
    """Open the case as the app does and check that the app sees all of `table`.

    A case folder with only derived/events.parquet is what `app_state.open_case` reads; when
    the app keeps its events in a case store instead (and found nothing to ingest in the
    empty sources/), the table is imported into that store first."""
    from reconstruct import app_state

    case = app_state.open_case(case_dir)
    seen = len(app_state.events())
    if seen != len(table) and hasattr(app_state, "store"):
        store = app_state.store()
        if hasattr(store, "import_events"):
            store.import_events(table, user="benchmark", note="synthetic events")
            case = app_state.open_case(case_dir)
            seen = len(app_state.events())
    if seen != len(table):
        raise SystemExit(
            f"the app reads {seen} events from {case_dir}, the synthetic case has {len(table)}: "
            "app_state.open_case no longer reads derived/events.parquet (see benchmarks/README.md)"
        )
    return case


def warm_case() -> tuple[float | None, int | None]:
    """Run what the app caches per case (the findings of the analyses, when the app has them)
    so that the callback timings are steady state; return (ms it took, findings)."""
    from reconstruct import app_state

    app_state.events()
    if not hasattr(app_state, "findings"):
        return None, None
    t = time.perf_counter()
    found = app_state.findings()
    return round((time.perf_counter() - t) * 1000, 1), len(found)


def bench_browser(results: list[dict], app, opts, log) -> str | None:
    """First draw of the app's timeline and of both standalone pages, per size."""
    import logging

    from benchmarks import draw
    from reconstruct import app_state
    from tests.browser import browser_page, serve

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    with serve(app) as base, browser_page(1600, 1000) as page:
        page.add_init_script(draw.HOOK)
        version = page.context.browser.version
        for res in results:
            n = res["events"]
            app_state.open_case(res["_case"])  # already checked (and imported) by open_case()
            warm_case()  # the draw measures drawing, not the case's analyses
            app_draw = draw.repeated(
                page, base + "/", repeat=opts.draw_repeat, timeout_s=opts.draw_timeout
            )
            body = app_draw.pop("request_body", None)
            res["draw_app"] = app_draw
            if body and not app_draw.get("timeout"):
                res["http"] = replay(base, body, opts.repeat)
            log(f"[{n}] app draw: {_fmt_draw(app_draw)}")
            for kind in ("ours", "naive"):
                url = res["_pages"][kind].as_uri()
                drawn = draw.repeated(
                    page, url, repeat=opts.draw_repeat, timeout_s=opts.draw_timeout
                )
                res["draw_standalone" if kind == "ours" else "naive_draw"] = drawn
                log(f"[{n}] standalone {kind} draw: {_fmt_draw(drawn)}")
    return version


def _fmt_draw(d: dict) -> str:
    if d.get("timeout"):
        return f"timeout (> {d['timeout_s']} s)"
    return f"{d['nav_to_drawn_s']:.2f} s"


# --- report -----------------------------------------------------------------------------------


def _mark(value, target) -> str:
    return "✓" if value is not None and value < target else "✗"


def _draw_cell(d: dict | None, key: str = "nav_to_drawn_s", target: float | None = None) -> str:
    if not d:
        return "–"
    if d.get("timeout"):
        return f">{d['timeout_s']:.0f} ✗" if target else f">{d['timeout_s']:.0f}"
    value = d.get(key)
    if value is None:
        return "–"
    return f"{value:.2f} {_mark(value, target)}" if target else f"{value:.2f}"


def _ratio(ours, base) -> str:
    return f"{ours / base:.2f}×" if ours and base else "–"


def _draw_value(d: dict | None):
    if not d or d.get("timeout"):
        return None
    return d.get("nav_to_drawn_s")


def markdown(results: list[dict]) -> str:
    """The results table: ours against the targets and against the naive baseline."""
    names = list(results[0]["callbacks"])
    head = ["events", "build ms"]
    head += [f"callback ms: {n}" for n in names]
    head += ["payload MB raw / gzip", "draw s app (nav→drawn)", "draw s app (response→drawn)"]
    head += ["draw s standalone", "naive build ms", "naive payload MB raw / gzip"]
    head += ["naive draw s", "ratio build", "ratio payload raw / gzip", "ratio draw"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    mb = 1e6
    for r in results:
        p, npay = r["payload"], r["naive"]["payload"]
        raw_mb = p["raw_bytes"] / mb
        cells = [f"{r['events']:,}", f"{r['build_ms']:.0f}"]
        for name in names:
            ms = r["callbacks"][name]["ms"]
            cells.append(f"{ms:.0f} {_mark(ms, TARGETS['callback_ms'])}")
        cells.append(
            f"{raw_mb:.2f} {_mark(raw_mb, TARGETS['payload_mb'])} / {p['gzip_bytes'] / mb:.2f}"
        )
        cells.append(_draw_cell(r.get("draw_app"), target=TARGETS["draw_s"]))
        cells.append(_draw_cell(r.get("draw_app"), "response_to_drawn_s"))
        cells.append(_draw_cell(r.get("draw_standalone")))
        cells.append(f"{r['naive']['build_ms']:.0f}")
        cells.append(f"{npay['raw_bytes'] / mb:.2f} / {npay['gzip_bytes'] / mb:.2f}")
        cells.append(_draw_cell(r.get("naive_draw")))
        cells.append(_ratio(r["build_ms"], r["naive"]["build_ms"]))
        ratio = p["raw_bytes"] / npay["raw_bytes"] if npay["raw_bytes"] else None
        # The 4x is a target at 10^5 events; small cases carry rich hover texts instead.
        smaller = _mark(ratio, TARGETS["payload_vs_naive"]) if r["events"] >= 100_000 else ""
        cells.append(
            f"{_ratio(p['raw_bytes'], npay['raw_bytes'])} {smaller}".rstrip()
            + f" / {_ratio(p['gzip_bytes'], npay['gzip_bytes'])}"
        )
        cells.append(
            _ratio(_draw_value(r.get("draw_standalone")), _draw_value(r.get("naive_draw")))
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown_details(results: list[dict]) -> str:
    """What the browser really received, and where the callback's time goes (no filter)."""
    head = ["events", "case analyses s (first callback only)", "first callback ms (new table)"]
    head += ["to_json ms", "HTTP ms (gzip)", "wire KB (encoding)", "browser request→response s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        d = r.get("draw_app") or {}
        http = r.get("http") or {}
        wire = (
            f"{d['wire_bytes'] / 1e3:.0f} ({d.get('encoding') or 'none'})"
            if d.get("wire_bytes")
            else "–"
        )
        req = d.get("request_to_response_s")
        analyses = r.get("case_analyses_ms")
        cells = [f"{r['events']:,}", f"{analyses / 1000:.1f}" if analyses is not None else "–"]
        alle = next(iter(r["callbacks"].values()))
        cells += [f"{alle['first_call_ms']:.0f}", f"{alle['to_json_ms']:.0f}"]
        cells += [f"{http['http_ms']:.0f}" if http else "–", wire]
        cells.append(f"{req:.2f}" if req is not None else "–")
        lines.append("| " + " | ".join(cells) + " |")
    steps = list(results[-1]["stages_alle"])[:14]
    head = ["callback step (no filter), ms", *(f"{r['events']:,}" for r in results)]
    lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for step in steps:
        cells = [step]
        for r in results:
            v = r["stages_alle"].get(step)
            cells.append(f"{v['ms']:.0f}" if v else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown_profile(profile: dict, n: int) -> str:
    lines = [
        f"cProfile of `update_timeline` (no filter, {n:,} events, "
        f"{profile['total_s']:.1f} s under the profiler), top functions in reconstruct/:",
        "",
        "| function | calls | cumulative s | own s |",
        "|---|---|---|---|",
    ]
    for r in profile["reconstruct_cumulative"][:8]:
        lines.append(
            f"| `{r['function']}` | {r['calls']} | {r['cumulative_s']:.2f} | {r['own_s']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/timeline.json")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measure (median)")
    parser.add_argument("--draw-repeat", type=int, default=3, help="measured page loads")
    parser.add_argument("--draw-timeout", type=float, default=120.0, help="seconds per load")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium draws")
    parser.add_argument("--no-profile", action="store_true", help="skip cProfile")
    opts = parser.parse_args(argv)
    opts.sizes = sorted(set(opts.sizes))

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started = time.time()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="bench-timeline-") as tmp:
        work = Path(tmp)
        # Pages register with Dash on import: the app comes first, once; open_case switches.
        seed_case = write_case(make_events(10, seed=opts.seed), work / "case-seed")
        from app import create_app

        app = create_app(seed_case)
        results = [bench_size(n, work, opts, log) for n in opts.sizes]
        browser = None if opts.no_browser else bench_browser(results, app, opts, log)
    for r in results:
        r.pop("_pages", None)
        r.pop("_case", None)
    report = {
        "benchmark": "timeline",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "duration_s": round(time.time() - started, 1),
        "targets": TARGETS,
        "machine": machine(PACKAGES, chromium=browser) | {"load_average_at_start": load_at_start},
        "source": source_state(),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(opts).items()},
        "results": results,
    }
    table = markdown(results)
    details = markdown_details(results)
    text = f"{table}\n\n{details}\n"
    profiled = [r for r in results if "profile_alle" in r]
    if profiled:
        text += "\n" + markdown_profile(profiled[-1]["profile_alle"], profiled[-1]["events"]) + "\n"
    write_report(report, text, opts.out, log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
