"""First-draw timing in headless Chromium: the app's timeline graph and standalone figure pages.

An init script wraps `Plotly.newPlot` / `Plotly.react` the moment plotly.js assigns
`window.Plotly` (the app's dcc.Graph and a `write_html` page both call them), and wraps `fetch`
to time the timeline callback's response. All times are `performance.now()` in the page, i.e.
milliseconds since navigation started:
- `drawn`: the first plot call with traces has resolved (plotly has drawn and fired
  `plotly_afterplot`) and the graph div has `_fullData.length > 0`: what the report uses.
- `painted`: two animation frames after `drawn`. Kept for reference only: in a standalone
  page the first frame can come seconds after the afterplot (the first paint of a 10 MB page,
  WebGL composited in software), which is not plotly drawing.
- `response`: the timeline callback's response has fully arrived (resource timing
  `responseEnd`, which does not wait for the busy main thread).
"""

from __future__ import annotations

import statistics
import time

HOOK = """
(() => {
  const B = window.__bench = {plots: [], fetches: [], drawn: null};
  const traces = a =>
    Array.isArray(a) ? a.length : (a && Array.isArray(a.data) ? a.data.length : 0);
  function wrap(P) {
    if (!P || P.__benchWrapped) return P;
    for (const name of ['newPlot', 'react']) {
      const orig = P[name];
      if (typeof orig !== 'function') continue;
      P[name] = function(gd, first) {
        const rec = {name, traces: traces(first), start: performance.now()};
        B.plots.push(rec);
        const out = orig.apply(this, arguments);
        const el = typeof gd === 'string' ? document.getElementById(gd) : gd;
        if (el && el.on) {
          el.on('plotly_afterplot', () => {
            if (rec.afterplot == null) rec.afterplot = performance.now();
          });
        }
        Promise.resolve(out).then(() => {
          rec.done = performance.now();
          requestAnimationFrame(() => requestAnimationFrame(() => {
            rec.painted = performance.now();
            const full = el && el._fullData ? el._fullData.length : 0;
            if (rec.traces > 0 && full > 0 && !B.drawn) B.drawn = rec;
          }));
        }, err => { rec.error = String(err); });
        return out;
      };
    }
    P.__benchWrapped = true;
    return P;
  }
  let plotly;
  Object.defineProperty(window, 'Plotly', {
    configurable: true, get() { return plotly; }, set(v) { plotly = wrap(v); },
  });
  const fetch0 = window.fetch;
  window.fetch = function(url, init) {
    const body = init && typeof init.body === 'string' ? init.body : '';
    const timeline = body.includes('timeline-graph.figure');
    if (!String(url).includes('_dash-update-component') || !timeline) {
      return fetch0.apply(this, arguments);
    }
    const rec = {start: performance.now(), body};
    B.fetches.push(rec);
    return fetch0.apply(this, arguments).then(res => {
      rec.headers = performance.now();
      rec.status = res.status;
      rec.encoding = res.headers.get('content-encoding');
      return res;
    });
  };
})();
"""

RESULT = """() => {
  const B = window.__bench, d = B.drawn, f = B.fetches.find(r => r.status != null) || null;
  // Network-level times of the callback request: a promise callback in the page would only
  // run once the main thread is free, i.e. after plotting.
  const wire = f ? performance.getEntriesByType('resource')
      .filter(e => e.name.includes('_dash-update-component'))
      .sort((a, b) => Math.abs(a.startTime - f.start) - Math.abs(b.startTime - f.start))[0] : null;
  return {
    plot_start: d.start, afterplot: d.afterplot ?? null, drawn: d.done, painted: d.painted,
    traces: d.traces, request: wire ? wire.startTime : null,
    response: wire ? wire.responseEnd : null, status: f ? f.status : null,
    encoding: f ? f.encoding : null, response_bytes: wire ? wire.decodedBodySize : null,
    wire_bytes: wire ? wire.encodedBodySize : null, body: f ? f.body : null,
  };
}"""


def measure(page, url: str, *, timeout_s: float) -> dict:
    """Load `url` and wait until the first plot with traces has drawn; return its timings
    (ms since navigation start), or {"timeout": True} after `timeout_s`."""
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    try:
        page.wait_for_function(
            "() => window.__bench && window.__bench.drawn && window.__bench.drawn.painted",
            timeout=timeout_s * 1000,
            polling=50,
        )
    except Exception as err:  # playwright's TimeoutError; keep the run going
        return {"timeout": True, "error": type(err).__name__, "wall": time.perf_counter() - t0}
    out = page.evaluate(RESULT)
    out["wall"] = time.perf_counter() - t0
    return out


def repeated(page, url: str, *, repeat: int, timeout_s: float) -> dict:
    """One warm-up load, then `repeat` measured loads; medians of the timings plus every run."""
    runs = [measure(page, url, timeout_s=timeout_s)]
    if not runs[0].get("timeout"):
        runs += [measure(page, url, timeout_s=timeout_s) for _ in range(repeat)]
    measured = [r for r in runs[1:] if not r.get("timeout")] or runs[:1]
    if any(r.get("timeout") for r in measured):
        return {"timeout": True, "timeout_s": timeout_s, "runs": _strip(runs)}

    def med(end: str, start: str | None = None) -> float | None:
        values = [
            r[end] - (r[start] if start else 0)
            for r in measured
            if r.get(end) is not None and (start is None or r.get(start) is not None)
        ]
        return round(statistics.median(values) / 1000, 4) if values else None

    out = {
        "nav_to_drawn_s": med("drawn"),
        "nav_to_painted_s": med("painted"),
        "plot_call_to_drawn_s": med("drawn", "plot_start"),
        "cold_nav_to_drawn_s": round(runs[0]["drawn"] / 1000, 4),
        "response_to_drawn_s": med("drawn", "response"),
        "response_to_painted_s": med("painted", "response"),
        "request_to_response_s": med("response", "request"),
        "runs": _strip(runs),
    }
    if measured[0].get("response") is not None:
        out["encoding"] = measured[0]["encoding"]
        out["wire_bytes"] = measured[0]["wire_bytes"]
        out["response_bytes"] = measured[0]["response_bytes"]
        out["request_body"] = measured[0]["body"]
    return out


def _strip(runs: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "body"} for r in runs]
