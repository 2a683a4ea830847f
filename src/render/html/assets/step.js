// The step page: steps through the phases, colours the diagram for the phase shown, and explains
// the weight, bias or unit clicked (with the lines nettrace prints, explain.js). Every number it
// shows is read from the trace, the embedded one or the page's core's; it computes none.
const root = pageRoot("nettrace-step");
// The trace shown: the embedded one, then each one the page's core computes (refresh.js).
let trace = JSON.parse(root.querySelector("#nettrace-trace").textContent);
const P = Number(root.dataset.precision) || 6;
let net = trace.network;
const L = net.layers.length;
const batch = Array.isArray(trace.input[0]);
const N = batch ? trace.input.length : 1;
const inOut = net.layout === "in_out";
const standalone = root.parentElement === document.body;
const svg = root.querySelector("svg.net");
const panel = root.querySelector("#explain");
const select = root.querySelector("select.sample");

// The trace's values.
const traced = (name, layer) => {
  const s = trace.steps.find((s) => s.name === name && s.layer === layer);
  return s && s.value;
};
const ofSample = (v, n) => (batch ? v[n] : v);
const weights = (l) => net.layers[l - 1].weights;
/** Entry (neuron i, input j), from 1, of a weight matrix stored in the file's layout. */
const at = (m, i, j) => (inOut ? m[j - 1][i - 1] : m[i - 1][j - 1]);

// The diagram's elements, by layer.
const edges = [], units = [], biases = [], labels = {};
svg.querySelectorAll("[data-quantity]").forEach((el) => {
  const q = el.dataset.quantity;
  el.tabIndex = 0;
  el.setAttribute("role", "button");
  const m = /^([Wab])\[(\d+)\]\[(\d+)\](?:\[(\d+)\])?$/.exec(q);
  if (!m) return;
  const [l, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const list = { W: edges, a: units, b: biases }[m[1]];
  (list[l] = list[l] || []).push({ el, x, y });
});
svg.querySelectorAll("[data-for]").forEach((el) => (labels[el.dataset.for] = el));

const buttons = [...root.querySelectorAll(".stepper ol button")];
const states = buttons.map((b) => ({ phase: b.dataset.phase, layer: b.dataset.layer ? Number(b.dataset.layer) : null }));
let current = 0;
let sample = 0;
let selected = null;

/** Shows state `k` of the stepper. */
function show(k) {
  current = Math.max(0, Math.min(states.length - 1, k));
  const { phase, layer } = states[current];
  root.dataset.phase = phase;
  root.dataset.layer = layer === null ? "" : String(layer);
  if (standalone) document.body.dataset.phase = phase;
  buttons.forEach((b, i) => (i === current ? b.setAttribute("aria-current", "step") : b.removeAttribute("aria-current")));
  root.querySelectorAll(".tables .phase").forEach((s) => {
    const here = s.dataset.phase === phase && s.dataset.layer === root.dataset.layer;
    s.classList.toggle("off", !here);
  });
  paint();
}

/** What an element of the diagram is, with its values, as a screen reader says it:
 *  "W[1][1][1]: weight from input 1 to unit 1 of layer 1, 0.1; gradient -0.025; after the update 0.1025". */
function describe(q) {
  const m = /^([Wab])\[(\d+)\]\[(\d+)\](?:\[(\d+)\])?$/.exec(q);
  const f = (x) => fmt(x, P);
  if (q === "L") return `L: the loss, ${f(trace.loss)}; after the update ${f(trace.loss_after)}`;
  if (!m) return q;
  const [l, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (m[1] === "a" && l === 0) return `${q}: input ${x}, ${f(ofSample(trace.input, sample)[x - 1])}`;
  if (m[1] === "a") {
    const a = ofSample(traced("a", l), sample)[x - 1], d = ofSample(traced("delta", l), sample)[x - 1];
    const later = after ? `; after the update ${f(ofSample(after.a[l - 1], sample)[x - 1])}` : "";
    return `${q}: unit ${x} of layer ${l}, activation ${f(a)}; δ ${f(d)}${later}` + (batch ? `; sample ${sample + 1}` : "");
  }
  if (m[1] === "b") {
    return `${q}: bias of unit ${x} of layer ${l}, ${f(net.layers[l - 1].bias[x - 1])}; gradient ${f(traced("grad_bias", l)[x - 1])}; after the update ${f(traced("bias", l)[x - 1])}`;
  }
  const [i, j] = inOut ? [y, x] : [x, y];
  const from = l === 1 ? `input ${j}` : `unit ${j} of layer ${l - 1}`;
  return `${q}: weight from ${from} to unit ${i} of layer ${l}, ${f(weights(l)[x - 1][y - 1])}; gradient ${f(traced("grad_weights", l)[x - 1][y - 1])}; after the update ${f(traced("weights", l)[x - 1][y - 1])}`;
}

/** Names every element of the diagram for the sample shown. */
function name() {
  svg.querySelectorAll("[data-quantity]").forEach((el) => el.setAttribute("aria-label", describe(el.dataset.quantity)));
}

/** Colours every element for the state and sample shown. */
function paint() {
  const { phase, layer } = states[current];
  const forward = phase === "forward", backward = phase === "backward";
  const legend = root.querySelector(".legend .what");
  for (let l = 1; l <= L; l++) {
    const grad = backward && l >= layer;
    const update = phase === "update", shift = update && changeBox && changeBox.checked;
    const w = shift ? change(traced("weights", l), weights(l)) : update ? traced("weights", l) : grad ? traced("grad_weights", l) : weights(l);
    const b = shift ? change(traced("bias", l), net.layers[l - 1].bias) : update ? traced("bias", l) : grad ? traced("grad_bias", l) : net.layers[l - 1].bias;
    const dim = (forward && l !== layer) || (backward && l !== layer);
    shade(edges[l], w, (e) => w[e.x - 1][e.y - 1]);
    shade(biases[l], b, (e) => b[e.x - 1]);
    svg.querySelector(`.edges[data-layer="${l}"]`).classList.toggle("dim", dim);
  }
  for (let c = 0; c <= L; c++) {
    const known = c === 0 || phase === "loss" || (phase === "update" && after !== null) || backward || (forward && c <= layer);
    const delta = backward && c >= layer;
    const a = phase === "update" && c > 0 && after ? after.a[c - 1] : traced("a", c);
    const v = !known ? null : c === 0 ? ofSample(trace.input, sample) : ofSample(delta ? traced("delta", c) : a, sample);
    shade(units[c], v, (e) => v[e.x - 1]);
    (units[c] || []).forEach((e) => label(`a[${c}][${e.x}]`, v && v[e.x - 1]));
    const focus = forward ? [layer - 1, layer] : backward ? [layer - 1, layer, layer + 1] : null;
    svg.querySelector(`.units[data-layer="${c}"]`).classList.toggle("dim", focus !== null && !focus.includes(c));
  }
  ofSample(trace.target, sample).forEach((y, i) => label(`y[${i + 1}]`, y, "y = "));
  const lossShown = phase === "loss" || backward || phase === "update";
  label("L", lossShown ? (phase === "update" ? trace.loss_after : trace.loss) : null, phase === "update" ? "after: " : "");
  if (legend) legend.textContent = legendText(phase, layer) + (batch ? `; sample ${sample + 1}` : "");
  drawViews(phase);
}

// The input as an image and the decision boundary (views.js), for the sample and phase shown.
const colours = palette(root);
const boundaryData = root.querySelector("#nettrace-boundary");
const boundary = boundaryData && JSON.parse(boundaryData.textContent);
function drawViews(phase) {
  const image = root.querySelector('[data-view="input-image"]');
  if (image) {
    const x = ofSample(trace.input, sample);
    const [rows, cols] = [Number(image.dataset.rows), Number(image.dataset.cols)];
    const canvas = image.querySelector("canvas");
    drawImage(canvas, x, rows, cols, largest(x), colours, Math.max(2, Math.floor(160 / Math.max(rows, cols))));
    const text = `a[0] of sample ${sample + 1}, ${rows}×${cols}, row by row; ${x.some((v) => numeric(v) < 0) ? "blue negative (barred), orange positive" : "white 0 to black " + fmt(largest(x), P)}`;
    canvas.setAttribute("aria-label", text);
    image.querySelector(".note").textContent = text;
  }
  const view = root.querySelector('[data-view="decision-boundary"]');
  if (view && boundary) {
    const after = phase === "update" ? 1 : 0;
    const canvas = view.querySelector("canvas");
    drawBoundary(canvas, boundary, boundary.grids[after], colours);
    view.dataset.grid = String(after);
    const text = boundaryText(boundary, boundary.grids[after], after ? "After the update (the new W and b)" : "The network before the step");
    canvas.setAttribute("aria-label", text);
    view.querySelector(".note").textContent = text;
  }
}

// The update's change, θ after − θ before: one subtraction of two of the trace's numbers (as
// exact in the browser as anywhere), and the activations after the update, computed by nettrace.
const changeBox = root.querySelector('input[data-part="change"]');
const afterEmbedded = JSON.parse(root.querySelector("#nettrace-after").textContent);
// None once the numbers changed: the page's core gives no forward pass after the update.
let after = afterEmbedded;
const change = (now, before) => now.map((x, k) => (Array.isArray(x) ? change(x, before[k]) : numeric(x) - numeric(before[k])));

/** What the colours mean in a state. */
function legendText(phase, layer) {
  if (phase === "update") {
    const lines = changeBox && changeBox.checked ? "the change θ after − θ before" : "the new W and b";
    return `lines and squares: ${lines}; units: activations a after the update`;
  }
  if (phase === "backward") {
    return `lines and squares of layers ≥ ${layer}: ∂L/∂W and ∂L/∂b (below: W and b); units of layers ≥ ${layer}: δ (below: a)`;
  }
  const units = phase === "given" ? "the input a[0]" : phase === "forward" ? `activations a up to layer ${layer}` : "activations a";
  return `lines: weights W; squares: biases b; units: ${units}`;
}

/** Sets each element's palette level from `value(element)`, against the largest |value| of `all`. */
function shade(list, all, value) {
  if (!list) return;
  const top = all === null ? 0 : largest(all);
  list.forEach((e) => (all === null ? e.el.removeAttribute("data-lv") : (e.el.dataset.lv = level(value(e), top))));
}

function label(key, x, prefix = "") {
  if (labels[key]) labels[key].textContent = x === null || x === undefined ? "" : prefix + fmt(x, P);
}

/** Fills the panel with the explanation of `q` (a data-quantity name). */
function explain(q) {
  const m = /^([Wab])\[(\d+)\]\[(\d+)\](?:\[(\d+)\])?$/.exec(q);
  if (q !== "L" && !m) return;
  let title = q;
  if (m && m[1] === "a") title += Number(m[2]) === 0 ? `: input ${m[3]}` : `: unit ${m[3]} of layer ${m[2]}`;
  else if (m) title += m[1] === "W" ? `: ∂L/∂W[${m[2]}] at row ${m[3]}, column ${m[4]}` : `: ∂L/∂b[${m[2]}] at ${m[3]}`;
  const lines = coreLines(q) || [waiting()];
  selected = q;
  svg.querySelectorAll(".sel").forEach((el) => el.classList.remove("sel"));
  svg.querySelectorAll(`[data-quantity="${q}"]`).forEach((el) => el.classList.add("sel"));
  const h = document.createElement("h2");
  h.textContent = title;
  panel.replaceChildren(h, ...lines);
  panel.dataset.quantity = q;
}

function pick(n) {
  sample = n;
  root.dataset.sample = String(n + 1);
  name();
  root.querySelectorAll("tr[data-sample]").forEach((tr) => tr.classList.toggle("cur", Number(tr.dataset.sample) === n + 1));
  paint();
  if (selected) explain(selected);
}

root.addEventListener("click", (e) => {
  const b = e.target.closest(".stepper button");
  if (b) return show(b.classList.contains("prev") ? current - 1 : b.classList.contains("next") ? current + 1 : buttons.indexOf(b));
  const hit = e.target.closest("[data-hit]");
  const el = hit ? svg.querySelector(`[data-quantity="${hit.dataset.hit}"]`) : e.target.closest("[data-quantity]");
  if (el && root.contains(el)) reveal(el);
});

/** Explains `el`; from outside the diagram (a diagnostic), the panel may be far away: go there. */
function reveal(el) {
  explain(el.dataset.quantity);
  if (svg.contains(el)) return;
  // A sticky panel shows at the top of the diagram's row; a static one (a phone) where it is.
  const sticky = getComputedStyle(panel).position === "sticky";
  (sticky ? root.querySelector(".stage") : panel).scrollIntoView({ block: "start" });
  panel.focus({ preventScroll: true });
}
(standalone ? window : root).addEventListener("keydown", (e) => {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target instanceof Element ? e.target : null;
  if (t && t.closest("select, input, textarea")) return;
  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    show(current + (e.key === "ArrowRight" ? 1 : -1));
  } else if ((e.key === "Home" || e.key === "End") && t && t.closest(".stepper")) {
    show(e.key === "Home" ? 0 : states.length - 1);
  } else if ((e.key === "Enter" || e.key === " ") && t && t.dataset && t.dataset.quantity && root.contains(t)) {
    reveal(t);
  } else {
    return;
  }
  e.preventDefault();
  // Inside a notebook, the notebook's own shortcuts should not see the key as well.
  if (!standalone) e.stopPropagation();
});
if (select) select.addEventListener("change", () => pick(Number(select.value) - 1));
if (changeBox) changeBox.addEventListener("change", paint);

exactSwitch(root, P);
// Nothing scrolled to (a table, the panel) hides under the sticky stepper.
if (standalone) {
  const pad = () => (document.documentElement.style.scrollPaddingTop = `${root.querySelector(".stepper").offsetHeight + 8}px`);
  pad();
  window.addEventListener("resize", pad);
}
pick(0);
show(0);
root.dataset.ready = String(Math.round(performance.now()));
