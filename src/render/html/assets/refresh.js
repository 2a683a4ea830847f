// The whole step page shown again from a trace object (as `nettrace run --json` prints it):
// every table number, the scalars, the line of the loss after the update, the facts, the
// diagnostics, the diagram's labels and colours, and the explanation open. The trace's numbers
// are shown as the Rust tables show them: `nettrace.shown` once the page's core is loaded, the
// same rounding in `fmt` before. Refreshing with the embedded trace changes nothing.
const embedded = trace;
const embeddedText = JSON.stringify(trace);

/** `x` exactly as the embedded JSON writes it (serde_json, through ryu): the shortest digits
 *  that read back as `x`, in plain decimals from 1e-5 to below 1e17 ("1.0" for a whole number),
 *  else in scientific notation ("1e-7", "1.5e17"). */
function exactText(x) {
  if (typeof x === "string") return x;
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [m, e] = Math.abs(x).toExponential().split("e");
  const digits = m.replace(".", ""), point = Number(e) + 1, sign = x < 0 ? "-" : "";
  if (point >= digits.length && point <= 16) return sign + digits + "0".repeat(point - digits.length) + ".0";
  if (point > 0 && point <= 16) return sign + digits.slice(0, point) + "." + digits.slice(point);
  if (point > -5 && point <= 0) return sign + "0." + "0".repeat(-point) + digits;
  return sign + digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" + (point - 1);
}

/** `x` as the facts line writes η: its shortest digits in plain decimals, in scientific
 *  notation when that would take more than 16 characters (Rust's `compact`). */
function compactText(x) {
  if (typeof x === "string") return x;
  const [m, e] = Math.abs(x).toExponential().split("e");
  const digits = m.replace(".", ""), point = Number(e) + 1, sign = x < 0 ? "-" : "";
  const plain = sign + (point >= digits.length ? digits + "0".repeat(point - digits.length)
    : point > 0 ? digits.slice(0, point) + "." + digits.slice(point) : "0." + "0".repeat(-point) + digits);
  if (plain.length <= 16) return plain;
  return sign + digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") + "e" + (point - 1);
}

/** The text a table shows for `x`. */
function shownText(x) {
  return coreReady && typeof window.nettrace.shown === "function" ? window.nettrace.shown(x) : fmt(x, P);
}

/** The value a table of the given values or of a step shows, from `t`. */
function tableValue(t, f) {
  const layer = f.dataset.layer ? Number(f.dataset.layer) : null;
  if (f.dataset.phase === "given") {
    if (f.dataset.name === "input" || f.dataset.name === "target") return t[f.dataset.name];
    return t.network.layers[layer - 1][f.dataset.name];
  }
  const s = t.steps.find((s) => s.phase === f.dataset.phase && s.name === f.dataset.name && s.layer === layer);
  return s && s.value;
}

/** Shows `x` in a table cell: its text, and its exact value in `title` when the text is not. */
function setCell(cell, x) {
  const text = shownText(x);
  const exactShown = typeof x === "string" || !Number.isFinite(x) || Number(text) === x;
  if (exactShown) cell.removeAttribute("title");
  else cell.setAttribute("title", exactText(x));
  if (cell.dataset.rounded !== undefined) cell.dataset.rounded = text;
  const exactly = root.dataset.exact === "true" && cell.hasAttribute("title");
  const shown = exactly ? cell.title : text;
  if (cell.textContent !== shown) cell.textContent = shown;
}

function refreshTables(t) {
  root.querySelectorAll(".tables figure.q").forEach((f) => {
    const value = tableValue(t, f);
    if (value === undefined) return;
    f.querySelectorAll("[data-rc]").forEach((c) => {
      const [r, k] = c.dataset.rc.split(",").map(Number);
      setCell(c, Array.isArray(value) ? (Array.isArray(value[0]) ? value[r - 1][k - 1] : value[k - 1]) : value);
    });
  });
}

/** A number of a readout (`page::number`): exact in `data-value` and `title`. */
function numberHTML(x) {
  const e = numberElement(x, P);
  e.dataset.value = e.title = exactText(x);
  e.textContent = numberText(e, P);
  return e.outerHTML;
}

/** The loss after the update, the change and the facts line, η in the headings. */
function refreshFacts(t) {
  const after = root.querySelector(".tables p.after");
  if (after) {
    const change = numeric(t.loss_after) - numeric(t.loss);
    after.innerHTML = `Loss after the update: ${numberHTML(t.loss_after)} · change: ${change > 0 ? "+" : ""}${numberHTML(change)} (from ${numberHTML(t.loss)})`;
  }
  const eta = compactText(t.network.learning_rate);
  const meta = root.querySelector("header .meta");
  if (meta) meta.textContent = meta.textContent.replace(/η = [^ ]+/, `η = ${eta}`);
  root.querySelectorAll('.stepper button[data-phase="update"], .phase[data-phase="update"] > h2').forEach((e) => {
    e.textContent = e.textContent.replace(/η = [^)]+/, `η = ${eta}`);
  });
  const rate = root.querySelector('p.eta [data-edit="η"]');
  if (rate && rate.textContent !== eta) rate.textContent = eta;
}

/** The diagnostics list, one item per finding, each pointing at its unit. */
function refreshDiagnostics(t) {
  const section = root.querySelector("section.diagnostics");
  if (!section || !Array.isArray(t.diagnostics)) return;
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const items = t.diagnostics.map((f, k) => {
    const at = f.layer && f.unit ? ` data-quantity="a[${f.layer}][${f.unit}]" tabindex="0"` : "";
    return `<li data-finding="${k}"${at}><span class="warn">⚠</span> ${esc(f.message)}<br><span class="advice">→ ${esc(f.advice)}</span></li>\n`;
  });
  const body = items.length ? `<ul>\n${items.join("")}</ul>\n`
    : "<p>Nothing unusual: no inactive or saturated units, gradients balanced, loss decreased.</p>\n";
  const html = `\n${section.querySelector("h2").outerHTML}\n${body}`;
  if (section.innerHTML !== html) section.innerHTML = html;
}

/**
 * Shows trace `t` everywhere on the page. The activations after the update and the decision
 * boundary are nettrace's for the file's values: kept for the embedded trace, left out
 * (with a note) for any other.
 */
function refresh(t) {
  trace = t;
  net = t.network;
  const own = t === embedded || JSON.stringify(t) === embeddedText;
  after = own ? afterEmbedded : null;
  refreshTables(t);
  refreshFacts(t);
  refreshDiagnostics(t);
  const view = root.querySelector('[data-view="decision-boundary"]');
  if (view) view.hidden = !own;
  name();
  paint();
  if (selected) explain(selected);
}
