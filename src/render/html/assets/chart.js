// The report's line charts, drawn in SVG by the page's script from the embedded epochs: a marker
// at the snapshot shown and a readout of the values there, which a static picture could not give.
/**
 * A line chart in SVG with a legend, a marker at the epoch shown and a readout of the values
 * there (or at the epoch under the pointer).
 */
function chart(parent, title, caption, series, domain, opts) {
  series.forEach((s, i) => { s.color = COLORS[i % COLORS.length]; });
  const figure = el(parent, "figure");
  el(figure, "h2", {}, title);
  el(figure, "figcaption", {}, caption);
  const legend = el(figure, "ul", { class: "key" });
  for (const s of series) {
    const item = el(legend, "li");
    const swatch = el(item, "svg:svg", { width: 28, height: 10, "aria-hidden": "true" });
    el(swatch, "svg:line", { x1: 0, y1: 5, x2: 28, y2: 5, stroke: s.color, "stroke-width": 3, "stroke-dasharray": s.dash || "none" });
    item.appendChild(document.createTextNode(s.label));
  }
  const W = 560, H = 220, L = 58, R = 20, T = 10, B = 36;
  const svg = el(figure, "svg:svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${title}: ${series.map((s) => s.label).join(", ")}` });
  const { lo, hi, yTicks } = yScale(series, opts);
  const fy = opts.log ? (y) => Math.log10(y) : (y) => y;
  const X = (x) => L + ((x - domain[0]) / (domain[1] - domain[0])) * (W - L - R);
  const Y = (y) => H - B - ((fy(y) - fy(lo)) / (fy(hi) - fy(lo))) * (H - T - B);
  const axis = el(svg, "svg:g", { class: "axis" });
  for (const t of yTicks) {
    el(axis, "svg:line", { class: "grid", x1: L, x2: W - R, y1: Y(t), y2: Y(t) });
    el(axis, "svg:text", { x: L - 6, y: Y(t) + 4, "text-anchor": "end" }, fmt(t, 3));
  }
  for (const t of ticks(domain[0], domain[1], 8, true)) {
    el(axis, "svg:line", { x1: X(t), x2: X(t), y1: H - B, y2: H - B + 4 });
    el(axis, "svg:text", { x: X(t), y: H - B + 17, "text-anchor": "middle" }, String(t));
  }
  el(axis, "svg:path", { d: `M${L},${T}V${H - B}H${W - R}`, fill: "none" });
  el(axis, "svg:text", { x: (L + W - R) / 2, y: H - 2, "text-anchor": "middle" }, "epoch");
  for (const s of series) {
    let d = "", pen = "M", previous = null;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(y) || (opts.log && y <= 0)) { pen = "M"; previous = null; continue; }
      if (opts.step && previous !== null && pen === "L") d += `H${X(x).toFixed(1)}`;
      d += `${pen}${X(x).toFixed(1)},${Y(y).toFixed(1)}`;
      pen = "L";
      previous = y;
    }
    el(svg, "svg:path", { class: "series", d, stroke: s.color, "stroke-dasharray": s.dash || "none" });
  }
  const marker = el(svg, "svg:line", { class: "marker", y1: T, y2: H - B, visibility: "hidden" });
  const readout = el(figure, "p", { class: "readout", "data-part": "readout", "aria-live": "off" });
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
    const x = domain[0] + ((e.clientX - box.left) / box.width * W - L) / (W - L - R) * (domain[1] - domain[0]);
    const p = nearest(series[0].points, Math.round(x));
    if (p) at(p[0]);
  });
  svg.addEventListener("pointerleave", () => { if (selected !== null) at(selected); });
  return { mark: (epoch) => { selected = epoch; at(epoch); } };
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

/** About n round numbers from lo to hi, covering both. */
function ticks(lo, hi, n, integer) {
  let step = 10 ** Math.floor(Math.log10((hi - lo) / n));
  for (const f of [1, 2, 5, 10]) if ((hi - lo) / (step * f) <= n) { step *= f; break; }
  if (integer) step = Math.max(1, Math.round(step));
  const out = [];
  for (let t = Math.floor(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  if (out[out.length - 1] < hi) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}


/** The y axis of a chart: its range and ticks, round numbers (decades on a log scale) covering
 *  every finite value of `series` (and `opts.min`, `opts.max`). */
function yScale(series, opts) {
  const values = series.flatMap((s) => s.points.map(([, y]) => y)).filter((y) => Number.isFinite(y) && (!opts.log || y > 0));
  let lo = opts.min ?? (values.length ? Math.min(...values) : 0);
  let hi = opts.max ?? (values.length ? Math.max(...values) : 1);
  let yTicks;
  if (opts.log) {
    if (!(lo > 0)) { lo = 1; hi = 10; }
    let a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
    if (a === b) { a -= 1; b += 1; }
    lo = 10 ** a; hi = 10 ** b;
    const every = Math.ceil((b - a) / 8);
    yTicks = [];
    for (let k = a; k <= b; k += every) yTicks.push(10 ** k);
  } else {
    if (lo === hi) { lo -= 1; hi += 1; }
    yTicks = ticks(lo, hi, 5, opts.integer);
    lo = Math.min(lo, yTicks[0]);
    hi = Math.max(hi, yTicks[yTicks.length - 1]);
  }
  return { lo, hi, yTicks };
}
