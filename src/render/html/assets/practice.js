// The practice page: grades each answer as it is typed with nettrace's own grading
// (window.nettrace.grade, the code of `nettrace grade` running in the page), reveals one value
// on Show, and downloads the answers as a sheet `nettrace grade` reads. It computes nothing:
// the correct values and the verdicts come from the core.
const root = pageRoot("nettrace-practice");
const figures = [...root.querySelectorAll("figure.q[data-shape]")];
const fields = [...root.querySelectorAll("input[data-answer]")];
const tally = root.querySelector('[data-part="tally"]');

/** A JSON number as a learner writes it: the text is put in the sheet as it is, for its digits. */
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** What each verdict means, under the field. */
const SAYS = {
  right: "Right: the correct value to the digits you wrote.",
  imprecise: "Right to the digits you wrote, but write more significant digits.",
  carried: "Follows from an earlier wrong answer of yours: the step itself is right.",
  wrong: "Wrong: not what the formula gives, even from your own earlier answers.",
};

/** What each named mistake is, after the verdict. */
const MISTAKES = {
  sign: "the sign is flipped",
  transposed: "the matrix is transposed",
  missing_derivative: "φ′(z) is missing",
  derivative_at_a: "φ′ is taken at a instead of z",
  updated_weights: "the updated weights are used where the old ones belong",
  missing_mean: "the batch mean is missing",
  ascent: "the update goes up the gradient",
  missing_learning_rate: "η is missing",
  missing_half: "the ½ of the loss is missing",
  layout: "the weights are read in the other layout",
  missing_jacobian: "the softmax Jacobian is missing",
  single_sample: "only one sample of the batch is used",
  z_for_a: "z is used where a belongs",
  log_base: "the logarithm has the wrong base",
};

/** The trace's value of a figure's quantity. */
function exactOf(trace, fig) {
  const name = fig.dataset.name;
  if (name === "loss_after") return trace.loss_after;
  const layer = fig.dataset.layer ? Number(fig.dataset.layer) : null;
  const s = trace.steps.find((s) => s.name === name && (s.layer ?? null) === layer);
  return s && s.value;
}

/** The entry at a cell's `data-rc` of `value` (a number, a vector or rows). */
function entry(fig, value, rc) {
  const [r, c] = rc.split(",").map(Number);
  if (fig.dataset.shape === "scalar") return value;
  if (fig.dataset.shape === "vector") return value[c - 1];
  return value[r - 1][c - 1];
}

/** A figure's value as sheet text: each typed number as written (except `except`), every other
 *  number the trace's exact value, so that only the typed ones can be anything but right. */
function valueText(trace, fig, typed) {
  const text = (td) => typed(td) ?? JSON.stringify(entry(fig, exactOf(trace, fig), td.dataset.rc));
  const rows = [...fig.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map(text));
  if (fig.dataset.shape === "scalar") return rows[0][0];
  if (fig.dataset.shape === "vector") return "[" + rows[0].join(", ") + "]";
  return "[" + rows.map((r) => "[" + r.join(", ") + "]").join(", ") + "]";
}

/** The number typed in a cell when it is one, else null: `.5` and `+0.5` are read as 0.5,
 *  with the digits written. */
function written(td) {
  const text = td.querySelector("input").value.trim().replace(/^\+/, "").replace(/^(-?)\./, (_, sign) => sign + "0.");
  return NUMBER.test(text) ? text : null;
}

/** An answer sheet of `figs`: each with `typed` numbers, the rest blank. */
function sheet(trace, figs, typed) {
  const steps = [];
  let after = null;
  for (const fig of figs) {
    const value = valueText(trace, fig, typed);
    if (fig.dataset.name === "loss_after") after = value;
    else {
      const layer = fig.dataset.layer ? Number(fig.dataset.layer) : null;
      steps.push(`{"layer": ${layer}, "name": "${fig.dataset.name}", "value": ${value}}`);
    }
  }
  return `{"steps": [${steps.join(", ")}]` + (after === null ? "" : `, "loss_after": ${after}`) + "}";
}

/** The graded answer of `fig` in a report: the one of its quantity's step. */
function answerOf(report, fig) {
  const at = figures.filter((f) => f.dataset.name !== "loss_after" && hasTyped(f)).indexOf(fig);
  const field = fig.dataset.name === "loss_after" ? "loss_after" : `steps[${at}].value`;
  return report.answers.find((a) => a.field === field);
}

const hasTyped = (fig) => [...fig.querySelectorAll("td")].some((td) => written(td) !== null);

/** Puts a verdict (or none) on `el` and its sentence into `says` (a word alone when `short`). */
function mark(el, says, answer, short = false) {
  if (!answer) {
    delete el.dataset.verdict;
    delete el.dataset.mistake;
    if (says) says.textContent = "";
    return;
  }
  el.dataset.verdict = answer.verdict;
  if (answer.mistake) el.dataset.mistake = answer.mistake;
  else delete el.dataset.mistake;
  if (says && short) {
    says.textContent = answer.verdict + (answer.mistake ? ` (${answer.mistake})` : "");
  } else if (says) {
    const slip = answer.mistake ? ` Likely ${MISTAKES[answer.mistake] || answer.mistake} (${answer.mistake}).` : "";
    says.textContent = SAYS[answer.verdict] + slip;
  }
}

/** Grades every typed field: each number on its own (the others of its quantity taken as right),
 *  and each quantity as a whole, with the learner's earlier answers as written. */
function gradeAll() {
  const trace = window.nettrace.trace();
  const typedFigs = figures.filter(hasTyped);
  const counts = { right: 0, imprecise: 0, carried: 0, wrong: 0 };
  for (const fig of figures) {
    const whole = typedFigs.includes(fig)
      ? answerOf(window.nettrace.grade(sheet(trace, typedFigs.slice(0, typedFigs.indexOf(fig) + 1), written)), fig)
      : null;
    mark(fig.querySelector("figcaption"), fig.querySelector('[data-part="quantity"]'), whole, true);
    for (const td of fig.querySelectorAll("td")) {
      const text = td.querySelector("input").value.trim();
      const says = td.querySelector(".says");
      const input = td.querySelector("input");
      input.removeAttribute("aria-invalid");
      if (text === "") {
        mark(td, says, null);
        continue;
      }
      if (written(td) === null) {
        mark(td, null, null);
        says.textContent = "Not a number: write one such as -0.05 or 1.2e-3.";
        input.setAttribute("aria-invalid", "true");
        continue;
      }
      const earlier = typedFigs.slice(0, Math.max(0, typedFigs.indexOf(fig)));
      const one = (cell) => (cell === td ? written(cell) : fig.contains(cell) ? null : written(cell));
      const answer = answerOf(window.nettrace.grade(sheet(trace, [...earlier, fig], one)), fig);
      mark(td, says, answer);
      counts[answer.verdict] += 1;
    }
  }
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`);
  tally.textContent = parts.length ? parts.join(", ") + ` of ${fields.length}` : "";
}

/** The sheet to download: every quantity whose numbers are all typed, as written; the others
 *  null, blanks to fill in. Kept in the root's `data-sheet` too. */
function download() {
  const complete = (f) => [...f.querySelectorAll("td")].every((td) => written(td) !== null);
  const steps = [];
  let after = "null";
  for (const fig of figures) {
    const value = complete(fig) ? valueText(null, fig, written) : "null";
    if (fig.dataset.name === "loss_after") after = value;
    else steps.push(`    {"layer": ${fig.dataset.layer || null}, "name": "${fig.dataset.name}", "value": ${value}}`);
  }
  const text = `{\n  "about": "answers typed in the nettrace practice page",\n  "steps": [\n${steps.join(",\n")}\n  ],\n  "loss_after": ${after}\n}\n`;
  root.dataset.sheet = text;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  a.download = "answers.json";
  root.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Show: the exact value of one field, graded as any typed answer (and marked as shown). */
function show(button) {
  const td = button.closest("td");
  const fig = td.closest("figure");
  const x = entry(fig, exactOf(window.nettrace.trace(), fig), td.dataset.rc);
  const input = td.querySelector("input");
  input.value = typeof x === "number" ? JSON.stringify(x) : String(x);
  td.dataset.shown = "true";
  gradeAll();
}

window.nettrace.ready.then(() => {
  root.addEventListener("input", (e) => {
    if (e.target.matches("input[data-answer]")) {
      delete e.target.closest("td").dataset.shown;
      gradeAll();
    }
  });
  root.addEventListener("click", (e) => {
    const button = e.target.closest("button");
    if (!button) return;
    if (button.matches("[data-show]")) show(button);
    if (button.matches('[data-part="download"]')) download();
  });
  root.dataset.ready = "true";
});
