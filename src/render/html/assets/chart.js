// The report's line charts are drawn by nettrace as SVG in the page (src/render/html/line_chart.rs).
// This adds what a picture cannot: a marker at the snapshot shown and a readout of the values
// there (or at the epoch under the pointer), read from the embedded data.
/**
 * The marker and readout of the chart in `figure`: its svg.chart says where its plotting
 * area lies (data-x0, data-x1 at the epochs data-from, data-to; data-top, data-bottom) and which
 * series it draws (data-series: labels and the keys of their values in `data`).
 */
function chart(figure, data) {
  const svg = figure.querySelector("svg.chart");
  const d = svg.dataset;
  const [from, to, x0, x1] = [d.from, d.to, d.x0, d.x1].map(Number);
  const W = svg.viewBox.baseVal.width;
  const series = JSON.parse(d.series).map((s) => ({ label: s.label, points: pointsOf(data, s.key) }));
  const X = (x) => x0 + ((x - from) / (to - from)) * (x1 - x0);
  const marker = el(svg, "svg:line", { class: "marker", y1: d.top, y2: d.bottom, visibility: "hidden" });
  const readout = figure.querySelector(".readout");
  let selected = null;
  const at = (epoch) => {
    const parts = [];
    for (const s of series) {
      const p = nearest(s.points, epoch);
      if (p && p[0] === epoch) parts.push(" · ", `${s.label}: `, numberElement(p[1], P));
    }
    if (parts.length) readout.replaceChildren(`epoch ${epoch}`, ...parts);
    else readout.textContent = `epoch ${epoch}: no record`;
    marker.setAttribute("x1", X(epoch));
    marker.setAttribute("x2", X(epoch));
    marker.setAttribute("visibility", "visible");
  };
  svg.addEventListener("pointermove", (e) => {
    const box = svg.getBoundingClientRect();
    const x = from + (((e.clientX - box.left) / box.width) * W - x0) / (x1 - x0) * (to - from);
    const p = nearest(series[0].points, Math.round(x));
    if (p) at(p[0]);
  });
  svg.addEventListener("pointerleave", () => { if (selected !== null) at(selected); });
  return { mark: (epoch) => { selected = epoch; at(epoch); } };
}

/** The [epoch, value] points of a series, by its key: a field of the epoch records ("loss",
 *  "val_loss", "accuracy", "val_accuracy"; the initial network's L first when there is a
 *  snapshot of it), "grad_norm.L", or a unit count "inactive.L", "saturated.L" (L from 0). */
function pointsOf(data, key) {
  const [name, l] = key.split(".");
  if (name === "inactive" || name === "saturated") return data.units.map((u) => [u.epoch, u[name][Number(l)]]);
  const value = (r) => (l === undefined ? r[name] : r[name][Number(l)]);
  const points = data.epochs.filter((r) => r[name] !== undefined).map((r) => [r.epoch, numeric(value(r))]);
  const initial = data.snapshots.length && data.snapshots[0].epoch === 0 ? data.snapshots[0] : null;
  return name === "loss" && initial ? [[0, numeric(initial.loss)], ...points] : points;
}

/** The point of `points` (sorted by x) nearest to x. */
function nearest(points, x) {
  let a = 0, b = points.length - 1;
  if (b < 0) return null;
  while (a < b) {
    const m = (a + b) >> 1;
    if (points[m][0] < x) a = m + 1; else b = m;
  }
  if (a > 0 && Math.abs(points[a - 1][0] - x) <= Math.abs(points[a][0] - x)) a -= 1;
  return points[a];
}
