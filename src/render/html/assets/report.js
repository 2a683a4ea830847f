// A training report: the charts' readouts and the heatmaps, drawn from the data embedded in the page. Runs after
// common.js, inside the page's own function; everything is looked up inside the page's root, so
// several reports can share a page (a notebook).
const SVG = "http://www.w3.org/2000/svg";
const root = pageRoot("nettrace-report");
// Significant digits of the numbers shown (the exact values one click away: exactSwitch).
const P = 6;
draw(root);
exactSwitch(root, P);
root.dataset.ready = String(Math.round(performance.now()));

/** "1 unit", "2 units". */
function count(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function el(parent, tag, attrs = {}, text) {
  const svg = tag.startsWith("svg:");
  const e = svg ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function draw(root) {
  const data = JSON.parse(root.querySelector("#nettrace-report").textContent);
  const net = data.network;
  const snapshots = data.snapshots;
  const part = (name) => root.querySelector(`[data-part="${name}"]`);
  const views = [...part("charts").querySelectorAll("figure")].filter((f) => f.querySelector("svg.chart")).map((f) => chart(f, data));

  const pictures = learned(part("views"), net, snapshots, data.boundary);
  const since = part("since");
  const maps = heatmaps(part("heatmaps"), net, snapshots, () => since && since.checked);
  snapshotControls(part, snapshots, (i) => {
    maps.show(i);
    pictures(i);
    for (const v of views) v.mark(snapshots[i].epoch);
  });
}

/** The slider, the Play button and the switch over the snapshots: each moves the page to a
 *  snapshot, shown by `show(i)` besides the epoch and L in the controls. */
function snapshotControls(part, snapshots, show) {
  const slider = part("slider");
  const play = part("play");
  const since = part("since");
  const shown = (i) => {
    const s = snapshots[i];
    part("epoch").textContent = String(s.epoch);
    part("loss").replaceChildren(numberElement(s.loss, P));
    slider.setAttribute("aria-valuetext", `epoch ${s.epoch}, L = ${fmt(s.loss, P)}`);
    show(i);
  };
  slider.addEventListener("input", () => shown(Number(slider.value)));
  if (since) since.addEventListener("change", () => shown(Number(slider.value)));
  let timer = null;
  const stop = () => {
    clearInterval(timer);
    timer = null;
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
  };
  play.addEventListener("click", () => {
    if (timer !== null) return stop();
    if (Number(slider.value) >= snapshots.length - 1) slider.value = "0";
    shown(Number(slider.value));
    play.textContent = "Pause";
    play.setAttribute("aria-pressed", "true");
    timer = setInterval(() => {
      const next = Number(slider.value) + 1;
      if (next >= snapshots.length) return stop();
      slider.value = String(next);
      shown(next);
    }, Math.min(400, Math.max(60, 6000 / snapshots.length)));
  });
  if (snapshots.length) shown(Number(slider.value));
}

/**
 * What the network learned, redrawn for the snapshot shown: the output over the input plane for
 * two inputs (computed by nettrace for every snapshot), and for an image input each unit of
 * layer 1 as the image of its incoming weights, on one scale over every snapshot.
 */
function learned(parent, net, snapshots, boundary) {
  const colours = palette(parent.closest(".nettrace"));
  const draws = [];
  if (boundary) {
    const figure = el(parent, "figure", { class: "view", "data-view": "decision-boundary" });
    el(figure, "h3", {}, "Decision boundary");
    el(figure, "figcaption", {}, `The output over the input plane, computed by nettrace at ${boundary.n}×${boundary.n} points with the network of each snapshot; the training samples marked.`);
    const canvas = el(figure, "canvas", { width: 256, height: 256, role: "img" });
    const note = el(figure, "p", { class: "note", "aria-live": "polite" });
    draws.push((i) => {
      drawBoundary(canvas, boundary, boundary.grids[i], colours);
      figure.dataset.grid = String(i);
      const text = boundaryText(boundary, boundary.grids[i], `Epoch ${snapshots[i].epoch}`);
      canvas.setAttribute("aria-label", text);
      note.textContent = text;
    });
  }
  const first = net.layers[0], square = imageSide(first.inputs);
  const [rows, cols] = net.input_shape || [square, square];
  if (rows && snapshots.length) {
    const box = el(parent, "figure", { class: "view units-of-layer" });
    el(box, "h3", {}, `Layer 1: each unit's incoming weights as a ${rows}×${cols} image`);
    el(box, "figcaption", {}, "Blue (barred) negative, orange positive, on one scale over every snapshot: the strokes each unit responds to, forming as training goes on.");
    const grid = el(box, "div", { class: "unit-images" });
    const top = largest(snapshots.map((s) => s.layers[0].weights));
    const cell = Math.max(2, Math.min(8, Math.floor(96 / Math.max(rows, cols))));
    const inOut = net.layout === "in_out";
    const units = [];
    for (let u = 0; u < first.neurons; u++) {
      const f = el(grid, "figure", { "data-view": "unit-weights", "data-unit": String(u + 1) });
      units.push(el(f, "canvas", { role: "img", "aria-label": `unit ${u + 1} of layer 1: its ${first.inputs} incoming weights as an image` }));
      el(f, "figcaption", {}, `unit ${u + 1}`);
    }
    draws.push((i) => {
      const w = snapshots[i].layers[0].weights;
      units.forEach((canvas, u) => {
        const incoming = inOut ? w.map((row) => row[u]) : w[u];
        drawImage(canvas, incoming, rows, cols, top, colours, cell);
        canvas.parentElement.dataset.epoch = String(snapshots[i].epoch);
      });
    });
  }
  return (i) => draws.forEach((draw) => draw(i));
}

/** Heatmaps of every layer's weights and gradients, redrawn for the snapshot shown. */
function heatmaps(parent, net, snapshots, since) {
  const colours = palette(parent.closest(".nettrace"));
  const inOut = net.layout === "in_out";
  const layers = net.layers.map((layer, l) => {
    const n = l + 1;
    const box = el(parent, "div", { class: "layer" });
    el(box, "h3", {}, `Layer ${n}: ${count(layer.neurons, `${layer.activation} unit`)}, ${count(layer.inputs, "input")}`);
    const rows = inOut ? layer.inputs : layer.neurons, cols = inOut ? layer.neurons : layer.inputs;
    const where = inOut ? "rows: inputs, columns: units; b[l] below" : "rows: units, columns: inputs; b[l] on the right";
    const maps = el(box, "div", { class: "maps" });
    const readout = el(box, "p", { class: "readout", "data-part": "cell", "aria-live": "polite" });
    // One scale for the weights of every snapshot, so that colours compare across epochs.
    const wmax = largest(snapshots.map((s) => [s.layers[l].weights, s.layers[l].bias]));
    const place = (r, c) => c === null ? `unit ${r + 1}` : inOut ? `input ${r + 1}, unit ${c + 1}` : `unit ${r + 1}, input ${c + 1}`;
    // The change since the first snapshot: one subtraction of two embedded numbers per entry.
    const base = snapshots[0].layers[l];
    const diff = (p) => [p.weights.map((row, r) => row.map((x, c) => numeric(x) - numeric(base.weights[r][c]))), p.bias.map((x, r) => numeric(x) - numeric(base.bias[r]))];
    const weights = map(maps, `W[${n}] and b[${n}] (${where})`, rows, cols, inOut, colours, readout, (i, r, c) => {
      const p = snapshots[i].layers[l];
      const [w, b] = since() ? diff(p) : [p.weights, p.bias];
      const d = since() ? "Δ" : "", after = since() ? ` since epoch ${snapshots[0].epoch}` : "";
      return c === null ? [`${d}b[${n}][${r + 1}]${after}`, b[r]] : [`${d}W[${n}][${r + 1}][${c + 1}]${after}`, w[r][c]];
    }, place);
    const grads = map(maps, `∂L/∂W[${n}] and ∂L/∂b[${n}], the mean over the epoch's steps (6 significant digits)`, rows, cols, inOut, colours, readout, (i, r, c) => {
      const p = snapshots[i].layers[l];
      if (!p.grad_weights) return null;
      return c === null ? [`∂L/∂b[${n}][${r + 1}]`, p.grad_bias[r]] : [`∂L/∂W[${n}][${r + 1}][${c + 1}]`, p.grad_weights[r][c]];
    }, place);
    return (i) => {
      const p = snapshots[i].layers[l];
      if (since()) {
        const [w, b] = diff(p);
        weights.draw(i, w, b, largest([w, b]), `of the change since epoch ${snapshots[0].epoch}, in this snapshot`);
      } else weights.draw(i, p.weights, p.bias, wmax, "over every snapshot");
      if (p.grad_weights) {
        grads.draw(i, p.grad_weights, p.grad_bias, largest([p.grad_weights, p.grad_bias]), "in this snapshot");
      } else {
        grads.blank("The initial network: no step has been taken, so there is no gradient yet.");
      }
    };
  });
  return { show: (i) => layers.forEach((draw) => draw(i)) };
}

/**
 * One heatmap: a matrix and its bias vector as canvases of one pixel per entry, scaled up, each
 * pixel in the palette's level of its entry against the largest |value| (as the legend says).
 * Moving the pointer over it, or the arrow keys once it has focus, shows the entry under the
 * cursor in `readout`.
 */
function map(parent, title, rows, cols, inOut, colours, readout, entry, where) {
  const figure = el(parent, "figure");
  el(figure, "figcaption", {}, title);
  const grid = el(figure, "div", { class: inOut ? "map below" : "map" });
  const cell = Math.max(1, Math.min(24, Math.floor(Math.min(480 / cols, 320 / rows))));
  const frame = el(grid, "div", { class: "frame" });
  const canvas = el(frame, "canvas", { width: cols * cell, height: rows * cell, tabindex: 0, role: "img" });
  canvas.style.width = `${cols * cell}px`;
  // The cell the arrow keys are on, drawn over the heatmap while it has focus.
  const cursorBox = el(frame, "div", { class: "cursor", hidden: "" });
  const bias = el(grid, "canvas", inOut ? { width: cols * cell, height: Math.max(cell, 8) } : { width: Math.max(cell, 8), height: rows * cell });
  bias.style.width = `${inOut ? cols * cell : Math.max(cell, 8)}px`;
  const note = el(figure, "p", { class: "note" });
  const [numbers, tabulate] = numbersTable(figure, rows, cols, inOut);
  let current = 0, cursor = [0, 0];
  // Each entry a cell of the palette's level, negative ones barred (views.js).
  const paint = (target, matrix, top) => {
    const h = matrix.length, w = h ? matrix[0].length : 0;
    const [ch, cw] = [target.height / h, target.width / w];
    drawCells(target, matrix.flat(), h, w, top, colours, cw, ch);
  };
  const place = () => {
    const k = canvas.getBoundingClientRect().width / canvas.width * cell;
    Object.assign(cursorBox.style, { left: `${cursor[1] * k}px`, top: `${cursor[0] * k}px`, width: `${k}px`, height: `${k}px` });
    cursorBox.hidden = false;
  };
  const tell = (r, c) => {
    const e = current >= 0 ? entry(current, r, c) : null;
    if (e) readout.replaceChildren(`${e[0]} = `, numberElement(e[1], P), ` (${where(r, c)})`);
    else readout.textContent = "";
  };
  const point = (target, e, isBias) => {
    const box = target.getBoundingClientRect();
    const [h, w] = isBias ? (inOut ? [1, cols] : [rows, 1]) : [rows, cols];
    const r = Math.min(h - 1, Math.floor(((e.clientY - box.top) / box.height) * h));
    const c = Math.min(w - 1, Math.floor(((e.clientX - box.left) / box.width) * w));
    if (r < 0 || c < 0) return;
    if (isBias) tell(inOut ? c : r, null); else tell(r, c);
  };
  canvas.addEventListener("pointermove", (e) => point(canvas, e, false));
  bias.addEventListener("pointermove", (e) => point(bias, e, true));
  canvas.addEventListener("focus", () => { tell(...cursor); place(); });
  canvas.addEventListener("blur", () => (cursorBox.hidden = true));
  canvas.addEventListener("keydown", (e) => {
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const d = moves[e.key];
    if (!d) return;
    e.preventDefault();
    cursor = [Math.max(0, Math.min(rows - 1, cursor[0] + d[0])), Math.max(0, Math.min(cols - 1, cursor[1] + d[1]))];
    tell(...cursor);
    place();
  });
  canvas.setAttribute("aria-label", `${title}: focus and use the arrow keys to read each entry`);
  return {
    draw(i, matrix, vector, top, how) {
      current = i;
      canvas.style.visibility = bias.style.visibility = "visible";
      paint(canvas, matrix, top);
      paint(bias, inOut ? [vector] : vector.map((v) => [v]), top);
      tabulate(matrix, vector);
      if (numbers) numbers.hidden = false;
      note.textContent = `the largest |value| ${how}: ${fmt(top, 3)}`;
    },
    blank(text) {
      current = -1;
      canvas.style.visibility = bias.style.visibility = "hidden";
      if (numbers) numbers.hidden = true;
      note.textContent = text;
    },
  };
}

/** A small matrix (up to 8×8) also as numbers under its heatmap, with its bias (beside it, or
 *  below in `in_out`): the table, and the function that fills it. */
function numbersTable(figure, rows, cols, inOut) {
  if (rows > 8 || cols > 8) return [null, () => {}];
  const numbers = el(figure, "table", { class: "numbers", "data-part": "numbers" });
  return [numbers, (matrix, vector) => {
    const lines = matrix.map((row, r) => [...row, ...(inOut ? [] : [vector[r]])]);
    if (inOut) lines.push(vector);
    numbers.replaceChildren(...lines.map((cells, r) => {
      const tr = document.createElement("tr");
      if (inOut && r === rows) tr.className = "bias";
      cells.forEach((x, c) => {
        const td = document.createElement("td");
        if (!inOut && c === cols) td.className = "bias";
        td.append(numberElement(x, P));
        tr.append(td);
      });
      return tr;
    }));
  }];
}
