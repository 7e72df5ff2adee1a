/* Presentatie: the keys of presenting mode (/presentatie?hoofdstuk=N). They act only while a
   presentation is on screen, by pressing its step buttons, so every change of chapter goes
   through the same Dash callbacks. */
(function () {
  var buttons = {
    ArrowRight: "present-next", PageDown: "present-next",
    ArrowLeft: "present-prev", PageUp: "present-prev",
    Home: "present-first", End: "present-last"
  };
  document.addEventListener("keydown", function (e) {
    var root = document.getElementById("present-root");
    if (!root || e.altKey || e.ctrlKey || e.metaKey) return;
    if (buttons[e.key]) {
      document.getElementById(buttons[e.key]).click();
    } else if (e.key === "Escape" && !document.fullscreenElement) {
      window.dash_clientside.set_props("present-leave", {href: root.dataset.editor});
    } else if (e.key === "f" || e.key === "F") {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () { return null; });
    } else {
      return;
    }
    e.preventDefault();
  });
})();

/* Lane labels as large as the lanes on this screen allow: the figure is laid out for a
   1080-pixel projector (as the HTML file's), a smaller window would make them overlap. Called
   after each drawing (plotly_afterplot), so a new chapter or a resized window fits again. */
window.reconstructPresentFit = function (gd) {
  function fit() {
    var lay = gd._fullLayout, update = {};
    if (!lay || !lay._size) return;
    [["yaxis", 18], ["yaxis3", 13]].forEach(function (spec) {
      var axis = lay[spec[0]], ticks = axis && (axis.ticktext || axis.tickvals);
      if (!ticks || !ticks.length) return;
      var lane = lay._size.h * (axis.domain[1] - axis.domain[0]) / ticks.length;
      var size = Math.max(7, Math.min(spec[1], Math.round(lane * 0.86)));
      if (axis.tickfont.size !== size) update[spec[0] + ".tickfont.size"] = size;
    });
    var strip = lay.yaxis2 && lay._size.h * (lay.yaxis2.domain[1] - lay.yaxis2.domain[0]);
    var title = strip && Math.max(8, Math.min(13, Math.round(strip / 6)));
    if (title && lay.yaxis2.title.font.size !== title) update["yaxis2.title.font.size"] = title;
    if (Object.keys(update).length) window.Plotly.relayout(gd, update);
  }
  if (!gd._reconstructFit) {
    gd._reconstructFit = true;
    gd.on("plotly_afterplot", fit);
  }
  fit();
};
