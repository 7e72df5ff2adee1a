"""One self-contained HTML file of the presentation: chapters with the timeline, no network.

plotly.js is inlined from the installed plotly package, every chapter's figure is embedded as
JSON, and a few lines of script page through the chapters with the buttons or the left/right
arrow keys (Home/End: first/last). The file opens from a USB stick in any current browser.
Each figure is drawn when its chapter is first shown, so a hidden chapter never lays out at
size zero.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from reconstruct.case import Case
from reconstruct.chapters import Chapter, chapters_or_default, view_figure
from reconstruct.images import presentation_layout
from reconstruct.pseudonymise import Pseudonymiser

SCREEN_HEIGHT = 860
"""Layout height the lane labels are sized for (a 1080-pixel projector minus the header)."""

_STYLE = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #fff; color: #1f2933;
  font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
body { display: flex; flex-direction: column; }
header { display: flex; align-items: center; gap: 16px; padding: 10px 24px;
  background: #1f4e79; color: #fff; }
header .case { font-size: 18px; opacity: .85; flex: 1; }
header .where { font-size: 20px; font-weight: 600; min-width: 11em; text-align: center; }
header button { font: inherit; font-size: 20px; padding: 6px 18px; border-radius: 6px;
  border: 2px solid #fff; background: transparent; color: #fff; cursor: pointer; }
header button:disabled { opacity: .35; cursor: default; }
header button:focus-visible { outline: 3px solid #ffd166; }
nav { display: flex; gap: 6px; }
nav a { display: inline-block; width: 34px; height: 34px; line-height: 30px; text-align: center;
  border: 2px solid #fff; border-radius: 50%; color: #fff; text-decoration: none;
  font-size: 17px; }
nav a.current { background: #fff; color: #1f4e79; font-weight: 700; }
main { flex: 1; min-height: 0; position: relative; }
section.chapter { position: absolute; inset: 0; display: none; flex-direction: column;
  padding: 14px 24px 6px; }
section.chapter.current { display: flex; }
section.chapter h1 { margin: 0; font-size: clamp(24px, 3.4vh, 38px); line-height: 1.15; }
section.chapter p.caption { margin: 4px 0 2px; font-size: clamp(16px, 2.2vh, 24px);
  max-width: 80em; color: #334e68; }
section.chapter .plot { flex: 1; min-height: 0; }
footer { padding: 4px 24px; font-size: 14px; color: #52606d; border-top: 1px solid #d9e2ec; }
footer .warn { color: #b42318; font-weight: 700; }
"""

_SCRIPT = """
(function () {
  var figures = JSON.parse(document.getElementById("chapter-figures").textContent);
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.chapter"));
  var links = Array.prototype.slice.call(document.querySelectorAll("nav a"));
  var where = document.getElementById("where");
  var prev = document.getElementById("prev"), next = document.getElementById("next");
  var drawn = {}, current = -1;
  function fit(el) {
    // Lane labels as large as the lanes on this screen allow (laid out for a 1080p projector).
    var lay = el.layout, height = el.clientHeight - lay.margin.t - lay.margin.b, update = {};
    [["yaxis", 18], ["yaxis3", 13]].forEach(function (spec) {
      var axis = lay[spec[0]], ticks = axis && (axis.ticktext || axis.tickvals);
      if (!ticks || !ticks.length) return;
      var dom = axis.domain || [0, 1];
      var lane = height * (dom[1] - dom[0]) / ticks.length;
      var size = Math.max(7, Math.min(spec[1], Math.round(lane * 0.86)));
      if (!axis.tickfont || axis.tickfont.size !== size) update[spec[0] + ".tickfont.size"] = size;
    });
    if (Object.keys(update).length) return Plotly.relayout(el, update);
  }
  function draw(i) {
    var el = sections[i].querySelector(".plot");
    if (drawn[i]) { Plotly.Plots.resize(el).then(function () { fit(el); }); return; }
    drawn[i] = true;
    var fig = figures[i];
    Plotly.newPlot(el, fig.data, fig.layout,
      {responsive: true, displaylogo: false, scrollZoom: true,
       modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"]})
      .then(function () { fit(el); })
      .then(function () { el.setAttribute("data-drawn", "true"); });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if (drawn[current]) fit(sections[current].querySelector(".plot"));
    }, 150);
  });
  function show(i) {
    i = Math.max(0, Math.min(sections.length - 1, i));
    if (i === current) return;
    current = i;
    sections.forEach(function (s, j) { s.classList.toggle("current", j === i); });
    links.forEach(function (a, j) { a.classList.toggle("current", j === i); });
    where.textContent = "Hoofdstuk " + (i + 1) + " van " + sections.length;
    prev.disabled = i === 0;
    next.disabled = i === sections.length - 1;
    document.title = sections[i].querySelector("h1").textContent;
    if (history.replaceState) history.replaceState(null, "", "#" + (i + 1));
    draw(i);
  }
  prev.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });
  links.forEach(function (a, j) {
    a.addEventListener("click", function (e) { e.preventDefault(); show(j); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") { show(current + 1); }
    else if (e.key === "ArrowLeft" || e.key === "PageUp") { show(current - 1); }
    else if (e.key === "Home") { show(0); }
    else if (e.key === "End") { show(sections.length - 1); }
    else { return; }
    e.preventDefault();
  });
  var start = parseInt((location.hash || "#1").slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
})();
"""


def _script_json(value) -> str:
    """JSON that cannot end the <script> element it sits in."""
    return value.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def standalone_html(
    case: Case,
    events: pd.DataFrame,
    chapters: list[Chapter] | None = None,
    pseudonymiser: Pseudonymiser | None = None,
    findings: list[dict] | None = None,
) -> str:
    """The presentation as one HTML document. `chapters` default to the case's
    presentation.yaml, else one chapter "Overzicht"; with a pseudonymiser every name, caption
    and hover text is pseudonymised."""
    chapters = chapters or chapters_or_default(case)
    safe = pseudonymiser.text if pseudonymiser else (lambda t: t)
    by_id = {f.get("finding_id"): f for f in findings or []}
    figures, sections, links = [], [], []
    for i, chapter in enumerate(chapters, start=1):
        state = chapter.state
        fig = view_figure(case, events, state, pseudonymiser, findings)
        figures.append(json.loads(pio.to_json(presentation_layout(fig, None, SCREEN_HEIGHT))))
        caption = chapter.caption or by_id.get(state.finding, {}).get("sentence", "")
        sections.append(
            f'<section class="chapter" id="hoofdstuk-{i}">'
            f"<h1>{html.escape(safe(chapter.title))}</h1>"
            + (f'<p class="caption">{html.escape(safe(caption))}</p>' if caption else "")
            + '<div class="plot"></div></section>'
        )
        links.append(f'<a href="#{i}" title="{html.escape(safe(chapter.title))}">{i}</a>')
    made = dt.datetime.now().strftime("%d-%m-%Y %H:%M")
    privacy = (
        "Gepseudonimiseerd: namen vervangen door rollen"
        + ("; vrije tekst verborgen tenzij vrijgegeven" if pseudonymiser.hide_text else "")
        + ("; datums per maand" if pseudonymiser.coarsen_dates else "")
        if pseudonymiser
        else '<span class="warn">Niet gepseudonimiseerd: bevat persoonsgegevens</span>'
    )
    title = html.escape(safe(case.name))
    return f"""<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{_STYLE}</style>
<!-- plotly.js begin -->
<script>{get_plotlyjs()}</script>
<!-- plotly.js end -->
</head>
<body>
<header>
<div class="case">{title}</div>
<nav aria-label="Hoofdstukken">{"".join(links)}</nav>
<button id="prev" type="button" aria-label="Vorig hoofdstuk">&#9664; Vorige</button>
<div class="where" id="where" aria-live="polite"></div>
<button id="next" type="button" aria-label="Volgend hoofdstuk">Volgende &#9654;</button>
</header>
<main>
{"".join(sections)}
</main>
<footer>{privacy} · gemaakt {made} met Reconstruct · pijltjestoetsen: vorige / volgende</footer>
<script type="application/json" id="chapter-figures">{_script_json(json.dumps(figures))}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def write_standalone(
    case: Case,
    events: pd.DataFrame,
    path: Path | str,
    chapters: list[Chapter] | None = None,
    pseudonymiser: Pseudonymiser | None = None,
    findings: list[dict] | None = None,
) -> Path:
    """Write `standalone_html` to `path` (UTF-8)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(standalone_html(case, events, chapters, pseudonymiser, findings), "utf-8")
    return path
