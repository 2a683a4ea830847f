// The explain panel's lines, printed by nettrace in Rust from the chain rule's formula trees
// (`window.nettrace.explain`, notation/explain.rs): each a formula in MathML (its text for screen
// readers), the same with the step's numbers in place, and the value it comes to. The page lays
// them out, each number to its precision with the exact value on hover; it computes nothing.
// The loader may come later in the page's script: looked for once the script has run.
let coreReady = false;
Promise.resolve().then(() => {
  if (!window.nettrace || !window.nettrace.ready) return;
  window.nettrace.ready.then(() => {
    coreReady = true;
    if (selected) explain(selected);
  }, () => {});
});

/** The lines of `q` (a data-quantity name) for the sample shown, from the page's core; none
 *  before it is loaded. */
function coreLines(q) {
  if (!coreReady || typeof window.nettrace.explain !== "function") return null;
  const lines = window.nettrace.explain(q, sample + 1);
  // The value the panel is about: the gradient of a parameter, else the first formula's.
  const main = lines.find((l) => l.part && l.math) || lines.find((l) => l.math);
  return lines.map((l) => {
    const p = document.createElement("p");
    p.className = "line" + (l.part ? " part" : "");
    if (l.math) {
      const f = document.createElement("span");
      f.className = "formula";
      f.setAttribute("role", "math");
      f.setAttribute("aria-label", l.alt);
      f.innerHTML = l.math;
      f.firstElementChild.setAttribute("aria-hidden", "true");
      p.append(f);
    } else {
      p.append(l.alt);
    }
    if (l.numbers.length) p.append(" = ");
    l.numbers.forEach((piece) => p.append(typeof piece === "string" ? piece : numberElement(piece.x, P, piece.paren)));
    if (l.value !== null && l.value !== undefined) {
      const v = numberElement(l.value, P, false, l === main ? "output" : "span");
      if (l === main) v.classList.add("result");
      p.append(" = ", v);
    }
    if (l.why) {
      const w = document.createElement("span");
      w.className = "why";
      w.textContent = l.why;
      p.append(w);
    }
    return p;
  });
}

/** What the panel says until the page's core is loaded (or where WebAssembly cannot run). */
function waiting() {
  const p = document.createElement("p");
  p.className = "line";
  p.textContent = "The explanation is computed by nettrace's core in the page, which is not loaded (yet).";
  return p;
}
