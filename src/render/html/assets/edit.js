// Editing on the step page, through the page's core (`window.nettrace`, core.js): every given
// number (`data-edit`, its name in the notes' math) opens an input on a click or Enter; Enter
// sets it, Escape cancels, text that is not a finite number is refused in place. Step (key S),
// Reset, Download and Train change the network; every view follows the core's `nettrace:change`
// event (refresh.js). Nothing here computes a number of the step.
const tools = root.querySelector(".tools");
const status = tools && tools.querySelector(".status");
const edited = new Set();
let core = null;
let losses = [];
let training = null;

/** Says `text` in the tools' status line (read by screen readers). */
function say(text) {
  if (status) status.textContent = text;
}

/** Marks every element of an edited name: a class, a visible ✎ and, for screen readers, the
 *  word "edited" in its name. */
function markEdited() {
  root.querySelectorAll("[data-edit]").forEach((e) => {
    const on = edited.has(e.dataset.edit);
    e.classList.toggle("edited", on);
    const label = e.getAttribute("aria-label");
    if (on && label && !label.endsWith(", edited")) e.setAttribute("aria-label", label + ", edited");
  });
}

/** The value of `name` in the current trace, for the input's first text. */
function currentValue(name) {
  const m = /^([Wbxy])\[(\d+)\](?:\[(\d+)\])?(?:\[(\d+)\])?$/.exec(name);
  if (name === "η") return net.learning_rate;
  if (!m) return "";
  const [k, a, b, c] = [m[1], Number(m[2]), Number(m[3]), Number(m[4])];
  if (k === "W") return at(weights(a), b, c);
  if (k === "b") return net.layers[a - 1].bias[b - 1];
  const v = k === "x" ? trace.input : trace.target;
  return batch ? v[a - 1][b - 1] : v[a - 1];
}

/** Why `text` is no new value, or null when it is one. */
function refusal(text) {
  const t = text.trim();
  if (t === "") return "Type a number.";
  const x = Number(t);
  if (Number.isNaN(x)) return `“${t}” is not a number.`;
  if (!Number.isFinite(x)) return `“${t}” is not finite; only finite numbers can be set.`;
  return null;
}

/** Opens an input for the given number `el` names, in the element itself (a table cell) or
 *  in `place` (the explanation panel, for the diagram); focused when `focus`. */
function openEditor(el, place, focus) {
  closeEditors();
  const name = el.dataset.edit;
  const box = document.createElement("span");
  box.className = "editor";
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "decimal";
  input.spellcheck = false;
  input.value = exactText(currentValue(name));
  input.size = Math.max(6, input.value.length + 1);
  input.setAttribute("aria-label", `New value of ${name}; Enter sets it, Escape cancels`);
  const message = document.createElement("span");
  message.className = "refused";
  message.setAttribute("role", "alert");
  box.append(input, message);
  const target = place || el;
  if (!place) target.dataset.shown = target.textContent;
  if (place) {
    const label = document.createElement("p");
    label.className = "line edit-line";
    label.append(`Change ${name} = `, box);
    place.insertBefore(label, place.children[1] || null);
  } else {
    target.replaceChildren(box);
  }
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") apply(el, input, message);
    else if (e.key === "Escape") cancel(el);
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  if (focus) {
    input.focus();
    input.select();
  }
  return input;
}

/** Closes every open input, leaving the numbers as they were. */
function closeEditors() {
  root.querySelectorAll(".editor").forEach((box) => {
    const cell = box.parentElement;
    if (cell.classList.contains("edit-line")) return cell.remove();
    cell.textContent = cell.dataset.shown || "";
    delete cell.dataset.shown;
  });
}

function cancel(el) {
  closeEditors();
  say(`${el.dataset.edit} unchanged`);
  if (el.isConnected && !el.closest("svg")) el.focus();
}

/** Sets the number typed into `input` for `el`'s name, or refuses it in place. */
function apply(el, input, message) {
  const name = el.dataset.edit, why = refusal(input.value);
  const refuse = (text) => {
    message.textContent = text;
    input.setAttribute("aria-invalid", "true");
  };
  if (why) return refuse(why);
  try {
    closeEditors();
    core.set(name, Number(input.value.trim()));
  } catch (err) {
    const again = openEditor(el, el.closest("svg") ? panel : null, true);
    again.value = input.value;
    return refuse(String(err.message || err).replace(/^nettrace: error: /, ""));
  }
  edited.add(name);
  markEdited();
  say(`${name} set to ${input.value.trim()}; every value follows`);
  if (el.isConnected && !el.closest("svg")) el.focus();
}

/** The loss at each step of this page's training, drawn as a growing line. */
function drawCurve() {
  const canvas = tools.querySelector("canvas.curve");
  if (!canvas || losses.length < 2) return;
  canvas.hidden = false;
  const g = canvas.getContext("2d"), finite = losses.filter(Number.isFinite);
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.strokeStyle = "#1b1b1b";
  g.lineWidth = 1.5;
  g.beginPath();
  losses.forEach((v, k) => {
    const x = (k / (losses.length - 1)) * (canvas.width - 4) + 2;
    const y = canvas.height - 2 - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * (canvas.height - 4);
    k ? g.lineTo(x, y) : g.moveTo(x, y);
  });
  g.stroke();
  canvas.setAttribute("aria-label", `The loss at each of ${losses.length} states, from ${fmt(losses[0], P)} to ${fmt(losses[losses.length - 1], P)}`);
}

/**
 * What the next step would make not finite, in `train`'s order (the batch loss, then each
 * layer's gradient, then each layer's parameters after the update, then at the end of the epoch
 * the loss over all samples), as `train` says it; null when every one is finite. The page's
 * batch is all its samples: each step is an epoch.
 */
function divergence(t, k) {
  const bad = (v) => (Array.isArray(v) ? v.map(bad).find((x) => x !== undefined) : Number.isFinite(numeric(v)) ? undefined : v);
  const value = (name, l) => t.steps.find((s) => s.name === name && s.layer === l).value;
  const eta = compactText(t.network.learning_rate);
  const said = (what, x) => `training diverged at epoch ${k}, step 1 (step ${k} of ${k}): ${what} became ${x} (η = ${eta}); try a smaller learning rate`;
  if (bad(t.loss) !== undefined) return said("the batch loss", t.loss);
  for (let l = 1; l <= L; l++) {
    const x = bad([value("grad_weights", l), value("grad_bias", l)]);
    if (x !== undefined) return said(`the gradient of layer ${l} (∂L/∂W[${l}], ∂L/∂b[${l}])`, x);
  }
  for (let l = 1; l <= L; l++) {
    const x = bad([value("weights", l), value("bias", l)]);
    if (x !== undefined) return said(`after the update, layer ${l}'s parameters (W[${l}], b[${l}])`, x);
  }
  // The end of the epoch: the loss over all samples, with the new parameters.
  if (bad(t.loss_after) !== undefined) {
    return `training diverged after epoch ${k} (step ${k} of ${k}): the loss over all samples became ${t.loss_after} (η = ${eta}); try a smaller learning rate`;
  }
  return null;
}

let steps = 0;
/** One update with the file's optimizer and η; false (and said why) where it would diverge. */
function takeStep() {
  const stop = divergence(trace, steps + 1);
  if (stop) {
    say(stop);
    return false;
  }
  if (!losses.length) losses.push(numeric(trace.loss));
  try {
    core.step();
  } catch (err) {
    say(String(err.message || err).replace(/^nettrace: error: /, ""));
    return false;
  }
  steps += 1;
  losses.push(numeric(trace.loss));
  drawCurve();
  say(`step ${steps}: L = ${fmt(trace.loss, P)}`);
  return true;
}

/** Starts or stops training live: a step every 150 ms until Train is pressed again or a
 *  step would diverge. */
function train(button) {
  if (training) {
    clearInterval(training);
    training = null;
    button.setAttribute("aria-pressed", "false");
    return;
  }
  button.setAttribute("aria-pressed", "true");
  training = setInterval(() => {
    if (!takeStep()) train(button);
  }, 150);
}

/** Saves the current network as a file `nettrace run` reads. */
function download() {
  const text = JSON.stringify(core.network(), null, 2) + "\n";
  const a = document.createElement("a");
  a.href = "data:application/json;charset=utf-8," + encodeURIComponent(text);
  a.download = `${(net.name || "network").replace(/[^\w.-]+/g, "_")}.json`;
  a.click();
  say(`saved ${a.download}`);
}

function reset() {
  if (training) train(tools.querySelector('[data-tool="train"]'));
  core.reset();
  edited.clear();
  markEdited();
  losses = [];
  steps = 0;
  const canvas = tools.querySelector("canvas.curve");
  if (canvas) canvas.hidden = true;
  say("back to the file's values");
}

/** Names the diagram's inputs and targets for the sample shown. */
function renameSample() {
  const n = Number(root.dataset.sample);
  root.querySelectorAll("svg.net [data-edit]").forEach((e) => {
    const m = /^([xy])\[\d+\]\[(\d+)\]$/.exec(e.dataset.edit);
    if (m) e.dataset.edit = `${m[1]}[${n}][${m[2]}]`;
  });
  markEdited();
}

function startEditing() {
  core = window.nettrace;
  tools.hidden = false;
  root.querySelectorAll(".tables [data-edit], p.eta [data-edit]").forEach((e) => {
    e.tabIndex = 0;
    e.setAttribute("role", "button");
    e.setAttribute("aria-roledescription", "editable number");
  });
  tools.addEventListener("click", (e) => {
    const b = e.target.closest("[data-tool]");
    if (!b) return;
    ({ step: takeStep, reset, download, train: () => train(b) })[b.dataset.tool]();
  });
  root.addEventListener("click", (e) => {
    if (e.target.closest(".editor")) return;
    const hit = e.target.closest("[data-hit]");
    const el = hit ? svg.querySelector(`[data-quantity="${hit.dataset.hit}"]`) : e.target.closest("[data-edit]");
    if (!el || !el.dataset.edit) return;
    openEditor(el, el.closest("svg") ? panel : null, !el.closest("svg"));
  });
  (standalone ? window : root).addEventListener("keydown", (e) => {
    const t = e.target instanceof Element ? e.target : null;
    if (e.altKey || e.ctrlKey || e.metaKey || (t && t.closest("input, select, textarea"))) return;
    if (e.key === "Enter" && t && t.dataset.edit && root.contains(t)) {
      openEditor(t, t.closest("svg") ? panel : null, true);
    } else if ((e.key === "s" || e.key === "S") && !e.defaultPrevented) {
      takeStep();
    } else {
      return;
    }
    e.preventDefault();
    if (!standalone) e.stopPropagation();
  });
  if (select) select.addEventListener("change", renameSample);
}

/** The shape of a trace: its network's name and layers, its samples. In a notebook of several
 *  pages, a change is shown by the pages of its shape only. */
const shapeOf = (t) => JSON.stringify([t.network.name, t.network.layers.map((l) => [l.inputs, l.neurons]), t.input.length, Array.isArray(t.input[0])]);
const ownShape = shapeOf(trace);

// Every change the core makes: the page shows its trace.
document.addEventListener("nettrace:change", (e) => {
  if (shapeOf(e.detail.trace) !== ownShape) return;
  refresh(e.detail.trace);
  markEdited();
});
Promise.resolve().then(() => {
  if (tools && window.nettrace && window.nettrace.ready) window.nettrace.ready.then(startEditing, () => {});
});
