"""Timeline images for meetings and print: PNG, SVG and PDF through kaleido and the local Chromium.

Kaleido 1.x drives a Chromium-based browser over the DevTools protocol. It is given the browser
explicitly (BROWSER_PATH, else `chromium` / `chromium-browser` / `google-chrome` on PATH: on
Debian that is the `chromium` package), the plotly.js that ships inside the installed plotly
package, and MathJax switched off, so rendering never touches the network and nothing is
downloaded at run time (kaleido's `get_chrome` is never called).

Sizes: `projector` is 1920 x 1080 pixels (a 1440 x 810 layout drawn at 4/3, so every letter is a
third larger than in the app); `a3` is A3 landscape: a 1587.5 x 1122.6 layout (420 x 297 mm at
96 px per inch), so the PDF page is exactly A3 and the PNG is 4961 x 3508 pixels (300 dpi).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import plotly
import plotly.graph_objects as go

IMAGE_FORMATS = ("png", "svg", "pdf")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
TIMEOUT = 120
SVG_POINTS = 30_000
"""Up to this many points the markers are drawn as SVG instead of WebGL."""


class ImageExportError(RuntimeError):
    """An image could not be made (no browser, kaleido missing, rendering failed)."""


@dataclass(frozen=True)
class ImageSize:
    label: str
    width: float  # layout size in CSS pixels
    height: float
    scale: float  # PNG (and projector SVG/PDF) pixels per CSS pixel
    vector_scale: float  # SVG / PDF

    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


SIZES = {
    "projector": ImageSize("beamer 1920 x 1080", 1440, 810, 4 / 3, 4 / 3),
    "a3": ImageSize("A3 liggend, 300 dpi", 4961 / 3.125, 3508 / 3.125, 3.125, 1.0),
}


def browser_path() -> str:
    """The Chromium kaleido will drive: $BROWSER_PATH, else the first browser on PATH."""
    path = os.environ.get("BROWSER_PATH") or next(
        (p for p in map(shutil.which, BROWSER_NAMES) if p), None
    )
    if not path or not Path(path).is_file():
        raise ImageExportError(
            "geen Chromium gevonden voor afbeeldingen: installeer het Debian-pakket 'chromium' "
            "(apt-get install chromium) of zet BROWSER_PATH op een Chromium/Chrome"
        )
    return path


def _kaleido_options() -> dict:
    return {"plotlyjs": PLOTLY_JS, "mathjax": False, "path": browser_path(), "timeout": TIMEOUT}


def presentation_layout(fig: go.Figure, width: float | None, height: float) -> go.Figure:
    """A copy of a timeline figure laid out for a screen or page of `height` CSS px (and
    `width`, or the container's width when None): legend on the right, lower strips kept
    small, lane labels as large as the lanes allow, annotations no smaller than 13 px, and
    markers in SVG rather than WebGL when there are not too many."""
    spec = fig.to_dict()
    if sum(len(t.get("x") if t.get("x") is not None else ()) for t in spec["data"]) <= SVG_POINTS:
        # WebGL markers vanish on large canvases (A3 at 300 dpi) and become bitmaps in SVG and
        # PDF; plain SVG markers stay sharp and are fast enough at this size.
        for t in spec["data"]:
            if t.get("type") == "scattergl":
                t["type"] = "scatter"
    fig = go.Figure(spec)
    lanes = len(fig.layout.yaxis.ticktext or ()) or 1
    kids_rows = max(
        (a.text.count("<br>") + 1 for a in fig.layout.annotations if a.yshift), default=0
    )
    bottom = 40 + 17 * kids_rows
    plot = max(height - (64 if fig.layout.title.text else 20) - bottom, 200)
    conc, signals, gap = min(0.09, 70 / plot), min(0.12, 95 / plot), 0.025
    top = 64 if fig.layout.title.text else 20
    fig.update_layout(
        width=width,
        height=None if width is None else height,
        autosize=width is None,
        margin={"l": 10, "r": 10, "t": top, "b": bottom},
        title={"x": 0.01, "xanchor": "left", "y": 0.99, "yanchor": "top", "font": {"size": 22}},
        legend={
            "orientation": "v",
            "x": 1.01,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "top",
            "font": {"size": 14},
            "tracegroupgap": 2,
        },
        font={"size": 15},
    )
    fig.layout.yaxis.domain = (signals + conc + 2 * gap, 1.0)
    fig.layout.yaxis2.domain = (signals + gap, signals + gap + conc)
    fig.layout.yaxis3.domain = (0.0, signals)
    lane_px = plot * (1 - signals - conc - 2 * gap) / lanes
    fig.layout.yaxis.tickfont.size = max(10, min(18, round(lane_px * 0.86)))
    fig.layout.yaxis3.tickfont.size = 12
    fig.update_xaxes(tickfont={"size": 15})
    for a in fig.layout.annotations:
        if a.font and a.font.size and a.font.size < 13:
            a.font.size = 13
    return fig


_SESSION: list[bool] = []


@contextmanager
def session():
    """Keep one Chromium open for several images (each image otherwise starts its own)."""
    import kaleido

    kaleido.start_sync_server(**_kaleido_options(), silence_warnings=True)
    _SESSION.append(True)
    try:
        yield
    finally:
        _SESSION.pop()
        if not _SESSION:
            kaleido.stop_sync_server(silence_warnings=True)


def render(fig: go.Figure, fmt: str, size: str = "projector") -> bytes:
    """The timeline as PNG, SVG or PDF bytes at a named size (see SIZES)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"onbekend afbeeldingsformaat '{fmt}' (kies {', '.join(IMAGE_FORMATS)})")
    if size not in SIZES:
        raise ValueError(f"onbekende afmeting '{size}' (kies {', '.join(SIZES)})")
    try:
        import kaleido
    except ImportError as err:
        raise ImageExportError("kaleido ontbreekt: pip install -r requirements.txt") from err
    spec = SIZES[size]
    laid_out = presentation_layout(fig, spec.width, spec.height)
    opts = {
        "format": fmt,
        "width": spec.width,
        "height": spec.height,
        "scale": spec.scale if fmt == "png" else spec.vector_scale,
    }
    try:
        if _SESSION:  # the session's browser, started with the same options
            return kaleido.calc_fig_sync(laid_out, opts=opts)
        return kaleido.calc_fig_sync(laid_out, opts=opts, kopts=_kaleido_options())
    except ImageExportError:
        raise
    except Exception as err:  # kaleido/choreographer raise many kinds; say which, in Dutch
        raise ImageExportError(f"afbeelding maken mislukt ({type(err).__name__}: {err})") from err


def write_image(
    fig: go.Figure, path: Path | str, size: str = "projector", fmt: str | None = None
) -> Path:
    """Write the timeline to `path` as png, svg or pdf (from the suffix when fmt is None)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    data = render(fig, fmt, size)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
